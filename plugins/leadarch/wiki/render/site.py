"""The site plan: which pages exist, their content, and the navigation, from one catalog."""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from leadarch.core.catalog import Catalog
from leadarch.core.model import Playbook, Stage, System
from leadarch.core.records import dataclass, field
from leadarch.core.ruledocs import RuleDoc
from leadarch.wiki.render import (
    pages_core,
    pages_data,
    pages_measure,
    pages_measured,
    pages_meta,
    pages_ops,
)
from leadarch.wiki.render.context import Context, Page
from leadarch.wiki.render.urls import Urls

FAMILIES = (
    "home",
    "journey",
    "stages",
    "fields",
    "teams",
    "raci",
    "playbooks",
    "routing",
    "systems",
    "slas",
    "scoring",
    "nurtures",
    "sources",
    "reasons",
    "kpis",
    "measurement",
    "maturity",
    "changelog",
    "rules",
)


@dataclass(frozen=True)
class Site:
    pages: tuple[Page, ...]
    nav: list[dict[str, object]]
    urls: Urls  # the layout the pages were written with, for hand-written pages too
    by_path: dict[str, Page] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_path", {p.path: p for p in self.pages})

    def page(self, path: str) -> Page:
        return self.by_path[path]


def _stage_key(s: Stage) -> tuple[int, int, str]:
    return (0 if s.model == "lifecycle" else 1, s.order, s.id)


def _families(
    ctx: Context, catalog: Catalog, drift: Any = None, rules: Sequence[RuleDoc] = ()
) -> list[tuple[str, str, Callable[[], list[Page]]]]:
    """(family, nav section title or "" for top-level pages, page maker), in nav order."""
    stages = sorted(catalog.of(Stage), key=_stage_key)
    systems = sorted(catalog.of(System), key=lambda s: s.id)
    playbooks = sorted(catalog.of(Playbook), key=lambda p: p.id)
    objects = pages_data.fields_by_object(ctx)
    return [
        ("home", "", lambda: [pages_core.home(ctx)]),
        ("journey", "", lambda: [pages_core.journey_page(ctx)]),
        ("playbooks", "Playbooks", lambda: [pages_ops.playbook_page(ctx, p) for p in playbooks]),
        (
            "stages",
            "Stages",
            lambda: [pages_core.stage_index(ctx), *(pages_core.stage_page(ctx, s) for s in stages)],
        ),
        ("routing", "", lambda: [pages_ops.routing_page(ctx)]),
        ("slas", "", lambda: [pages_ops.slas_page(ctx)]),
        ("scoring", "", lambda: [pages_ops.scoring_page(ctx)]),
        ("nurtures", "", lambda: [pages_ops.nurtures_page(ctx)]),
        ("sources", "", lambda: [pages_data.sources_page(ctx)]),
        ("reasons", "", lambda: [pages_ops.reasons_page(ctx)]),
        (
            "fields",
            "Field catalog",
            lambda: [
                pages_data.field_index(ctx),
                *(pages_data.object_page_content(ctx, o, f) for o, f in objects.items()),
            ],
        ),
        (
            "systems",
            "Systems",
            lambda: [
                pages_data.systems_index(ctx),
                *(pages_data.system_page(ctx, s) for s in systems),
            ],
        ),
        ("teams", "", lambda: [pages_core.teams_page(ctx)]),
        ("raci", "", lambda: [pages_ops.raci_page(ctx)]),
        ("kpis", "", lambda: [pages_ops.kpis_page(ctx)]),
        ("funnel", "", lambda: [pages_measured.funnel_page(ctx)]),
        ("conformance", "", lambda: [pages_measured.conformance_page(ctx)]),
        ("measurement", "", lambda: [pages_measure.measurement_guide(ctx)]),
        ("maturity", "", lambda: [pages_ops.maturity_page(ctx)]),
        (
            "changelog",
            "Changelog",
            lambda: [
                pages_meta.changelog_index(ctx),
                *(pages_meta.release_page(ctx, r) for r in pages_meta.releases(ctx)),
            ],
        ),
        (
            "rules",
            "Lint rules",
            lambda: [
                pages_meta.rules_index(ctx, rules),
                *(pages_meta.rule_page(ctx, r) for r in rules),
            ],
        ),
        ("drift", "CRM drift", lambda: pages_meta.drift_pages(ctx, drift or [])),
    ]


def build_site(
    catalog: Catalog,
    families: Iterable[str] = FAMILIES,
    at_version: Any = None,
    drift: Any = None,
    rules: Sequence[RuleDoc] = (),
    measured: Any = None,
) -> Site:
    """Every page of the wanted families. `at_version(version)` may give the catalog at a
    release's git tag, for the release pages' before/after maps; `drift` is a list of
    (source, export, findings) from CRM exports, shown as banners and a summary page;
    `rules` are the lint rules the rule reference documents (the plugin hands them over:
    rendering never runs the lint); `measured` is a measurement of CRM history (the
    Funnel and Conformance pages, and numbers on the stage, KPI and SLA pages)."""
    from leadarch.wiki.render.drift import by_entity, exports

    wanted = set(families) | ({"drift"} if drift else set())
    if measured:
        wanted |= {"funnel", "conformance"}
    found = exports(drift)
    ctx = Context(
        catalog, Urls(catalog, wanted), "index.md", at_version, by_entity(found), None, measured
    )
    sections = [
        (title, make())
        for family, title, make in _families(ctx, catalog, found, rules)
        if family in wanted
    ]
    pages = tuple(p for _, group in sections for p in group)
    nav: list[dict[str, object]] = []
    for title, group in sections:
        # MkDocs themes print nav titles unescaped: catalog names must be escaped here.
        entries: list[dict[str, object]] = [
            {html.escape(p.title, quote=False): p.path} for p in group
        ]
        if title:
            nav.append({title: entries})
        else:
            nav.extend(entries)
    return Site(pages, nav, ctx.urls)
