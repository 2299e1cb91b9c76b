"""The stage graph: transitions plus nurture exits (the lifecycle rules and the journey map)."""

from __future__ import annotations

from collections import defaultdict

from leadarch.core.catalog import Catalog
from leadarch.core.model import Nurture, Stage


def stages(catalog: Catalog) -> list[Stage]:
    return sorted(catalog.of(Stage), key=lambda s: (s.model, s.order, s.id))


def edges(catalog: Catalog) -> dict[str, set[str]]:
    """stage id → stage ids reachable in one step (a transition, or a nurture's exit)."""
    out: dict[str, set[str]] = defaultdict(set)
    for stage in catalog.of(Stage):
        out[stage.id].update(t.to for t in stage.transitions)
    for nurture in catalog.of(Nurture):
        for audience in nurture.audience:
            out[audience].update(e.to for e in nurture.exit)
    return out


def reachable(catalog: Catalog, starts: list[str]) -> set[str]:
    graph = edges(catalog)
    seen = set(starts)
    todo = list(starts)
    while todo:
        for nxt in graph.get(todo.pop(), ()):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen
