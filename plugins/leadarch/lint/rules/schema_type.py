"""A value has the wrong type.

What it checks:
    Every value has the type its schema requires: text, whole number, number, true/false, list or mapping.

Why it matters:
    A wrong type usually means a typo that changes meaning: `order: first`, `pii: yes please`, a single value where a list is expected.

Example:
      - id: mql
        order: second

Fix:
    Write the value in the type the message asks for; quote text that looks like a number or boolean.
"""

from __future__ import annotations

from collections.abc import Iterator

from leadarch import codes
from leadarch.core.catalog import Catalog
from leadarch.core.findings import Finding, Severity
from leadarch.lint.options import Inputs, NoOptions
from leadarch.lint.rules._common import from_pipeline

CODE = codes.SCHEMA_TYPE
NAME = "wrong-type"
SUMMARY = "A value has the wrong type."
SEVERITY = Severity.ERROR


def check(catalog: Catalog, options: NoOptions, inputs: Inputs) -> Iterator[Finding]:
    return from_pipeline(catalog, CODE)
