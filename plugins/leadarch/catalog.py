"""Build the typed catalog and its reference index from the loaded, schema-checked files."""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from leadarch import validate
from leadarch.cache import ParseCache
from leadarch.diagnostics import Finding, Location
from leadarch.index import Reference, ReferenceIndex
from leadarch.loader import Blob, RawEntity, SourceFile, load
from leadarch.model import ENTITY_CLASSES, CatalogField, Entity
from leadarch.refslots import find_refs, find_wiki_links

E = TypeVar("E", bound=Entity)


@dataclass
class Catalog:
    root: Path
    files: dict[str, SourceFile]
    findings: list[Finding]  # from reading and schema checking
    entities: dict[str, Entity] = field(default_factory=dict)  # by `kind:id`, valid ones
    known: dict[str, Location] = field(default_factory=dict)  # every id seen, valid or not
    objects: dict[str, Location] = field(default_factory=dict)  # CRM objects of the field catalog
    index: ReferenceIndex = field(default_factory=lambda: ReferenceIndex(()))
    raw: list[RawEntity] = field(default_factory=list)  # every list item read, valid or not
    _of: dict[tuple[type, int], list[Any]] = field(default_factory=dict, repr=False)

    def of(self, cls: type[E]) -> list[E]:
        key = (cls, len(self.entities))  # rules ask for the same kinds over and over
        found = self._of.get(key)
        if found is None:
            found = self._of[key] = [e for e in self.entities.values() if isinstance(e, cls)]
        return list(found)

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


def build(
    root: Path, blobs: Iterable[Blob] | None = None, cache: ParseCache | None = None
) -> Catalog:
    """The typed catalog under `root`, or from `blobs` (e.g. a git revision) when given."""
    with collector_paused():
        return _build(root, blobs, cache)


def _build(root: Path, blobs: Iterable[Blob] | None, cache: ParseCache | None) -> Catalog:
    loaded = load(root, blobs, cache)
    schema_findings, invalid = validate.check_entities(loaded.entities)
    catalog = Catalog(root, loaded.files, loaded.findings + schema_findings, raw=loaded.entities)
    references: list[Reference] = []
    for number, raw in enumerate(loaded.entities):
        if raw.id is None or not _register(catalog, raw):
            continue
        if number in invalid:
            continue
        entity = ENTITY_CLASSES[raw.kind.name].build(raw.data, raw.where)
        catalog.entities[entity.ref] = entity
        if isinstance(entity, CatalogField):
            catalog.objects.setdefault(entity.object, entity.where)
        references.extend(_references(entity.ref, raw, loaded.files[raw.where.file]))
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
            "LA021",
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
