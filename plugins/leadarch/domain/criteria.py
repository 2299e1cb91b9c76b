"""Structured criteria: which operators fit which field types, evaluation, and implication."""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping, Sequence
from typing import Any

NUMERIC = {"integer", "number", "currency", "percent"}
TEXT = {"string", "text", "email", "phone", "url", "address"}
PRESENCE = {"exists", "not_exists"}
OPS_BY_TYPE: dict[str, set[str]] = {
    **{t: {"eq", "ne", "in", "not_in", "gt", "gte", "lt", "lte"} | PRESENCE for t in NUMERIC},
    **{t: {"eq", "ne", "in", "not_in", "contains"} | PRESENCE for t in TEXT},
    "date": {"eq", "ne", "gt", "gte", "lt", "lte"} | PRESENCE,
    "datetime": {"eq", "ne", "gt", "gte", "lt", "lte"} | PRESENCE,
    "boolean": {"eq", "ne"} | PRESENCE,
    "picklist": {"eq", "ne", "in", "not_in"} | PRESENCE,
    "multipicklist": {"contains", "in", "not_in"} | PRESENCE,
    "reference": {"eq", "ne", "in", "not_in"} | PRESENCE,
    "id": {"eq", "ne", "in", "not_in"} | PRESENCE,
}


def present(value: Any) -> bool:
    """Filled in: not None, not empty text, not an empty list."""
    if value is None:
        return False
    kind = type(value)
    if kind is str or kind is list:  # the usual values, decided without comparisons
        return len(value) > 0
    return bool(value != "" and value != [])


def _compare(actual: Any, op: str, expected: Any) -> bool:
    try:
        if op == "gt":
            return bool(actual > expected)
        if op == "gte":
            return bool(actual >= expected)
        if op == "lt":
            return bool(actual < expected)
        return bool(actual <= expected)
    except TypeError:
        return False


def evaluate(op: str | None, actual: Any, expected: Any = None) -> bool:
    """Does a field value (or an activity count) satisfy `op expected`?"""
    op = op or "eq"
    if op == "exists":
        return present(actual)
    if op == "not_exists":
        return not present(actual)
    if not present(actual) and op not in ("ne", "not_in"):
        return False
    if isinstance(actual, list):  # multipicklist
        if op in ("contains", "eq"):
            return expected in actual
        if op == "in":
            return any(v in expected for v in actual)
        if op == "not_in":
            return not any(v in expected for v in actual)
    if op == "eq":
        return bool(actual == expected)
    if op == "ne":
        return bool(actual != expected)
    if op == "in":
        return actual in expected
    if op == "not_in":
        return actual not in expected
    if op == "contains":
        return isinstance(actual, str) and str(expected).lower() in actual.lower()
    return _compare(actual, op, expected)


Test = Callable[[Any], bool]
_ORDER = {"gt": operator.gt, "gte": operator.ge, "lt": operator.lt, "lte": operator.le}


def compile_test(op: str | None, expected: Any) -> Test:
    """`lambda actual: evaluate(op, actual, expected)`, with the operator and the expected
    value settled once: what routing and scoring apply to every lead."""
    op = op or "eq"
    if op == "exists":
        return present
    if op == "not_exists":
        return lambda actual: not present(actual)
    if op in ("gt", "gte", "lt", "lte"):
        compare = _ORDER[op]

        def ordered(actual: Any) -> bool:
            if not present(actual):
                return False
            try:
                return bool(compare(actual, expected))
            except TypeError:
                return False

        return ordered
    members = _as_set(expected) if op in ("in", "not_in") else None
    needle = str(expected).lower() if op == "contains" else ""

    def test(actual: Any) -> bool:
        if isinstance(actual, list) or not present(actual):
            return evaluate(op, actual, expected)  # multipicklists and empty values: rare
        if op == "eq":
            return bool(actual == expected)
        if op == "ne":
            return bool(actual != expected)
        if op == "contains":
            return isinstance(actual, str) and needle in actual.lower()
        if op in ("in", "not_in"):
            found = _member(actual, members, expected)
            return found if op == "in" else not found
        return evaluate(op, actual, expected)

    return test


def _as_set(values: Any) -> frozenset[Any] | None:
    """A list's values as a set when they can be one (membership then costs one lookup);
    None for anything else (`in` on a string means a substring)."""
    if not isinstance(values, list | tuple):
        return None
    try:
        return frozenset(values)
    except TypeError:
        return None


def _member(actual: Any, members: frozenset[Any] | None, expected: Any) -> bool:
    if members is not None:
        try:
            return actual in members
        except TypeError:  # an unhashable value: compared one by one, as `in` on a list does
            pass
    return actual in expected


def implies(
    b_op: str, b_value: Any, a_op: str, a_value: Any, *, field_type: str | None = None
) -> bool:
    """True when every value of the field that satisfies `b` also satisfies `a`.

    Conservative: False when unsure. A multipicklist holds a selection, where `eq 1` means
    "1 is selected" and says nothing of the others, so its implications are those of sets;
    with no known field type, only what holds for one value and for a selection alike."""
    if (b_op, _hashable(b_value)) == (a_op, _hashable(a_value)):
        return True
    if a_op == "exists" and b_op in _NEEDS_A_VALUE:
        return True
    if field_type == "multipicklist":
        return _selection_implies(b_op, b_value, a_op, a_value)
    one_value = _value_implies(b_op, b_value, a_op, a_value)
    if field_type is None:
        return one_value and _selection_implies(b_op, b_value, a_op, a_value)
    return one_value


# Operators no empty value satisfies (`evaluate` turns the empty ones away first).
_NEEDS_A_VALUE = frozenset({"eq", "in", "gt", "gte", "lt", "lte", "contains"})


def _value_implies(b_op: str, b_value: Any, a_op: str, a_value: Any) -> bool:
    """Implication for a field holding one value: every such value equal to `b`'s value(s)
    or ordered past its bound satisfies `a`."""
    if b_op == "eq":
        return b_value is not None and evaluate(a_op, b_value, a_value)
    if b_op == "in" and isinstance(b_value, list):
        return bool(b_value) and all(evaluate(a_op, v, a_value) for v in b_value)
    if b_op == "contains" and a_op == "contains":
        return str(a_value).lower() in str(b_value).lower()
    if a_op in ("gt", "gte") and b_op in ("gt", "gte"):
        return _compare(b_value, "gt" if a_op == "gt" and b_op == "gte" else "gte", a_value)
    if a_op in ("lt", "lte") and b_op in ("lt", "lte"):
        return _compare(b_value, "lt" if a_op == "lt" and b_op == "lte" else "lte", a_value)
    if a_op == "not_in" and b_op == "not_in":
        return _within(a_value, b_value)
    return False


def _selection_implies(b_op: str, b_value: Any, a_op: str, a_value: Any) -> bool:
    """Implication for a multipicklist: `eq`/`contains x` is "x is selected", `in L` "one
    of L is", `not_in L` "none of L is"; nothing bounds what else is selected."""
    selected = [b_value] if b_op in ("eq", "contains") else None
    if b_op == "in" and isinstance(b_value, list) and b_value:
        selected = b_value  # one of these, at least, is selected
    if selected is not None:
        if a_op in ("eq", "contains"):
            return all(v == a_value for v in selected)
        if a_op == "in" and isinstance(a_value, list):
            return _within(selected, a_value)
        return False
    if b_op == "not_in" and a_op == "not_in":
        return _within(a_value, b_value)
    return False


def _within(values: Any, others: Any) -> bool:
    """Every one of `values` (a list) is among `others` (a list)."""
    if not isinstance(values, list) or not isinstance(others, list):
        return False  # `in` a text means a substring: no set reasoning
    return all(v in others for v in values)


def _hashable(value: Any) -> Any:
    return tuple(value) if isinstance(value, list | tuple) else value


_SCALAR_TYPES = frozenset((str, int, float, bool, type(None)))


def record_value(record: Mapping[str, Any], field_id: str) -> Any:
    """A field's value, a sequence of values as a list (a multipicklist)."""
    value = record.get(field_id)
    if type(value) in _SCALAR_TYPES:  # nearly every value: no abstract-class check
        return value
    return list(value) if isinstance(value, Sequence) and not isinstance(value, str) else value
