"""Round-trip YAML edits: comments, key order, quoting and blank lines of everything else
stay byte-identical; the result is checked with every lint rule before anything is written
(a change that adds an error is refused), and written as one crash-atomic change
(`leadarch.governance.journal`). A `Writer` carries what a write needs from the command."""

from __future__ import annotations

import io
import os
import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from leadarch.core.catalog import Catalog, build
from leadarch.core.findings import Diagnostic, Severity
from leadarch.core.limits import Limits
from leadarch.core.loader import DEFAULT_LIMITS, SUFFIXES, Blob, constant, file_blobs
from leadarch.core.records import dataclass, field
from leadarch.errors import CannotRun


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


Check = Callable[[Catalog], Sequence[Diagnostic]]  # every rule, with the project's configuration


@dataclass(frozen=True)
class Writer:
    """How a command reads and writes the catalog: paths relative to `cwd`, the cache (and
    so the write journal) where `env` says, within `limits`; and before anything lands, the
    catalog as it would be is checked with `check` — every lint rule with the project's
    configuration, handed in by the command line (governance does not run the lint)."""

    check: Check
    limits: Limits = DEFAULT_LIMITS
    cwd: Path = field(default_factory=Path.cwd)
    env: Mapping[str, str] = field(default_factory=lambda: dict(os.environ))

    def build(self, root: Path, blobs: list[Blob] | None = None) -> Catalog:
        return build(root, blobs, limits=self.limits, cwd=self.cwd)

    def real(self, shown: str | Path) -> Path:
        """The file a shown path names (shown paths are relative to `cwd`, or absolute)."""
        return Path(self.cwd, shown)

    def write(self, root: Path, changed: Mapping[str, str]) -> None:
        """Write `changed` (shown path → new text) as one crash-atomic change, only if the
        catalog with it has no error the catalog without it did not have."""
        from leadarch.core.cache import default_folder
        from leadarch.governance.journal import commit

        targets = {shown: writable_target(root, Path(shown), self.cwd) for shown in changed}
        self._refuse_new_errors(root, changed)
        commit(
            {targets[shown]: text.encode("utf-8") for shown, text in changed.items()},
            default_folder(root, self.env, self.cwd),
            {target: _mode_for(target) for target in targets.values()},
        )

    def _refuse_new_errors(self, root: Path, changed: Mapping[str, str]) -> None:
        """Check the catalog as it is and as it would be: a change that adds an error (a
        syntax error, a broken reference, a release out of order…) is not written."""
        before = self.check(self.build(root))
        findings: list[Any] = []
        blobs = [
            Blob(b.path, len(changed[b.path].encode()), constant(changed[b.path].encode()))
            if b.path in changed
            else b
            for b in file_blobs(root, findings, self.limits, self.cwd)
        ]
        known = {b.path for b in blobs}
        blobs += [
            Blob(p, len(t.encode()), constant(t.encode()))
            for p, t in changed.items()
            if p not in known
        ]
        _refuse(_added_errors(before, self.check(self.build(root, blobs))))


def writable_target(root: Path, path: Path, cwd: Path | None = None) -> Path:
    """The real file a catalog path (relative to `cwd`) writes to: inside the catalog, a
    YAML file; a symlink is written through when it leads to a file inside the catalog,
    never replaced. Messages show the paths as they were given."""
    base = cwd or Path.cwd()
    real_root = Path(base, root).resolve()
    given = Path(base, path)
    real = given.resolve()
    if path.suffix not in SUFFIXES:
        raise CannotRun(f"{path}: a catalog file ends in .yaml or .yml")
    if real_root not in real.parents:
        where = "leads outside" if given.is_symlink() else "is outside"
        raise CannotRun(f"{path} {where} the catalog folder {root}: nothing was written")
    if real.exists() and not real.is_file():
        raise CannotRun(f"{path} is not a regular file: nothing was written")
    return real


def _mode_for(target: Path) -> int:
    """An existing file keeps its mode; a new one gets what the user's umask allows."""
    if target.exists():
        return target.stat().st_mode & 0o7777
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _added_errors(before: Sequence[Diagnostic], after: Sequence[Diagnostic]) -> list[Diagnostic]:
    """The errors `after` has that `before` did not (each as often as it was added)."""
    added = Counter(map(_error_key, _errors(after))) - Counter(map(_error_key, _errors(before)))
    new = []
    for d in _errors(after):
        if added[_error_key(d)] > 0:
            added[_error_key(d)] -= 1
            new.append(d)
    return new


def _refuse(new: list[Diagnostic]) -> None:
    if new:
        more = (f"… and {len(new) - 20} more",) if len(new) > 20 else ()
        raise CannotRun(
            "the change would add these errors, nothing was written:",
            (*(str(d) for d in new[:20]), *more),
        )


def _errors(diagnostics: Sequence[Diagnostic]) -> list[Diagnostic]:
    return [d for d in diagnostics if d.severity is Severity.ERROR]


def _error_key(d: Diagnostic) -> tuple[str, str, str | None, str]:
    """An error as itself, wherever the change moved it (positions in messages left out)."""
    return (d.code, d.path, d.entity, _POSITION.sub("", d.message))


_POSITION = re.compile(r":\d+:\d+")
