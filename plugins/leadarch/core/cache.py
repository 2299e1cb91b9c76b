"""A content-hash cache of parsed files, like ruff's and mypy's: `.leadarch_cache/`.

A file is parsed once per content: the key is the SHA-256 of its bytes together with
leadarch's version and the YAML bounds, so any edit, upgrade or limit change misses.
Entries are written with `marshal` (plain data only: loading one can never run code)
and atomically; a missing, stale or corrupt entry is simply parsed again.
"""

from __future__ import annotations

import hashlib
import marshal
import os
from collections.abc import Mapping
from pathlib import Path

from leadarch import __version__
from leadarch.core.yamlread import problems as yamlread
from leadarch.core.yamlread.problems import ParsedYaml, Positions, YamlProblem

_SALT = f"{__version__}|format-2|{yamlread.MAX_DEPTH}|{yamlread.MAX_ALIAS_NODES}|{yamlread.MAX_LINE_CHARS}|{yamlread.MAX_FILE_BYTES}|{yamlread.MAX_NODES}".encode()


class ParseCache:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _path(self, raw: bytes) -> Path:
        digest = hashlib.sha256(_SALT + raw).hexdigest()
        return self.folder / digest[:2] / digest[2:]

    def get(self, raw: bytes) -> ParsedYaml | YamlProblem | None:
        try:
            entry = marshal.loads(self._path(raw).read_bytes())
        except (OSError, EOFError, ValueError, TypeError):
            return None
        try:
            if entry[0] == "problem":
                return YamlProblem(*entry[1])
            _, data, located, duplicates = entry
            positions = None if located is None else Positions(*located)
            return ParsedYaml(data, positions, [YamlProblem(*d) for d in duplicates])
        except (TypeError, ValueError, IndexError):
            return None

    def schema_checked(self, raw: bytes, entities: int) -> bool:
        """The first `entities` entities of these bytes passed the schema check of these
        schemas before, without a finding."""
        return self._verdict(raw, entities).is_file()

    def mark_schema_checked(self, raw: bytes, entities: int) -> None:
        self._write(self._verdict(raw, entities), b"")

    def _verdict(self, raw: bytes, entities: int) -> Path:
        from leadarch.core.schemas import fingerprint

        path = self._path(raw)
        return path.with_name(f"{path.name}.schema-{fingerprint()}-{entities}")

    def put(self, raw: bytes, result: ParsedYaml | YamlProblem) -> None:
        if isinstance(result, YamlProblem):
            entry: tuple[object, ...] = (
                "problem",
                (result.code, result.message, result.line, result.column, result.hint),
            )
        else:
            dups = [(d.code, d.message, d.line, d.column, d.hint) for d in result.duplicates]
            located = None
            if result.positions is not None:
                located = (result.positions.values, result.positions.keys)
            entry = ("parsed", result.data, located, dups)
        try:
            payload = marshal.dumps(entry)  # type: ignore[arg-type]  # plain data: marshal takes it
        except ValueError:
            return
        self._write(self._path(raw), payload)

    def _write(self, path: Path, payload: bytes) -> None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            import tempfile  # only when writing

            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
            with os.fdopen(fd, "wb") as handle:
                handle.write(payload)
            os.replace(tmp, path)
        except OSError:
            pass  # the cache is an optimisation: never a reason to fail


def default_folder(
    root: Path, env: Mapping[str, str] | None = None, cwd: Path | None = None
) -> Path:
    """The catalog's cache folder, as `leadarch.core.paths.cache_folder` says."""
    from leadarch.core.paths import cache_folder

    return cache_folder(root, os.environ if env is None else env, cwd)
