"""A key is not part of the format (misspelt?).

What it checks:
    Every key of every entity, and every top-level key of a file, is part of the catalog format.

Why it matters:
    Misspelt keys are silently ignored by most tools, so the author believes an SLA or owner is set when it is not.

Example:
      - id: mql
        ownr: sdr

Fix:
    Fix the spelling (the hint suggests the closest key) or remove the key.
"""

from __future__ import annotations

from collections.abc import Iterator

from leadarch import codes
from leadarch.core.catalog import Catalog
from leadarch.core.findings import Finding, Severity
from leadarch.lint.options import Inputs, NoOptions
from leadarch.lint.rules._common import from_pipeline

CODE = codes.UNKNOWN_KEY
NAME = "unknown-key"
SUMMARY = "A key is not part of the format (misspelt?)."
SEVERITY = Severity.ERROR


def check(catalog: Catalog, options: NoOptions, inputs: Inputs) -> Iterator[Finding]:
    return from_pipeline(catalog, CODE)
