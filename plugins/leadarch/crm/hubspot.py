"""HubSpot property listings: v1 (`/properties/v1/<object>/properties`, a list) and
v3 (`/crm/v3/properties/<object>`, `{"results": [...]}`); and deal pipelines, v1
(`/deals/v1/pipelines`) and v3 (`/crm/v3/pipelines/deals`): the values of `deals.dealstage`,
the HubSpot side of the opportunity stages."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from leadarch.core.records import replace
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
    shape = Shape(shown(path, cwd))
    prefix = "results" if isinstance(data, dict) else ""
    if items and all(isinstance(i, dict) and "stages" in i and "name" not in i for i in items):
        return [_deal_stages(items, prefix, shape)]
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


def _deal_stages(pipelines: list[Any], prefix: str, shape: Shape) -> CrmField:
    """Every pipeline's stages as the values of `deals.dealstage` (one property across
    all pipelines, as HubSpot keeps it). v1 says `closedWon` and a probability; v3 says
    `metadata.isClosed` and `metadata.probability` (text). What a version leaves out —
    whether a v1 stage that is not won is closed — stays unknown."""
    values = []
    for i, item in enumerate(pipelines):
        at = f"{prefix}[{i}]"
        pipeline = shape.mapping(item, at)
        shape.optional_text(pipeline.get("label"), f"{at}.label")
        for j, raw in enumerate(shape.items(pipeline.get("stages"), f"{at}.stages")):
            where = f"{at}.stages[{j}]"
            stage = shape.mapping(raw, where)
            ident = stage.get("stageId", stage.get("id"))
            meta = stage.get("metadata")
            meta = shape.mapping(meta, f"{where}.metadata") if meta is not None else {}
            won = stage.get("closedWon")
            closed = meta.get("isClosed")
            probability = stage.get("probability", meta.get("probability"))
            values.append(
                CrmValue(
                    shape.text(ident, f"{where}.stageId"),
                    shape.optional_text(stage.get("label"), f"{where}.label"),
                    shape.flag(stage.get("active"), f"{where}.active", True)
                    and not shape.flag(stage.get("archived"), f"{where}.archived", False),
                    closed=_truth(closed, f"{where}.metadata.isClosed", shape)
                    if closed is not None
                    else (True if won is True else None),
                    won=shape.flag(won, f"{where}.closedWon", False) if won is not None else None,
                    probability=_probability(probability, f"{where}.probability", shape),
                )
            )
    shape.unique(((v.value, f"stage {v.value}") for v in values), "the deal stage")
    v3 = any(v.closed is not None and v.won is None for v in values)
    if v3:  # v3 says closed, and a closed stage with probability 1 is the won one
        values = [replace(v, won=bool(v.closed and v.probability == 1.0)) for v in values]
    return CrmField(
        "deals",
        "dealstage",
        "Deal stage",
        "picklist",
        "pipelines",
        None,
        tuple(values),
        label_known=False,
        partial=True,
    )


def _truth(value: Any, where: str, shape: Shape) -> bool:
    if isinstance(value, str) and value in ("true", "false"):
        return value == "true"
    return shape.flag(value, where, False)


def _probability(value: Any, where: str, shape: Shape) -> float | None:
    if value is None:
        return None
    try:
        number = float(value) if not isinstance(value, bool) else None
    except (TypeError, ValueError):
        number = None
    if number is None or not 0 <= number <= 1:
        raise shape.refuse(where, "must be a probability between 0 and 1")
    return number
