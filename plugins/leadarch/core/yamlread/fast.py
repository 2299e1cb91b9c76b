"""The fast read: rapidyaml parses, emits JSON, and the C JSON decoder builds the data.

About fifteen times faster than composing with libyaml and converting in Python, but it
knows nothing of positions and resolves a few plain scalars differently from the YAML 1.2
core schema we promise (``~``, ``True``, ``0x1F``, ``007``…). So it only answers for a
file it reads exactly as the located reader would: a pre-scan sends every file that uses
anchors, aliases, tags, merge or complex keys, directives, reserved indicators, tabs or
characters libyaml rejects to the located reader, and so does a parse error, a duplicate,
empty or number-like key, an extra document, runaway nesting, or any string the core
schema would have typed had it been written plain. The located reader then reads the
file, or reports its problem with a line and column. A clean file never needs positions;
when a finding does, the loader locates that file on demand. The tests compare both
readers on the example catalog, the benchmark catalogs and generated documents.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import ryml

NOT_SURE: Any = object()  # the located reader must decide

_SUSPECT = re.compile(
    # characters libyaml rejects (C0/C1 controls, DEL, U+FFFE/U+FFFF), YAML 1.1 line breaks
    # (NEL, U+2028, U+2029: plain characters to rapidyaml), tabs, and indicators that at
    # the start of a node are not plain text (``%@``` are reserved)
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff\t&*!?%@`<]"
)
_NODE_PREFIX = frozenset("\n\r:-?[{,")
# `]`, `}` or `:` where a block node starts, `:` where a flow node starts: libyaml rejects
# them (YAML 1.2 allows some plain scalars starting with ":"; rapidyaml is more lenient)
_PUNCTUATION_START = re.compile(r"[\n:?-][ ]*[\]}:]|[\[{,][ ]*:")
_SEPARATOR = frozenset(("", " ", "\n", "\r"))
# A string the YAML 1.2 core schema would type if it was written plain: rapidyaml's JSON
# leaves some of these as strings (``~``, ``True``, ``0x1F``, ``007``, ``.inf``…).
_CORE_TYPED = re.compile(
    r"~|true|True|TRUE|false|False|FALSE|null|Null|NULL|[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+"
    r"|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)"
)
_TYPED_FIRST = frozenset("~tTfFnN0123456789+-.")
_NUMBER_FIRST = frozenset("0123456789+-.")
_STDERR = 2


def quick_load(text: str, max_depth: int) -> Any:
    """The data of `text`, or NOT_SURE when only the located reader can answer exactly."""
    if _needs_located_reader(text):
        return NOT_SURE
    try:
        with _quiet_stderr():
            tree = ryml.parse_in_arena(text.encode("utf-8"))
            emitted = ryml.emit_json(tree)
        documents = tree.is_stream(tree.root_id())
    except Exception:  # any failure of the fast reader means "ask the located one"
        return NOT_SURE
    if emitted is None:
        return None
    try:
        emitted.encode("utf-8")  # escapes of lone surrogates: libyaml's error to report
        data = json.loads(emitted, object_pairs_hook=_unique_keys, parse_constant=_no_constant)
    except (ValueError, RecursionError):  # UnicodeEncodeError is a ValueError
        return NOT_SURE
    if documents:
        if not isinstance(data, list) or len(data) != 1:
            return NOT_SURE
        data = data[0]
    return data if _plain_and_shallow(data, max_depth) else NOT_SURE


def _needs_located_reader(text: str) -> bool:
    """Anchors, aliases, tags, complex or merge keys, directives, or characters libyaml
    rejects: constructs the JSON route would flatten or accept silently."""
    for match in _SUSPECT.finditer(text):
        at = match.start()
        char = text[at]
        if char == "<":
            if text[at + 1 : at + 2] == "<":
                return True
        elif char in "&*!?%@`":
            if _starts_node(text, at) and (char != "?" or text[at + 1 : at + 2] in _SEPARATOR):
                return True
        else:
            return True
    return _PUNCTUATION_START.search(text) is not None


def _starts_node(text: str, at: int) -> bool:
    """Whether `at` may begin a node: first on its line, or after `:`, `-`, `?` or a flow
    indicator (a `*` in the middle of a sentence is just a character)."""
    before = at - 1
    while before >= 0 and text[before] == " ":
        before -= 1
    return before < 0 or text[before] in _NODE_PREFIX


class _Unsure(ValueError):
    pass


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """Duplicate keys, empty keys (rapidyaml accepts ``: x``, libyaml does not) and
    number-like keys (rapidyaml rewrites ``-.Inf`` as ``-.inf``) need the located reader."""
    mapping = dict(pairs)
    if len(mapping) != len(pairs) or "" in mapping:
        raise _Unsure
    for key in mapping:
        if key[:1] in _NUMBER_FIRST:
            raise _Unsure
    return mapping


def _no_constant(name: str) -> Any:
    raise ValueError(name)


def _plain_and_shallow(data: Any, max_depth: int) -> bool:
    """No container nests deeper than `max_depth`, and no string is one the core schema
    would have typed (it may have been written plain). Breadth-first: no recursion."""
    if type(data) is str:
        return not _typed_if_plain(data)
    level = [data] if isinstance(data, (dict, list)) else []
    depth = 0
    while level:
        depth += 1
        if depth > max_depth:
            return False
        deeper = []
        for container in level:
            for value in container.values() if type(container) is dict else container:
                kind = type(value)
                if kind is str:  # _typed_if_plain, inlined: this loop sees every value
                    if value[:1] in _TYPED_FIRST and _CORE_TYPED.fullmatch(value):
                        return False
                elif kind is dict or kind is list:
                    deeper.append(value)
        level = deeper
    return True


def _typed_if_plain(value: str) -> bool:
    return value[:1] in _TYPED_FIRST and _CORE_TYPED.fullmatch(value) is not None


@contextmanager
def _quiet_stderr() -> Iterator[None]:
    """rapidyaml prints its own parse errors on file descriptor 2; the located reader
    reports them properly, so they are silenced for the microseconds it runs (the
    redirection is process-wide: another thread's output in that instant is lost too)."""
    saved = os.dup(_STDERR)
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(devnull, _STDERR)
        finally:
            os.close(devnull)
        yield
    finally:
        os.dup2(saved, _STDERR)
        os.close(saved)
