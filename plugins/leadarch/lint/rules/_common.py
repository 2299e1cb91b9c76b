"""Helpers shared by rules."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from leadarch.core.catalog import Catalog
from leadarch.core.findings import Finding


def from_pipeline(catalog: Catalog, code: str) -> Iterator[Finding]:
    """Findings the loader or the schema check made with this code."""
    return (f for f in catalog.findings if f.code == code)


def did_you_mean(value: str, choices: Iterable[str]) -> str | None:
    import difflib  # hints only: not on the clean path

    close = difflib.get_close_matches(value, list(choices), n=1, cutoff=0.6)
    if not close:
        lowered = {c.lower(): c for c in choices}
        if value.lower() in lowered:
            close = [lowered[value.lower()]]
    return f"did you mean '{close[0]}'?" if close else None
