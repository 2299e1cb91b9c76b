"""Routing a lead: first match by priority, each rule's conditions compiled once.

Shared by the lint (LA090 checks every example) and `leadarch route` (any number of sample
leads). A lead is a mapping of field id → value. Compiling settles each condition's
operator and expected value, and turns a rule's `any` list of plain `eq`/`in` tests on one
field into a single set lookup, so a rule that lists 10,000 values costs one lookup per
lead, not 10,000 comparisons.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from leadarch.core.model import Criterion, RoutingRule
from leadarch.domain.criteria import compile_test, present, record_value

Lead = Mapping[str, Any]
Check = Callable[[Lead], bool]


def _plain(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


def compile_condition(criterion: Criterion) -> Check:
    """One condition as a test of a lead (a sentence cannot be evaluated: never true)."""
    if not criterion.structured:
        return lambda lead: False
    field, test = criterion.field or "", compile_test(criterion.op, _plain(criterion.value))
    return lambda lead: test(record_value(lead, field))


def _value_sets(
    conditions: Sequence[Criterion],
) -> tuple[dict[str, frozenset[Any]], list[Criterion]]:
    """Plain `eq` and `in` tests grouped by field into value sets, and the rest as they are."""
    grouped: dict[str, set[Any]] = defaultdict(set)
    rest = []
    for c in conditions:
        values = _tested_values(c)
        if values is None:
            rest.append(c)
        else:
            grouped[c.field or ""].update(values)
    return {f: frozenset(v) for f, v in grouped.items()}, rest


def _tested_values(c: Criterion) -> list[Any] | None:
    """The values an `eq` or `in` test accepts, when a set can stand in for them."""
    if not c.structured:
        return None
    if c.op in (None, "eq"):
        values = [c.value]
    elif c.op == "in" and isinstance(c.value, list | tuple):
        values = list(c.value)
    else:
        return None
    return values if all(_settable(v) for v in values) else None


def _settable(value: Any) -> bool:
    """A value whose set membership means what `==` means (not a float NaN or a container)."""
    return isinstance(value, str | bool | int) or (isinstance(value, float) and value == value)


def _any_check(conditions: Sequence[Criterion]) -> Check:
    sets, rest = _value_sets(conditions)
    others = [compile_condition(c) for c in rest]

    def check(lead: Lead) -> bool:
        for field, values in sets.items():
            actual = record_value(lead, field)
            if isinstance(actual, list):
                if any(_hit(v, values) for v in actual):
                    return True
            elif present(actual) and _hit(actual, values):
                return True
        return any(test(lead) for test in others)

    return check


def _hit(actual: Any, values: frozenset[Any]) -> bool:
    try:
        return actual in values
    except TypeError:
        return any(actual == v for v in values)


def compile_rule(rule: RoutingRule) -> Check:
    """Whether a lead satisfies the rule's `when` (all of `all`, and one of `any` if given)."""
    if rule.when is None:
        return lambda lead: True
    every = [compile_condition(c) for c in rule.when.all]
    some = _any_check(rule.when.any) if rule.when.any else None

    def check(lead: Lead) -> bool:
        for test in every:
            if not test(lead):
                return False
        return some is None or some(lead)

    return check


class Router:
    """First-match routing, compiled and indexed: a rule with an `eq` condition is only tried
    for leads that hold that value, so routing a lead does not walk every rule."""

    def __init__(self, rules: list[RoutingRule]) -> None:
        self.rules = sorted(rules, key=lambda r: (r.priority, r.id))
        self.checks = [compile_rule(r) for r in self.rules]
        self.free: list[int] = []
        self.anchored: dict[str, dict[Any, list[int]]] = {}  # field → value → rule positions
        for position, rule in enumerate(self.rules):
            anchor = _anchor(rule)
            if anchor is None:
                self.free.append(position)
            else:
                field, value = anchor
                self.anchored.setdefault(field, {}).setdefault(value, []).append(position)

    def route(self, lead: Lead) -> RoutingRule | None:
        candidates = list(self.free)
        for field_id, by_value in self.anchored.items():
            value = lead.get(field_id)
            for item in value if isinstance(value, list | tuple) else (value,):
                if isinstance(item, str | int | float | bool):
                    candidates += by_value.get(item, ())
        if len(candidates) > len(self.free):
            candidates.sort()
        for position in candidates:
            if self.checks[position](lead):
                return self.rules[position]
        return None


def _anchor(rule: RoutingRule) -> tuple[str, Any] | None:
    if rule.when is None:
        return None
    for c in rule.when.all:
        if c.structured and c.op in (None, "eq") and isinstance(c.value, str | int | float | bool):
            return (str(c.field), c.value)
    return None


def matches(rule: RoutingRule, lead: Lead) -> bool:
    return compile_rule(rule)(lead)
