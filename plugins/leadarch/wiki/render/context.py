"""What every page renderer needs: the catalog, the URL map, and link helpers for one page."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from typing import Any

from leadarch.core.catalog import Catalog
from leadarch.core.kinds import BY_NAME
from leadarch.core.model import CatalogField, Criterion, Entity
from leadarch.core.records import dataclass
from leadarch.wiki.render.text import code, esc, markdown, wiki_links
from leadarch.wiki.render.urls import Urls, relative_url

OPS = {
    "eq": "is",
    "ne": "is not",
    "in": "is one of",
    "not_in": "is none of",
    "gt": "is greater than",
    "gte": "is at least",
    "lt": "is less than",
    "lte": "is at most",
    "exists": "is filled in",
    "not_exists": "is empty",
    "contains": "contains",
}


@dataclass(frozen=True)
class Page:
    path: str  # e.g. `stages/mql.md`
    title: str
    content: str  # front matter, then the body

    @property
    def body(self) -> str:
        """The Markdown after the front matter (whose strings never hold a raw newline)."""
        return (
            self.content.split("\n---\n", 1)[1]
            if self.content.startswith("---\n")
            else self.content
        )


class Context:
    def __init__(
        self,
        catalog: Catalog,
        urls: Urls,
        page: str,
        at_version: Any = None,
        drift: Any = None,
        memo: dict[Any, Any] | None = None,
        measured: Any = None,
    ) -> None:
        self.catalog = catalog
        self.urls = urls
        self.page = page
        self.at_version = at_version  # version → Catalog at its git tag, or None
        self.drift = drift or {}  # ref → (export, its findings) of the CRM exports of the build
        self.memo = {} if memo is None else memo  # results shared by every page of one build
        self.measured = measured  # the measurement of CRM history (leadarch.measure), or None

    def at(self, page: str) -> Context:
        return Context(
            self.catalog, self.urls, page, self.at_version, self.drift, self.memo, self.measured
        )

    def drift_banner(self, ref: str) -> str:
        """A warning box listing, export by export, where the CRM disagrees about `ref`."""
        groups = self.drift.get(ref)
        if not groups:
            return ""
        from leadarch.wiki.render.drift import banner
        from leadarch.wiki.render.urls import relative

        return banner(groups, lambda page: relative(self.page, page)) + "\n"

    def title(self, ref: str) -> str:
        entity = self.catalog.get(ref)
        if entity is None:
            return ref.partition(":")[2]
        if isinstance(entity, CatalogField):
            return f"{entity.label} ({entity.id})"
        return entity.title

    def link(self, ref: str, text: str | None = None) -> str:
        """A Markdown link to the entity, or its escaped name when it has no page."""
        shown = esc(text if text is not None else self.title(ref))
        href = self.urls.href(self.page, ref)
        return f"[{shown}]({href})" if href else shown

    def links(self, refs: Any, kind: str, sep: str = ", ") -> str:
        return sep.join(self.link(f"{kind}:{r}") for r in refs) or "—"

    def url(self, ref: str) -> str | None:
        """A browser URL for diagrams."""
        target = self.urls.target(ref)
        return relative_url(self.page, target) if target else None

    def md(self, text: object, inline: bool = False) -> str:
        return markdown(text, self._resolve, inline)

    def wiki_links(self, text: str, broken: list[str] | None = None) -> str:
        """Resolve `[[kind:id]]` in trusted, hand-written Markdown (outside code); the
        targets of links that lead to no page are added to `broken`."""
        if broken is None:
            return wiki_links(text, self._resolve)

        def resolve(ref: str) -> tuple[str, str] | None:
            found = self._resolve(ref)
            if found is None:
                broken.append(ref)
            return found

        return wiki_links(text, resolve)

    def _resolve(self, ref: str) -> tuple[str, str] | None:
        href = self.urls.href(self.page, ref)
        return (href, self.title(ref)) if href else None

    def criterion(self, c: Criterion) -> str:
        """A criterion as a readable sentence, its field linked."""
        if not c.structured:
            return self.md(c.text, inline=True)
        sentence = f"{self.link('field:' + str(c.field))} {OPS.get(c.op or 'eq', c.op or '')}"
        if c.op not in ("exists", "not_exists"):
            values = c.value if isinstance(c.value, tuple | list) else [c.value]
            sentence += " " + ", ".join(code(_show(v)) for v in values)
        if c.description:
            sentence += f" — {self.md(c.description, inline=True)}"
        return sentence

    def used_by(self, ref: str, title: str = "Where used") -> str:
        """The where-used section: every entity referring to `ref`, grouped by kind."""
        groups: dict[str, list[str]] = defaultdict(list)
        for source in self.catalog.index.used_by(ref):
            groups[source.partition(":")[0]].append(source)
        lines = [f"**{title}**", ""]
        if not groups:
            # out of the search index: thousands of identical sentences are only noise
            return "\n".join(
                [*lines, "Nothing in the catalog refers to this yet.", NOT_INDEXED, ""]
            )
        for kind in sorted(groups, key=lambda k: BY_NAME[k].label if k in BY_NAME else k):
            label = BY_NAME[kind].label if kind in BY_NAME else kind
            lines.append(
                f"- {esc(label.capitalize())}: "
                + ", ".join(self.link(s) for s in sorted(groups[kind]))
            )
        return "\n".join(lines) + "\n"

    def uses(self, ref: str) -> str:
        targets = sorted(
            {
                r.target
                for r in self.catalog.index.uses(ref)
                if r.target != ref and r.via != "change"
            }
        )
        if not targets:
            return ""
        return "**Refers to:** " + ", ".join(self.link(t) for t in targets) + "\n"

    def doc(self, entity: Entity) -> str:
        return self.md(entity.doc) if entity.doc else "*No description yet.*"


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def front_matter(title: str, boost: float | None = None, description: str | None = None) -> str:
    """Front matter of a generated page: its title, search boost, and no Jinja."""
    import html

    # MkDocs themes print the title without escaping: escape it here.
    lines = [
        "---",
        f"title: {yaml_string(html.escape(title, quote=False))}",
        "render_macros: false",
    ]
    if description:
        lines.append(f"description: {yaml_string(html.escape(description, quote=True))}")
    if boost:
        lines += ["search:", f"  boost: {boost}"]
    return "\n".join([*lines, "---", ""]) + "\n"


# What YAML cannot hold even escaped (C0/C1 controls but tab, lone surrogates, BOM,
# non-characters): MkDocs' loader refuses it, and a page whose front matter it refuses
# loses all of it — `render_macros: false` included.
_NOT_YAML = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufeff\ufffe\uffff]")


def yaml_string(value: str) -> str:
    """One line of YAML a front-matter reader always reads back: JSON quoting, but no
    `\\uXXXX` escapes (YAML reads a surrogate pair as two invalid characters)."""
    return json.dumps(_NOT_YAML.sub("\ufffd", " ".join(value.split())), ensure_ascii=False)


NOT_INDEXED = "{ data-search-exclude }"  # Material's search skips the block it ends


def facts(rows: list[list[str]]) -> str:
    """Key facts as bold labels, one per line."""
    return "  \n".join(f"**{key}:** {value or '—'}" for key, value in rows) + "\n"


def table(header: list[str], rows: list[list[str]]) -> str:
    if not rows:
        return "*None.*\n"
    out = ["| " + " | ".join(header) + " |", "|" + "|".join(" --- " for _ in header) + "|"]
    out += [
        "| " + " | ".join(cell.replace("\n", " ") or "—" for cell in row) + " |" for row in rows
    ]
    return "\n".join(out) + "\n"
