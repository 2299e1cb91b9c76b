"""Which catalog a command means: the working tree, a git revision, or another folder."""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path

from leadarch.core import gitcat
from leadarch.core.catalog import Catalog, build
from leadarch.errors import CannotRun


def catalog_at(spec: str | None, root: Path, cwd: Path | None = None) -> tuple[Catalog, str]:
    """The catalog named by `spec` and a label for it (paths relative to `cwd`).

    None is the working tree; an existing folder is a catalog outside git; anything
    else is a git revision of `root` (a branch, tag, commit, `HEAD~2`, …).
    """
    base = cwd or Path.cwd()
    if spec is None:
        return build(root, cwd=base), "working tree"
    folder = Path(spec)
    if Path(base, folder).is_dir():
        return build(folder, cwd=base), str(folder)
    return build(root, gitcat.blobs_at(root, spec, base), cwd=base), spec


def tagged_versions(root: Path) -> Callable[[str], Catalog | None]:
    """version → the catalog at tag `v<version>` or `<version>`; None when not in git or untagged."""
    cache: dict[str, Catalog | None] = {}
    tags = functools.cache(lambda: _tags(root))  # one git call on first use, not two per release

    def at(version: str) -> Catalog | None:
        if version not in cache:
            cache[version] = None
            for tag in (f"v{version}", version):
                if tag not in tags():
                    continue
                try:
                    cache[version] = build(root, gitcat.blobs_at(root, f"refs/tags/{tag}"))
                    break
                except CannotRun:
                    continue
        return cache[version]

    return at


def _tags(root: Path) -> set[str]:
    try:
        listed = gitcat.git_output(root if root.is_dir() else root.parent, "tag", "--list")
    except CannotRun:
        return set()
    return set(listed.decode(errors="replace").split())
