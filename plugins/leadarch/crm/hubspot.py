"""HubSpot property listings: v1 (`/properties/v1/<object>/properties`, a list) and
v3 (`/crm/v3/properties/<object>`, `{"results": [...]}`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from leadarch.crm.fields import CrmField, CrmValue
from leadarch.crm.salesforce import read_json, shown
from leadarch.errors import CannotRun

FIELD_TYPES = {
    "checkbox": "multipicklist",
    "booleancheckbox": "boolean",
    "textarea": "text",
    "phonenumber": "phone",
}
TYPES = {
    "string": "string",
    "number": "number",
    "date": "date",
    "datetime": "datetime",
    "bool": "boolean",
    "phone_number": "phone",
    "enumeration": "picklist",
}


def read_properties(
    path: Path,
    object_name: str = "contacts",
    include_hidden: bool = False,
    cwd: Path | None = None,
) -> list[CrmField]:
    data = read_json(path, cwd)
    items = data.get("results") if isinstance(data, dict) else data
    if not isinstance(items, list):
        raise CannotRun(
            f"{shown(path, cwd)}: not a HubSpot property listing (a list, or an object with `results`)"
        )
    out = []
    for prop in items:
        if not isinstance(prop, dict) or not prop.get("name"):
            continue
        if not include_hidden and (
            prop.get("hidden") or prop.get("deleted") or prop.get("archived")
        ):
            continue
        out.append(_field(object_name, prop))
    return out


def _field(object_name: str, prop: dict[str, Any]) -> CrmField:
    crm_type = str(prop.get("type", "string"))
    field_type = str(prop.get("fieldType", "")).lower()
    ours = FIELD_TYPES.get(field_type) or TYPES.get(crm_type, "string")
    if crm_type == "enumeration" and field_type not in ("checkbox", "booleancheckbox"):
        ours = "picklist"
    values = (
        tuple(
            CrmValue(str(o["value"]), o.get("label"), not o.get("hidden", False))
            for o in prop.get("options") or []
            if isinstance(o, dict) and "value" in o
        )
        if ours in ("picklist", "multipicklist")
        else ()
    )
    return CrmField(
        object_name,
        prop["name"],
        prop.get("label") or prop["name"],
        ours,
        f"{crm_type}/{field_type}",
        None,
        values,
        (),
        not prop.get("hubspotDefined", False) if "hubspotDefined" in prop else None,
        None,
        prop.get("description") or None,
    )
