"""Round-trip YAML edits: comments, key order, quoting and blank lines of everything else
stay byte-identical; the result is linted with every rule before anything is written (a
change that adds an error is refused), and written as one crash-atomic change
(`leadarch.governance.journal`)."""

from __future__ import annotations

import io
import os
import re
from collections import Counter
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from leadarch.core.catalog import build
from leadarch.core.findings import Diagnostic, Severity
from leadarch.core.loader import SUFFIXES, Blob, file_blobs
from leadarch.errors import CannotRun

if TYPE_CHECKING:
    from leadarch.lint.config import Config


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


def write_checked(root: Path, changed: Mapping[str, str], config: Config | None = None) -> None:
    """Write `changed` (display path → new text) as one crash-atomic change, only if the
    catalog with it lints with no error the catalog without it did not have."""
    from leadarch.core.cache import default_folder
    from leadarch.governance.journal import commit
    from leadarch.lint.config import load_config

    config = config or load_config()
    targets = {shown: writable_target(root, Path(shown)) for shown in changed}
    _refuse_new_errors(root, changed, config)
    commit(
        {targets[shown]: text.encode("utf-8") for shown, text in changed.items()},
        default_folder(root),
        {target: _mode_for(target) for target in targets.values()},
    )


def writable_target(root: Path, path: Path) -> Path:
    """The real file a catalog path writes to: inside the catalog, a YAML file; a symlink
    is written through when it leads to a file inside the catalog, never replaced."""
    real_root = root.resolve()
    real = path.resolve()
    if path.suffix not in SUFFIXES:
        raise CannotRun(f"{path}: a catalog file ends in .yaml or .yml")
    if real_root not in real.parents:
        where = "leads outside" if path.is_symlink() else "is outside"
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


def _refuse_new_errors(root: Path, changed: Mapping[str, str], config: Config) -> None:
    """Lint the catalog as it is and as it would be, with every rule: a change that adds an
    error (a syntax error, a broken reference, a release out of order…) is not written."""
    from leadarch.lint.engine import lint_catalog

    before = lint_catalog(build(root, limits=config.limits), config)
    findings: list[Any] = []
    blobs = [
        Blob(b.path, len(changed[b.path].encode()), (lambda t=changed[b.path]: t.encode()))
        if b.path in changed
        else b
        for b in file_blobs(root, findings, config.limits)
    ]
    known = {b.path for b in blobs}
    blobs += [
        Blob(p, len(t.encode()), (lambda t=t: t.encode()))
        for p, t in changed.items()
        if p not in known
    ]
    after = lint_catalog(build(root, blobs, limits=config.limits), config)
    added = Counter(map(_error_key, _errors(after))) - Counter(map(_error_key, _errors(before)))
    new = []
    for d in _errors(after):
        if added[_error_key(d)] > 0:
            added[_error_key(d)] -= 1
            new.append(d)
    if new:
        more = (f"… and {len(new) - 20} more",) if len(new) > 20 else ()
        raise CannotRun(
            "the change would add these errors, nothing was written:",
            (*(str(d) for d in new[:20]), *more),
        )


def _errors(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    return [d for d in diagnostics if d.severity is Severity.ERROR]


def _error_key(d: Diagnostic) -> tuple[str, str, str | None, str]:
    """An error as itself, wherever the change moved it (positions in messages left out)."""
    return (d.code, d.path, d.entity, _POSITION.sub("", d.message))


_POSITION = re.compile(r":\d+:\d+")
