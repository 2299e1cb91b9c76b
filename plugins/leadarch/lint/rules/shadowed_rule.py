"""A routing rule can never fire: an earlier rule matches every lead it matches.

What it checks:
    For each routing rule, no rule evaluated before it (lower priority number, not
    the fallback) has conditions implied by this rule's conditions. Implication
    is worked out per field: `eq` implies `in` a list holding the value,
    `gte 100` implies `gte 50`, `contains "@gmail.com"` implies `exists`, and so on.

Why it matters:
    A shadowed rule looks like working configuration but assigns nothing: the
    queue it feeds stays empty while its leads go somewhere else.

Example:
    - id: enterprise_all      # priority 30: Segment eq Enterprise
    - id: enterprise_demo     # priority 40: Segment eq Enterprise and Demo eq true

Fix:
    Give the more specific rule the lower priority number, or narrow the earlier
    rule.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence

from leadarch.core.catalog import Catalog
from leadarch.core.findings import Finding, Severity
from leadarch.core.model import Criterion, RoutingRule
from leadarch.domain.criteria import implies
from leadarch.lint.options import Inputs, NoOptions

CODE = "LA052"
NAME = "shadowed-routing-rule"
SUMMARY = "A routing rule can never fire: an earlier rule matches every lead it matches."
SEVERITY = Severity.ERROR


def check(catalog: Catalog, options: NoOptions, inputs: Inputs) -> Iterator[Finding]:
    rules = [
        r
        for r in sorted(catalog.of(RoutingRule), key=lambda r: (r.priority, r.id))
        if not r.is_fallback
    ]
    fields = [_fields(r) for r in rules]
    types = _Types(catalog)
    # An earlier rule can only cover a later one when every field its `all` tests is tested
    # by the later one too: index rules by one required field to skip the other pairs.
    by_anchor: dict[object, list[int]] = defaultdict(list)
    unanchored: list[int] = []
    for i, (required, _) in enumerate(fields):
        if required:
            by_anchor[next(iter(required))].append(i)
        else:
            unanchored.append(i)
    for i, later in enumerate(rules):
        tested = fields[i][1]
        candidates = [j for t in tested for j in by_anchor.get(t, ()) if j < i]
        candidates += [j for j in unanchored if j < i]
        for j in sorted(set(candidates)):
            earlier = rules[j]
            if earlier.priority == later.priority or not fields[j][0] <= tested:
                continue
            if _covers(earlier, later, types):
                yield Finding(
                    f"routing rule '{later.id}' can never fire: '{earlier.id}' (priority {earlier.priority}) matches every lead it matches",
                    later.at("priority"),
                    f"give '{later.id}' a priority below {earlier.priority}, or narrow '{earlier.id}'",
                    later.ref,
                )
                break


def _fields(rule: RoutingRule) -> tuple[frozenset[object], frozenset[object]]:
    """(fields every `all` condition tests, fields any condition tests); with the eq value
    for `eq` tests, so rules on the same field with different values never pair up."""
    if rule.when is None:
        return frozenset(), frozenset()

    def key(c: Criterion) -> object:
        return (
            (c.field, c.value)
            if c.op in (None, "eq") and c.structured and not isinstance(c.value, tuple | list)
            else c.field
        )

    required = frozenset(key(c) for c in rule.when.all)
    every = (*rule.when.all, *rule.when.any)
    listed = frozenset(
        (c.field, v)
        for c in every
        if c.op == "in" and isinstance(c.value, tuple | list)
        for v in c.value
    )
    tested = frozenset(key(c) for c in every) | frozenset(c.field for c in every) | listed
    return required, tested


class _Types:
    """The declared type of each field criteria test; None for a field not declared."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.known: dict[str | None, str | None] = {}

    def of(self, field_id: str | None) -> str | None:
        if field_id not in self.known:
            field = self.catalog.field(field_id) if field_id is not None else None
            self.known[field_id] = field.type if field is not None else None
        return self.known[field_id]


def _covers(a: RoutingRule, b: RoutingRule, types: _Types) -> bool:
    """Every lead matching b matches a."""
    assert a.when is not None and b.when is not None
    if not all(_implies_one(b, crit, types) for crit in a.when.all):
        return False
    if a.when.any:
        direct = any(_implies_one(b, crit, types) for crit in a.when.any)
        each = bool(b.when.any) and all(
            any(_one(bc, ac, types) for ac in a.when.any) for bc in b.when.any
        )
        return direct or each
    return True


def _implies_one(b: RoutingRule, a_crit: Criterion, types: _Types) -> bool:
    assert b.when is not None
    if any(_one(bc, a_crit, types) for bc in b.when.all):
        return True
    return bool(b.when.any) and all(_one(bc, a_crit, types) for bc in b.when.any)


def _one(b: Criterion, a: Criterion, types: _Types) -> bool:
    if not (a.structured and b.structured) or a.field != b.field:
        return False
    return implies(
        b.op or "eq",
        _plain(b.value),
        a.op or "eq",
        _plain(a.value),
        field_type=types.of(a.field),
    )


def _plain(value: object) -> object:
    return list(value) if isinstance(value, Sequence) and not isinstance(value, str) else value
