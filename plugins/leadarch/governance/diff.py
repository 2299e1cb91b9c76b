"""Semantic diff of two catalogs: per entity, per attribute, collections compared as sets.

Files, key order and list order where it carries no meaning are not changes. Each
change gets its impact (everything depending on it) and, where it can break something
in production, the reason why.
"""

from __future__ import annotations

import json
from typing import Any

from leadarch.codes import DIFF_CODES
from leadarch.core.catalog import Catalog
from leadarch.core.findings import Diagnostic, Severity
from leadarch.core.records import dataclass, field
from leadarch.domain.durations import parse_duration

MISSING: Any = object()
# Lists whose items have an identity: compared item by item under that key.
IDENTITY: dict[str, tuple[str, ...]] = {
    "values": ("value",),
    "transitions": ("to", "type"),
    "escalations": ("after",),
    "thresholds": ("stage",),
    "plays": ("title",),
    "changes": ("type", "ref"),
    "exit": ("to",),
    "examples": ("name",),
}
ORDERED = {"steps", "next_steps"}  # order carries meaning


@dataclass(frozen=True)
class AttrChange:
    path: tuple[str, ...]
    old: Any = None
    new: Any = None
    added: tuple[Any, ...] = ()
    removed: tuple[Any, ...] = ()

    @property
    def name(self) -> str:
        return ".".join(self.path)

    def describe(self) -> str:
        if self.added or self.removed:
            parts = [f"+ {_show(x)}" for x in self.added] + [f"− {_show(x)}" for x in self.removed]
            return f"{self.name}: " + "; ".join(parts)
        if self.old is MISSING:
            return f"{self.name}: (none) → {_show(self.new)}"
        if self.new is MISSING:
            return f"{self.name}: {_show(self.old)} → (none)"
        return f"{self.name}: {_show(self.old)} → {_show(self.new)}"

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"attribute": self.name}
        if self.added or self.removed:
            out.update(added=list(self.added), removed=list(self.removed))
        else:
            out.update(
                old=None if self.old is MISSING else self.old,
                new=None if self.new is MISSING else self.new,
            )
        return out


@dataclass(frozen=True)
class EntityChange:
    ref: str
    status: str  # added, removed, changed
    attributes: tuple[AttrChange, ...] = ()
    breaking: tuple[str, ...] = ()
    impact: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "entity": self.ref,
            "status": self.status,
            "attributes": [a.to_dict() for a in self.attributes],
            "breaking": list(self.breaking),
            "impact": list(self.impact),
        }


@dataclass
class CatalogDiff:
    changes: list[EntityChange] = field(default_factory=list)

    def summary(self) -> dict[str, int]:
        count = {
            s: sum(c.status == s for c in self.changes) for s in ("added", "removed", "changed")
        }
        return {**count, "breaking": sum(bool(c.breaking) for c in self.changes)}


def _show(value: Any) -> str:
    if isinstance(value, str):
        return value if len(value) <= 80 else value[:77] + "…"
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def raw_by_ref(catalog: Catalog) -> dict[str, Any]:
    return {r.ref: r.data for r in catalog.raw if r.id is not None and r.ref in catalog.entities}


def _identity(key: str, item: Any) -> Any:
    if not isinstance(item, dict):
        return (
            json.dumps(item, sort_keys=True, default=str) if key not in ("values",) else str(item)
        )
    names = IDENTITY.get(key, ())
    if names and all(n in item for n in names):
        return "|".join(str(item[n]) for n in names)
    return json.dumps(item, sort_keys=True, default=str)


def _normalise(key: str, items: list[Any]) -> list[Any]:
    if key == "values":  # a picklist value may be written as text or as {value: …}
        return [{"value": v} if not isinstance(v, dict) else v for v in items]
    return items


def compare(path: tuple[str, ...], a: Any, b: Any, out: list[AttrChange]) -> None:
    if a == b:
        return
    if isinstance(a, dict) and isinstance(b, dict):
        for key in sorted(set(a) | set(b), key=str):
            compare((*path, str(key)), a.get(key, MISSING), b.get(key, MISSING), out)
        return
    if isinstance(a, list) and isinstance(b, list) and path and path[-1] not in ORDERED:
        key = path[-1]
        a, b = _normalise(key, a), _normalise(key, b)
        ma = {_identity(key, x): x for x in a}
        mb = {_identity(key, x): x for x in b}
        added = tuple(mb[k] for k in mb if k not in ma)
        removed = tuple(ma[k] for k in ma if k not in mb)
        if key in IDENTITY:
            if added or removed:
                out.append(AttrChange(path, added=added, removed=removed))
            for k in ma:
                if k in mb:
                    compare((*path, str(k)), ma[k], mb[k], out)
        elif added or removed:
            out.append(AttrChange(path, added=added, removed=removed))
        return
    out.append(AttrChange(path, a, b))


def diff(old: Catalog, new: Catalog) -> CatalogDiff:
    a, b = raw_by_ref(old), raw_by_ref(new)
    result = CatalogDiff()
    for ref in sorted(set(a) | set(b), key=_order):
        if ref not in a:
            result.changes.append(
                EntityChange(ref, "added", impact=tuple(new.index.dependents(ref)))
            )
        elif ref not in b:
            still = tuple(new.index.used_by(ref))
            breaking: tuple[str, ...] = (
                (f"removed but still referenced by {', '.join(still)}",) if still else ()
            )
            result.changes.append(
                EntityChange(
                    ref, "removed", breaking=breaking, impact=tuple(old.index.dependents(ref))
                )
            )
        else:
            attributes: list[AttrChange] = []
            compare((), a[ref], b[ref], attributes)
            if attributes:
                breaking = tuple(_breaking(ref, attributes, new))
                result.changes.append(
                    EntityChange(
                        ref,
                        "changed",
                        tuple(attributes),
                        breaking,
                        tuple(new.index.dependents(ref)),
                    )
                )
    return result


def findings(result: CatalogDiff, old: Catalog, new: Catalog) -> list[Diagnostic]:
    """Each change as a finding at its entity (in the new catalog; the old one for what was
    removed), in the diff's order; `detail` holds what the diff's reports show."""
    out = []
    for change in result.changes:
        side = old if change.status == "removed" else new
        entity = side.get(change.ref)
        where = entity.where if entity is not None else None
        path, (line, column) = (where.file, side.position(where)) if where else ("", (1, 1))
        attributes = [a.describe() for a in change.attributes]
        out.append(
            Diagnostic(
                path,
                line,
                column,
                DIFF_CODES[change.status].CODE,
                Severity.WARNING if change.breaking else Severity.INFO,
                f"{change.ref} {change.status}"
                + (": " + "; ".join(attributes) if attributes else ""),
                change.ref,
                ("breaking: " + "; ".join(change.breaking)) if change.breaking else None,
                {
                    "status": change.status,
                    "attributes": tuple(attributes),
                    "breaking": change.breaking,
                    "impact": change.impact,
                    "json": change.to_dict(),
                },
            )
        )
    return out


def _order(ref: str) -> tuple[int, str]:
    from leadarch.core.kinds import KINDS

    names = [k.name for k in KINDS]
    kind = ref.partition(":")[0]
    return (names.index(kind) if kind in names else 99, ref)


def _breaking(ref: str, attributes: list[AttrChange], new: Catalog) -> list[str]:
    kind = ref.partition(":")[0]
    reasons = []
    for attr in attributes:
        top = attr.path[0] if attr.path else ""
        if kind == "field" and top == "values" and attr.removed:
            for value in attr.removed:
                users = _value_users(
                    new, ref[6:], value.get("value") if isinstance(value, dict) else value
                )
                if users:
                    reasons.append(
                        f"picklist value {_show(value.get('value'))} removed but still used by {', '.join(users)}"
                    )
        elif kind == "stage" and top == "crm":
            reasons.append(
                f"CRM value changed ({attr.describe()}): workflows and reports keyed on the old value stop matching"
            )
        elif kind == "sla" and (top == "target" or top == "escalations") and _stricter(attr):
            reasons.append(f"SLA made stricter ({attr.describe()})")
        elif kind == "routing" and top in ("when", "priority", "assign"):
            reasons.append(f"routing changed ({attr.describe()}): leads may now go elsewhere")
    return sorted(set(reasons))


def _stricter(attr: AttrChange) -> bool:
    if attr.path[-1] == "target" or attr.path[-1] == "after":
        old, new = parse_duration(attr.old), parse_duration(attr.new)
        return old is not None and new is not None and new < old
    return bool(attr.added)


def _value_users(catalog: Catalog, field_id: str, value: Any) -> list[str]:
    from leadarch.domain.queries import value_uses

    users = []
    for owner, used_field, used, _ in value_uses(catalog):
        values = used if isinstance(used, list | tuple) else [used]
        if used_field == field_id and value in values:
            users.append(owner)
    return sorted(set(users))
