"""Where the CRM disagrees with the catalog, in the wiki: on each affected field and stage
page a banner grouped by export (each export named, each difference once), an overview
page with the counts by kind of every export, and one page per export listing all it
found. Grouping by export keeps two exports from reading as one contradiction ("not in
Salesforce" from a partial folder beside "a string in Salesforce" from a describe)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from leadarch.core.findings import Diagnostic
from leadarch.core.records import dataclass
from leadarch.wiki.render.text import code, esc

OVERVIEW = "drift.md"


@dataclass(frozen=True)
class Export:
    """One CRM export configured for the build and what it disagrees about."""

    source: str
    export: str
    findings: tuple[Diagnostic, ...]
    page: str  # drift/<n>.md

    @property
    def title(self) -> str:
        return f"{self.source}: {self.export}"

    def kinds(self) -> Counter[str]:
        return Counter(str(f.detail["kind"]) for f in self.findings)


def exports(drift: Sequence[tuple[str, str, Sequence[Diagnostic]]] | None) -> list[Export]:
    """The plugin's (source, export, findings), each difference once, in the order
    configured (which also numbers their pages)."""
    out = []
    for n, (source, export, found) in enumerate(drift or [], 1):
        seen: set[tuple[Any, ...]] = set()
        unique = []
        for f in found:
            key = (f.detail["kind"], f.detail["field"], f.entity, f.message)
            if key not in seen:
                seen.add(key)
                unique.append(f)
        out.append(Export(source, export, tuple(unique), f"drift/{n}.md"))
    return out


def by_entity(found: Sequence[Export]) -> dict[str, list[tuple[Export, list[Diagnostic]]]]:
    """Per page a difference belongs on (the stage, else the field): its differences,
    export by export."""
    out: dict[str, dict[str, tuple[Export, list[Diagnostic]]]] = {}
    for export in found:
        for f in export.findings:
            ref = f.entity or f"field:{f.detail['field']}"
            groups = out.setdefault(ref, {})
            groups.setdefault(export.page, (export, []))[1].append(f)
    return {ref: list(groups.values()) for ref, groups in out.items()}


def banner(groups: Sequence[tuple[Export, list[Diagnostic]]], link: Any) -> str:
    """The warning box of one page; `link(page)` is the relative URL of a drift page."""
    if not groups:
        return ""
    total = sum(len(found) for _, found in groups)
    lines = [f'!!! warning "The CRM disagrees ({total})"', ""]
    for export, found in groups:
        lines.append(
            f"    **{esc(export.source)}** {code(export.export)} "
            f"([all it found]({link(export.page)})):"
        )
        lines.append("")
        lines += [f"    - {esc(f.message)}" for f in found]
        lines.append("")
    return "\n".join(lines) + "\n"


def kinds_cell(counts: Counter[str]) -> str:
    return ", ".join(f"{code(kind)} {n}" for kind, n in sorted(counts.items())) or "—"
