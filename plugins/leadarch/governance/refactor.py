"""`leadarch rename` and `leadarch fmt`: catalog-wide edits that keep everything else byte-identical."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path
from typing import Any

from leadarch.core.catalog import Catalog
from leadarch.core.hints import did_you_mean
from leadarch.core.kinds import BY_NAME
from leadarch.core.schemas import kind_schema, resolve
from leadarch.errors import CannotRun
from leadarch.governance.changelog import plan_change
from leadarch.governance.edit import Writer, dump_rt, load_rt, yaml_rt

_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_API = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")


def _same_style(old: Any, new: str) -> Any:
    """A replacement string keeping the old one's quoting style."""
    cls = type(old)
    if cls is str or not isinstance(old, str):
        return new
    try:
        return cls(new)
    except TypeError:
        return new


def _get(data: Any, pointer: tuple[Any, ...]) -> Any:
    for part in pointer:
        data = data[part]
    return data


def _rename_key(mapping: Any, old: str, new: str) -> None:
    keys = list(mapping)
    position = keys.index(old)
    value = mapping.pop(old)
    mapping.insert(position, new, value)
    if old in mapping.ca.items:
        mapping.ca.items[new] = mapping.ca.items.pop(old)


def rename(writer: Writer, root: Path, ref: str, new_id: str) -> list[str]:
    catalog = writer.build(root)
    kind, _, old_id = ref.partition(":")
    if kind not in BY_NAME or kind == "release":
        raise CannotRun(f"cannot rename '{ref}': give kind:id of a stage, role, field, queue, …")
    entity = catalog.get(ref)
    if entity is None:
        raise CannotRun(
            f"{ref} does not exist"
            + (f"; {h}" if (h := did_you_mean(old_id, catalog.ids(kind))) else "")
        )
    if kind == "field":
        obj = old_id.partition(".")[0]
        new_name = new_id.partition(".")[2] if "." in new_id else new_id
        if not _API.match(new_name):
            raise CannotRun(f"'{new_name}' is not a valid API name")
        new_full = f"{obj}.{new_name}"
    else:
        if not _ID.match(new_id):
            raise CannotRun(f"'{new_id}' is not a valid id: lowercase letters, digits and _")
        new_full = new_id
    new_ref = f"{kind}:{new_full}"
    if catalog.exists(new_ref):
        raise CannotRun(f"{new_ref} already exists")
    edits = _plan(catalog, entity, ref, new_ref, old_id, new_full)
    files = _apply(edits, writer)
    _, files = plan_change(
        writer, root, "changed", new_ref, f"Renamed from {ref}.", pending=files, catalog=catalog
    )
    writer.write(root, files)  # the rename and its changelog entry land together or not at all
    return sorted(files)


def _plan(
    catalog: Catalog, entity: Any, ref: str, new_ref: str, old_id: str, new_id: str
) -> dict[str, list[tuple[str, tuple[Any, ...], Any]]]:
    """Per file: (operation, pointer, argument) edits."""
    edits: dict[str, list[tuple[str, tuple[Any, ...], Any]]] = defaultdict(list)
    kind = ref.partition(":")[0]
    own = entity.where
    if kind == "field":
        edits[own.file].append(("value", (*own.pointer, "name"), new_id.partition(".")[2]))
    else:
        edits[own.file].append(("value", (*own.pointer, "id"), new_id))
    for reference in catalog.index.where_used(ref):
        where = reference.where
        if reference.via == "wiki":
            edits[where.file].append(("text", where.pointer, (f"[[{ref}", f"[[{new_ref}")))
        elif reference.via == "change":
            edits[where.file].append(("value", where.pointer, new_ref))
        elif reference.via == "derived" and kind == "field":
            spec = where.pointer
            edits[where.file].append(("crm", spec, new_id.partition(".")[2]))
        elif where.on_key:
            edits[where.file].append(("key", where.pointer, new_id))
        else:
            edits[where.file].append(("value", where.pointer, new_id))
    return edits


def _apply(
    edits: dict[str, list[tuple[str, tuple[Any, ...], Any]]], writer: Writer
) -> dict[str, str]:
    out = {}
    for path, operations in edits.items():
        data = load_rt(writer.real(path))
        for op, pointer, argument in operations:
            parent, last = _get(data, pointer[:-1]), pointer[-1]
            if op == "key":
                _rename_key(parent, last, argument)
            elif op == "value":
                parent[last] = _same_style(parent[last], argument)
            elif op == "text":
                old, new = argument
                parent[last] = _same_style(
                    parent[last],
                    str(parent[last]).replace(old + "]]", new + "]]").replace(old + "|", new + "|"),
                )
            elif op == "crm":
                spec = parent[last]
                name_key = "field" if "field" in spec else "property"
                spec[name_key] = _same_style(spec[name_key], argument)
        out[path] = dump_rt(data)
    return out


def _order(kind_name: str) -> list[str]:
    return list(resolve(kind_schema(kind_name)).get("properties", {}))


def _is_filler(line: str) -> bool:
    stripped = line.strip()
    return not stripped or stripped.startswith("#")


def _reorder_entity(
    lines: list[str], starts: list[int], end: int, order: list[str], keys: list[str], column: int
) -> list[str]:
    """The entity's lines with its key blocks in schema order; blank and comment lines that
    end the entity stay at its end, and the list dash stays on the first line."""
    bounds = [*starts[1:], end]
    blocks = {k: lines[a:b] for k, a, b in zip(keys, starts, bounds, strict=True)}
    dash = blocks[keys[0]][0][:column]
    blocks[keys[0]][0] = " " * column + blocks[keys[0]][0][column:]
    tail: list[str] = []
    last = blocks[keys[-1]]
    while last and _is_filler(last[-1]):
        tail.insert(0, last.pop())
    wanted = sorted(keys, key=lambda k: order.index(k) if k in order else len(order))
    out = [line for k in wanted for line in blocks[k]] + tail
    out[0] = dash + out[0][column:]
    return out


def fmt_text(text: str) -> str:
    """Indentation as the project writes it, then each block-style entity's keys in schema order.

    Works on lines, so every line of the file survives exactly; flow-style entities
    (`- {id: …}`) are kept as written.
    """
    from leadarch.core.kinds import BY_KEY

    normalized = dump_rt(yaml_rt().load(text))
    data: Any = yaml_rt().load(normalized)  # ruamel's CommentedMap: it knows line numbers
    lines = normalized.splitlines(keepends=True)
    if not isinstance(data, dict):
        return normalized
    document: Any = data  # a CommentedMap, with .lc; isinstance narrowed it to a plain dict
    top_keys = list(document)
    replacements: list[tuple[int, int, list[str]]] = []
    for n, key in enumerate(top_keys):
        kind, entries = BY_KEY.get(key), document[key]
        if kind is None or not isinstance(entries, list):
            continue
        items: Any = entries  # a CommentedSeq, with .lc
        list_end = document.lc.key(top_keys[n + 1])[0] if n + 1 < len(top_keys) else len(lines)
        for j, item in enumerate(items):
            if not hasattr(item, "lc") or item.fa.flow_style() or len(item) < 2:
                continue
            keys = list(item)
            starts = [item.lc.key(k)[0] for k in keys]
            end = items.lc.item(j + 1)[0] if j + 1 < len(items) else list_end
            column = item.lc.key(keys[0])[1]
            replacements.append(
                (
                    starts[0],
                    end,
                    _reorder_entity(lines, starts, end, _order(kind.name), keys, column),
                )
            )
    for start, end, new in sorted(replacements, reverse=True):
        lines[start:end] = new
    return "".join(lines)


def fmt(writer: Writer, root: Path, check: bool = False) -> list[str]:
    """Key order within entities follows the schema, and every file starts with an editor
    schema line that resolves (to the repository's copy, when it has one); returns the
    files that change."""
    from leadarch.core.editor_schema import find_copy, with_schema_line
    from leadarch.core.loader import file_blobs

    changed = {}
    copy = find_copy(Path(writer.cwd, root))
    for blob in file_blobs(root, [], writer.limits, writer.cwd):
        text = blob.read().decode("utf-8-sig")
        new = with_schema_line(fmt_text(text), Path(writer.cwd, blob.path), copy)
        if new != text:
            changed[blob.path] = new
    if changed and not check:
        writer.write(root, changed)
    return sorted(changed)
