"""A model has no path from an entry stage to a won stage.

What it checks:
    In each model, some terminal stage has `outcome: won` (customer, closed won)
    and it can be reached from an entry stage.

Why it matters:
    A funnel whose transitions never lead to a customer describes a process that
    cannot produce revenue: usually a transition was lost in an edit.

Example:
    - id: customer
      terminal: true        # no outcome: won, or nothing leads here

Fix:
    Mark the winning end stage with `outcome: won` and make sure a chain of
    transitions leads to it from the entry stage.
"""

from __future__ import annotations

from collections.abc import Iterator

from leadarch.core.catalog import Catalog
from leadarch.core.findings import Finding, Severity
from leadarch.domain.graph import reachable, stages
from leadarch.lint.options import Inputs, NoOptions

CODE = "LA033"
NAME = "no-path-to-won"
SUMMARY = "A model has no path from an entry stage to a won stage."
SEVERITY = Severity.ERROR


def check(catalog: Catalog, options: NoOptions, inputs: Inputs) -> Iterator[Finding]:
    all_stages = stages(catalog)
    won = {s.id for s in all_stages if s.terminal and s.outcome == "won"}
    for model in sorted({s.model for s in all_stages}):
        entries = [s for s in all_stages if s.model == model and s.entry]
        if not entries:
            continue  # LA030 reports a model without entry
        if not reachable(catalog, [s.id for s in entries]) & won:
            anchor = entries[0]
            yield Finding(
                f"no path leads from the {model} entry stage '{anchor.id}' to a terminal stage with `outcome: won`",
                anchor.at("id"),
                "mark the winning end stage `terminal: true` and `outcome: won`, and connect it with transitions",
                anchor.ref,
            )
