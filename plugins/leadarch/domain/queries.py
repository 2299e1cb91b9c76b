"""Questions asked of a catalog by more than one layer: every structured field test,
every place a field's value is used, how much of the catalog is documented."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from leadarch.core.catalog import Catalog
from leadarch.core.findings import Location
from leadarch.core.model import (
    Entity,
    Nurture,
    Release,
    RoutingRule,
    ScoringModel,
    Source,
    Stage,
)
from leadarch.core.records import dataclass


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


def coverage(catalog: Catalog) -> tuple[list[Entity], float]:
    """Undocumented entities and the documented share in percent."""
    counted = [e for e in catalog.entities.values() if not isinstance(e, Release)]
    missing = [e for e in counted if not (e.doc or "").strip()]
    share = 100.0 if not counted else 100.0 * (len(counted) - len(missing)) / len(counted)
    return missing, share


def value_uses(catalog: Catalog) -> Iterator[tuple[str, str, Any, Location]]:
    for test in field_tests(catalog):
        if test.has_value:
            yield test.owner, test.field, test.value, test.where.child("value")
    for stage in catalog.of(Stage):
        for system, spec in stage.crm.items():
            name = spec.get("field") or spec.get("property")
            if name:
                yield (
                    stage.ref,
                    f"{spec['object']}.{name}",
                    spec["value"],
                    stage.at("crm", system, "value"),
                )
    for source in catalog.of(Source):
        for i, item in enumerate(source.sets):
            if not isinstance(item, str) and "value" in item:
                yield source.ref, item["field"], item["value"], source.at("sets", i, "value")
    with_examples: list[RoutingRule | ScoringModel] = [
        *catalog.of(RoutingRule),
        *catalog.of(ScoringModel),
    ]
    for entity in with_examples:
        for i, example in enumerate(entity.examples):
            for field_id, value in example.lead.items():
                yield entity.ref, field_id, value, entity.at("examples", i, "lead", field_id)
