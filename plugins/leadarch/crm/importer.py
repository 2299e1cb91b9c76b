"""`leadarch import`: CRM facts into the field catalog, merged round-trip into existing files.

Existing entries keep every hand-written attribute (description, owner, PII, change
control, mappings…) and every comment; CRM facts (label, type, required, values,
references) are brought up to date; new fields are appended; nothing is removed —
fields and values the CRM no longer has are reported instead.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

from leadarch.core.editor_schema import SCHEMA_COPY, find_copy, modeline_to, schema_text
from leadarch.core.files import write_whole
from leadarch.core.loader import display_path
from leadarch.core.records import dataclass, field
from leadarch.crm.fields import CrmField, CrmValue
from leadarch.errors import CannotRun
from leadarch.governance.edit import Writer, dump_rt, load_rt, writable_target


@dataclass
class ImportResult:
    path: str
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    missing_in_crm: list[str] = field(default_factory=list)
    values_missing_in_crm: list[str] = field(default_factory=list)
    type_unknown: list[str] = field(default_factory=list)  # new fields the export types not


def import_fields(
    writer: Writer, root: Path, crm_fields: list[CrmField], into: Path | None = None
) -> ImportResult:
    """Merge into the files that already hold each field; new fields go to `into`
    (default `fields/<object>.yaml`). Paths are shown as given, read through `writer`."""
    if not crm_fields:
        raise CannotRun("the export holds no fields to import")
    folder = Path(writer.cwd, root)
    if not folder.exists():  # an import can start a catalog: the folder is made for it
        folder.mkdir(parents=True)
    if into is not None:  # inside the catalog, a YAML file: checked before any work
        writable_target(root, into, writer.cwd)
    objects = sorted({f.object for f in crm_fields})

    def new_home(obj: str) -> Path:  # each object in its own file, unless `into` says
        return into or root / "fields" / f"{obj.lower()}.yaml"

    target = new_home(objects[0])
    catalog = writer.build(root)
    home = {r.id: Path(r.where.file) for r in catalog.raw if r.kind.name == "field" and r.id}
    groups: dict[Path, list[CrmField]] = {}
    for crm in crm_fields:
        groups.setdefault(home.get(crm.id, new_home(crm.object)), []).append(crm)
    result = ImportResult(display_path(target, writer.cwd))
    changed: dict[str, str] = {}
    # A new file's editor schema line names the repository's copy, written with it if
    # the repository has none yet (beside the catalog folder, as `leadarch init` puts it).
    copy = find_copy(folder) or folder.resolve().parent / SCHEMA_COPY
    for path, fields in groups.items():
        text = _merge_file(
            writer.real(path), fields, sorted({f.object for f in fields}), result, copy
        )
        if text is not None:
            changed[display_path(path, writer.cwd)] = text
    in_export = {f.id for f in crm_fields}
    complete = {f.object for f in crm_fields if not f.partial}  # a folder holds what was retrieved
    result.missing_in_crm = sorted(
        i for i in home if i.partition(".")[0] in complete and i not in in_export
    )
    if changed:
        result.path = ", ".join(sorted(changed))  # every file the import writes
        writer.write(root, changed)
        if not copy.exists():
            with contextlib.suppress(FileExistsError):  # another command wrote it meanwhile
                write_whole(copy, schema_text(), replace=False)
    return result


def _merge_file(
    path: Path, crm_fields: list[CrmField], objects: list[str], result: ImportResult, copy: Path
) -> str | None:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if path.exists():
        data = load_rt(path)
        header = ""
    else:
        data = CommentedMap()
        header = (
            modeline_to(copy, path)
            + f"# Imported from the CRM ({', '.join(objects)}); add descriptions, owners and PII by hand.\n"
        )
    if data is None or "fields" not in data or data["fields"] is None:
        data["fields"] = CommentedSeq()
    entries = data["fields"]
    existing = {(e.get("object"), e.get("name")): e for e in entries if hasattr(e, "get")}
    for crm in crm_fields:
        entry = existing.get((crm.object, crm.name))
        if entry is None and not crm.type_known:
            result.type_unknown.append(crm.id)  # never written as a guessed `string`
        elif entry is None:
            entries.append(_new_entry(crm))
            result.added.append(crm.id)
        elif _update(entry, crm, result):
            result.updated.append(crm.id)
    text = header + dump_rt(data)
    return None if path.exists() and text == path.read_text(encoding="utf-8-sig") else text


def _flow(mapping: dict[str, Any]) -> Any:
    from ruamel.yaml.comments import CommentedMap

    out = CommentedMap(mapping)
    out.fa.set_flow_style()
    return out


def _value_entry(value: CrmValue) -> Any:
    item: dict[str, Any] = {"value": value.value}
    if value.label and value.label != value.value:
        item["label"] = value.label
    if not value.active:
        item["active"] = False
    if value.default:
        item["default"] = True
    if value.converted:
        item["converted"] = True
    return item["value"] if len(item) == 1 else _flow(item)


def _facts(crm: CrmField) -> dict[str, Any]:
    """What the export states of the field; what it leaves unknown is not among them."""
    facts: dict[str, Any] = {}
    if crm.label_known:
        facts["label"] = crm.label
    if crm.type_known:
        facts["type"] = crm.type
    if crm.required is not None:
        facts["required"] = crm.required
    if crm.reference_to:
        facts["reference_to"] = list(crm.reference_to)
    if crm.custom is not None:
        facts["custom"] = crm.custom
    return facts


def _new_entry(crm: CrmField) -> Any:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    entry = CommentedMap()
    entry["object"] = crm.object
    entry["name"] = crm.name
    entry["label"] = crm.label  # the API name when the export has no label: required
    entry.update(_facts(crm))
    if crm.description:
        entry["description"] = crm.description
    if crm.values:
        values = CommentedSeq(_value_entry(v) for v in crm.values)
        entry["values"] = values
    if "reference_to" in entry:
        seq = CommentedSeq(entry["reference_to"])
        seq.fa.set_flow_style()
        entry["reference_to"] = seq
    return entry


def _update(entry: Any, crm: CrmField, result: ImportResult) -> bool:
    changed = False
    for key, value in _facts(crm).items():
        current = entry.get(key)
        if key == "reference_to":
            if sorted(current or []) != sorted(value):
                entry[key] = value
                changed = True
        elif current != value:
            entry[key] = value
            changed = True
    return _merge_values(entry, crm, result) or changed


def _merge_values(entry: Any, crm: CrmField, result: ImportResult) -> bool:
    if not crm.values or not crm.values_known:
        return False
    if entry.get("values") is None:
        from ruamel.yaml.comments import CommentedSeq

        entry["values"] = CommentedSeq()
    values = entry["values"]
    by_value = {(v.get("value") if hasattr(v, "get") else v): i for i, v in enumerate(values)}
    changed = False
    for crm_value in crm.values:
        index = by_value.get(crm_value.value)
        if index is None:
            values.append(_value_entry(crm_value))
            changed = True
            continue
        current = values[index]
        wanted = {
            "active": crm_value.active,
            "default": crm_value.default,
            "converted": crm_value.converted,
        }
        have = {
            k: (current.get(k, k == "active") if hasattr(current, "get") else k == "active")
            for k in wanted
        }
        if have != wanted:
            if not hasattr(current, "get"):
                current = _flow({"value": current})
                values[index] = current
            for key, flag in wanted.items():
                if flag != (key == "active"):
                    current[key] = flag
                elif key in current:
                    del current[key]
            changed = True
    crm_values = {v.value for v in crm.values}
    if any(v.default for v in crm.values):
        # The export names the field's default: a value it does not hold cannot be it (an
        # old hand-written default would otherwise stay beside the CRM's own; LA043).
        for current in values:
            stale = hasattr(current, "get") and current.get("value") not in crm_values
            if stale and current.get("default"):
                del current["default"]
                changed = True
    result.values_missing_in_crm += [f"{crm.id} = {v}" for v in by_value if v not in crm_values]
    return changed
