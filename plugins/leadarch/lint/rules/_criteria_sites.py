"""Every structured field test in the catalog, wherever it lives."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from leadarch.core.catalog import Catalog
from leadarch.core.findings import Location
from leadarch.core.model import Nurture, RoutingRule, ScoringModel, Stage


@dataclass(frozen=True)
class FieldTest:
    owner: str  # `kind:id`
    field: str
    op: str
    value: Any
    has_value: bool
    where: Location


def field_tests(catalog: Catalog) -> Iterator[FieldTest]:
    for stage in catalog.of(Stage):
        yield from _tests(stage.ref, stage.entry_criteria)
        yield from _tests(stage.ref, stage.exit_criteria)
    for rule in catalog.of(RoutingRule):
        if rule.when is not None:
            yield from _tests(rule.ref, rule.when.all)
            yield from _tests(rule.ref, rule.when.any)
    for nurture in catalog.of(Nurture):
        yield from _tests(nurture.ref, nurture.entry_criteria)
    for model in catalog.of(ScoringModel):
        yield from _tests(model.ref, [c for c in model.criteria if c.field])


def _tests(owner: str, criteria: Any) -> Iterator[FieldTest]:
    for c in criteria:
        if getattr(c, "field", None):
            value = list(c.value) if isinstance(c.value, tuple) else c.value
            yield FieldTest(owner, c.field, c.op or "eq", value, c.value is not None, c.where)
