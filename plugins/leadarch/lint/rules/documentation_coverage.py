"""An entity has no description (documentation coverage below the threshold).

What it checks:
    The share of entities with their own documentation text (`description`,
    `definition`, `summary`; for capabilities the `to` state) is at least
    `coverage_threshold` percent (default 100, set in `[tool.leadarch]`). Below
    it, every undocumented entity is reported. Releases are not counted.

Why it matters:
    The wiki is only as useful as its words: a stage with no definition or a field
    with no description is exactly the tribal knowledge the catalog is meant to
    replace.

Example:
    - object: Lead
      name: Region__c
      label: Region
      type: picklist          # no description

Fix:
    Add a one- or two-sentence `description` (or `definition` for stages and KPIs).
"""

from __future__ import annotations

from collections.abc import Iterator

from leadarch.core.catalog import Catalog
from leadarch.core.findings import Finding, Severity
from leadarch.core.records import dataclass, field
from leadarch.domain.queries import coverage
from leadarch.lint.options import Inputs

CODE = "LA100"
NAME = "documentation-coverage"
SUMMARY = "An entity has no description (documentation coverage below the threshold)."
SEVERITY = Severity.WARNING

_TEXT_KEY = {"stage": "definition", "metric": "definition", "playbook": "summary"}


@dataclass(frozen=True)
class Options:
    threshold: float = field(
        default=100.0,
        metadata={
            "help": "% of entities that must be documented; below it, each undocumented one is a finding"
        },
    )


LEGACY = {"coverage_threshold": "threshold"}  # [tool.leadarch] coverage_threshold = 90


def check(catalog: Catalog, options: Options, inputs: Inputs) -> Iterator[Finding]:
    missing, share = coverage(catalog)
    if share >= options.threshold:
        return
    for entity in missing:
        key = _TEXT_KEY.get(entity.kind, "description")
        yield Finding(
            f"{entity.ref} has no {key} (documentation coverage {share:.0f}% < {options.threshold:g}%)",
            entity.at("name" if entity.kind == "field" else "id"),
            f"add `{key}:` with a sentence or two for readers of the wiki",
            entity.ref,
        )
