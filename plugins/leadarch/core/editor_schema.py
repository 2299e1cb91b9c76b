"""The editor schema of a repository: one self-contained `schemas/catalog.schema.json`
(what `leadarch schema` prints), and the `yaml-language-server` modeline at the top of
every catalog file leadarch writes, pointing at that copy by a relative path, so that
completion and checking work in the editor of a repository that has no network and no
leadarch source checkout.
"""

from __future__ import annotations

import functools
import json
import os
import re
from pathlib import Path, PurePosixPath

from leadarch.core.schemas import FINGERPRINT_KEY, bundled, fingerprint, schema_dir

SCHEMA_COPY = "schemas/catalog.schema.json"  # relative to the repository, where init puts it
MODELINE = re.compile(r"#\s*yaml-language-server:\s*\$schema=(\S+)")


@functools.cache
def schema_text() -> str:
    """The bundled schema as the repository's copy holds it, byte for byte."""
    return json.dumps(bundled(), indent=2, ensure_ascii=False) + "\n"


def _line(schema: str) -> str:
    return f"# yaml-language-server: $schema={schema}\n"


def _headed(text: str, line: str) -> str:
    """`text` starting with `line`: a modeline already first is replaced, else added."""
    first, newline, rest = text.partition("\n")
    if MODELINE.match(first.strip()):
        return line + rest if newline else line
    return line + text


def modeline(file: str, schema: str = SCHEMA_COPY) -> str:
    """The modeline of `file`, both paths relative to the repository (POSIX)."""
    where = PurePosixPath(file).parent
    relative = os.path.relpath(PurePosixPath(schema), where if str(where) != "." else ".")
    return _line(str(PurePosixPath(relative)))


def with_modeline(text: str, file: str, schema: str = SCHEMA_COPY) -> str:
    """`text` whose first line is `file`'s modeline: the old one replaced, else added."""
    return _headed(text, modeline(file, schema))


def find_copy(start: Path) -> Path | None:
    """The nearest `schemas/catalog.schema.json` from `start` upwards, within its git
    repository (never one of some other project above it)."""
    resolved = start.resolve()
    for folder in (resolved, *resolved.parents):
        copy = folder / SCHEMA_COPY
        if copy.is_file():
            return copy
        if (folder / ".git").exists():
            return None
    return None


def modeline_to(copy: Path, file: Path) -> str:
    """The modeline of the catalog file `file`, pointing at the schema copy `copy`."""
    return _line(Path(os.path.relpath(copy.resolve(), file.resolve().parent)).as_posix())


def copy_is_current(copy: Path) -> bool | None:
    """Whether a repository's schema copy matches the installed leadarch: True when it is
    the installed source schema itself (leadarch's own checkout) or names the fingerprint
    of the installed schema files near its end (what `leadarch schema` writes there), so
    a lint reads a few bytes, not the whole schema; None when it cannot be read."""
    installed = schema_dir() / "catalog.schema.json"
    try:
        if copy.resolve() == installed.resolve():
            return True
        with copy.open("rb") as stream:
            size = stream.seek(0, os.SEEK_END)
            stream.seek(max(0, size - 256))
            tail = stream.read()
    except OSError:
        return None
    return f'"{FINGERPRINT_KEY}": "{fingerprint()}"'.encode() in tail


def schema_target(line: str, file: Path) -> Path | None:
    """The local file a modeline names, relative to the catalog file it heads; None for a
    URL or a line that is not a modeline."""
    found = MODELINE.match(line.strip())
    if found is None or "://" in found.group(1):
        return None
    return file.parent / found.group(1)


def with_schema_line(text: str, file: Path, copy: Path | None) -> str:
    """`text` of the catalog file `file`, starting with a modeline that resolves: one that
    names an existing file or a URL is kept; a missing or dangling one is replaced by the
    line to `copy` (the repository's schema copy; with none, `text` is left as it is)."""
    first = text.split("\n", 1)[0]
    found = MODELINE.match(first.strip())
    if found is not None:
        target = schema_target(first, file)
        if target is None or target.is_file():
            return text
    return text if copy is None else _headed(text, modeline_to(copy, file))
