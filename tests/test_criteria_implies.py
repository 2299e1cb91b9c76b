"""`criteria.implies` — the logic of the shadowed-routing-rule check — against brute force.

For generated pairs of criteria on one field of every type, whenever `implies(b, a)` says
"every value satisfying b satisfies a", no value of that field type (the empty ones
included) may satisfy b and fail a. The values are small pools, so that the generated
criteria and the values collide often; evaluation is `criteria.evaluate`, the function
routing itself applies.
"""

from __future__ import annotations

import datetime as dt
from itertools import combinations, permutations
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from leadarch.domain.criteria import NUMERIC, OPS_BY_TYPE, TEXT, evaluate, implies

EMPTY: tuple[Any, ...] = (None, "", [])
DATES = ("2024-01-01", "2024-01-02", "2024-01-03")
DATETIMES = ("2024-01-01T09:00:00Z", "2024-01-01T10:00:00Z", "2024-01-02T09:00:00Z")
ELEMENTS = (1, 2, "a", "ab")  # a multipicklist's values: numbers as the issue's `[1]`, and text


def scalars(field_type: str) -> tuple[Any, ...]:
    """The values one field of this type holds (besides the empty ones)."""
    if field_type in NUMERIC:
        return (-1, 0, 1, 2, 3, 0.5, 1.5, 100)
    if field_type in TEXT:
        return ("a", "b", "ab", "Ab", "ba", "abc", "@gmail.com", "x@gmail.com")
    if field_type == "date":
        return (*DATES, dt.date(2024, 1, 2))
    if field_type == "datetime":
        return DATETIMES
    if field_type == "boolean":
        return (True, False)
    if field_type == "multipicklist":
        return ELEMENTS
    return ("a", "b", "c", "A")  # picklist, reference, id


def values(field_type: str) -> list[Any]:
    """Every value of the field the brute force tries: for a multipicklist, every selection."""
    if field_type != "multipicklist":
        return [*EMPTY, *scalars(field_type)]
    selections = [
        list(p) for n in range(1, 4) for c in combinations(ELEMENTS, n) for p in permutations(c)
    ]
    return [*EMPTY, *selections]


@st.composite
def criterion(draw: st.DrawFn, field_type: str) -> tuple[str, Any]:
    op = draw(st.sampled_from(sorted(OPS_BY_TYPE[field_type])))
    pool = scalars(field_type)
    if op in ("exists", "not_exists"):
        return op, None
    if op in ("in", "not_in"):
        return op, draw(st.lists(st.sampled_from(pool), max_size=3))
    return op, draw(st.sampled_from(pool))


@st.composite
def pair(draw: st.DrawFn) -> tuple[str, tuple[str, Any], tuple[str, Any]]:
    field_type = draw(st.sampled_from(sorted(OPS_BY_TYPE)))
    return field_type, draw(criterion(field_type)), draw(criterion(field_type))


def counterexample(field_type: str, b: tuple[str, Any], a: tuple[str, Any]) -> Any:
    """A value of the field that satisfies b and not a; None when there is none."""
    for value in values(field_type):
        if evaluate(b[0], value, b[1]) and not evaluate(a[0], value, a[1]):
            return (value,)
    return None


@settings(derandomize=True, deadline=None, max_examples=2500)
@given(case=pair())
def test_implies_is_sound_for_every_field_type(
    case: tuple[str, tuple[str, Any], tuple[str, Any]],
) -> None:
    field_type, b, a = case
    if implies(*b, *a, field_type=field_type):
        found = counterexample(field_type, b, a)
        assert found is None, f"{field_type}: `{b}` implies `{a}`, yet {found[0]!r} holds b, not a"


@settings(derandomize=True, deadline=None, max_examples=800)
@given(case=pair())
def test_implies_without_a_known_field_type_is_sound_for_every_type(
    case: tuple[str, tuple[str, Any], tuple[str, Any]],
) -> None:
    """A criterion on a field the catalog does not declare (another rule reports it) still
    gets only implications that hold whatever the field turns out to be."""
    _, b, a = case
    if implies(*b, *a, field_type=None):
        for field_type in OPS_BY_TYPE:
            assert counterexample(field_type, b, a) is None, (field_type, b, a)


@pytest.mark.parametrize(
    ("field_type", "b", "a"),
    [
        ("multipicklist", ("eq", 1), ("gte", 1)),  # the case: [1] holds eq 1, not gte 1
        ("multipicklist", ("eq", 1), ("not_in", [2])),  # [1, 2]
        ("multipicklist", ("in", [1]), ("not_in", [2])),  # [1, 2]
        ("multipicklist", ("contains", "ab"), ("contains", "a")),  # ["ab"]: a value, not text
        ("multipicklist", ("in", [1, 2]), ("contains", 1)),  # [2]
    ],
)
def test_what_a_multipicklist_holding_more_than_one_value_does_not_imply(
    field_type: str, b: tuple[str, Any], a: tuple[str, Any]
) -> None:
    assert counterexample(field_type, b, a) is not None
    assert not implies(*b, *a, field_type=field_type)


@pytest.mark.parametrize(
    ("field_type", "b", "a"),
    [
        ("integer", ("eq", 100), ("gte", 50)),
        ("integer", ("gte", 100), ("gte", 50)),
        ("integer", ("gt", 100), ("gte", 100)),
        ("number", ("lt", 1), ("lte", 1)),
        ("integer", ("in", [1, 2]), ("lt", 3)),
        ("integer", ("eq", 1), ("ne", 2)),
        ("email", ("contains", "@gmail.com"), ("exists", None)),
        ("email", ("contains", "x@gmail.com"), ("contains", "@GMAIL.com")),
        ("picklist", ("eq", "a"), ("in", ["a", "b"])),
        ("picklist", ("in", ["a"]), ("in", ["a", "b"])),
        ("picklist", ("not_in", ["a", "b"]), ("not_in", ["a"])),
        ("date", ("gt", "2024-01-02"), ("gte", "2024-01-01")),
        ("boolean", ("eq", True), ("exists", None)),
        ("multipicklist", ("contains", 1), ("exists", None)),
        ("multipicklist", ("eq", 1), ("in", [1, 2])),
        ("multipicklist", ("in", [1]), ("in", [1, 2])),
        ("multipicklist", ("in", [1]), ("contains", 1)),
        ("multipicklist", ("not_in", [1, 2]), ("not_in", [1])),
    ],
)
def test_what_implies_still_finds(field_type: str, b: tuple[str, Any], a: tuple[str, Any]) -> None:
    """Sound is easy when nothing is implied: these are the implications the rule exists for."""
    assert counterexample(field_type, b, a) is None
    assert implies(*b, *a, field_type=field_type)
