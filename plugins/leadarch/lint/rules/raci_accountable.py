"""A RACI row does not have exactly one Accountable and at least one Responsible.

What it checks:
    In every activity's `raci`, exactly one role is `A` (or `A/R`) and at least one
    role is `R` (or `A/R`).

Why it matters:
    Two accountable roles means nobody is; no responsible role means nobody does
    the work. Both are how routing changes and field changes ship unreviewed.

Example:
    raci: {revops: A, sales_ops: A, marketing_ops: C}

Fix:
    Keep one `A` (use `A/R` when the same role also does the work) and mark who
    does the work `R`.
"""

from __future__ import annotations

from collections.abc import Iterator

from leadarch.core.catalog import Catalog
from leadarch.core.findings import Finding, Severity
from leadarch.core.model import Activity
from leadarch.lint.options import Inputs, NoOptions

CODE = "LA070"
NAME = "raci-accountable"
SUMMARY = "A RACI row does not have exactly one Accountable and at least one Responsible."
SEVERITY = Severity.ERROR


def check(catalog: Catalog, options: NoOptions, inputs: Inputs) -> Iterator[Finding]:
    for activity in catalog.of(Activity):
        accountable = [role for role, letter in activity.raci.items() if "A" in letter]
        responsible = [role for role, letter in activity.raci.items() if "R" in letter]
        if len(accountable) != 1:
            where = (
                activity.at("raci", accountable[1], on_key=True)
                if accountable[1:]
                else activity.at("raci")
            )
            who = ", ".join(accountable) if accountable else "no role"
            yield Finding(
                f"activity '{activity.id}' needs exactly one Accountable (A); it has {who}",
                where,
                "keep a single `A`; use `A/R` if that role also does the work",
                activity.ref,
            )
        if not responsible:
            yield Finding(
                f"activity '{activity.id}' has no Responsible (R): nobody does the work",
                activity.at("raci"),
                "mark the role that does the work `R` (or `A/R`)",
                activity.ref,
            )
