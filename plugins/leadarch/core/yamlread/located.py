"""Read one YAML document into plain data plus a position index, safely and fast.

PyYAML's C parser composes the node graph (keeping line/column marks) about ten times
faster than a pure-Python load. We then build plain Python data ourselves so that we
control everything a hostile or broken file could abuse: tags that build objects,
aliases that expand exponentially, nesting that blows the stack, duplicate keys, bytes
that are not UTF-8. Scalars follow the YAML 1.2 core schema: only ``true``/``false``
are booleans (so a picklist value ``No`` stays a string) and dates stay strings.
"""

from __future__ import annotations

import re
from typing import Any

import yaml
from yaml._yaml import CParser
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from leadarch import codes
from leadarch.core.findings import Pointer
from leadarch.core.yamlread.problems import (
    MAX_ALIAS_NODES,
    MAX_DEPTH,
    MAX_NODES,
    ParsedYaml,
    Positions,
    YamlProblem,
    check_bounds,
    needs_event_scan,
)

_STD = "tag:yaml.org,2002:"
_ALLOWED_TAGS = {
    _STD + t for t in ("str", "int", "float", "bool", "null", "seq", "map", "timestamp")
}


class _Core12Resolver(yaml.resolver.BaseResolver):
    """YAML 1.2 core schema resolution: no yes/no/on/off booleans, no timestamps."""


for _tag, _regexp, _first in (
    ("bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", "-+0123456789"),
    (
        "float",
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        "-+0123456789.",
    ),
    ("null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
):
    _Core12Resolver.add_implicit_resolver(_STD + _tag, re.compile(_regexp), list(_first))
_Core12Resolver.add_implicit_resolver(_STD + "merge", re.compile(r"^<<$"), ["<"])


_STR_TAG = _STD + "str"
_IMPLICIT_FIRST = frozenset("tTfF-+0123456789.~nN<")


class _Composer(CParser, _Core12Resolver):
    def __init__(self, text: str) -> None:
        CParser.__init__(self, text)
        _Core12Resolver.__init__(self)

    def resolve(self, kind: type, value: Any, implicit: Any) -> str:
        # Fast path: most scalars are quoted or start with a letter no implicit type uses.
        if kind is ScalarNode and implicit[0] and value and value[0] not in _IMPLICIT_FIRST:
            return _STR_TAG
        if kind is ScalarNode and not implicit[0]:
            return _STR_TAG if implicit[1] else str(super().resolve(kind, value, implicit))
        return str(super().resolve(kind, value, implicit))


def parse(text: str) -> ParsedYaml:
    """Compose ``text`` and convert it to plain data with positions."""
    check_bounds(text)
    if needs_event_scan(text):
        scan_events(text)
    return parse_checked(text)


def parse_checked(text: str) -> ParsedYaml:
    """`parse` for a text whose bounds (lines, nesting, nodes) were already checked."""
    composer = _Composer(text)
    try:
        node = composer.get_single_node()
    except yaml.MarkedYAMLError as exc:
        raise _syntax_problem(exc) from None
    except yaml.YAMLError as exc:
        raise YamlProblem(codes.SYNTAX_ERROR, f"YAML cannot be read: {exc}", 1, 1) from None
    finally:
        composer.dispose()
    builder = _Builder()
    data = builder.build(node) if node is not None else None
    return ParsedYaml(data, builder.positions, builder.duplicates)


_OPENING = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
_CLOSING = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
_NODE_EVENTS = (*_OPENING, yaml.ScalarEvent, yaml.AliasEvent)


def scan_events(text: str) -> None:
    """Walk parser events (an iterative state machine in C, nothing composed) to bound
    nesting and the number of nodes before either reader builds anything."""
    depth = nodes = 0
    try:
        for event in yaml.parse(text, Loader=yaml.CSafeLoader):
            if isinstance(event, _NODE_EVENTS):
                nodes += 1
                if nodes > MAX_NODES:
                    line, column = _at(event)
                    raise _too_many_nodes(line, column)
            if isinstance(event, _OPENING):
                depth += 1
                if depth > MAX_DEPTH:
                    raise _too_deep(*_at(event))
            elif isinstance(event, _CLOSING):
                depth -= 1
    except yaml.MarkedYAMLError as exc:
        raise _syntax_problem(exc) from None


def _at(event: yaml.Event) -> tuple[int, int]:
    """1-based line and column where a parser event starts (libyaml always marks them)."""
    mark = event.start_mark
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)


def _too_many_nodes(line: int, column: int) -> YamlProblem:
    return YamlProblem(
        codes.RESOURCE_LIMIT,
        f"the file holds more than {MAX_NODES:,} keys, values and items",
        line,
        column,
        "split the file: a kind may be spread over many files",
    )


def _too_deep(line: int, column: int) -> YamlProblem:
    return YamlProblem(
        codes.RESOURCE_LIMIT,
        f"nesting is deeper than {MAX_DEPTH} levels",
        line,
        column,
        "a catalog never needs this depth; check for runaway brackets",
    )


def _syntax_problem(exc: yaml.MarkedYAMLError) -> YamlProblem:
    mark = exc.problem_mark or exc.context_mark
    problem = exc.problem or "syntax error"
    context = f" ({exc.context}" if exc.context else ""
    if context and exc.context_mark and exc.context_mark is not mark:
        context += f" at line {exc.context_mark.line + 1}, column {exc.context_mark.column + 1}"
    context += ")" if context else ""
    hint = _syntax_hint(problem)
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    return YamlProblem(
        codes.SYNTAX_ERROR, f"YAML syntax error: {problem}{context}", line, column, hint
    )


def _syntax_hint(problem: str) -> str:
    if "mapping values are not allowed" in problem:
        return 'a plain value contains ": " — put the whole value in double quotes'
    if "found character '\\t'" in problem or "tab" in problem:
        return "YAML indents with spaces, never tabs"
    if "could not find expected ':'" in problem:
        return "check the indentation and that every key ends with a colon"
    return "check indentation, quotes and brackets on this line and the one before"


class _Builder:
    """Converts a composed node graph to plain data, recording every position."""

    def __init__(self) -> None:
        self.positions = Positions()
        self.duplicates: list[YamlProblem] = []
        self._seen: set[int] = set()
        self._open: set[int] = set()
        self._alias_nodes = 0
        self._sizes: dict[int, int] = {}
        self._parents: list[Node] = []
        self._alias_site: Node | None = None  # container where the outermost alias is used

    def build(self, node: Node) -> Any:
        return self._node(node, (), 0)

    def _node(self, node: Node, pointer: Pointer, depth: int) -> Any:
        mark = node.start_mark
        self.positions.values[pointer] = (mark.line + 1, mark.column + 1)
        if isinstance(node, ScalarNode):
            return _scalar(node)
        if depth >= MAX_DEPTH:
            raise _too_deep(mark.line + 1, mark.column + 1)
        key = id(node)
        if key in self._open:
            raise YamlProblem(
                codes.RESOURCE_LIMIT,
                "an alias refers to its own parent (recursive data)",
                mark.line + 1,
                mark.column + 1,
            )
        outermost_alias = key in self._seen and self._alias_site is None
        if outermost_alias:
            self._alias_site = self._parents[-1] if self._parents else node
            self._count_alias(node)
        self._seen.add(key)
        self._open.add(key)
        self._parents.append(node)
        try:
            if isinstance(node, SequenceNode):
                _check_tag(node)
                return [
                    self._node(item, (*pointer, i), depth + 1) for i, item in enumerate(node.value)
                ]
            return self._mapping(node, pointer, depth)  # type: ignore[arg-type]
        finally:
            self._open.discard(key)
            self._parents.pop()
            if outermost_alias:
                self._alias_site = None

    def _count_alias(self, node: Node) -> None:
        """Count an alias's whole expansion once, at its outermost use."""
        self._alias_nodes += self._size(node)
        if self._alias_nodes > MAX_ALIAS_NODES:
            mark = (self._alias_site or node).start_mark
            raise YamlProblem(
                codes.RESOURCE_LIMIT,
                f"aliases expand to more than {MAX_ALIAS_NODES:,} nodes (an alias bomb?)",
                mark.line + 1,
                mark.column + 1,
                "write the repeated data out, or use fewer nested aliases",
            )

    def _size(self, node: Node) -> int:
        key = id(node)
        if key not in self._sizes:
            self._sizes[key] = 1  # guards recursion through a cycle
            if isinstance(node, SequenceNode):
                self._sizes[key] = 1 + sum(self._size(n) for n in node.value)
            elif isinstance(node, MappingNode):
                self._sizes[key] = 1 + sum(self._size(k) + self._size(v) for k, v in node.value)
        return self._sizes[key]

    def _mapping(self, node: MappingNode, pointer: Pointer, depth: int) -> dict[str, Any]:
        _check_tag(node)
        out: dict[str, Any] = {}
        merges: list[Node] = []
        for key_node, value_node in node.value:
            if key_node.tag == _STD + "merge":
                merges.append(value_node)
                continue
            key = self._key(key_node)
            child = (*pointer, key)
            if key in out:
                first = self.positions.keys[child]
                mark = key_node.start_mark
                self.duplicates.append(
                    YamlProblem(
                        codes.DUPLICATE_KEY,
                        f"duplicate key '{key}' (first defined at line {first[0]}); the second value would silently win",
                        mark.line + 1,
                        mark.column + 1,
                        "remove one of the two keys, or merge their values",
                    )
                )
                continue
            self.positions.keys[child] = (
                key_node.start_mark.line + 1,
                key_node.start_mark.column + 1,
            )
            out[key] = self._node(value_node, child, depth + 1)
        for merge in merges:
            self._merge(out, merge, pointer, depth)
        return out

    def _merge(self, out: dict[str, Any], merge: Node, pointer: Pointer, depth: int) -> None:
        sources = merge.value if isinstance(merge, SequenceNode) else [merge]
        for source in sources:
            if not isinstance(source, MappingNode):
                mark = source.start_mark
                raise YamlProblem(
                    codes.SYNTAX_ERROR,
                    "a merge key (<<) needs a mapping or a list of mappings",
                    mark.line + 1,
                    mark.column + 1,
                )
            merged = self._node(source, (*pointer, "<<"), depth)
            for key, value in merged.items():
                if key not in out:
                    out[key] = value
                    here, there = (*pointer, key), (*pointer, "<<", key)
                    self.positions.keys[here] = self.positions.keys[there]
                    self.positions.values[here] = self.positions.values[there]

    def _key(self, node: Node) -> str:
        mark = node.start_mark
        if not isinstance(node, ScalarNode):
            raise YamlProblem(
                codes.SYNTAX_ERROR,
                "a mapping key must be a plain value, not a list or mapping",
                mark.line + 1,
                mark.column + 1,
            )
        value = _scalar(node)
        return value if isinstance(value, str) else node.value


def _check_tag(node: Node) -> None:
    if node.tag not in _ALLOWED_TAGS:
        mark = node.start_mark
        raise YamlProblem(
            codes.UNSAFE_YAML,
            f"tag '{_display_tag(node.tag)}' is not allowed: a catalog holds plain data only",
            mark.line + 1,
            mark.column + 1,
            "remove the tag; write the value as plain text, number, list or mapping",
        )


def _display_tag(tag: str) -> str:
    return "!!" + tag[len(_STD) :] if tag.startswith(_STD) else tag


def _scalar(node: ScalarNode) -> Any:
    tag, value = node.tag, node.value
    if tag == _STD + "str" or tag == _STD + "timestamp":
        return value
    if tag == _STD + "null":
        return None
    if tag == _STD + "bool":
        return value.lower() == "true"
    if tag == _STD + "int":
        return _int(value)
    if tag == _STD + "float":
        return _float(value)
    _check_tag(node)
    return value


def _int(text: str) -> int:
    if text.startswith("0o"):
        return int(text[2:], 8)
    if text.startswith("0x"):
        return int(text[2:], 16)
    return int(text)


def _float(text: str) -> float:
    lowered = text.lower()
    if lowered.endswith(".inf"):
        return float("-inf") if lowered.startswith("-") else float("inf")
    if lowered == ".nan":
        return float("nan")
    return float(text)
