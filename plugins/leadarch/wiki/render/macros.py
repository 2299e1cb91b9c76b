"""Macros for hand-written pages: catalog content as Markdown, never as Jinja source.

A macro's return value is inserted into the page after Jinja has run, so text from
the catalog (even `{{ 7*7 }}`) is shown literally.
"""

from __future__ import annotations

from collections.abc import Callable

from leadarch.core.catalog import Catalog
from leadarch.core.hints import did_you_mean
from leadarch.core.model import CatalogField, Stage
from leadarch.wiki.render.context import Context, table
from leadarch.wiki.render.diagrams import journey, journey_legend
from leadarch.wiki.render.pages_data import field_section
from leadarch.wiki.render.text import esc
from leadarch.wiki.render.urls import Urls


def make_macros(
    catalog: Catalog,
    families: list[str],
    current_page: Callable[[], str],
    unknown: Callable[[str, str], None] = lambda needle, message: None,
) -> dict[str, Callable[..., str]]:
    """The macros; `unknown(needle, message)` hears of every one named for something the
    catalog does not hold (`needle`: the text to find it by in the page's source)."""
    urls = Urls(catalog, families)
    models = {s.model for s in catalog.of(Stage)}

    def known_model(model: str) -> bool:
        if model in models:
            return True
        hint = did_you_mean(model, models) or "models: " + ", ".join(sorted(models))
        unknown(model, f"no stage model '{model}' in the catalog; {hint}")
        return False

    def ctx() -> Context:
        return Context(catalog, urls, current_page())

    def stage_table(model: str = "lifecycle") -> str:
        """Table of the stages of a model: stage, owner, SLA, definition."""
        if not known_model(model):
            return f"*No stage model {esc(model)} in the catalog.*"
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
        if not known_model(model):
            return f"*No stage model {esc(model)} in the catalog.*"
        c = ctx()
        return journey(c, model) + "\n" + journey_legend()

    def field_card(field_id: str) -> str:
        """One field's card: type, values, owner, systems, where used."""
        c = ctx()
        field = catalog.field(field_id)
        if not isinstance(field, CatalogField):
            hint = did_you_mean(field_id, [f.id for f in catalog.of(CatalogField)])
            unknown(
                field_id,
                f"field_card: no field '{field_id}' in the catalog" + (f"; {hint}" if hint else ""),
            )
            return f"*No field {esc(field_id)} in the catalog.*"
        return field_section(c, field, level=3)

    return {
        "stage_table": stage_table,
        "raci_matrix": raci_matrix,
        "journey_map": journey_map,
        "field_card": field_card,
    }
