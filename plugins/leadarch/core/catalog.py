"""Build the typed catalog and its reference index from the loaded, schema-checked files."""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

from leadarch import codes
from leadarch.core.cache import ParseCache
from leadarch.core.findings import Finding, Location
from leadarch.core.index import Reference, ReferenceIndex
from leadarch.core.limits import Limits
from leadarch.core.loader import (
    DEFAULT_LIMITS,
    Blob,
    CannotRun,
    FileRead,
    RawEntity,
    SourceFile,
    file_blobs,
    read_file,
)
from leadarch.core.model import ENTITY_CLASSES, CatalogField, Entity
from leadarch.core.records import dataclass, field
from leadarch.core.refslots import find_refs, find_wiki_links
from leadarch.core.yamlread.problems import MAX_FILE_BYTES

E = TypeVar("E", bound=Entity)


@dataclass
class Catalog:
    root: Path  # as the command was given it (relative to `base`, or absolute)
    files: dict[str, SourceFile]
    findings: list[Finding]  # from reading and schema checking
    entities: dict[str, Entity] = field(default_factory=dict)  # by `kind:id`, valid ones
    known: dict[str, Location] = field(default_factory=dict)  # every id seen, valid or not
    objects: dict[str, Location] = field(default_factory=dict)  # CRM objects of the field catalog
    index: ReferenceIndex = field(default_factory=lambda: ReferenceIndex(()))
    raw: list[RawEntity] = field(default_factory=list)  # every list item read, valid or not
    _of: dict[tuple[type, int], list[Any]] = field(default_factory=dict, repr=False)
    _classes: tuple[int, dict[type, list[Entity]]] | None = field(default=None, repr=False)
    base: Path = field(default_factory=Path.cwd)  # where shown paths are relative to

    def real(self, shown: str) -> Path:
        """The file a shown path (a location's `file`) names."""
        return Path(self.base, shown)

    def of(self, cls: type[E]) -> list[E]:
        """Every valid entity of this class (or its subclasses), in catalog order."""
        key = (cls, len(self.entities))  # rules ask for the same kinds over and over
        found = self._of.get(key)
        if found is None:
            by_class = self._by_class()
            matching = [c for c in by_class if issubclass(c, cls)]
            if len(matching) == 1:
                found = by_class[matching[0]]
            else:  # several classes interleave: keep catalog order
                found = [e for e in self.entities.values() if isinstance(e, cls)]
            self._of[key] = found
        return list(found)

    def _by_class(self) -> dict[type, list[Entity]]:
        """Every entity under its exact class, sorted in one pass."""
        if self._classes is None or self._classes[0] != len(self.entities):
            by_class: dict[type, list[Entity]] = {}
            for entity in self.entities.values():
                by_class.setdefault(type(entity), []).append(entity)
            self._classes = (len(self.entities), by_class)
        return self._classes[1]

    def get(self, ref: str) -> Entity | None:
        return self.entities.get(ref)

    def field(self, field_id: str) -> CatalogField | None:
        found = self.entities.get(f"field:{field_id}")
        return found if isinstance(found, CatalogField) else None

    def exists(self, ref: str) -> bool:
        if ref.startswith("object:"):
            return ref[7:] in self.objects
        return ref in self.known

    def ids(self, kind: str) -> list[str]:
        prefix = kind + ":"
        if kind == "object":
            return list(self.objects)
        return [r[len(prefix) :] for r in self.known if r.startswith(prefix)]

    def position(self, where: Location) -> tuple[int, int]:
        source = self.files.get(where.file)
        if source is None:
            return where.line or 1, where.column or 1
        return source.position(where)


@contextmanager
def collector_paused() -> Iterator[None]:
    """Building a catalog allocates hundreds of thousands of objects and no cycles: the
    cyclic garbage collector would only re-scan them (about a sixth of an enterprise lint)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@dataclass(frozen=True)
class FileUnit:
    """One file read, schema-checked and built: all of a catalog that depends on it alone."""

    source: SourceFile  # its `raw` bytes: None when they could not be read or parsed
    entities: list[RawEntity]
    findings: list[Finding]  # from reading and schema checking this file
    # per entity: the typed entity and its references, None when it has no id or is invalid
    built: list[tuple[Entity, tuple[Reference, ...]] | None]
    # The same, gathered for a catalog to take in bulk when no id here is defined elsewhere
    # (None when this file itself defines an id twice: then it is taken entity by entity).
    bulk: Bulk | None


class Bulk(NamedTuple):
    known: dict[str, Location]
    entities: dict[str, Entity]
    objects: dict[str, Location]
    references: list[Reference]


class Workspace:
    """What a long-lived process (the lint server, `mkdocs serve`) keeps between builds:
    a file whose bytes did not change is not parsed, checked or built again."""

    def __init__(self) -> None:
        self.units: dict[str, FileUnit] = {}
        self.limits = DEFAULT_LIMITS  # the units were built within these

    def unit(self, blob: Blob, cache: ParseCache | None, limits: Limits) -> FileUnit:
        if limits != self.limits:  # the configuration changed: nothing kept applies
            self.units, self.limits = {}, limits
        if blob.size <= MAX_FILE_BYTES:  # a larger file is refused unread, by read_file
            try:
                raw = blob.read()
            except OSError:
                return file_unit(blob, cache, limits)  # which reports the error
            known = self.units.get(blob.path)
            if known is not None and known.source.raw == raw:
                return known
            blob = Blob(blob.path, len(raw), lambda: raw)
        return file_unit(blob, cache, limits)

    def keep(self, units: Iterable[FileUnit]) -> None:
        """Remember exactly these units: a deleted file's entities must not linger."""
        self.units = {u.source.path: u for u in units if u.source.raw is not None}


def file_unit(
    blob: Blob, cache: ParseCache | None = None, limits: Limits = DEFAULT_LIMITS
) -> FileUnit:
    read = read_file(blob, cache, limits)
    schema_findings, invalid = _schema_check(read, cache)
    built: list[tuple[Entity, tuple[Reference, ...]] | None] = []
    for number, raw in enumerate(read.entities):
        if raw.id is None or number in invalid:
            built.append(None)
            continue
        entity = ENTITY_CLASSES[raw.kind.name].build(raw.data, raw.where)
        built.append((entity, tuple(_references(entity.ref, raw, read.source))))
    findings = read.findings + schema_findings
    bulk = _bulk(read.entities, built)
    return FileUnit(read.source, read.entities, findings, built, bulk)


def _schema_check(read: FileRead, cache: ParseCache | None) -> tuple[list[Finding], set[int]]:
    """The schema findings of a file's entities and the numbers of the invalid ones; from
    the cache when these bytes were found clean against these schemas before."""
    raw, count = read.source.raw, len(read.entities)
    if cache is not None and raw is not None and cache.schema_checked(raw, count):
        return [], set()
    from leadarch.core.validate import check_entities  # jsonschema-rs: only when needed

    findings, invalid = check_entities(read.entities)
    if cache is not None and raw is not None and not findings and not invalid:
        cache.mark_schema_checked(raw, count)
    return findings, invalid


def _bulk(
    raws: list[RawEntity], built: list[tuple[Entity, tuple[Reference, ...]] | None]
) -> Bulk | None:
    bulk = Bulk({}, {}, {}, [])
    for raw, made in zip(raws, built, strict=True):
        if raw.id is None:
            continue
        ref = raw.ref
        if ref in bulk.known:
            return None
        bulk.known[ref] = raw.where
        if made is not None:
            entity, references = made
            bulk.entities[entity.ref] = entity
            if isinstance(entity, CatalogField):
                bulk.objects.setdefault(entity.object, entity.where)
            bulk.references.extend(references)
    return bulk


def build(
    root: Path,
    blobs: Iterable[Blob] | None = None,
    cache: ParseCache | None = None,
    workspace: Workspace | None = None,
    limits: Limits = DEFAULT_LIMITS,
    cwd: Path | None = None,
) -> Catalog:
    """The typed catalog under `root`, or from `blobs` (e.g. a git revision) when given.

    `root` is relative to `cwd` (default: this process's folder), and files are shown from
    there. A `workspace` (only for the files under `root`) reuses what an earlier build made
    of every file whose bytes are the same."""
    with collector_paused():
        return _build(root, blobs, cache, workspace, limits, cwd or Path.cwd())


def _build(
    root: Path,
    blobs: Iterable[Blob] | None,
    cache: ParseCache | None,
    workspace: Workspace | None,
    limits: Limits,
    cwd: Path,
) -> Catalog:
    findings: list[Finding] = []
    if blobs is None:
        blobs = file_blobs(root, findings, limits, cwd)
    else:
        workspace = None
    units, entities = [], 0
    for blob in blobs:
        unit = (
            file_unit(blob, cache, limits)
            if workspace is None
            else workspace.unit(blob, cache, limits)
        )
        units.append(unit)
        entities += len(unit.entities)
        if entities > limits.max_entities:  # stop reading: memory stays in proportion
            raise CannotRun(
                f"the catalog under '{root}' holds more than {limits.max_entities:,} entries "
                f"(at {unit.source.path}); raise max_entities in [tool.leadarch] if it should"
            )
    if workspace is not None:
        workspace.keep(units)
    catalog = Catalog(
        root,
        {u.source.path: u.source for u in units},
        findings + [f for u in units for f in u.findings],
        raw=[raw for u in units for raw in u.entities],
        base=cwd,
    )
    references: list[Reference] = []
    for unit in units:
        bulk = unit.bulk
        if bulk is not None and not (bulk.known.keys() & catalog.known.keys()):
            catalog.known.update(bulk.known)  # the usual case, at the speed of dict.update
            catalog.entities.update(bulk.entities)
            for name, where in bulk.objects.items():
                catalog.objects.setdefault(name, where)
            references.extend(bulk.references)
            continue
        for raw, built in zip(unit.entities, unit.built, strict=True):
            if raw.id is None or not _register(catalog, raw) or built is None:
                continue
            entity, refs = built
            catalog.entities[entity.ref] = entity
            if isinstance(entity, CatalogField):
                catalog.objects.setdefault(entity.object, entity.where)
            references.extend(refs)
    catalog.index = ReferenceIndex(references)
    return catalog


def _register(catalog: Catalog, raw: RawEntity) -> bool:
    """Record the id; a second entity with the same id is a finding and is left out."""
    ref = raw.ref
    first = catalog.known.get(ref)
    if first is None:
        catalog.known[ref] = raw.where
        return True
    if raw.kind.name == "release" and raw.id == "unreleased":
        return False  # more than one open release is LA081's finding
    id_key = "name" if raw.kind.name == "field" else raw.kind.id_attr
    line, column = catalog.position(first)
    catalog.findings.append(
        Finding(
            f"{raw.kind.label} id '{raw.id}' is already defined at {first.file}:{line}:{column}",
            raw.where.child(id_key),
            f"ids must be unique within their kind across all files; rename one of the two {raw.kind.label}s",
            ref,
            codes.DUPLICATE_ID,
        )
    )
    return False


def _references(source: str, raw: RawEntity, file: SourceFile) -> Iterator[Reference]:
    kind = raw.kind.name
    for found in find_refs(kind, raw.data):
        where = raw.where.child(*found.at, on_key=found.on_key)
        if found.kind == "any":
            yield Reference(source, found.value, where, "change")
        else:
            yield Reference(source, f"{found.kind}:{found.value}", where)
    if not file.has_wiki_links:
        yield from _derived(source, kind, raw)
        return
    for link_kind, link_id, at in find_wiki_links(raw.data):
        yield Reference(source, f"{link_kind}:{link_id}", raw.where.child(*at), "wiki")
    yield from _derived(source, kind, raw)


def _derived(source: str, kind: str, raw: RawEntity) -> Iterator[Reference]:
    """References implied rather than written as ids: CRM stage values, integration payloads."""
    data: Any = raw.data
    if kind == "stage":
        for system, spec in (data.get("crm") or {}).items():
            name = spec.get("field") or spec.get("property")
            if name:
                yield Reference(
                    source,
                    f"field:{spec['object']}.{name}",
                    raw.where.child("crm", system),
                    "derived",
                )
    elif kind == "integration":
        for i, carried in enumerate(data.get("carries") or ()):
            target = f"field:{carried}" if "." in carried else f"object:{carried}"
            yield Reference(source, target, raw.where.child("carries", i))
