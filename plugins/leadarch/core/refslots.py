"""Where references live, read from the schemas' `x-leadarch-ref` annotations.

A schema property annotated `"x-leadarch-ref": "role"` holds a role id; an object
annotated `"x-leadarch-ref-keys": "system"` has system ids as keys; `"any"` means a
`kind:id` reference. Compiling the schemas once into a small tree keeps the schemas
the single source of truth for what refers to what.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import Any, NamedTuple

from leadarch.core.findings import Pointer
from leadarch.core.records import dataclass
from leadarch.core.schemas import kind_schema, resolve

WIKI_LINK = re.compile(r"\[\[([a-z_]+):([A-Za-z0-9_.\-]+)(?:\|[^\]]*)?\]\]")


@dataclass
class SlotTree:
    ref: str | None = None  # kind the value refers to when it is a string
    key_ref: str | None = None  # kind the keys of a mapping refer to
    props: dict[str, SlotTree] | None = None
    items: SlotTree | None = None
    values: SlotTree | None = None  # additionalProperties

    def empty(self) -> bool:
        return not (self.ref or self.key_ref or self.props or self.items or self.values)


def _compile(schema: dict[str, Any], depth: int = 0) -> SlotTree:
    node = resolve(schema)
    tree = SlotTree(ref=node.get("x-leadarch-ref"), key_ref=node.get("x-leadarch-ref-keys"))
    if depth > 12:
        return tree
    props = {}
    for name, sub in node.get("properties", {}).items():
        compiled = _compile(sub, depth + 1)
        if not compiled.empty():
            props[name] = compiled
    tree.props = props or None
    if isinstance(node.get("items"), dict):
        items = _compile(node["items"], depth + 1)
        tree.items = None if items.empty() else items
    if isinstance(node.get("additionalProperties"), dict):
        values = _compile(node["additionalProperties"], depth + 1)
        tree.values = None if values.empty() else values
    return tree


@functools.cache
def slot_tree(kind_name: str) -> SlotTree:
    return _compile(kind_schema(kind_name))


class RawRef(NamedTuple):
    kind: str  # target kind, or "any" for `kind:id`
    value: str
    at: Pointer
    on_key: bool = False


def find_refs(kind_name: str, data: Any) -> list[RawRef]:
    """Every typed reference in an entity's data, with its pointer inside the entity."""
    found: list[RawRef] = []
    _walk(slot_tree(kind_name), data, (), found)
    return found


def _walk(tree: SlotTree, data: Any, at: Pointer, found: list[RawRef]) -> None:
    if type(data) is str:
        if tree.ref:
            found.append(RawRef(tree.ref, data, at))
    elif type(data) is list:
        if tree.items:
            for i, item in enumerate(data):
                _walk(tree.items, item, (*at, i), found)
    elif type(data) is dict:
        props, values, key_ref = tree.props, tree.values, tree.key_ref
        for key, value in data.items():
            if key_ref and isinstance(key, str):
                found.append(RawRef(key_ref, key, (*at, key), on_key=True))
            sub = (props or {}).get(key) or (values if props is None or key not in props else None)
            if sub is not None:
                _walk(sub, value, (*at, key), found)


def find_wiki_links(data: Any, at: Pointer = ()) -> Iterator[tuple[str, str, Pointer]]:
    """Every `[[kind:id]]` in any text of the data: (kind, id, pointer)."""
    if isinstance(data, str):
        if "[[" in data:
            for match in WIKI_LINK.finditer(data):
                yield match.group(1), match.group(2), at
    elif isinstance(data, list):
        for i, item in enumerate(data):
            yield from find_wiki_links(item, (*at, i))
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from find_wiki_links(value, (*at, key))
