"""Helpers shared by rules."""

from __future__ import annotations

from collections.abc import Iterator

from leadarch.core.catalog import Catalog
from leadarch.core.findings import Finding


def from_pipeline(catalog: Catalog, code: str) -> Iterator[Finding]:
    """Findings the loader or the schema check made with this code."""
    return (f for f in catalog.findings if f.code == code)
