"""A file exceeds a safety bound (size, nesting, aliases) or a link leaves the catalog.

What it checks:
    Each file is at most 10 MB, nests at most 64 levels, expands aliases to at most 100,000 nodes and has no recursive aliases; symbolic links that lead outside the catalog folder are not followed.

Why it matters:
    Hostile or runaway files (a billion-laughs alias bomb, ten thousand nested brackets) would otherwise hang or crash the lint and the wiki build for everyone.

Example:
    a: &a [x, x, x, x, x, x, x, x, x, x]
    b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]
    # … nine levels of this expand to a billion nodes

Fix:
    Split big files (a kind may be spread over many files), write repeated data out instead of nesting aliases, copy linked files into the catalog.
"""

from __future__ import annotations

from collections.abc import Iterator

from leadarch import codes
from leadarch.core.catalog import Catalog
from leadarch.core.findings import Finding, Severity
from leadarch.lint.options import Inputs, NoOptions
from leadarch.lint.rules._common import from_pipeline

CODE = codes.RESOURCE_LIMIT
NAME = "resource-limit"
SUMMARY = "A file exceeds a safety bound (size, nesting, aliases) or a link leaves the catalog."
SEVERITY = Severity.ERROR


def check(catalog: Catalog, options: NoOptions, inputs: Inputs) -> Iterator[Finding]:
    return from_pipeline(catalog, CODE)
