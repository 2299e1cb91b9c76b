"""A recycle or disqualify transition does not name fitting reasons.

What it checks:
    Every `recycle` and `disqualify` transition lists `reasons`, and each reason is
    of a fitting kind: recycle takes recycle, reject or lost reasons; disqualify
    takes disqualify, reject or lost reasons. (That the reasons exist is LA020.)

Why it matters:
    The sales feedback loop depends on reasons: without them marketing cannot learn
    why leads were sent back, and scoring never improves.

Example:
    - to: recycled
      type: recycle          # no reasons

Fix:
    Add `reasons: [...]` with the reason ids a person may choose for this move.
"""

from __future__ import annotations

from collections.abc import Iterator

from leadarch.core.catalog import Catalog
from leadarch.core.findings import Finding, Severity
from leadarch.core.model import Reason, Stage
from leadarch.lint.options import Inputs, NoOptions

CODE = "LA032"
NAME = "transition-reasons"
SUMMARY = "A recycle or disqualify transition does not name fitting reasons."
SEVERITY = Severity.ERROR

FITTING = {"recycle": {"recycle", "reject", "lost"}, "disqualify": {"disqualify", "reject", "lost"}}


def check(catalog: Catalog, options: NoOptions, inputs: Inputs) -> Iterator[Finding]:
    for stage in catalog.of(Stage):
        for i, transition in enumerate(stage.transitions):
            allowed = FITTING.get(transition.type)
            if allowed is None:
                continue
            if not transition.reasons:
                yield Finding(
                    f"stage '{stage.id}': the {transition.type} transition to '{transition.to}' names no reasons",
                    stage.at("transitions", i, "type"),
                    f"add `reasons: [...]` with {' or '.join(sorted(allowed))} reason ids",
                    stage.ref,
                )
            for j, reason_id in enumerate(transition.reasons):
                reason = catalog.get(f"reason:{reason_id}")
                if isinstance(reason, Reason) and reason.reason_kind not in allowed:
                    yield Finding(
                        f"stage '{stage.id}': reason '{reason_id}' is a {reason.reason_kind} reason, not fit for a {transition.type} transition",
                        stage.at("transitions", i, "reasons", j),
                        f"use a {' or '.join(sorted(allowed))} reason",
                        stage.ref,
                    )
