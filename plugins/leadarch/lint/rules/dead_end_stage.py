"""A non-terminal stage has no way out.

What it checks:
    Every stage that is not `terminal: true` has at least one transition (or is the
    audience of a nurture with an exit).

Why it matters:
    A dead end is where leads pile up unworked: nobody knows what happens next, so
    nothing does.

Example:
    - id: sal
      transitions: []     # not terminal, no way out

Fix:
    Add the transitions out of the stage (advance, recycle, disqualify), or mark it
    `terminal: true` if it really is an end.
"""

from __future__ import annotations

from collections.abc import Iterator

from leadarch.core.catalog import Catalog
from leadarch.core.findings import Finding, Severity
from leadarch.domain.graph import edges, stages
from leadarch.lint.options import Inputs, NoOptions

CODE = "LA031"
NAME = "dead-end-stage"
SUMMARY = "A non-terminal stage has no way out."
SEVERITY = Severity.ERROR


def check(catalog: Catalog, options: NoOptions, inputs: Inputs) -> Iterator[Finding]:
    graph = edges(catalog)
    for stage in stages(catalog):
        if not stage.terminal and not graph.get(stage.id):
            yield Finding(
                f"stage '{stage.id}' is not terminal but has no transition out: leads get stuck here",
                stage.at("id"),
                "add `transitions:` (advance, recycle or disqualify), or set `terminal: true`",
                stage.ref,
            )
