"""Reading a JSON export as untrusted input: every value the readers take is checked for
the shape the CRM documents, and a bad one stops the command with its JSON path
(`Lead.json: fields[3].picklistValues[0].value: must be text, not null`) — never an
internal error, and never a value turned into something else on the way (a string read
as a list of its letters, a null written as `None`, one option written twice)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from leadarch.errors import CannotRun

_NAMES = {
    type(None): "null",
    bool: "true/false",
    int: "a number",
    float: "a number",
    str: "text",
    list: "a list",
    dict: "an object",
}


class Shape:
    """Checks for the values of one export file (`export`: as the user named it)."""

    def __init__(self, export: str) -> None:
        self.export = export

    def refuse(self, where: str, problem: str) -> CannotRun:
        return CannotRun(f"{self.export}: {where}: {problem}")

    def mapping(self, value: Any, where: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.refuse(where, f"must be an object, not {_kind(value)}")
        return value

    def items(self, value: Any, where: str) -> list[Any]:
        """A list; absent (null) is an empty one."""
        if value is None:
            return []
        if not isinstance(value, list):
            raise self.refuse(where, f"must be a list, not {_kind(value)}")
        return value

    def text(self, value: Any, where: str, *, empty: bool = False) -> str:
        """Text; empty text only where the CRM allows it (`empty`: a blank option)."""
        if isinstance(value, str) and empty:
            return value
        if not isinstance(value, str) or not value.strip():
            said = "empty text" if isinstance(value, str) else _kind(value)
            raise self.refuse(where, f"must be text, not {said}")
        return value

    def optional_text(self, value: Any, where: str) -> str | None:
        if value is None or value == "":
            return None
        if not isinstance(value, str):
            raise self.refuse(where, f"must be text, not {_kind(value)}")
        return value

    def flag(self, value: Any, where: str, default: bool) -> bool:
        if value is None:
            return default
        if not isinstance(value, bool):
            raise self.refuse(where, f"must be true or false, not {_kind(value)}")
        return value

    def texts(self, value: Any, where: str) -> tuple[str, ...]:
        return tuple(self.text(v, f"{where}[{i}]") for i, v in enumerate(self.items(value, where)))

    def whole_number(self, value: Any, where: str) -> int | None:
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise self.refuse(where, f"must be a whole number, not {_kind(value)}")
        return value or None

    def unique(self, named: Iterable[tuple[str, str]], what: str) -> None:
        """(name, where) pairs: a name seen twice is refused where it repeats."""
        first: dict[str, str] = {}
        for name, where in named:
            if name in first:
                raise self.refuse(where, f"{what} {name!r} appears twice (first at {first[name]})")
            first[name] = where


def _kind(value: Any) -> str:
    return _NAMES.get(type(value), type(value).__name__)
