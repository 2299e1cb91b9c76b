"""Configuration from `[tool.leadarch]` in the nearest pyproject.toml."""

from __future__ import annotations

import functools
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from leadarch.core.findings import Severity
from leadarch.core.limits import KEYS as LIMIT_KEYS
from leadarch.core.limits import Limits, parse_limits
from leadarch.core.paths import find_pyproject
from leadarch.errors import CannotRun

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


@dataclass(frozen=True)
class RuleOptions:
    coverage_threshold: float = 100.0  # % of entities with documentation below which LA100 warns
    lead_working_roles: tuple[str, ...] | None = None  # None: roles that own a queue
    base_changes: tuple[tuple[str, str], ...] | None = None  # (ref, status) since --base, for LA110
    base_label: str = ""
    privacy_allow: tuple[str, ...] = ()  # e-mail addresses / numbers LA120 accepts (team mailboxes)


@dataclass(frozen=True)
class Config:
    catalog: str = "catalog"
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: dict[str, Severity] = field(default_factory=dict)
    options: RuleOptions = field(default_factory=RuleOptions)
    limits: Limits = field(default_factory=Limits)
    source: Path | None = None  # the pyproject.toml read, if any


_KEYS = {
    "catalog",
    "select",
    "ignore",
    "severity",
    "coverage_threshold",
    "lead_working_roles",
    "privacy_allow",
    *LIMIT_KEYS,
}


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
    unknown = set(table) - _KEYS
    if unknown:
        raise CannotRun(
            f"{where}: unknown key(s) {', '.join(sorted(unknown))}; allowed: {', '.join(sorted(_KEYS))}"
        )
    try:
        severity = {
            code.upper(): Severity(level) for code, level in table.get("severity", {}).items()
        }
    except ValueError as exc:
        raise CannotRun(f"{where}: severity must be error, warning or info ({exc})") from None
    roles = table.get("lead_working_roles")
    try:
        limits = parse_limits(table, where)
    except ValueError as exc:
        raise CannotRun(str(exc)) from None
    return Config(
        catalog=str(table.get("catalog", "catalog")),
        select=_codes(table.get("select", []), where),
        ignore=_codes(table.get("ignore", []), where),
        severity=severity,
        options=RuleOptions(
            coverage_threshold=float(table.get("coverage_threshold", 100.0)),
            lead_working_roles=tuple(roles) if roles is not None else None,
            privacy_allow=tuple(str(a) for a in table.get("privacy_allow", [])),
        ),
        limits=limits,
        source=path,
    )


def _codes(value: Any, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = value.split(",")
    if not isinstance(value, list):
        raise CannotRun(f"{where}: select/ignore must be a list of rule codes")
    return tuple(str(v).strip().upper() for v in value if str(v).strip())
