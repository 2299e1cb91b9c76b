"""The catalog as it was at a git revision, read straight from git's object store."""

from __future__ import annotations

import subprocess
from pathlib import Path

from leadarch.core.loader import SUFFIXES, Blob, constant, display_path
from leadarch.errors import CannotRun


def _git(cwd: Path, *args: str, stdin: bytes | None = None) -> bytes:
    try:
        result = subprocess.run(
            ["git", *args], cwd=cwd, input=stdin, capture_output=True, check=False
        )
    except FileNotFoundError:
        raise CannotRun("git is not installed") from None
    if result.returncode != 0:
        said = [
            line for line in result.stderr.decode(errors="replace").splitlines() if line.strip()
        ]
        reason = "; ".join(said[-3:]) if said else f"exit code {result.returncode}"
        raise CannotRun(f"git {args[0]} failed: {reason}")
    return result.stdout


def git_output(folder: Path, *args: str) -> bytes:
    return _git(folder, *args)


def toplevel(folder: Path) -> Path:
    return Path(_git(folder, "rev-parse", "--show-toplevel").decode().strip())


def resolve(folder: Path, rev: str) -> str:
    """The commit a revision names (branch, tag, `HEAD~1`, merge base…). A revision is
    never read as an option (`--output=…`), whatever it starts with; git's own message
    says why one does not resolve."""
    return (
        _git(folder, "rev-parse", "--verify", "--end-of-options", f"{rev}^{{commit}}")
        .decode()
        .strip()
    )


def merge_base(folder: Path, a: str, b: str = "HEAD") -> str:
    """The merge base of two revisions, each resolved first: `git merge-base` takes no
    end-of-options marker, so it is only ever given commit ids."""
    return _git(folder, "merge-base", resolve(folder, a), resolve(folder, b)).decode().strip()


def blobs_at(root: Path, rev: str, cwd: Path | None = None) -> list[Blob]:
    """Every catalog YAML file under `root` (relative to `cwd`) as it was at `rev`, shown
    with its working-tree path."""
    base = cwd or Path.cwd()
    root = Path(base, root).resolve()
    top = toplevel(root if root.is_dir() else root.parent)
    commit = resolve(top, rev)
    prefix = root.relative_to(top).as_posix()
    listing = _git(top, "ls-tree", "-r", "-z", "--long", commit, "--", prefix + "/")
    entries = []
    for record in listing.split(b"\0"):
        if not record:
            continue
        meta, _, path = record.decode().partition("\t")
        mode, kind, sha, size = meta.split()
        if kind == "blob" and path.endswith(SUFFIXES) and mode != "120000":
            entries.append((path, sha, int(size)))
    contents = _cat(top, [sha for _, sha, _ in entries])
    return [
        Blob(display_path(top / path, base), size, constant(contents[sha]))
        for path, sha, size in sorted(entries)
    ]


def _cat(top: Path, shas: list[str]) -> dict[str, bytes]:
    """Read many blobs with one `git cat-file --batch`."""
    if not shas:
        return {}
    out = _git(top, "cat-file", "--batch", stdin="".join(f"{s}\n" for s in shas).encode())
    contents: dict[str, bytes] = {}
    pos = 0
    for sha in shas:
        header_end = out.index(b"\n", pos)
        _, _, size = out[pos:header_end].decode().split()
        start = header_end + 1
        contents[sha] = out[start : start + int(size)]
        pos = start + int(size) + 1
    return contents
