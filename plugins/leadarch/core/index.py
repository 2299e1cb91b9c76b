"""The reference index: who refers to whom, by `kind:id`, built once per catalog."""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Iterable
from typing import NamedTuple

from leadarch.core.findings import Location


class Reference(NamedTuple):
    """One reference (a named tuple: an enterprise catalog holds tens of thousands)."""

    source: str  # `kind:id` of the entity holding the reference
    target: str  # `kind:id` it points to (`object:Lead` for a whole CRM object)
    where: Location  # the reference itself
    via: str = (
        "slot"  # slot (typed attribute), wiki ([[kind:id]] in text), change (release), derived
    )

    @property
    def target_kind(self) -> str:
        return self.target.partition(":")[0]

    @property
    def target_id(self) -> str:
        return self.target.partition(":")[2]


class ReferenceIndex:
    def __init__(self, references: Iterable[Reference]) -> None:
        self.references = tuple(references)

    # Lookup tables built on first use: a lint only walks the references.
    @functools.cached_property
    def _to(self) -> dict[str, list[Reference]]:
        return _grouped(self.references, 1)

    @functools.cached_property
    def _from(self) -> dict[str, list[Reference]]:
        return _grouped(self.references, 0)

    def where_used(self, target: str) -> list[Reference]:
        """References pointing at `target`, in catalog order."""
        return list(self._to.get(target, ()))

    def used_by(self, target: str) -> list[str]:
        """Distinct entities referring to `target`, sorted."""
        return sorted({r.source for r in self._to.get(target, ()) if r.source != target})

    def uses(self, source: str) -> list[Reference]:
        return list(self._from.get(source, ()))

    def dependents(self, target: str) -> list[str]:
        """Everything that depends on `target`: every direct user, then (breadth first) what
        depends on those through typed references. Mentions in text (wiki links), changelog
        entries and stage-to-stage transitions are not followed further: they would pull
        the whole lifecycle into every impact.
        """
        direct = self.used_by(target)
        seen: dict[str, None] = dict.fromkeys(direct)
        queue = [s for s in direct if _carries_impact(s)]
        while queue:
            current = queue.pop(0)
            for ref in self._to.get(current, ()):
                source = ref.source
                if source in seen or source == target or not _follows(ref, current):
                    continue
                seen[source] = None
                queue.append(source)
        return list(seen)


def _grouped(references: tuple[Reference, ...], field: int) -> dict[str, list[Reference]]:
    """References by source (field 0) or target (field 1), each list in catalog order."""
    found: dict[str, list[Reference]] = defaultdict(list)
    for ref in references:
        found[ref.source if field == 0 else ref.target].append(ref)
    return found


def _carries_impact(source: str) -> bool:
    return not source.startswith("release:")


def _follows(ref: Reference, current: str) -> bool:
    if ref.via in ("wiki", "change") or not _carries_impact(ref.source):
        return False
    return not (ref.source.startswith("stage:") and current.startswith("stage:"))
