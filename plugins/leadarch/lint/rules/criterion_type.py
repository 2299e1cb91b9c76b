"""A structured criterion uses an operator or a value that does not fit its field.

What it checks:
    In stage criteria, routing conditions, nurture entry criteria and scoring
    criteria, the operator suits the field's type (no `gt` on a picklist, no
    `contains` on a number), `exists`/`not_exists` take no value, `in`/`not_in`
    take a list, and values fit the field: numbers for numeric fields, true/false
    for checkboxes, `YYYY-MM-DD` for dates, and picklist values the field holds.

Why it matters:
    A criterion that can never be true (`Status eq "Marketing Qualified"` when the
    value is `MQL`) silently stops a workflow or routing rule from firing.

Example:
    - field: Lead.Status
      op: gte
      value: MQL

Fix:
    Use an operator listed for the field's type and a value the field can hold; the
    hint lists the allowed operators or suggests the closest picklist value.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from leadarch.core.catalog import Catalog
from leadarch.core.findings import Finding, Severity
from leadarch.core.hints import did_you_mean
from leadarch.core.model import CatalogField
from leadarch.domain.criteria import NUMERIC, OPS_BY_TYPE, PRESENCE
from leadarch.domain.queries import FieldTest, field_tests
from leadarch.lint.options import Inputs, NoOptions

CODE = "LA041"
NAME = "criterion-type-mismatch"
SUMMARY = "A structured criterion uses an operator or a value that does not fit its field."
SEVERITY = Severity.ERROR

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")


def check(catalog: Catalog, options: NoOptions, inputs: Inputs) -> Iterator[Finding]:
    for test in field_tests(catalog):
        field = catalog.field(test.field)
        if field is None:
            continue  # LA020
        problem, hint, at = _problem(field, test)
        if problem:
            yield Finding(
                f"{test.owner}: {test.field} {test.op} {_show(test.value)}: {problem}",
                test.where.child(at),
                hint,
                test.owner,
            )


def _problem(field: CatalogField, test: FieldTest) -> tuple[str | None, str | None, str]:
    allowed = OPS_BY_TYPE.get(field.type, set())
    if test.op not in allowed:
        return (
            f"`{test.op}` does not apply to a {field.type} field",
            "use one of: " + ", ".join(sorted(allowed)),
            "op",
        )
    if test.op in PRESENCE:
        return (
            (f"`{test.op}` takes no value", "remove `value`", "value")
            if test.has_value
            else (None, None, "")
        )
    if not test.has_value:
        return f"`{test.op}` needs a value", "add `value:`", "op"
    if test.op in ("in", "not_in") and not isinstance(test.value, list):
        return f"`{test.op}` needs a list of values", "write `value: [a, b]`", "value"
    if test.op not in ("in", "not_in") and isinstance(test.value, list):
        return f"`{test.op}` compares with one value, not a list", "use `in` for a list", "value"
    values = test.value if isinstance(test.value, list) else [test.value]
    for value in values:
        problem, hint = _value_problem(field, value)
        if problem:
            return problem, hint, "value"
    return None, None, ""


def _value_problem(field: CatalogField, value: Any) -> tuple[str | None, str | None]:
    kind = field.type
    if kind in NUMERIC and (isinstance(value, bool) or not isinstance(value, int | float)):
        return (
            f"{field.id} is a {kind} field; {_show(value)} is not a number",
            "write a number without quotes",
        )
    if kind == "boolean" and not isinstance(value, bool):
        return (
            f"{field.id} is a checkbox; the value must be true or false",
            "write `true` or `false`",
        )
    if kind in ("date", "datetime") and not (isinstance(value, str) and _DATE.match(value)):
        return (
            f"{field.id} is a {kind} field; {_show(value)} is not a date",
            "write the date as YYYY-MM-DD",
        )
    if kind in ("picklist", "multipicklist") and field.values and field.value_named(value) is None:
        hint = did_you_mean(str(value), [str(v.value) for v in field.values])
        return f"{_show(value)} is not a value of {field.id}", hint or "values: " + ", ".join(
            str(v.value) for v in field.values
        )
    return None, None


def _show(value: Any) -> str:
    return "" if value is None else repr(value)
