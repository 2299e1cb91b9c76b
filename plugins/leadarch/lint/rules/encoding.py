"""The file is not UTF-8.

What it checks:
    Every byte of the file decodes as UTF-8 (a byte-order mark is allowed).

Why it matters:
    Other encodings turn names with accents or symbols into garbage in the wiki and the CRM.

Example:
    A file saved as Latin-1 by an old editor: `Caf\xe9`.

Fix:
    Re-save the file as UTF-8 in your editor.
"""

from __future__ import annotations

from collections.abc import Iterator

from leadarch import codes
from leadarch.core.catalog import Catalog
from leadarch.core.findings import Finding, Severity
from leadarch.lint.options import Inputs, NoOptions
from leadarch.lint.rules._common import from_pipeline

CODE = codes.ENCODING
NAME = "not-utf8"
SUMMARY = "The file is not UTF-8."
SEVERITY = Severity.ERROR


def check(catalog: Catalog, options: NoOptions, inputs: Inputs) -> Iterator[Finding]:
    return from_pipeline(catalog, CODE)
