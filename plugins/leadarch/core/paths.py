"""Where a command's catalog, its configuration and its cache folder are.

Standard library only: the `leadarch` front door (`leadarch.client`) decides with these
which lint server is the catalog's own before anything else is imported, and every
command decides with the same functions, so the two can never disagree.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

CACHE_FOLDER = ".leadarch_cache"
CACHE_ENV = "LEADARCH_CACHE_DIR"
JOURNAL_NAME = "write-journal.json"  # in the cache folder while a write is under way


def find_pyproject(start: Path) -> Path | None:
    """The nearest `pyproject.toml` from `start` upwards."""
    for folder in (start, *start.parents):
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            return candidate
    return None


def catalog_dir(explicit: str | None, configured: str, source: Path | None, cwd: Path) -> Path:
    """The catalog folder: given on the command line, else `[tool.leadarch] catalog` beside
    the pyproject.toml that says so (shown relative to `cwd` when inside it), else as is."""
    if explicit:
        return Path(explicit)
    if source is None:
        return Path(configured)
    candidate = source.parent / configured
    return Path(os.path.relpath(candidate, cwd)) if candidate.is_relative_to(cwd) else candidate


def cache_folder(root: Path, env: Mapping[str, str], cwd: Path | None = None) -> Path:
    """`$LEADARCH_CACHE_DIR`, else `.leadarch_cache/` beside the catalog folder (`root`
    relative to `cwd`, by default this process's folder)."""
    folder = env.get(CACHE_ENV)
    if folder:
        return Path(cwd or Path.cwd(), folder)
    return Path(cwd or Path.cwd(), root).resolve().parent / CACHE_FOLDER
