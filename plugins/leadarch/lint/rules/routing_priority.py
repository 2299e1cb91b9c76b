"""Two routing rules share a priority.

What it checks:
    Every routing rule has its own priority number.

Why it matters:
    With equal priorities the evaluation order depends on the tool, so the same
    lead can be routed differently after an unrelated change.

Example:
    - id: region_na
      priority: 60
    - id: region_emea
      priority: 60

Fix:
    Give each rule a distinct priority; leave gaps (10, 20, 30) for later rules.
"""

from __future__ import annotations

from collections.abc import Iterator

from leadarch.core.catalog import Catalog
from leadarch.core.findings import Finding, Severity
from leadarch.core.model import RoutingRule
from leadarch.lint.options import Inputs, NoOptions

CODE = "LA051"
NAME = "duplicate-priority"
SUMMARY = "Two routing rules share a priority."
SEVERITY = Severity.ERROR


def check(catalog: Catalog, options: NoOptions, inputs: Inputs) -> Iterator[Finding]:
    first: dict[int, RoutingRule] = {}
    for rule in catalog.of(RoutingRule):
        if rule.priority in first:
            yield Finding(
                f"routing rule '{rule.id}' has priority {rule.priority}, like '{first[rule.priority].id}': their order is undefined",
                rule.at("priority"),
                "give each rule its own priority",
                rule.ref,
            )
        else:
            first[rule.priority] = rule
