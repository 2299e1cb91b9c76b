"""Macros for hand-written pages: catalog content as Markdown, never as Jinja source.

A macro's return value is inserted into the page after Jinja has run, so text from
the catalog (even `{{ 7*7 }}`) is shown literally.
"""

from __future__ import annotations

from collections.abc import Callable

from leadarch.core.catalog import Catalog
from leadarch.core.model import CatalogField, Stage
from leadarch.wiki.render.context import Context, table
from leadarch.wiki.render.diagrams import journey, journey_legend
from leadarch.wiki.render.pages_data import field_section
from leadarch.wiki.render.text import esc
from leadarch.wiki.render.urls import Urls


def make_macros(
    catalog: Catalog, families: list[str], current_page: Callable[[], str]
) -> dict[str, Callable[..., str]]:
    urls = Urls(catalog, families)

    def ctx() -> Context:
        return Context(catalog, urls, current_page())

    def stage_table(model: str = "lifecycle") -> str:
        """Table of the stages of a model: stage, owner, SLA, definition."""
        c = ctx()
        stages = sorted(
            (s for s in catalog.of(Stage) if s.model == model), key=lambda s: (s.order, s.id)
        )
        rows = [
            [
                c.link(s.ref),
                c.link(f"role:{s.owner}"),
                c.link(f"sla:{s.sla}") if s.sla else "—",
                c.md(s.definition, inline=True),
            ]
            for s in stages
        ]
        return table(["Stage", "Owner", "SLA", "Definition"], rows)

    def raci_matrix() -> str:
        """The RACI matrix: activities × roles."""
        from leadarch.wiki.render.pages_ops import raci_table

        return raci_table(ctx())

    def journey_map(model: str = "lifecycle") -> str:
        """The journey map of a model, with its legend."""
        c = ctx()
        return journey(c, model) + "\n" + journey_legend()

    def field_card(field_id: str) -> str:
        """One field's card: type, values, owner, systems, where used."""
        c = ctx()
        field = catalog.field(field_id)
        if not isinstance(field, CatalogField):
            return f"*No field {esc(field_id)} in the catalog.*"
        return field_section(c, field, level=3)

    return {
        "stage_table": stage_table,
        "raci_matrix": raci_matrix,
        "journey_map": journey_map,
        "field_card": field_card,
    }
