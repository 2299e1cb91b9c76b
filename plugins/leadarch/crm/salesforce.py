"""Salesforce REST `sobjects/<Object>/describe` and Metadata API source (`*-meta.xml`)."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

from leadarch.core.files import NotRegular, TooLarge, read_regular
from leadarch.core.loader import display_path
from leadarch.crm.fields import CrmField, CrmValue
from leadarch.crm.shapes import Shape
from leadarch.errors import CannotRun

TYPES = {
    "id": "id",
    "string": "string",
    "textarea": "text",
    "picklist": "picklist",
    "multipicklist": "multipicklist",
    "combobox": "picklist",
    "boolean": "boolean",
    "int": "integer",
    "long": "integer",
    "double": "number",
    "currency": "currency",
    "percent": "percent",
    "date": "date",
    "datetime": "datetime",
    "time": "string",
    "email": "email",
    "phone": "phone",
    "url": "url",
    "reference": "reference",
    "address": "address",
    "location": "address",
    "encryptedstring": "string",
    "base64": "text",
    "anytype": "string",
}
# Metadata API types (CustomField.type) of the same
METADATA_TYPES = {
    "text": "string",
    "textarea": "text",
    "longtextarea": "text",
    "html": "text",
    "picklist": "picklist",
    "multiselectpicklist": "multipicklist",
    "checkbox": "boolean",
    "number": "number",
    "currency": "currency",
    "percent": "percent",
    "date": "date",
    "datetime": "datetime",
    "email": "email",
    "phone": "phone",
    "url": "url",
    "lookup": "reference",
    "masterdetail": "reference",
    "address": "address",
}
# Standard value sets and the standard fields that use them.
STANDARD_VALUE_SETS = {
    "LeadStatus": ("Lead.Status",),
    "LeadSource": ("Lead.LeadSource", "Contact.LeadSource", "Opportunity.LeadSource"),
    "OpportunityStage": ("Opportunity.StageName",),
    "AccountType": ("Account.Type",),
    "Industry": ("Lead.Industry", "Account.Industry"),
    "LeadRating": ("Lead.Rating",),
    "OpportunityType": ("Opportunity.Type",),
}


MAX_EXPORT_BYTES = 64 * 1024 * 1024  # a describe of the largest object is a few MB


def shown(path: Path, cwd: Path | None) -> str:
    """An export's path as the user gave it (relative to the folder the command runs in)."""
    return display_path(path, cwd)


def read_export(path: Path, cwd: Path | None = None) -> str:
    """An export's text: a regular file (a FIFO would block), UTF-8, within the bound."""
    try:
        return read_regular(path, MAX_EXPORT_BYTES).decode("utf-8-sig")
    except (NotRegular, TooLarge) as exc:
        raise CannotRun(str(exc).replace(str(path), shown(path, cwd))) from None
    except OSError as exc:
        raise CannotRun(f"cannot read {shown(path, cwd)}: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise CannotRun(f"{shown(path, cwd)}: not UTF-8 text (byte {exc.start:,})") from None


def read_json(path: Path, cwd: Path | None = None) -> Any:
    text = read_export(path, cwd)
    try:
        return json.loads(text)
    except (json.JSONDecodeError, RecursionError) as exc:
        raise CannotRun(f"{shown(path, cwd)}: not a readable JSON export ({exc})") from None


def read_describe(
    path: Path, only_object: str | None = None, cwd: Path | None = None
) -> list[CrmField]:
    data = read_json(path, cwd)
    if not isinstance(data, dict) or not isinstance(data.get("fields"), list) or "name" not in data:
        raise CannotRun(
            f"{shown(path, cwd)}: not a Salesforce describe response (no `name` and `fields`)"
        )
    shape = Shape(shown(path, cwd))
    obj = shape.text(data["name"], "name")
    if only_object and only_object != obj:
        raise CannotRun(f"{shown(path, cwd)} describes {obj}, not {only_object}")
    fields = [
        _describe_field(obj, shape.mapping(f, f"fields[{i}]"), f"fields[{i}]", shape)
        for i, f in enumerate(data["fields"])
    ]
    shape.unique(((f.name, f"fields[{i}].name") for i, f in enumerate(fields)), "the field")
    return fields


def _describe_field(obj: str, f: dict[str, Any], at: str, shape: Shape) -> CrmField:
    name = shape.text(f.get("name"), f"{at}.name")
    crm_type = shape.optional_text(f.get("type"), f"{at}.type") or "string"
    # Required as Salesforce means it: a record can never hold no value (`nillable:
    # false`) for a field people set. A default on create (`defaultedOnCreate`: Lead
    # Status, the owner) fills it, but it stays required; a boolean is never null, and a
    # system field (`createable: false`) is not set by anyone.
    required = (
        not shape.flag(f.get("nillable"), f"{at}.nillable", True)
        and shape.flag(f.get("createable"), f"{at}.createable", False)
        and crm_type != "boolean"
    )
    options = shape.items(f.get("picklistValues"), f"{at}.picklistValues")
    values = []
    for j, item in enumerate(options):
        where = f"{at}.picklistValues[{j}]"
        v = shape.mapping(item, where)
        values.append(
            CrmValue(
                shape.text(v.get("value"), f"{where}.value"),
                shape.optional_text(v.get("label"), f"{where}.label"),
                shape.flag(v.get("active"), f"{where}.active", True),
                shape.flag(v.get("defaultValue"), f"{where}.defaultValue", False),
            )
        )
    shape.unique(
        ((v.value, f"{at}.picklistValues[{j}].value") for j, v in enumerate(values)), "the value"
    )
    return CrmField(
        obj,
        name,
        shape.optional_text(f.get("label"), f"{at}.label") or name,
        TYPES.get(crm_type.lower(), "string"),
        crm_type,
        required,
        tuple(values),
        shape.texts(f.get("referenceTo"), f"{at}.referenceTo"),
        shape.flag(f.get("custom"), f"{at}.custom", False),
        shape.whole_number(f.get("length"), f"{at}.length"),
    )


def _xml(path: Path, cwd: Path | None) -> ET.Element:
    text = read_export(path, cwd)
    if "<!DOCTYPE" in text or "<!ENTITY" in text:  # entity expansion is how XML bombs work
        raise CannotRun(
            f"{shown(path, cwd)}: DOCTYPE and entity declarations are not accepted in metadata files"
        )
    try:
        root = ET.fromstring(text)
    except ET.ParseError as exc:
        raise CannotRun(f"{shown(path, cwd)}: not well-formed XML ({exc})") from None
    for element in root.iter():
        element.tag = element.tag.rpartition("}")[2]
    return root


def _text(element: ET.Element, tag: str) -> str | None:
    found = element.find(tag)
    return found.text.strip() if found is not None and found.text else None


def read_metadata(folder: Path, cwd: Path | None = None) -> list[CrmField]:
    """`objects/<Object>/fields/*.field-meta.xml` and `standardValueSets/*.standardValueSet-meta.xml`."""
    if not folder.is_dir():
        raise CannotRun(f"{shown(folder, cwd)} is not a folder of Metadata API source")
    value_sets = {
        p.name.split(".")[0]: _standard_values(p, cwd)
        for p in sorted(folder.rglob("*.standardValueSet-meta.xml"))
    }
    value_sets |= {
        p.name.split(".")[0]: _standard_values(p, cwd)
        for p in sorted(folder.rglob("*.standardValueSet"))
        if p.is_file()
    }
    fields = []
    for path in sorted(folder.rglob("*.field-meta.xml")):
        obj = path.parent.parent.name
        root = _xml(path, cwd)
        name = _text(root, "fullName") or path.name.split(".")[0]
        fields.append(_metadata_field(obj, name, root, value_sets))
    # A standard value set is the values of its standard fields, retrieved or not.
    have = {f.id for f in fields}
    for set_name, users in STANDARD_VALUE_SETS.items():
        for field_id in users:
            if set_name in value_sets and field_id not in have:
                obj, _, name = field_id.partition(".")
                fields.append(
                    CrmField(
                        obj,
                        name,
                        name,
                        "picklist",
                        f"standard value set {set_name}",
                        None,
                        value_sets[set_name],
                        label_known=False,
                        partial=True,
                    )
                )
    if not fields and not value_sets:
        raise CannotRun(
            f"{shown(folder, cwd)}: no *.field-meta.xml or *.standardValueSet-meta.xml files found"
        )
    return fields


def _metadata_field(
    obj: str, name: str, root: ET.Element, value_sets: dict[str, tuple[CrmValue, ...]]
) -> CrmField:
    """One `*.field-meta.xml`, for what it says. A standard field's file is often a stub
    (`<fullName>` alone): its type and label are then unknown, not `string` and its API
    name; a field of a standard value set is a picklist with that set's values."""
    crm_type = _text(root, "type")
    values: tuple[CrmValue, ...] = ()
    standard = next(
        (s for s, users in STANDARD_VALUE_SETS.items() if f"{obj}.{name}" in users), None
    )
    if standard is not None and standard in value_sets:
        values = value_sets[standard]
    inline = root.find("valueSet/valueSetDefinition")
    if inline is not None:
        values = tuple(_value(v) for v in inline.findall("value"))
    if crm_type:
        ours = METADATA_TYPES.get(crm_type.lower(), "string")
    elif standard is not None:
        ours = "picklist"
    else:
        ours = "string"  # unknown: never compared, never written over a catalog's type
    type_known = bool(crm_type) or standard is not None
    label = _text(root, "label")
    required = _text(root, "required")
    return CrmField(
        obj,
        name,
        label or name,
        ours,
        crm_type or "standard",
        None if required is None else required == "true",
        values,
        tuple(t for t in [_text(root, "referenceTo")] if t),
        name.endswith("__c"),
        type_known=type_known,
        label_known=label is not None,
        values_known=bool(values) or (type_known and ours not in ("picklist", "multipicklist")),
        partial=True,
    )


def _standard_values(path: Path, cwd: Path | None) -> tuple[CrmValue, ...]:
    return tuple(_value(v) for v in _xml(path, cwd).findall("standardValue"))


def _value(element: ET.Element) -> CrmValue:
    active = _text(element, "isActive")
    probability = _text(element, "probability")
    return CrmValue(
        _text(element, "fullName") or "",
        _text(element, "label"),
        active != "false",
        _text(element, "default") == "true",
        _text(element, "converted") == "true",
        _flag(element, "closed"),
        _flag(element, "won"),
        float(probability) if probability and _is_number(probability) else None,
        _text(element, "forecastCategory"),
    )


def _flag(element: ET.Element, tag: str) -> bool | None:
    said = _text(element, tag)
    return None if said is None else said == "true"


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True
