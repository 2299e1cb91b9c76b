"""Two entities of the same kind share an id.

What it checks:
    Ids are unique within their kind across all files (fields: `Object.ApiName`; releases: the version).

Why it matters:
    References by id become ambiguous: which of the two `mql` stages does routing mean? The second one is ignored.

Example:
    # stages/lifecycle.yaml
      - id: mql
    # stages/legacy.yaml
      - id: mql

Fix:
    Rename or remove one of the two; the message names where the first is.
"""

from __future__ import annotations

from collections.abc import Iterator

from leadarch import codes
from leadarch.core.catalog import Catalog
from leadarch.core.findings import Finding, Severity
from leadarch.lint.options import Inputs, NoOptions
from leadarch.lint.rules._common import from_pipeline

CODE = codes.DUPLICATE_ID
NAME = "duplicate-id"
SUMMARY = "Two entities of the same kind share an id."
SEVERITY = Severity.ERROR


def check(catalog: Catalog, options: NoOptions, inputs: Inputs) -> Iterator[Finding]:
    return from_pipeline(catalog, CODE)
