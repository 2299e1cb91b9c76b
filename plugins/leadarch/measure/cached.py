"""A measurement kept by the content of what it was computed from: the exports' bytes,
the catalog's files, the window and leadarch's version. A wiki rebuild that changed
none of them reads the numbers back instead of computing them again."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from leadarch import __version__
from leadarch.core.files import write_whole
from leadarch.measure.design import Design
from leadarch.measure.engine import Window, iso, measure

CHUNK = 1 << 20


def _digest_file(path: Path, into: Any) -> None:
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(CHUNK):
                into.update(chunk)
    except OSError:
        into.update(b"\0missing")


def key(
    catalog_root: Path,
    exports: Sequence[Path],
    window: Window,
    event_log: str | None,
    windows: Mapping[str, Window] | None = None,
) -> str:
    digest = hashlib.sha256(f"leadarch {__version__}\n".encode())
    for path in sorted(p for p in catalog_root.rglob("*") if p.suffix in (".yaml", ".yml")):
        digest.update(path.relative_to(catalog_root).as_posix().encode() + b"\0")
        _digest_file(path, digest)
    for path in exports:
        digest.update(b"\0export\0")
        _digest_file(path, digest)
    said = [iso(window.since), iso(window.until), iso(window.as_of), event_log] + [
        [name, iso(w.since), iso(w.until), iso(w.as_of)]
        for name, w in sorted((windows or {}).items())
    ]
    digest.update(json.dumps(said).encode())
    return digest.hexdigest()


def measured(
    design: Design,
    exports: Sequence[tuple[Path, str]],
    window: Window,
    catalog_root: Path,
    folder: Path,
    windows: Mapping[str, Window] | None = None,
) -> dict[str, Any]:
    """The measurement with its trend (and the KPIs of each of `windows`), from `folder`
    when computed before from the same inputs."""
    name = key(catalog_root, [p for p, _ in exports], window, design.chosen_event_log, windows)
    found = folder / f"{name}.json"
    try:
        kept: dict[str, Any] = json.loads(found.read_text(encoding="utf-8"))
        return kept
    except (OSError, ValueError):
        pass
    result = measure(design, exports, window, with_trend=True, windows=windows)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        write_whole(found, json.dumps(result, ensure_ascii=False))
    except OSError:
        pass  # a read-only cache folder costs a recomputation, nothing else
    return result
