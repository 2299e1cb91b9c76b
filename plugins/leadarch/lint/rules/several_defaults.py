"""A picklist has more than one default value.

What it checks:
    At most one value of a picklist or multipicklist field has `default: true`.

Why it matters:
    A new record gets one default; two marked as default mean the catalog and the CRM
    disagree about where new records start (an import that merged values from two
    sources leaves exactly this), and reports built on the default silently split.

Example:
    values:
      - {value: New, default: true}
      - {value: Open, default: true}   # a second default

Fix:
    Keep `default: true` on the value new records get in the CRM; remove it elsewhere.
"""

from __future__ import annotations

from collections.abc import Iterator

from leadarch.core.catalog import Catalog
from leadarch.core.findings import Finding, Severity
from leadarch.core.model import CatalogField
from leadarch.lint.options import Inputs, NoOptions

CODE = "LA043"
NAME = "several-default-values"
SUMMARY = "A picklist has more than one default value."
SEVERITY = Severity.ERROR


def check(catalog: Catalog, options: NoOptions, inputs: Inputs) -> Iterator[Finding]:
    for field in catalog.of(CatalogField):
        defaults = [v for v in field.values if v.default]
        first = defaults[0] if defaults else None
        for value in defaults[1:]:
            assert first is not None
            yield Finding(
                f"{field.ref}: {value.value!r} is another default value "
                f"(the first is {first.value!r})",
                value.at("default", on_key=True),
                f"keep `default: true` on the one value new records get; "
                f"remove it from {value.value!r} or {first.value!r}",
                field.ref,
            )
