"""A value is not one of the allowed choices.

What it checks:
    Attributes with a fixed set of choices (`model`, `type`, `channel`, RACI letters, …) use one of them.

Why it matters:
    A misspelt choice (`lifecyle`) would put the stage in no model at all: it disappears from the journey map.

Example:
      - id: mql
        model: lifecyle

Fix:
    Use one of the values listed in the message; the hint suggests the closest.
"""

from __future__ import annotations

from collections.abc import Iterator

from leadarch import codes
from leadarch.core.catalog import Catalog
from leadarch.core.findings import Finding, Severity
from leadarch.lint.options import Inputs, NoOptions
from leadarch.lint.rules._common import from_pipeline

CODE = codes.SCHEMA_ENUM
NAME = "not-allowed-value"
SUMMARY = "A value is not one of the allowed choices."
SEVERITY = Severity.ERROR


def check(catalog: Catalog, options: NoOptions, inputs: Inputs) -> Iterator[Finding]:
    return from_pipeline(catalog, CODE)
