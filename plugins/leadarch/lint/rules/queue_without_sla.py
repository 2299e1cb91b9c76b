"""A queue has no SLA.

What it checks:
    Every queue names the SLA that governs how fast its leads are worked.

Why it matters:
    A queue without a time promise is where leads wait indefinitely; nobody is
    alerted and speed to lead is unmeasured.

Example:
    - id: sdr_latam
      role: sdr          # no sla

Fix:
    Add `sla: <sla id>`, creating the SLA with its escalations if needed.
"""

from __future__ import annotations

from collections.abc import Iterator

from leadarch.core.catalog import Catalog
from leadarch.core.findings import Finding, Severity
from leadarch.core.model import Queue
from leadarch.lint.options import Inputs, NoOptions

CODE = "LA053"
NAME = "queue-without-sla"
SUMMARY = "A queue has no SLA."
SEVERITY = Severity.ERROR


def check(catalog: Catalog, options: NoOptions, inputs: Inputs) -> Iterator[Finding]:
    for queue in catalog.of(Queue):
        if not queue.sla:
            yield Finding(
                f"queue '{queue.id}' has no SLA: its leads can wait forever",
                queue.at("id"),
                "add `sla: <sla id>`",
                queue.ref,
            )
