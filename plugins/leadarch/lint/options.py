"""Rule options and run inputs.

A rule with settings declares them in its own module: an `Options` dataclass whose fields
have defaults and a `help` line (the wiki's rule page lists them), read from
`[tool.leadarch.rules.<CODE>]`, and optionally `LEGACY`, the top-level `[tool.leadarch]`
keys it still accepts (`coverage_threshold = 90` is `rules.LA100.threshold`). Adding an
option is editing that module only.

What a run knows beyond the catalog and the configuration — the changes since `--base` —
is an `Inputs`, passed to every rule beside its options.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Mapping
from typing import Any

from leadarch.core.records import dataclass, fields


@dataclass(frozen=True)
class Inputs:
    base_changes: tuple[tuple[str, str], ...] | None = None  # (ref, status) since --base
    base_label: str = ""  # how the base is named in messages


@dataclass(frozen=True)
class NoOptions:
    """The options of a rule that has none."""


def options_class(rule: Any) -> type:
    return getattr(rule, "Options", NoOptions)


def legacy_keys(rule: Any) -> Mapping[str, str]:
    """Top-level `[tool.leadarch]` keys the rule still accepts → its option names."""
    return getattr(rule, "LEGACY", {})


def make_options(rule: Any, values: Mapping[str, Any], where: str) -> Any:
    """The rule's Options from configured values, each checked against its field's type;
    ValueError says which key is wrong and what it must be."""
    cls = options_class(rule)
    declared = {f.name: f for f in fields(cls)}
    unknown = sorted(set(values) - set(declared))
    if unknown:
        allowed = ", ".join(declared) or "none"
        raise ValueError(f"{where}: unknown option(s) {', '.join(unknown)}; allowed: {allowed}")
    hints = typing.get_type_hints(cls)
    return cls(**{k: _coerce(v, hints[k], f"{where} {k}") for k, v in values.items()})


def _coerce(value: Any, kind: Any, where: str) -> Any:
    """A TOML value as the field's type: a number, a string, a tuple of strings, or None."""
    options = typing.get_args(kind) if _is_union(kind) else (kind,)
    if value is None and type(None) in options:
        return None
    for option in options:
        origin = typing.get_origin(option)
        if option is float and isinstance(value, int | float) and not isinstance(value, bool):
            return float(value)
        if option is int and isinstance(value, int) and not isinstance(value, bool):
            return value
        if option is str and isinstance(value, str):
            return value
        if option is bool and isinstance(value, bool):
            return value
        if origin is tuple and isinstance(value, list) and all(isinstance(v, str) for v in value):
            return tuple(value)
    raise ValueError(f"{where} must be {_describe(kind)}, not {value!r}")


def _is_union(kind: Any) -> bool:
    return typing.get_origin(kind) in (typing.Union, types.UnionType)


def _describe(kind: Any) -> str:
    options = typing.get_args(kind) if _is_union(kind) else (kind,)
    names = {float: "a number", int: "a whole number", str: "text", bool: "true or false"}
    said = [
        "a list of strings" if typing.get_origin(o) is tuple else names.get(o, str(o))
        for o in options
        if o is not type(None)
    ]
    return " or ".join(said)
