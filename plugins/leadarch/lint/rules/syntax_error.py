"""The file is not valid YAML.

What it checks:
    The file cannot be parsed: a missing colon, a bad indent, an unclosed bracket or quote, several documents in one file.

Why it matters:
    A file that does not parse is a file whose stages, fields and rules silently vanish from the architecture.

Example:
    stages:
      - id: mql
        name: MQL: hot   # a plain value with ': ' inside

Fix:
    Fix the line shown (the hint says what is typical there). Quote values that contain `: ` or start with a special character.
"""

from __future__ import annotations

from collections.abc import Iterator

from leadarch import codes
from leadarch.core.catalog import Catalog
from leadarch.core.findings import Finding, Severity
from leadarch.lint.options import Inputs, NoOptions
from leadarch.lint.rules._common import from_pipeline

CODE = codes.SYNTAX_ERROR
NAME = "yaml-syntax"
SUMMARY = "The file is not valid YAML."
SEVERITY = Severity.ERROR


def check(catalog: Catalog, options: NoOptions, inputs: Inputs) -> Iterator[Finding]:
    return from_pipeline(catalog, CODE)
