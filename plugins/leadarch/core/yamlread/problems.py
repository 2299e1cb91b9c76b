"""What both YAML readers share: the bounds of a file, the problems they report (at a
line and column), the positions they record, and the data they return."""

from __future__ import annotations

from typing import Any

from leadarch import codes
from leadarch.core.findings import Pointer
from leadarch.core.records import dataclass, field

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_DEPTH = 64
MAX_ALIAS_NODES = 100_000
MAX_LINE_CHARS = 20_000
# Keys, values and items of one file. Composing a node costs the located reader about
# 600 bytes, so this bounds a file's parse at about 300 MB; 20,000 fields of a dozen keys
# each are about 250,000 nodes. Only a file whose cheap upper bound (_node_bound) is above
# it pays for the exact count, a stream of parser events that stops at the limit.
MAX_NODES = 500_000
# Libyaml's composer recurses in C: it overflows the 8 MB stack beyond ~20,000 levels
# and slows down quadratically long before. A file with at most this many opening
# flow brackets and lines at most this long nests at most ~15,000 levels (no crash,
# a fraction of a second at worst); only other files pay for the exact event pre-scan.
_DEPTH_SCAN_BRACKETS = 10_000
_DEPTH_SCAN_LINE = 5_000


class YamlProblem(Exception):
    """A reason the file cannot be read, at a 1-based line and column."""

    def __init__(self, code: str, message: str, line: int, column: int, hint: str = "") -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.line = line
        self.column = column
        self.hint = hint


@dataclass
class Positions:
    """1-based (line, column) of every value, and of every mapping key, by pointer."""

    values: dict[Pointer, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Pointer, tuple[int, int]] = field(default_factory=dict)

    def find(self, pointer: Pointer, on_key: bool = False) -> tuple[int, int]:
        """The node's position, or the nearest ancestor's when the node is absent."""
        if on_key and pointer in self.keys:
            return self.keys[pointer]
        while pointer:
            if pointer in self.values:
                return self.values[pointer]
            pointer = pointer[:-1]
        return self.values.get((), (1, 1))


@dataclass
class ParsedYaml:
    data: Any
    positions: Positions | None  # None: not located yet (the fast reader read it)
    duplicates: list[YamlProblem]


def decode(raw: bytes) -> str:
    """UTF-8 (a BOM is fine) or a located YamlProblem."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        start = exc.start
        line = raw.count(b"\n", 0, start) + 1
        column = start - (raw.rfind(b"\n", 0, start) + 1) + 1
        raise YamlProblem(
            codes.ENCODING,
            f"file is not valid UTF-8 (byte 0x{raw[start]:02x})",
            line,
            column,
            "save the file as UTF-8 in your editor",
        ) from None


def _check_line_length(text: str) -> None:
    for number, line in enumerate(text.splitlines(), 1):
        if len(line) > MAX_LINE_CHARS:
            raise YamlProblem(
                codes.RESOURCE_LIMIT,
                f"line {number} is {len(line):,} characters long, above the limit of {MAX_LINE_CHARS:,}",
                number,
                MAX_LINE_CHARS + 1,
                "break the value over several lines (a folded `>-` block keeps it one paragraph)",
            )


def _longest_line(text: str) -> int:
    if len(text) <= _DEPTH_SCAN_LINE:
        return len(text)
    return max(map(len, text.splitlines()), default=0)


def check_bounds(text: str) -> None:
    if len(text) > MAX_LINE_CHARS:
        _check_line_length(text)


def needs_event_scan(text: str) -> bool:
    """Too many brackets or too long a line to trust a nesting bound without a scan, or
    possibly more nodes than MAX_NODES."""
    brackets = text.count("[") + text.count("{")
    return (
        brackets > _DEPTH_SCAN_BRACKETS
        or _longest_line(text) > _DEPTH_SCAN_LINE
        or _node_bound(text, brackets) > MAX_NODES
    )


def _node_bound(text: str, brackets: int) -> int:
    """At least as many as the nodes of `text`: every node starts at a line, after a dash,
    a colon (a key's value, and a flow key after it), a comma, a bracket or a `?`."""
    return (
        1
        + text.count("\n")
        + text.count("-")
        + 2 * text.count(":")
        + text.count(",")
        + brackets
        + text.count("?")
    )
