"""A converting lead status does not say which stage a converted lead is in.

What it checks:
    On a field whose values stages use (`crm:` of a stage), a value marked
    `converted: true` has `converts_to:` naming the stage the lead is in once converted.

Why it matters:
    Salesforce lead conversion turns the lead into a contact and an opportunity; the
    lead's history ends with the converted status. `leadarch measure` moves the record
    to the stage `converts_to` names — without it, every converted lead would count as
    an unknown value and conversion to the opportunity stage would read zero.

Example:
    values:
      - {value: Converted, converted: true}

Fix:
    Add the stage: `{value: Converted, converted: true, converts_to: opportunity}`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from leadarch.core.catalog import Catalog
from leadarch.core.findings import Finding, Severity
from leadarch.core.model import CatalogField, Stage
from leadarch.lint.options import Inputs, NoOptions

CODE = "LA141"
NAME = "converted-without-stage"
SUMMARY = "A converting lead status does not say which stage a converted lead is in."
SEVERITY = Severity.WARNING


def check(catalog: Catalog, options: NoOptions, inputs: Inputs) -> Iterator[Finding]:
    stage_fields = {
        f"{crm.get('object')}.{crm.get('field')}"
        for stage in catalog.of(Stage)
        for crm in stage.crm.values()
        if isinstance(crm, Mapping) and "field" in crm  # Salesforce-style: object + field
    }
    for field in catalog.of(CatalogField):
        if field.id not in stage_fields:
            continue
        for value in field.values:
            if value.converted and not value.converts_to:
                yield Finding(
                    f"{field.ref}: converted status {value.value!r} does not say which "
                    "stage a converted lead is in",
                    value.at("converted", on_key=True),
                    f"add `converts_to: <stage>` to {value.value!r}, e.g. the opportunity stage",
                    field.ref,
                )
