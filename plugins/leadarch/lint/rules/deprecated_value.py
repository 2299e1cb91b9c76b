"""A deprecated or inactive picklist value is still used.

What it checks:
    No stage CRM value, criterion, capture source or executable example uses a
    picklist value marked `deprecated: true` or `active: false`.

Why it matters:
    Deprecated values are on their way out of the CRM. Every rule, report or form
    still using one breaks the day the value is removed.

Example:
    - field: Lead.Status
      op: eq
      value: Working - Contacted     # deprecated in 1.1.0

Fix:
    Move the usage to the value that replaced it (see the value's description and
    the changelog), then remove the old value.
"""

from __future__ import annotations

from collections.abc import Iterator

from leadarch.core.catalog import Catalog
from leadarch.core.findings import Finding, Location, Severity
from leadarch.core.model import CatalogField
from leadarch.domain.queries import value_uses
from leadarch.lint.options import Inputs, NoOptions

CODE = "LA042"
NAME = "deprecated-value-used"
SUMMARY = "A deprecated or inactive picklist value is still used."
SEVERITY = Severity.WARNING


def check(catalog: Catalog, options: NoOptions, inputs: Inputs) -> Iterator[Finding]:
    for owner, field_id, value, where in value_uses(catalog):
        field = catalog.field(field_id)
        if not isinstance(field, CatalogField):
            continue
        listed = isinstance(value, list | tuple)
        for i, one in enumerate(value if listed else [value]):
            known = field.value_named(one)
            if known is not None and (
                known.deprecated or (not known.active and not _is_crm(where))
            ):
                state = "deprecated" if known.deprecated else "inactive"
                yield Finding(
                    f"{owner} uses {state} value {one!r} of {field_id}",
                    where.child(i) if listed else where,
                    known.description or "replace it with the value that superseded it",
                    owner,
                )


def _is_crm(where: Location) -> bool:
    return "crm" in where.pointer  # an inactive CRM stage value is LA040's error
