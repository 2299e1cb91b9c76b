"""Structured criteria: which operators fit which field types, evaluation, and implication."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
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


def _present(value: Any) -> bool:
    return value is not None and value != "" and value != []


def _compare(actual: Any, op: str, expected: Any) -> bool:
    try:
        if op == "gt":
            return actual > expected
        if op == "gte":
            return actual >= expected
        if op == "lt":
            return actual < expected
        return actual <= expected
    except TypeError:
        return False


def evaluate(op: str | None, actual: Any, expected: Any = None) -> bool:
    """Does a field value (or an activity count) satisfy `op expected`?"""
    op = op or "eq"
    if op == "exists":
        return _present(actual)
    if op == "not_exists":
        return not _present(actual)
    if not _present(actual) and op not in ("ne", "not_in"):
        return False
    if isinstance(actual, list):  # multipicklist
        if op in ("contains", "eq"):
            return expected in actual
        if op == "in":
            return any(v in expected for v in actual)
        if op == "not_in":
            return not any(v in expected for v in actual)
    if op == "eq":
        return actual == expected
    if op == "ne":
        return actual != expected
    if op == "in":
        return actual in expected
    if op == "not_in":
        return actual not in expected
    if op == "contains":
        return isinstance(actual, str) and str(expected).lower() in actual.lower()
    return _compare(actual, op, expected)


def implies(b_op: str, b_value: Any, a_op: str, a_value: Any) -> bool:
    """True when every value satisfying `b` also satisfies `a` (same field). Conservative."""
    if (b_op, _hashable(b_value)) == (a_op, _hashable(a_value)):
        return True
    if a_op == "exists":
        return b_op in {"eq", "in", "gt", "gte", "lt", "lte", "contains"}
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
        return set(map(_hashable, a_value or [])) <= set(map(_hashable, b_value or []))
    return False


def _hashable(value: Any) -> Any:
    return tuple(value) if isinstance(value, list | tuple) else value


def record_value(record: Mapping[str, Any], field_id: str) -> Any:
    value = record.get(field_id)
    return list(value) if isinstance(value, Sequence) and not isinstance(value, str) else value
