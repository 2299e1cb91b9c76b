"""Findings: what the lint, the semantic diff and the CRM drift report, in one sortable
shape (`Diagnostic`), rendered by the one reporter registry (`leadarch.report`)."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, NamedTuple

from leadarch.core.printable import printable
from leadarch.core.records import dataclass, field

Pointer = tuple[str | int, ...]


class Severity(str, enum.Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class Location(NamedTuple):
    """Where a finding points: a file and a path of keys/indexes inside its data.

    ``on_key`` asks for the position of the last key rather than its value (unknown
    and duplicate keys). ``line``/``column`` are set directly when no data exists,
    as for a syntax error. A named tuple: tens of thousands are made per lint.
    """

    file: str
    pointer: Pointer = ()
    on_key: bool = False
    line: int | None = None
    column: int | None = None

    def child(self, *parts: str | int, on_key: bool = False) -> Location:
        return _new_location(Location, (self.file, self.pointer + parts, on_key, None, None))


@dataclass(frozen=True)
class Finding:
    """What a rule or a pipeline step reports, before the engine stamps code and severity."""

    message: str
    where: Location
    hint: str | None = None
    entity: str | None = None
    code: str | None = None


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One finding, located at the YAML node at fault (1-based line and column).

    `detail` holds what a kind of report shows beyond the message: a diff's attribute
    changes and impact, a drift's kind and field; a lint finding has none."""

    path: str
    line: int
    column: int
    code: str
    severity: Severity = field(compare=False)
    message: str = ""
    entity: str | None = field(default=None, compare=False)
    hint: str | None = field(default=None, compare=False)
    detail: Mapping[str, Any] = field(default_factory=lambda: _NO_DETAIL, compare=False)

    def __str__(self) -> str:
        """For people: the file name and the message printed safely (`leadarch.core.printable`)."""
        return (
            f"{printable(self.path)}:{self.line}:{self.column}: "
            f"{self.code} {self.severity.value}: {printable(self.message)}"
        )

    def to_dict(self) -> dict[str, object]:
        out: dict[str, object] = {
            "code": self.code,
            "severity": self.severity.value,
            "message": self.message,
            "path": self.path,
            "line": self.line,
            "column": self.column,
        }
        if self.entity:
            out["entity"] = self.entity
        if self.hint:
            out["hint"] = self.hint
        return out


_NO_DETAIL: Mapping[str, Any] = MappingProxyType({})
_new_location = tuple.__new__  # skips the generated __new__ in the hottest constructor
