"""HubSpot property listings: v1 (`/properties/v1/<object>/properties`, a list) and
v3 (`/crm/v3/properties/<object>`, `{"results": [...]}`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from leadarch.crm.fields import CrmField, CrmValue
from leadarch.crm.salesforce import read_json, shown
from leadarch.crm.shapes import Shape
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
    if items and all(isinstance(i, dict) and "stages" in i and "name" not in i for i in items):
        raise CannotRun(
            f"{shown(path, cwd)}: a HubSpot pipeline listing (pipelines and their stages), not "
            "a property listing; leadarch reads property listings: GET /crm/v3/properties/"
            "<object> or /properties/v1/<object>/properties"
        )
    shape = Shape(shown(path, cwd))
    prefix = "results" if isinstance(data, dict) else ""
    out = []
    for i, item in enumerate(items):
        at = f"{prefix}[{i}]"
        prop = shape.mapping(item, at)
        hidden = any(
            shape.flag(prop.get(key), f"{at}.{key}", False)
            for key in ("hidden", "deleted", "archived")
        )
        if hidden and not include_hidden:
            continue
        out.append((at, _field(object_name, prop, at, shape)))
    shape.unique(((f.name, f"{at}.name") for at, f in out), "the property")
    return [f for _, f in out]


def _field(object_name: str, prop: dict[str, Any], at: str, shape: Shape) -> CrmField:
    name = shape.text(prop.get("name"), f"{at}.name")
    crm_type = shape.optional_text(prop.get("type"), f"{at}.type") or "string"
    field_type = (shape.optional_text(prop.get("fieldType"), f"{at}.fieldType") or "").lower()
    ours = FIELD_TYPES.get(field_type) or TYPES.get(crm_type, "string")
    if crm_type == "enumeration" and field_type not in ("checkbox", "booleancheckbox"):
        ours = "picklist"
    values = []
    if ours in ("picklist", "multipicklist"):
        for j, item in enumerate(shape.items(prop.get("options"), f"{at}.options")):
            where = f"{at}.options[{j}]"
            option = shape.mapping(item, where)
            values.append(
                CrmValue(
                    shape.text(option.get("value"), f"{where}.value", empty=True),
                    shape.optional_text(option.get("label"), f"{where}.label"),
                    not shape.flag(option.get("hidden"), f"{where}.hidden", False),
                )
            )
        shape.unique(
            ((v.value, f"{at}.options[{j}].value") for j, v in enumerate(values)), "the option"
        )
    defined = prop.get("hubspotDefined")
    return CrmField(
        object_name,
        name,
        shape.optional_text(prop.get("label"), f"{at}.label") or name,
        ours,
        f"{crm_type}/{field_type}",
        None,
        tuple(values),
        (),
        None if defined is None else not shape.flag(defined, f"{at}.hubspotDefined", False),
        None,
        shape.optional_text(prop.get("description"), f"{at}.description"),
    )
