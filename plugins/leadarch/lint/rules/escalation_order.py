"""SLA escalations are not in ascending order of time.

What it checks:
    Within an SLA, each escalation's `after` is later than the one before it.

Why it matters:
    Escalations are a ladder: remind the rep, then alert the manager, then
    reassign. Out of order, the manager is paged before the rep is reminded, or a
    step never fires because a later one already reassigned the lead.

Example:
    escalations:
      - {after: PT2H, notify: sales_ops}
      - {after: PT30M, notify: sdr_manager}

Fix:
    Order the escalations by `after`, shortest first, with no two equal.
"""

from __future__ import annotations

from collections.abc import Iterator

from leadarch.core.catalog import Catalog
from leadarch.core.findings import Finding, Severity
from leadarch.core.model import Sla
from leadarch.domain.durations import parse_duration
from leadarch.lint.options import Inputs, NoOptions

CODE = "LA061"
NAME = "escalation-order"
SUMMARY = "SLA escalations are not in ascending order of time."
SEVERITY = Severity.ERROR


def check(catalog: Catalog, options: NoOptions, inputs: Inputs) -> Iterator[Finding]:
    for sla in catalog.of(Sla):
        previous: tuple[float, str] | None = None
        for i, esc in enumerate(sla.escalations):
            seconds = parse_duration(esc.after)
            if seconds is None:
                continue  # LA060
            if previous is not None and seconds <= previous[0]:
                yield Finding(
                    f"SLA '{sla.id}': escalation after {esc.after} does not come after the previous one ({previous[1]})",
                    sla.at("escalations", i, "after"),
                    "order escalations by `after`, shortest first",
                    sla.ref,
                )
            previous = (seconds, esc.after)
