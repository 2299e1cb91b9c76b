"""A stage's CRM value is not an active value of the CRM field it names.

What it checks:
    For every stage and system in `crm`, the value is one of the picklist values of
    the named field (`Object.field` / HubSpot `object.property`) in the field
    catalog, and that value is active. (A field missing from the catalog is LA020.)

Why it matters:
    The stage exists in the CRM only through this value. If the picklist does not
    hold it, workflows and reports that look for the stage find nothing, and
    leads are counted in no stage.

Example:
    crm:
      salesforce: {object: Lead, field: Status, value: Marketing Qualified}
      # Lead.Status has MQL, not "Marketing Qualified"

Fix:
    Use the exact API value of the picklist (the hint suggests the closest), or add
    the value to the field's `values` first.
"""

from __future__ import annotations

from collections.abc import Iterator

from leadarch.core.catalog import Catalog
from leadarch.core.findings import Finding, Severity
from leadarch.core.hints import did_you_mean
from leadarch.core.model import Stage
from leadarch.lint.options import Inputs, NoOptions

CODE = "LA040"
NAME = "crm-value-not-in-picklist"
SUMMARY = "A stage's CRM value is not an active value of the CRM field it names."
SEVERITY = Severity.ERROR


def check(catalog: Catalog, options: NoOptions, inputs: Inputs) -> Iterator[Finding]:
    for stage in catalog.of(Stage):
        for system, spec in stage.crm.items():
            name = spec.get("field") or spec.get("property")
            field = catalog.field(f"{spec['object']}.{name}") if name else None
            if field is None:
                continue
            value = spec["value"]
            where = stage.at("crm", system, "value")
            if field.type not in ("picklist", "multipicklist"):
                yield Finding(
                    f"stage '{stage.id}': {system} field '{field.id}' is a {field.type} field, not a picklist",
                    where,
                    "point the stage at the picklist field that holds the stage",
                    stage.ref,
                )
                continue
            known = field.value_named(value)
            if known is None:
                hint = did_you_mean(str(value), [str(v.value) for v in field.values])
                yield Finding(
                    f"stage '{stage.id}': {value!r} is not a value of {field.id} ({system})",
                    where,
                    hint or f"add {value!r} to the values of {field.id}",
                    stage.ref,
                )
            elif not known.active:
                yield Finding(
                    f"stage '{stage.id}': {value!r} is an inactive value of {field.id}; users cannot set it",
                    where,
                    "activate the value, or map the stage to an active one",
                    stage.ref,
                )
