"""A required key is missing.

What it checks:
    Every entity has the keys its kind requires (for a stage: id, name, model, order, owner).

Why it matters:
    An entity without an owner or a model cannot be placed on the journey map or held to account.

Example:
      - id: mql
        name: MQL
        model: lifecycle
        order: 2   # no owner

Fix:
    Add the missing key; the hint says what it means.
"""

from __future__ import annotations

from collections.abc import Iterator

from leadarch import codes
from leadarch.core.catalog import Catalog
from leadarch.core.findings import Finding, Severity
from leadarch.lint.options import Inputs, NoOptions
from leadarch.lint.rules._common import from_pipeline

CODE = codes.SCHEMA_REQUIRED
NAME = "missing-required"
SUMMARY = "A required key is missing."
SEVERITY = Severity.ERROR


def check(catalog: Catalog, options: NoOptions, inputs: Inputs) -> Iterator[Finding]:
    return from_pipeline(catalog, CODE)
