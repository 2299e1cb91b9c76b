"""Schema check: every raw entity against its kind's JSON Schema, errors at their YAML node.

jsonschema-rs answers "is it valid?" in microseconds; only invalid entities go through
the (much slower) jsonschema, which stays the source of the messages.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from typing import Any

import jsonschema_rs

from leadarch import codes
from leadarch.core.findings import Finding
from leadarch.core.hints import did_you_mean
from leadarch.core.kinds import KINDS
from leadarch.core.loader import RawEntity
from leadarch.core.schemas import BASE_URI, all_schemas, kind_schema


@functools.cache
def _fast_validators() -> dict[str, Any]:
    registry = jsonschema_rs.Registry([(BASE_URI + name, s) for name, s in all_schemas().items()])
    return {
        k.key: jsonschema_rs.validator_for(kind_schema(k.name), registry=registry) for k in KINDS
    }


@functools.cache
def _slow_validator(kind_name: str) -> Any:
    from jsonschema import Draft202012Validator  # imported only when something is wrong
    from referencing import Registry, Resource

    registry = Registry().with_resources(
        (BASE_URI + name, Resource.from_contents(s)) for name, s in all_schemas().items()
    )
    return Draft202012Validator(kind_schema(kind_name), registry=registry)


def check_entities(entities: Iterable[RawEntity]) -> tuple[list[Finding], set[int]]:
    """Findings for every schema error, and the indexes of the entities that are invalid."""
    fast = _fast_validators()
    findings: list[Finding] = []
    invalid: set[int] = set()
    for index, entity in enumerate(entities):
        if fast[entity.kind.key].is_valid(entity.data):
            continue
        invalid.add(index)
        findings.extend(explain(entity))
    return findings, invalid


def explain(entity: RawEntity) -> Iterator[Finding]:
    validator = _slow_validator(entity.kind.name)
    errors = sorted(
        validator.iter_errors(entity.data), key=lambda e: [str(p) for p in e.absolute_path]
    )
    for error in errors:
        yield from _finding(entity, error)


def _label(entity: RawEntity) -> str:
    return (
        f"{entity.kind.label} '{entity.id}'"
        if entity.id
        else f"{entity.kind.label} #{entity.where.pointer[-1]}"
    )


def _attr(path: tuple[Any, ...]) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _finding(entity: RawEntity, error: Any) -> Iterator[Finding]:
    path = tuple(error.absolute_path)
    where = entity.where.child(*path)
    ref = entity.ref if entity.id else None
    label, attr = _label(entity), _attr(path)
    what = f"`{attr}`" if attr else "the entry"
    kind = error.validator
    if kind == "additionalProperties":
        known = list(error.schema.get("properties", {}))
        for key in sorted(set(error.instance) - set(known)):
            close = did_you_mean(key, known, "`", ignore_case=False)
            unknown_hint = close or "allowed: " + ", ".join(known)
            yield Finding(
                f"{label}: unknown key `{key}`{' in ' + what if attr else ''}",
                entity.where.child(*path, key, on_key=True),
                unknown_hint,
                ref,
                codes.UNKNOWN_KEY,
            )
    elif kind == "required":
        missing = error.message.split("'")[1] if "'" in error.message else error.message
        desc = error.schema.get("properties", {}).get(missing, {}).get("description", "")
        yield Finding(
            f"{label}: {what} is missing required key `{missing}`",
            where,
            desc or None,
            ref,
            codes.SCHEMA_REQUIRED,
        )
    elif kind == "type":
        expected = (
            error.validator_value
            if isinstance(error.validator_value, str)
            else " or ".join(error.validator_value)
        )
        yield Finding(
            f"{label}: {what} must be {_article(expected)}, not {_describe(error.instance)}",
            where,
            _type_hint(expected),
            ref,
            codes.SCHEMA_TYPE,
        )
    elif kind == "enum":
        choices = [str(c) for c in error.validator_value]
        hint = did_you_mean(str(error.instance), choices, "`", cutoff=0.5, ignore_case=False)
        hint = hint or "write one of the allowed values"
        yield Finding(
            f"{label}: {what} is {error.instance!r}; allowed: {', '.join(choices)}",
            where,
            hint,
            ref,
            codes.SCHEMA_ENUM,
        )
    else:
        yield Finding(
            f"{label}: {what} {_other(error)}",
            where,
            error.schema.get("description"),
            ref,
            codes.SCHEMA_VALUE,
        )


def _other(error: Any) -> str:
    kind, value = error.validator, error.validator_value
    if kind == "pattern":
        return f"is {error.instance!r}, which does not have the required form ({error.schema.get('description', value)})"
    if kind == "oneOf" and all(set(alt) == {"required"} for alt in value):
        names = " or ".join(f"`{alt['required'][0]}`" for alt in value)
        return f"needs exactly one of {names}"
    if kind in ("minimum", "maximum"):
        return f"is {error.instance}; it must be {'at least' if kind == 'minimum' else 'at most'} {value}"
    if kind == "uniqueItems":
        return "lists the same value twice"
    if kind in ("minProperties", "maxProperties", "minItems", "minLength"):
        return {
            "minProperties": f"needs at least {value} key(s)",
            "maxProperties": f"allows at most {value} key(s)",
            "minItems": f"needs at least {value} item(s)",
            "minLength": "must not be empty",
        }[kind]
    return str(error.message)


def _article(expected: str) -> str:
    words = {
        "string": "text",
        "integer": "a whole number",
        "number": "a number",
        "boolean": "true or false",
        "array": "a list",
        "object": "a mapping",
        "null": "empty",
    }
    return " or ".join(words.get(w.strip(), w) for w in expected.split(" or "))


def _describe(value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, str):
        return f"the text {value!r}"
    return "a list" if isinstance(value, list) else "a mapping"


def _type_hint(expected: str) -> str | None:
    if "array" in expected:
        return "write a list: `[a, b]` or one `- item` per line"
    if "string" in expected:
        return "put the value in double quotes to keep it as text"
    if "integer" in expected or "number" in expected:
        return "write a number without quotes, e.g. `order: 2`"
    if "boolean" in expected:
        return "write `true` or `false`"
    return "write a mapping: `key: value` lines indented under this key"
