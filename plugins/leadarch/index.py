"""The reference index: who refers to whom, by `kind:id`, built once per catalog."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from leadarch.diagnostics import Location


@dataclass(frozen=True)
class Reference:
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
        self._to: dict[str, list[Reference]] = defaultdict(list)
        self._from: dict[str, list[Reference]] = defaultdict(list)
        for ref in self.references:
            self._to[ref.target].append(ref)
            self._from[ref.source].append(ref)

    def where_used(self, target: str) -> list[Reference]:
        """References pointing at `target`, in catalog order."""
        return list(self._to.get(target, ()))

    def used_by(self, target: str) -> list[str]:
        """Distinct entities referring to `target`, sorted."""
        return sorted({r.source for r in self._to.get(target, ()) if r.source != target})

    def uses(self, source: str) -> list[Reference]:
        return list(self._from.get(source, ()))

    def dependents(self, target: str) -> list[str]:
        """Everything that depends on `target`, directly or transitively (breadth first)."""
        seen: dict[str, None] = {}
        queue = [target]
        while queue:
            current = queue.pop(0)
            for source in self.used_by(current):
                if source not in seen and source != target:
                    seen[source] = None
                    queue.append(source)
        return list(seen)
