"""Where a command's catalog, its configuration and its cache folder are.

Standard library only: the `leadarch` front door (`leadarch.client`) decides with these
which lint server is the catalog's own before anything else is imported, and every
command decides with the same functions, so the two can never disagree.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path

CACHE_FOLDER = ".leadarch_cache"
CACHE_ENV = "LEADARCH_CACHE_DIR"
JOURNAL_NAME = "write-journal.json"  # in the cache folder while a write is under way


CONFIG_FILE = "leadarch.toml"  # leadarch's own keys at its top level, like ruff.toml
DEFAULT_CATALOG = "catalog"
# `[tool.leadarch]`, `[tool.leadarch.rules.LA100]`, `[tool."leadarch"]`: a pyproject.toml
# that configures leadarch. Read as text, because the front door decides with it before
# any TOML parser is imported; the configuration itself is parsed by lint.config.
_DECLARES = re.compile(r'^[ \t]*\[+[ \t]*tool[ \t]*\.[ \t]*"?leadarch"?[ \t]*[\].]', re.MULTILINE)


def find_project(start: Path) -> tuple[Path, Path | None] | None:
    """(folder, the file configuring it or None) of the nearest folder from `start` upwards
    that is a leadarch repository, found as git finds its own: one holding `leadarch.toml`,
    a `pyproject.toml` with `[tool.leadarch]`, or a `catalog/` folder. The search stops at
    the top of a git repository. (A tuple: the front door imports no dataclass machinery.)"""
    for folder in (start, *start.parents):
        own = folder / CONFIG_FILE
        if own.is_file():
            return folder, own
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and _declares_leadarch(pyproject):
            return folder, pyproject
        if (folder / DEFAULT_CATALOG).is_dir():
            return folder, None
        if (folder / ".git").exists():
            return None
    return None


def _declares_leadarch(pyproject: Path) -> bool:
    try:
        return _DECLARES.search(pyproject.read_text(encoding="utf-8", errors="replace")) is not None
    except OSError:
        return True  # unreadable: the command that reads it says why


def catalog_dir(explicit: str | None, configured: str, folder: Path | None, cwd: Path) -> Path:
    """The catalog folder: given on the command line, else `configured` in the repository's
    `folder` (shown relative to `cwd` when inside it), else as is."""
    if explicit:
        return Path(explicit)
    if folder is None:
        return Path(configured)
    candidate = folder / configured
    return Path(os.path.relpath(candidate, cwd)) if candidate.is_relative_to(cwd) else candidate


def cache_folder(root: Path, env: Mapping[str, str], cwd: Path | None = None) -> Path:
    """`$LEADARCH_CACHE_DIR`, else `.leadarch_cache/` beside the catalog folder (`root`
    relative to `cwd`, by default this process's folder)."""
    folder = env.get(CACHE_ENV)
    if folder:
        return Path(cwd or Path.cwd(), folder)
    return Path(cwd or Path.cwd(), root).resolve().parent / CACHE_FOLDER
