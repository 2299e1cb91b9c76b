"""A stage cannot be reached from any entry stage.

What it checks:
    Every stage that is not `entry: true` can be reached from an entry stage by
    following transitions (and nurture exits). Each model needs an entry stage.

Why it matters:
    An unreachable stage is documentation of a process that cannot happen: no
    record will ever be in it, yet reports and playbooks count on it.

Example:
    - id: sal        # no stage has a transition `to: sal`

Fix:
    Add a transition into the stage from the stage before it, mark it
    `entry: true` if records really start there, or remove it.
"""

from __future__ import annotations

from collections.abc import Iterator

from leadarch.core.catalog import Catalog
from leadarch.core.findings import Finding, Severity
from leadarch.domain.graph import reachable, stages
from leadarch.lint.options import Inputs, NoOptions

CODE = "LA030"
NAME = "unreachable-stage"
SUMMARY = "A stage cannot be reached from any entry stage."
SEVERITY = Severity.ERROR


def check(catalog: Catalog, options: NoOptions, inputs: Inputs) -> Iterator[Finding]:
    all_stages = stages(catalog)
    for model in sorted({s.model for s in all_stages}):
        in_model = [s for s in all_stages if s.model == model]
        if not any(s.entry for s in in_model):
            first = in_model[0]
            yield Finding(
                f"the {model} model has no entry stage: no record can start in it",
                first.at("id"),
                f"mark the stage where new records start (probably '{first.id}') with `entry: true`",
                first.ref,
            )
    seen = reachable(catalog, [s.id for s in all_stages if s.entry])
    for stage in all_stages:
        if (
            not stage.entry
            and stage.id not in seen
            and any(s.entry for s in all_stages if s.model == stage.model)
        ):
            yield Finding(
                f"stage '{stage.id}' cannot be reached from any entry stage",
                stage.at("id"),
                "add a transition into it from an earlier stage, or mark it `entry: true`",
                stage.ref,
            )
