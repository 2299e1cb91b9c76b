"""A key appears twice in the same mapping.

What it checks:
    No mapping has the same key twice.

Why it matters:
    YAML tools keep only one of the two values, silently: the author believes a value is set that is not.

Example:
      - id: mql
        owner: sdr
        owner: ae

Fix:
    Remove one of the two keys or merge their values.
"""

from __future__ import annotations

from collections.abc import Iterator

from leadarch import codes
from leadarch.core.catalog import Catalog
from leadarch.core.findings import Finding, Severity
from leadarch.lint.options import Inputs, NoOptions
from leadarch.lint.rules._common import from_pipeline

CODE = codes.DUPLICATE_KEY
NAME = "duplicate-key"
SUMMARY = "A key appears twice in the same mapping."
SEVERITY = Severity.ERROR


def check(catalog: Catalog, options: NoOptions, inputs: Inputs) -> Iterator[Finding]:
    return from_pipeline(catalog, CODE)
