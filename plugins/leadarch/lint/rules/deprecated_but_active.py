"""A picklist value is deprecated but still active.

What it checks:
    A value marked `deprecated: true` is also marked `active: false` (a value is active
    unless it says otherwise).

Why it matters:
    Deprecated means "must no longer be used"; active means users can still pick it in
    the CRM. Both at once is a retirement only half done: people keep choosing the old
    value, and reports keep counting it.

Example:
    values:
      - {value: Working - Contacted, deprecated: true}   # still active

Fix:
    Deactivate the value in the CRM and add `active: false`; or, if it is still meant to
    be used, drop `deprecated: true`.
"""

from __future__ import annotations

from collections.abc import Iterator

from leadarch.core.catalog import Catalog
from leadarch.core.findings import Finding, Severity
from leadarch.core.model import CatalogField
from leadarch.lint.options import Inputs, NoOptions

CODE = "LA044"
NAME = "deprecated-but-active"
SUMMARY = "A picklist value is deprecated but still active."
SEVERITY = Severity.WARNING


def check(catalog: Catalog, options: NoOptions, inputs: Inputs) -> Iterator[Finding]:
    for field in catalog.of(CatalogField):
        for value in field.values:
            if value.deprecated and value.active:
                yield Finding(
                    f"{field.ref}: {value.value!r} is deprecated but still active: users can "
                    "still pick it",
                    value.at("deprecated", on_key=True),
                    "deactivate it in the CRM and add `active: false`, or drop `deprecated: true`",
                    field.ref,
                )
