"""`leadarch changelog add` and `leadarch release`: the changelog edited in place."""

from __future__ import annotations

import datetime
import re
from pathlib import Path
from typing import Any

from leadarch.core.catalog import Catalog
from leadarch.core.hints import did_you_mean
from leadarch.core.loader import RawEntity
from leadarch.domain.versions import version_key
from leadarch.errors import CannotRun
from leadarch.governance.edit import Writer, dump_rt, load_rt

CHANGE_TYPES = ("added", "changed", "deprecated", "removed", "fixed")
_VERSION = re.compile(r"^\d+\.\d+\.\d+$")


def _releases(catalog: Catalog) -> list[RawEntity]:
    return [r for r in catalog.raw if r.kind.name == "release" and isinstance(r.data, dict)]


def _open_release(catalog: Catalog) -> RawEntity | None:
    return next((r for r in _releases(catalog) if r.data.get("status") == "unreleased"), None)


def _releases_file(catalog: Catalog) -> str:
    found = _releases(catalog)
    if found:
        return found[0].where.file
    raise CannotRun(
        "the catalog has no `releases:` list yet; add one with an unreleased entry first"
    )


def _new_open_release() -> Any:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    entry = CommentedMap()
    entry["version"] = "unreleased"
    entry["status"] = "unreleased"
    entry["changes"] = CommentedSeq()
    return entry


def add_change(
    writer: Writer,
    root: Path,
    change_type: str,
    ref: str,
    summary: str,
    impact: str | None = None,
) -> str:
    """Append a change to the unreleased release and write it. Returns the releases file."""
    path, files = plan_change(writer, root, change_type, ref, summary, impact)
    writer.write(root, files)
    return path


def plan_change(
    writer: Writer,
    root: Path,
    change_type: str,
    ref: str,
    summary: str,
    impact: str | None = None,
    pending: dict[str, str] | None = None,
    catalog: Catalog | None = None,
) -> tuple[str, dict[str, str]]:
    """The new text of the releases file (on top of `pending` edits), without writing.
    `catalog` saves reading the catalog again when the caller has it already."""
    from ruamel.yaml.comments import CommentedMap

    from leadarch.governance.edit import yaml_rt

    catalog = catalog or writer.build(root)
    pending = dict(pending or {})
    if change_type not in CHANGE_TYPES:
        raise CannotRun(f"--type must be one of {', '.join(CHANGE_TYPES)}")
    if change_type != "removed" and not catalog.exists(ref) and not pending:
        kind, _, ident = ref.partition(":")
        hint = did_you_mean(ident, catalog.ids(kind))
        raise CannotRun(f"{ref} does not exist" + (f"; {hint}" if hint else ""))
    target = _open_release(catalog)
    path = target.where.file if target else _releases_file(catalog)
    data = yaml_rt().load(pending[path]) if path in pending else load_rt(writer.real(path))
    releases = data["releases"]
    if target is None:
        releases.insert(0, _new_open_release())
        entry = releases[0]
    else:
        entry = releases[target.where.pointer[1]]
    change = CommentedMap()
    change["type"] = change_type
    change["ref"] = ref
    change["summary"] = summary
    if impact:
        change["impact"] = impact
    if "changes" not in entry or entry["changes"] is None:
        entry["changes"] = []
    changes = entry["changes"]
    if len(changes):
        _move_trailing_blank(changes[-1], change)
    changes.append(change)
    pending[path] = dump_rt(data)
    return path, pending


def cut_release(writer: Writer, root: Path, version: str, date: str | None = None) -> str:
    catalog = writer.build(root)
    if not _VERSION.match(version):
        raise CannotRun(f"version '{version}' is not MAJOR.MINOR.PATCH")
    released = [
        r.data.get("version") for r in _releases(catalog) if r.data.get("status") == "released"
    ]
    newer = [
        v
        for v in released
        if isinstance(v, str) and _VERSION.match(v) and version_key(v) >= version_key(version)
    ]
    if newer:
        raise CannotRun(
            f"version {version} is not greater than the existing release {max(newer, key=version_key)}"
        )
    target = _open_release(catalog)
    if target is None or not target.data.get("changes"):
        raise CannotRun("there is nothing to release: the unreleased entry has no changes")
    when = date or datetime.date.today().isoformat()
    try:
        datetime.date.fromisoformat(when)
    except ValueError:
        raise CannotRun(f"--date '{when}' is not YYYY-MM-DD") from None
    path = target.where.file
    data = load_rt(writer.real(path))
    releases = data["releases"]
    index = target.where.pointer[1]
    entry = releases[index]
    entry["version"] = version
    # A date object is written plain (2026-11-30), like the hand-written entries.
    entry.insert(list(entry).index("version") + 1, "date", datetime.date.fromisoformat(when))
    entry["status"] = "released"
    releases.insert(index, _new_open_release())
    writer.write(root, {path: dump_rt(data)})
    return path


def _move_trailing_blank(previous: Any, new: Any) -> None:
    """Keep a blank line that ended the list after the list: move it to the new last item."""
    if not hasattr(previous, "ca") or not len(previous):
        return
    last = list(previous)[-1]
    token = previous.ca.items.get(last)
    if token and len(token) > 2 and token[2] is not None:
        new.ca.items[list(new)[-1]] = [None, None, token[2], None]
        token[2] = None
