"""Configuration from `[tool.leadarch]` in the nearest pyproject.toml."""

from __future__ import annotations

import functools
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from leadarch.core.findings import Severity
from leadarch.core.limits import KEYS as LIMIT_KEYS
from leadarch.core.limits import Limits, parse_limits
from leadarch.core.paths import find_pyproject
from leadarch.core.records import dataclass, field
from leadarch.errors import CannotRun
from leadarch.lint.options import legacy_keys, make_options, options_class

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


@dataclass(frozen=True)
class Config:
    catalog: str = "catalog"
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: dict[str, Severity] = field(default_factory=dict)
    rules: Mapping[str, Any] = field(default_factory=dict)  # code → the rule's Options, as set
    limits: Limits = field(default_factory=Limits)
    source: Path | None = None  # the pyproject.toml read, if any

    def options_for(self, rule: Any) -> Any:
        """The rule's options: as configured, else its defaults."""
        found = self.rules.get(rule.CODE)
        return found if found is not None else options_class(rule)()


_KEYS = {"catalog", "select", "ignore", "severity", "rules", *LIMIT_KEYS}


def load_config(start: Path | None = None) -> Config:
    path = find_pyproject((start or Path.cwd()).resolve())
    if path is None:
        return Config()
    try:
        info = path.stat()
    except OSError as exc:
        raise CannotRun(f"{path}: cannot read [tool.leadarch]: {exc.strerror}") from None
    return _read_config(path, info.st_mtime_ns, info.st_size)


@functools.lru_cache(maxsize=16)
def _read_config(path: Path, mtime_ns: int, size: int) -> Config:
    """One file's configuration, read once per version of it (a command asks more than
    once; the lint server, for many commands)."""
    try:
        table = tomllib.loads(path.read_text(encoding="utf-8")).get("tool", {}).get("leadarch", {})
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise CannotRun(f"{path}: cannot read [tool.leadarch]: {exc}") from None
    return parse_config(table, path)


def parse_config(table: dict[str, Any], path: Path | None = None) -> Config:
    where = f"{path}: [tool.leadarch]" if path else "[tool.leadarch]"
    try:
        severity = {
            code.upper(): Severity(level) for code, level in table.get("severity", {}).items()
        }
    except ValueError as exc:
        raise CannotRun(f"{where}: severity must be error, warning or info ({exc})") from None
    try:
        limits = parse_limits(table, where)
        rules = _rule_options(table, where) if set(table) - (_KEYS - {"rules"}) else {}
    except ValueError as exc:
        raise CannotRun(str(exc)) from None
    return Config(
        catalog=str(table.get("catalog", "catalog")),
        select=_codes(table.get("select", []), where),
        ignore=_codes(table.get("ignore", []), where),
        severity=severity,
        rules=rules,
        limits=limits,
        source=path,
    )


def _rule_options(table: dict[str, Any], where: str) -> dict[str, Any]:
    """`[tool.leadarch.rules.<CODE>]` tables, and the older top-level keys that mean the
    same (each rule module says which it accepts), as each rule's Options."""
    from leadarch.lint.rules import RULES, RULES_BY_CODE

    legacy = {key: (rule, name) for rule in RULES for key, name in legacy_keys(rule).items()}
    unknown = sorted(set(table) - _KEYS - set(legacy))
    if unknown:
        allowed = ", ".join(sorted(_KEYS | set(legacy)))
        raise ValueError(f"{where}: unknown key(s) {', '.join(unknown)}; allowed: {allowed}")
    values: dict[str, dict[str, Any]] = {}
    for key, (rule, name) in legacy.items():
        if key in table:
            values.setdefault(rule.CODE, {})[name] = table[key]
    tables = table.get("rules", {})
    if not isinstance(tables, dict):
        raise ValueError(f"{where}: `rules` must be tables such as [tool.leadarch.rules.LA100]")
    for code, options in tables.items():
        code = str(code).upper()
        if code not in RULES_BY_CODE or not isinstance(options, dict):
            raise ValueError(f"{where}: [rules.{code}] names no rule; `leadarch rules` lists them")
        values.setdefault(code, {}).update(options)
    return {
        code: make_options(RULES_BY_CODE[code], given, f"{where} rules.{code}:")
        for code, given in values.items()
    }


def _codes(value: Any, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = value.split(",")
    if not isinstance(value, list):
        raise CannotRun(f"{where}: select/ignore must be a list of rule codes")
    return tuple(str(v).strip().upper() for v in value if str(v).strip())
