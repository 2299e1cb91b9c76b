"""A YAML tag asks for something other than plain data.

What it checks:
    No node carries a tag other than the standard plain-data ones (`!!str`, `!!int`, `!!float`, `!!bool`, `!!null`, `!!seq`, `!!map`).

Why it matters:
    Tags such as `!!python/object` make naive loaders build objects and run code; a catalog is data and never needs them.

Example:
    owner: !!python/object/apply:os.system ["rm -rf /"]

Fix:
    Remove the tag and write the value as plain text, a number, a list or a mapping.
"""

from __future__ import annotations

from collections.abc import Iterator

from leadarch import codes
from leadarch.core.catalog import Catalog
from leadarch.core.findings import Finding, Severity
from leadarch.lint.options import Inputs, NoOptions
from leadarch.lint.rules._common import from_pipeline

CODE = codes.UNSAFE_YAML
NAME = "forbidden-tag"
SUMMARY = "A YAML tag asks for something other than plain data."
SEVERITY = Severity.ERROR


def check(catalog: Catalog, options: NoOptions, inputs: Inputs) -> Iterator[Finding]:
    return from_pipeline(catalog, CODE)
