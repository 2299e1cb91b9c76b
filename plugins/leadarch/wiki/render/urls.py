"""Where each entity lives in the wiki, and relative links between pages."""

from __future__ import annotations

import functools
import posixpath
from collections.abc import Iterable

from leadarch.core.catalog import Catalog
from leadarch.core.model import Playbook


def object_page(obj: str) -> str:
    return f"fields/{obj.lower()}.md"


def field_anchor(name: str) -> str:
    return name.lower()


FAMILY_OF_PAGE = {
    "stages": "stages",
    "systems": "systems",
    "changelog": "changelog",
    "teams.md": "teams",
    "sources.md": "sources",
    "routing.md": "routing",
    "slas.md": "slas",
    "scoring.md": "scoring",
    "nurtures.md": "nurtures",
    "reasons.md": "reasons",
    "raci.md": "raci",
    "kpis.md": "kpis",
    "measurement.md": "measurement",
    "funnel.md": "funnel",
    "conformance.md": "conformance",
    "maturity.md": "maturity",
    "fields": "fields",
    "playbooks": "playbooks",
    "journey.md": "journey",
    "index.md": "home",
    "rules": "rules",
    "drift.md": "drift",
    "drift": "drift",
}


def family(page: str) -> str:
    return FAMILY_OF_PAGE[page.split("/")[0].partition("#")[0]]


class Urls:
    """Maps `kind:id` to `page.md#anchor`; the single place that decides the site's layout.

    Only pages of the generated families are link targets: with `pages: [stages]`
    a stage's owner is shown as plain text rather than as a broken link.
    """

    def __init__(self, catalog: Catalog, families: Iterable[str] | None = None) -> None:
        self.catalog = catalog
        self.families = set(families) if families is not None else None
        self._playbook_of_role = {
            p.role: p for p in sorted(catalog.of(Playbook), key=lambda p: p.id)
        }

    def has(self, page: str) -> bool:
        return self.families is None or family(page) in self.families

    def target(self, ref: str) -> str | None:
        found = self._target(ref)
        if found is None and ref.startswith("role:") and ref in self.catalog.entities:
            found = f"teams.md#role-{ref[5:]}"
        return found if found is not None and self.has(found) else None

    def _target(self, ref: str) -> str | None:
        kind, _, ident = ref.partition(":")
        if ref not in self.catalog.entities and not (
            kind == "object" and ident in self.catalog.objects
        ):
            return None
        simple = {
            "stage": f"stages/{ident}.md",
            "system": f"systems/{ident}.md",
            "release": f"changelog/{ident}.md",
            "team": f"teams.md#{ident}",
            "integration": f"systems/index.md#{ident}",
            "source": f"sources.md#{ident}",
            "queue": f"routing.md#queue-{ident}",
            "routing": f"routing.md#rule-{ident}",
            "sla": f"slas.md#{ident}",
            "scoring": f"scoring.md#{ident}",
            "nurture": f"nurtures.md#{ident}",
            "reason": f"reasons.md#{ident}",
            "activity": f"raci.md#{ident}",
            "metric": f"kpis.md#{ident}",
            "capability": f"maturity.md#{ident}",
            "calendar": f"slas.md#calendar-{ident}",
            "event_log": f"kpis.md#event-log-{ident}",
            "object": object_page(ident),
        }
        if kind in simple:
            return simple[kind]
        if kind == "field":
            obj, _, name = ident.partition(".")
            return f"{object_page(obj)}#{field_anchor(name)}"
        if kind == "role":
            playbook = self._playbook_of_role.get(ident)
            return f"playbooks/{playbook.role}.md" if playbook and self.has("playbooks") else None
        if kind == "playbook":
            entity = self.catalog.get(ref)
            return f"playbooks/{entity.role}.md" if isinstance(entity, Playbook) else None
        return None

    def href(self, from_page: str, ref: str) -> str | None:
        """A Markdown link target to `ref`, relative to `from_page` (MkDocs resolves `.md`)."""
        target = self.target(ref)
        return relative(from_page, target) if target else None


def relative(from_page: str, target: str) -> str:
    path, _, anchor = target.partition("#")
    if path == from_page:
        return f"#{anchor}" if anchor else posixpath.basename(path)
    rel = _relpath(path, posixpath.dirname(from_page) or ".")
    return f"{rel}#{anchor}" if anchor else rel


@functools.lru_cache(maxsize=1 << 16)
def _relpath(path: str, start: str) -> str:
    return posixpath.relpath(path, start)  # pages link to the same few targets thousands of times


def page_url(page: str) -> str:
    """The URL path MkDocs gives a page with directory URLs (`stages/mql.md` → `stages/mql/`)."""
    if page.endswith("index.md"):
        return page[: -len("index.md")]
    return page[: -len(".md")] + "/"


def relative_url(from_page: str, target: str) -> str:
    """A browser URL (not a Markdown link) from one page to another page's anchor."""
    path, _, anchor = target.partition("#")
    base = page_url(from_page).rstrip("/") or "."
    dest = page_url(path).rstrip("/") or "."
    rel = posixpath.relpath(dest, base)
    rel = "./" if rel == "." else rel + "/"
    return rel + (f"#{anchor}" if anchor else "")
