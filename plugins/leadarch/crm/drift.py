"""Drift: where the catalog and a CRM export disagree, each finding at its catalog line (or
at the export, for what the catalog lacks), in the shared finding type (codes LC001-LC011,
`leadarch.codes.DRIFT_CODES`); `leadarch.report` renders them."""

from __future__ import annotations

from leadarch.codes import DRIFT_CODES
from leadarch.core.catalog import Catalog
from leadarch.core.findings import Diagnostic, Location, Severity
from leadarch.core.model import CatalogField, Stage, System
from leadarch.core.records import dataclass
from leadarch.crm.fields import CrmField, CrmValue


@dataclass(frozen=True)
class Drift:
    """One difference as it is found, before it becomes a finding."""

    kind: str
    field: str
    message: str
    where: Location | None = None
    ref: str | None = None  # the catalog entity the difference shows on (a field or a stage)

    def finding(self, catalog: Catalog, export: str) -> Diagnostic:
        if self.where is None:
            path, line, column = export, 1, 1
        else:
            path, (line, column) = self.where.file, catalog.position(self.where)
        return Diagnostic(
            path,
            line,
            column,
            DRIFT_CODES[self.kind].CODE,
            Severity.ERROR,
            self.message,
            self.ref,
            detail={
                "kind": self.kind,
                "field": self.field,
                "located": self.where is not None,
                "export": export,  # each finding names the export it comes from
            },
        )


def system_for(catalog: Catalog, source: str) -> str:
    """The catalog system an export comes from: the system with the same id, else by category."""
    wanted = "hubspot" if source == "hubspot" else "salesforce"
    systems = {s.id: s for s in catalog.of(System)}
    if wanted in systems:
        return wanted
    category = "map" if source == "hubspot" else "crm"
    match = sorted(s.id for s in systems.values() if s.category == category)
    return match[0] if match else wanted


SCOPES = ("documented", "all")


def drift(
    catalog: Catalog,
    crm_fields: list[CrmField],
    system: str,
    export: str = "",
    scope: str = "documented",
) -> list[Diagnostic]:
    """Every difference between the catalog and the fields of `export`, in the order found.

    `scope`: "documented" (fields the catalog documents, and custom fields it lacks; the
    standard fields it does not document are counted in one line per object) or "all"."""
    return [d.finding(catalog, export) for d in _differences(catalog, crm_fields, system, scope)]


def _differences(
    catalog: Catalog, crm_fields: list[CrmField], system: str, scope: str
) -> list[Drift]:
    found: list[Drift] = []
    objects = {f.object for f in crm_fields}
    crm = {f.id: f for f in crm_fields}
    ours = {f.id: f for f in catalog.of(CatalogField) if f.object in objects}
    partial = {f.object for f in crm_fields if f.partial}
    undocumented: dict[str, int] = {}
    for field_id in sorted(set(crm) - set(ours)):
        theirs = crm[field_id]
        if scope == "documented" and not _custom(theirs):
            undocumented[theirs.object] = undocumented.get(theirs.object, 0) + 1
            continue
        found.append(
            Drift(
                "missing-in-catalog",
                field_id,
                f"{field_id} is in {system} but not in the field catalog",
            )
        )
    for obj, count in sorted(undocumented.items()):
        found.append(
            Drift(
                "missing-in-catalog",
                f"{obj}.*",
                f"{count} standard field(s) of {obj} are in {system} but not in the field "
                "catalog (not listed one by one: --scope all lists them)",
            )
        )
    for field_id in sorted(set(ours) - set(crm)):
        if ours[field_id].object in partial:
            continue  # a partial export lacks what was not retrieved, not what is missing
        found.append(
            Drift(
                "missing-in-crm",
                field_id,
                f"{field_id} is in the field catalog but not in {system}",
                ours[field_id].at("name"),
            )
        )
    for field_id in sorted(set(ours) & set(crm)):
        found += _field_drift(ours[field_id], crm[field_id], system)
    found += _stage_drift(catalog, crm, system)
    return found


def _custom(field: CrmField) -> bool:
    """A field the organisation added: what a catalog must document, or say it lacks."""
    return bool(field.custom) or field.name.endswith("__c")


def _field_drift(ours: CatalogField, crm: CrmField, system: str) -> list[Drift]:
    out = []
    if crm.type_known and ours.type != crm.type:
        out.append(
            Drift(
                "type",
                ours.id,
                f"{ours.id} is {ours.type} in the catalog but {crm.type} ({crm.crm_type}) in {system}",
                ours.at("type"),
            )
        )
    if crm.required is not None and ours.required != crm.required:
        out.append(
            Drift(
                "required",
                ours.id,
                f"{ours.id} is {'' if ours.required else 'not '}required in the catalog but {'' if crm.required else 'not '}in {system}",
                ours.at("required"),
            )
        )
    if crm.reference_to and ours.reference_to and set(crm.reference_to) != set(ours.reference_to):
        out.append(
            Drift(
                "reference",
                ours.id,
                f"{ours.id} refers to {', '.join(ours.reference_to)} in the catalog but to {', '.join(crm.reference_to)} in {system}",
                ours.at("reference_to"),
            )
        )
    if crm.values_known and (crm.values or ours.values):
        for index, value in enumerate(ours.values):
            theirs = crm.value_named(str(value.value))
            where = ours.at("values", index)
            if theirs is None:
                out.append(
                    Drift(
                        "value-missing-in-crm",
                        ours.id,
                        f"{ours.id}: value {value.value!r} is in the catalog but not in {system}",
                        where,
                    )
                )
            elif theirs.active != value.active:
                state = "active" if theirs.active else "inactive"
                out.append(
                    Drift(
                        "value-active",
                        ours.id,
                        f"{ours.id}: value {value.value!r} is {state} in {system} but {'active' if value.active else 'inactive'} in the catalog",
                        where,
                    )
                )
        for theirs in crm.values:
            if ours.value_named(theirs.value) is None:
                out.append(
                    Drift(
                        "value-missing-in-catalog",
                        ours.id,
                        f"{ours.id}: value {theirs.value!r} is in {system} but not in the catalog",
                        ours.at("values"),
                    )
                )
        converted = [v.value for v in crm.values if v.converted]
        mine = [str(v.value) for v in ours.values if v.converted]
        if converted and mine != converted:
            out.append(
                Drift(
                    "converted",
                    ours.id,
                    f"{ours.id}: {system} converts leads with status {converted[0]!r}, the catalog with {mine[0]!r}"
                    if mine
                    else f"{ours.id}: {system} converts leads with status {converted[0]!r}, which the catalog does not mark `converted`",
                    ours.at("values"),
                )
            )
    return out


def _outcome_drift(stage: Stage, value: CrmValue, field_id: str, system: str) -> list[Drift]:
    """An opportunity stage and its CRM value must agree on how the deal ends: what the
    CRM counts as closed won is the catalog's `won` stage, and an open CRM value is not a
    terminal stage. What the export does not say (None) is not compared."""
    said = f"stage '{stage.id}' is stored as {value.value!r} in {field_id}"
    problem = None
    if value.won is True and stage.outcome != "won":
        ends = f"outcome is {stage.outcome}" if stage.outcome else "is not a won stage"
        problem = f"{said}, which {system} counts as closed won, but the stage {ends}"
    elif stage.outcome == "won" and value.won is False:
        problem = f"{said}, which {system} does not count as won, but the stage's outcome is won"
    elif value.closed is False and stage.terminal:
        problem = f"{said}, which is open in {system}, but the stage is terminal"
    elif value.closed is True and not stage.terminal:
        problem = f"{said}, which closes the deal in {system}, but the stage is not terminal"
    if problem is None:
        return []
    return [Drift("stage-outcome", field_id, problem, stage.at("crm", system, "value"), stage.ref)]


def _stage_drift(catalog: Catalog, crm: dict[str, CrmField], system: str) -> list[Drift]:
    out = []
    converted_mapped: dict[str, bool] = {}
    for stage in sorted(catalog.of(Stage), key=lambda s: (s.model, s.order)):
        spec = stage.crm.get(system)
        if not spec:
            continue
        field_id = f"{spec['object']}.{spec.get('field') or spec.get('property')}"
        theirs = crm.get(field_id)
        if theirs is None or not theirs.values:
            continue
        value = theirs.value_named(str(spec["value"]))
        if value is None or not value.active:
            out.append(
                Drift(
                    "stage-value",
                    field_id,
                    f"stage '{stage.id}' is stored as {spec['value']!r} in {field_id}, which is not an active value in {system}",
                    stage.at("crm", system, "value"),
                    stage.ref,
                )
            )
        if value is not None and value.converted:
            converted_mapped[field_id] = True
        if value is not None:
            out += _outcome_drift(stage, value, field_id, system)
    for field_id, field in crm.items():
        converted = [v.value for v in field.values if v.converted]
        if (
            converted
            and not converted_mapped.get(field_id)
            and any(s.crm.get(system) for s in catalog.of(Stage))
        ):
            out.append(
                Drift(
                    "converted-unmapped",
                    field_id,
                    f"{system} converts leads at {field_id} = {converted[0]!r}, but no stage is stored with that value",
                )
            )
    return out
