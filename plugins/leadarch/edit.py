"""Round-trip YAML edits: comments, key order, quoting and blank lines of everything else
stay byte-identical; the result is validated before anything is written, and written
atomically (temporary file, then rename)."""

from __future__ import annotations

import io
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from leadarch.catalog import build
from leadarch.loader import Blob, CannotRun, file_blobs

SYNTAX_CODES = {
    "LA001",
    "LA002",
    "LA003",
    "LA004",
    "LA005",
    "LA010",
    "LA011",
    "LA012",
    "LA013",
    "LA014",
}


def yaml_rt() -> Any:
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap long lines
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def load_rt(path: Path) -> Any:
    return yaml_rt().load(path.read_text(encoding="utf-8-sig"))


def dump_rt(data: Any) -> str:
    out = io.StringIO()
    yaml_rt().dump(data, out)
    return out.getvalue()


def write_checked(root: Path, changed: Mapping[str, str]) -> None:
    """Write `changed` (display path → new text) only if the catalog still reads and validates."""
    findings: list[Any] = []
    blobs = [
        Blob(b.path, len(changed[b.path].encode()), (lambda t=changed[b.path]: t.encode()))
        if b.path in changed
        else b
        for b in file_blobs(root, findings)
    ]
    known = {b.path for b in blobs}
    blobs += [
        Blob(p, len(t.encode()), (lambda t=t: t.encode()))
        for p, t in changed.items()
        if p not in known
    ]
    catalog = build(root, blobs)
    broken = [f for f in catalog.findings if f.code in SYNTAX_CODES and f.where.file in changed]
    if broken:
        raise CannotRun(
            "the edit would break the catalog, nothing was written: " + broken[0].message
        )
    write_all({Path(p): t for p, t in changed.items()})


def write_all(changed: Mapping[Path, str]) -> None:
    """Write several files as one change: every new text goes to a temporary file first;
    only then are they renamed into place, and if any rename fails the files already
    replaced get their old bytes back. Nothing is half-written."""
    staged: list[tuple[Path, str]] = []
    originals: dict[Path, bytes | None] = {}
    try:
        for path, text in changed.items():
            originals[path] = path.read_bytes() if path.exists() else None
            staged.append((path, _stage(path, text.encode("utf-8"))))
        done: list[Path] = []
        try:
            for path, tmp in staged:
                os.replace(tmp, path)
                done.append(path)
        except BaseException:
            for path in done:
                _restore(path, originals[path])
            raise
    finally:
        for _, tmp in staged:
            Path(tmp).unlink(missing_ok=True)


def _restore(path: Path, original: bytes | None) -> None:
    if original is None:
        path.unlink(missing_ok=True)
    else:
        os.replace(_stage(path, original), path)


def _stage(path: Path, data: bytes) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o777)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return tmp
