"""Find and read every catalog file: YAML → plain data with positions → raw entities."""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from leadarch import codes
from leadarch.core.files import NotRegular, TooLarge, kind_of, read_regular
from leadarch.core.findings import Finding, Location
from leadarch.core.hints import did_you_mean
from leadarch.core.kinds import BY_KEY, Kind, entity_id
from leadarch.core.limits import Limits
from leadarch.core.records import dataclass
from leadarch.core.yamlread.problems import (
    MAX_FILE_BYTES,
    ParsedYaml,
    Positions,
    YamlProblem,
    decode,
)
from leadarch.core.yamlread.read import locate, read
from leadarch.errors import CannotRun

MAX_FILES = 10_000
DEFAULT_LIMITS = Limits()
if TYPE_CHECKING:
    from leadarch.core.cache import ParseCache

SUFFIXES = (".yaml", ".yml")


@dataclass
class SourceFile:
    path: str  # as shown to the user: relative to the working directory when inside it
    data: Any = None
    raw: bytes | None = None  # the bytes read, when they parsed
    located: Positions | None = None  # None until a finding needs a position (fast reader)

    @property
    def positions(self) -> Positions:
        if self.located is None:
            self.located = locate(self.text()) if self.raw is not None else Positions()
        return self.located

    @functools.cached_property
    def has_wiki_links(self) -> bool:
        """False when no `[[` appears anywhere in the file: its texts need no search."""
        return self.raw is None or b"[[" in self.raw

    def text(self) -> str:
        return decode(self.raw) if self.raw is not None else ""

    def position(self, location: Location) -> tuple[int, int]:
        if location.line is not None:
            return location.line, location.column or 1
        return self.positions.find(location.pointer, location.on_key)


@dataclass(frozen=True)
class RawEntity:
    kind: Kind
    data: Any
    where: Location
    id: str | None

    @property
    def ref(self) -> str:
        return f"{self.kind.name}:{self.id}"


@dataclass
class FileRead:
    """One file read: its source, the list items found under its kind keys, its findings."""

    source: SourceFile
    entities: list[RawEntity]
    findings: list[Finding]


def display_path(path: Path, cwd: Path | None = None) -> str:
    """A path as the user reads it: relative to the folder the command runs in when it lies
    inside it (lexically: `../x` stays `../x`), else as it is."""
    try:
        return str(path.relative_to(cwd or Path.cwd()))
    except ValueError:
        return str(path)


class Found(NamedTuple):
    path: Path  # where it is read, absolute
    size: int
    shown: str  # as the user sees it


def find_files(root: Path, findings: list[Finding], cwd: Path | None = None) -> list[Found]:
    """Every regular *.yaml / *.yml file under `root` (relative to `cwd`), sorted; symlinks
    leaving it and files that are not regular (a FIFO, a socket, a device) are reported,
    not read."""
    base = cwd or Path.cwd()
    top = Path(base, root)
    if not top.is_dir():
        raise CannotRun(
            f"catalog folder '{root}' does not exist or is not a folder",
            (
                "hint: `leadarch init` starts a repository here (a catalog that lints clean, "
                "the wiki, hooks and CI); `--catalog DIR` or `catalog = ...` in leadarch.toml "
                "names another folder",
            ),
        )
    real_root = top.resolve()
    found: list[Found] = []
    for folder, dirs, files in os.walk(top, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in list(dirs):
            path = Path(folder, name)
            shown = display_path(Path(root) / path.relative_to(top), base)
            if path.is_symlink() and not _inside(path, real_root, findings, shown):
                dirs.remove(name)
        for name in sorted(files):
            path = Path(folder, name)
            shown = display_path(Path(root) / path.relative_to(top), base)
            if (
                name.endswith(SUFFIXES)
                and not name.startswith(".")
                and _inside(path, real_root, findings, shown)
                and (size := _regular_size(path, findings, shown)) is not None
            ):
                found.append(Found(path, size, shown))
    if len(found) > MAX_FILES:
        raise CannotRun(
            f"{len(found)} YAML files under '{root}': more than the limit of {MAX_FILES}"
        )
    return _once_each(sorted(found, key=lambda f: f.path))


def _once_each(found: list[Found]) -> list[Found]:
    """A file reached both as itself and through a link inside the catalog is read once,
    under its own path: twice would define everything in it twice."""
    real = {f.path.resolve() for f in found if not f.path.is_symlink()}
    kept, seen = [], set()
    for item in found:
        target = item.path.resolve()
        if target in seen or (item.path.is_symlink() and target in real):
            continue
        seen.add(target)
        kept.append(item)
    return kept


def _regular_size(path: Path, findings: list[Finding], shown: str) -> int | None:
    """The size of a regular file (through a symlink inside the catalog); None, with a
    finding, for anything a read could block on or never finish."""
    try:
        info = path.stat()
    except OSError as exc:
        findings.append(_unreadable(shown, exc))
        return None
    what = kind_of(info.st_mode)
    if what is None:
        return info.st_size
    findings.append(
        Finding(
            f"{path.name} is {what}, not a regular file; it is not read",
            Location(shown, line=1, column=1),
            "catalog files are plain text files: remove it or rename it away from .yaml",
            code=codes.RESOURCE_LIMIT,
        )
    )
    return None


def _unreadable(shown: str, exc: OSError) -> Finding:
    return Finding(
        f"cannot read file: {exc.strerror or exc}",
        Location(shown, line=1, column=1),
        code=codes.SYNTAX_ERROR,
    )


def _inside(path: Path, real_root: Path, findings: list[Finding], shown: str) -> bool:
    if not path.is_symlink():
        return True
    target = path.resolve()
    if target == real_root or real_root in target.parents:
        return True
    findings.append(
        Finding(
            "symlink leads outside the catalog folder; it is not followed",
            Location(shown, line=1, column=1),
            "copy the file into the catalog folder instead of linking to it",
            code=codes.RESOURCE_LIMIT,
        )
    )
    return False


@dataclass(frozen=True)
class Blob:
    """One catalog file's bytes, from the file system or from a git revision."""

    path: str  # as shown to the user
    size: int
    read: Callable[[], bytes]


def file_blobs(
    root: Path,
    findings: list[Finding],
    limits: Limits = DEFAULT_LIMITS,
    cwd: Path | None = None,
) -> list[Blob]:
    found = find_files(root, findings, cwd)
    total = sum(f.size for f in found)
    if total > limits.max_catalog_bytes:
        raise CannotRun(
            f"the catalog under '{root}' holds {total:,} bytes in {len(found)} files, above the "
            f"limit of {limits.max_catalog_bytes:,} (max_catalog_bytes in [tool.leadarch])"
        )
    return [Blob(f.shown, f.size, _reader(f.path)) for f in found]


def constant(data: bytes) -> Callable[[], bytes]:
    """A blob reader for bytes already in memory (a git object, an edit's new text)."""
    return lambda: data


def _reader(path: Path) -> Callable[[], bytes]:
    return lambda: read_regular(path, MAX_FILE_BYTES)


def read_file(
    blob: Blob, cache: ParseCache | None = None, limits: Limits = DEFAULT_LIMITS
) -> FileRead:
    findings: list[Finding] = []
    source = read_blob(blob, findings, cache)
    entities = _entities(source, findings)
    if len(entities) > limits.max_entities_per_file:
        findings.append(_too_many_entities(source.path, len(entities), limits))
        entities = []
    return FileRead(source, entities, findings)


def _too_many_entities(path: str, count: int, limits: Limits) -> Finding:
    return Finding(
        f"the file holds {count:,} entries, above the limit of {limits.max_entities_per_file:,} "
        "per file; none of them is checked",
        Location(path, line=1, column=1),
        "split the file (a kind may be spread over many files), or raise "
        "max_entities_per_file in [tool.leadarch]",
        code=codes.RESOURCE_LIMIT,
    )


def read_blob(blob: Blob, findings: list[Finding], cache: ParseCache | None = None) -> SourceFile:
    source = SourceFile(blob.path)
    try:
        parsed, raw = _parse_blob(blob, cache)
    except YamlProblem as problem:
        findings.append(
            Finding(
                problem.message,
                Location(source.path, line=problem.line, column=problem.column),
                problem.hint or None,
                code=problem.code,
            )
        )
        return source
    except (NotRegular, TooLarge) as exc:
        findings.append(
            Finding(str(exc), Location(source.path, line=1, column=1), code=codes.RESOURCE_LIMIT)
        )
        return source
    except OSError as exc:
        findings.append(_unreadable(source.path, exc))
        return source
    source.data, source.located, source.raw = parsed.data, parsed.positions, raw
    for dup in parsed.duplicates:
        findings.append(
            Finding(
                dup.message,
                Location(source.path, line=dup.line, column=dup.column),
                dup.hint,
                code=dup.code,
            )
        )
    return source


def _parse_blob(blob: Blob, cache: ParseCache | None = None) -> tuple[ParsedYaml, bytes]:
    if blob.size > MAX_FILE_BYTES:
        raise YamlProblem(
            codes.RESOURCE_LIMIT,
            f"file is {blob.size:,} bytes, above the limit of {MAX_FILE_BYTES:,}",
            1,
            1,
            "split the file: a kind may be spread over many files",
        )
    raw = blob.read()
    hit = cache.get(raw) if cache is not None else None
    if isinstance(hit, YamlProblem):
        raise hit
    if hit is not None:
        return hit, raw
    try:
        parsed = read(decode(raw))
    except YamlProblem as problem:
        if cache is not None:
            cache.put(raw, problem)
        raise
    if cache is not None:
        cache.put(raw, parsed)
    return parsed, raw


def _entities(source: SourceFile, findings: list[Finding]) -> list[RawEntity]:
    data = source.data
    if data is None:
        return []
    if not isinstance(data, dict):
        findings.append(
            Finding(
                f"a catalog file must be a mapping of kinds (stages:, fields:, …), not a {_type_name(data)}",
                Location(source.path, ()),
                "start the file with a kind key such as `stages:` followed by a list",
                code=codes.SCHEMA_TYPE,
            )
        )
        return []
    out: list[RawEntity] = []
    for key, items in data.items():
        kind = BY_KEY.get(key)
        if kind is None:
            findings.append(_unknown_kind(source.path, key))
            continue
        if not isinstance(items, list):
            if items is not None:
                findings.append(
                    Finding(
                        f"`{key}` must be a list of {kind.label} entries, not a {_type_name(items)}",
                        Location(source.path, (key,)),
                        f"write each {kind.label} as a list item starting with `- `",
                        code=codes.SCHEMA_TYPE,
                    )
                )
            continue
        for index, item in enumerate(items):
            out.append(
                RawEntity(kind, item, Location(source.path, (key, index)), entity_id(kind, item))
            )
    return out


def _unknown_kind(path: str, key: str) -> Finding:
    hint = did_you_mean(str(key), BY_KEY, "`", ignore_case=False) or "valid keys: " + ", ".join(
        BY_KEY
    )
    return Finding(
        f"unknown top-level key `{key}`: it is not a kind of the catalog",
        Location(path, (key,), on_key=True),
        hint,
        code=codes.UNKNOWN_KEY,
    )


def _type_name(value: object) -> str:
    return {
        dict: "mapping",
        list: "list",
        str: "text",
        bool: "boolean",
        int: "number",
        float: "number",
    }.get(type(value), type(value).__name__)
