"""Configuration of the repository a command runs in: `leadarch.toml`, or `[tool.leadarch]`
in a pyproject.toml, found from the command's folder upwards (`core.paths.find_project`)."""

from __future__ import annotations

import functools
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from leadarch.core.findings import Severity
from leadarch.core.limits import KEYS as LIMIT_KEYS
from leadarch.core.limits import Limits, parse_limits
from leadarch.core.paths import CONFIG_FILE, find_project
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
    source: Path | None = None  # the leadarch.toml or pyproject.toml read, if any
    folder: Path | None = None  # the repository's folder, where `catalog` is relative to
    min_fitness: float | None = None  # [measure] min_fitness: `measure --check` fails below it

    def options_for(self, rule: Any) -> Any:
        """The rule's options: as configured, else its defaults."""
        found = self.rules.get(rule.CODE)
        return found if found is not None else options_class(rule)()


_KEYS = {"catalog", "select", "ignore", "severity", "rules", "measure", *LIMIT_KEYS}


def load_config(start: Path | None = None) -> Config:
    found = find_project((start or Path.cwd()).resolve())
    if found is None:
        return Config()
    folder, path = found
    if path is None:
        return Config(folder=folder)
    try:
        info = path.stat()
    except OSError as exc:
        raise CannotRun(f"{path}: cannot read the configuration: {exc.strerror}") from None
    return _read_config(path, info.st_mtime_ns, info.st_size)


@functools.lru_cache(maxsize=16)
def _read_config(path: Path, mtime_ns: int, size: int) -> Config:
    """One file's configuration, read once per version of it (a command asks more than
    once; the lint server, for many commands)."""
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise CannotRun(f"{path}: cannot read the configuration: {exc}") from None
    table = document if path.name == CONFIG_FILE else document.get("tool", {}).get("leadarch", {})
    if not isinstance(table, dict):
        raise CannotRun(f"{path}: [tool.leadarch] must be a table")
    return parse_config(table, path)


def parse_config(table: dict[str, Any], path: Path | None = None) -> Config:
    if path is None:
        where = "[tool.leadarch]"
    else:
        where = str(path) if path.name == CONFIG_FILE else f"{path}: [tool.leadarch]"
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
        min_fitness=_min_fitness(table.get("measure", {}), where),
        catalog=str(table.get("catalog", "catalog")),
        select=_codes(table.get("select", []), where),
        ignore=_codes(table.get("ignore", []), where),
        severity=severity,
        rules=rules,
        limits=limits,
        source=path,
        folder=path.parent if path is not None else None,
    )


def _min_fitness(table: Any, where: str) -> float | None:
    if not isinstance(table, dict) or set(table) - {"min_fitness"}:
        raise CannotRun(f"{where}: [measure] takes one key, min_fitness (a share, 0 to 1)")
    value = table.get("min_fitness")
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
        raise CannotRun(
            f"{where}: [measure] min_fitness must be a share from 0 to 1, not {value!r}"
        )
    return float(value)


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
