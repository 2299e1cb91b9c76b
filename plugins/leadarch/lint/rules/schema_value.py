"""A value has the right type but the wrong form (pattern, range, count).

What it checks:
    Values meet the remaining schema constraints: id patterns, version patterns, 1–5 maturity levels, non-empty lists, unique list items, exactly one assignment target.

Why it matters:
    Ids with spaces or capitals break links; a maturity level of 7 breaks the matrix; a routing rule with two targets is ambiguous.

Example:
      - id: MQL Stage

Fix:
    Follow the form the message describes.
"""

from __future__ import annotations

from collections.abc import Iterator

from leadarch import codes
from leadarch.core.catalog import Catalog
from leadarch.core.findings import Finding, Severity
from leadarch.lint.options import Inputs, NoOptions
from leadarch.lint.rules._common import from_pipeline

CODE = codes.SCHEMA_VALUE
NAME = "invalid-value"
SUMMARY = "A value has the right type but the wrong form (pattern, range, count)."
SEVERITY = Severity.ERROR


def check(catalog: Catalog, options: NoOptions, inputs: Inputs) -> Iterator[Finding]:
    return from_pipeline(catalog, CODE)
