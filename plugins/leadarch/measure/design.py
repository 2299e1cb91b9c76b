"""The designed process as the measurement needs it: stages, the CRM values that mean
each stage, allowed transitions, SLA clocks and KPI computations — plain data, read once
from the catalog, so the SQL that computes the numbers never looks at YAML."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from leadarch.core.catalog import Catalog
from leadarch.core.model import Calendar, CatalogField, EventLog, Metric, Sla
from leadarch.core.records import dataclass, field, replace
from leadarch.domain.calendars import calendar_of, default_calendar
from leadarch.domain.durations import parse_duration
from leadarch.domain.graph import stages as ordered_stages
from leadarch.domain.working_time import WorkingTime

# A channel is where a stage value is read: a CRM field, or "" for files that name
# stage ids (or any CRM value) directly.
Channel = tuple[str, str]  # (system, "Object.Field") or (system, property); ("", "") generic


@dataclass(frozen=True)
class StageInfo:
    id: str
    model: str
    entry: bool
    terminal: bool
    sla: str | None


@dataclass(frozen=True)
class SlaClock:
    id: str
    stage: str
    target_s: float
    start: str  # stage_entry | assignment
    stop: str  # first_touch | stage_exit
    calendar: str | None  # calendar id when measured in business time


@dataclass(frozen=True)
class Kpi:
    id: str
    computation: str  # conversion | time | sla | count
    unit: str | None
    target: float | None  # in the value's scale: fractions for rates, seconds for times
    direction: str | None
    params: Mapping[str, Any]
    where: Any  # the location of the KPI's target (or measure), for --check findings


@dataclass(frozen=True)
class Design:
    stages: tuple[StageInfo, ...]
    values: tuple[tuple[str, str, str, str], ...]  # (system, key, value, stage)
    converted: frozenset[tuple[str, str, str]]  # (system, key, value) of converting statuses
    allowed: frozenset[tuple[str, str]]
    advances: tuple[tuple[str, str], ...]
    slas: tuple[SlaClock, ...]
    kpis: tuple[Kpi, ...]
    calendars: Mapping[str, WorkingTime]
    default_zone: str
    default_calendar: str | None  # its id, when it is usable
    defaults: Mapping[str, str]  # "Object.Field" → its default picklist value
    pii_fields: frozenset[str] = field(default_factory=frozenset)
    event_logs: Mapping[str, EventLog] = field(default_factory=dict)
    chosen_event_log: str | None = None

    @property
    def stage_ids(self) -> tuple[str, ...]:
        return tuple(s.id for s in self.stages)

    def stage(self, stage_id: str) -> StageInfo | None:
        return next((s for s in self.stages if s.id == stage_id), None)

    @property
    def event_log(self) -> EventLog | None:
        """The mapping XES files are read with: the chosen one, else the only one."""
        if self.chosen_event_log is not None:
            return self.event_logs.get(self.chosen_event_log)
        return next(iter(self.event_logs.values())) if len(self.event_logs) == 1 else None

    def using_event_log(self, log_id: str, log: EventLog | None = None) -> Design:
        """The design reading XES with this mapping (one of the catalog's, or `log`)."""
        logs = dict(self.event_logs) | ({log_id: log} if log is not None else {})
        return replace(self, event_logs=logs, chosen_event_log=log_id)

    def channels(self, system: str) -> set[str]:
        """The fields (Salesforce `Object.Field`) or properties (HubSpot) stages use."""
        return {key for sys, key, _, _ in self.values if sys == system}


def design(catalog: Catalog) -> Design:
    stages = ordered_stages(catalog)
    values: list[tuple[str, str, str, str]] = []
    for stage in stages:
        for system, crm in stage.crm.items():
            if not isinstance(crm, Mapping) or crm.get("value") is None:
                continue
            key = crm.get("field") or crm.get("property")
            obj = crm.get("object")
            if "field" in crm and obj:
                key = f"{obj}.{key}"
            values.append((system, str(key), str(crm["value"]), stage.id))
    stage_ids = {s.id for s in stages}
    converted: set[tuple[str, str, str]] = set()
    defaults: dict[str, str] = {}
    for fld in catalog.of(CatalogField):
        for value in fld.values:
            if value.default and fld.id not in defaults:
                defaults[fld.id] = str(value.value)
            if value.converted and value.converts_to in stage_ids:
                # A converting status means "now in the stage it converts to".
                for system, key, _, _ in list(values):
                    if key == fld.id:
                        values.append((system, key, str(value.value), str(value.converts_to)))
                        converted.add((system, key, str(value.value)))
                        break
    calendars = {c.id: wt for c in catalog.of(Calendar) if (wt := WorkingTime.of(c)) is not None}
    default = default_calendar(catalog)
    return Design(
        stages=tuple(StageInfo(s.id, s.model, s.entry, s.terminal, s.sla) for s in stages),
        values=tuple(dict.fromkeys(values)),
        converted=frozenset(converted),
        allowed=frozenset((s.id, t.to) for s in stages for t in s.transitions),
        advances=tuple((s.id, t.to) for s in stages for t in s.transitions if t.type == "advance"),
        slas=tuple(_clocks(catalog, stage_ids, calendars)),
        kpis=tuple(_kpis(catalog)),
        calendars=calendars,
        default_zone=default.time_zone if default and default.id in calendars else "UTC",
        default_calendar=default.id if default and default.id in calendars else None,
        defaults=defaults,
        pii_fields=frozenset(f.id for f in catalog.of(CatalogField) if f.pii),
        event_logs={e.id: e for e in catalog.of(EventLog)},
    )


def _clocks(
    catalog: Catalog, stage_ids: set[str], calendars: Mapping[str, WorkingTime]
) -> list[SlaClock]:
    out = []
    for sla in sorted(catalog.of(Sla), key=lambda s: s.id):
        target = parse_duration(sla.target)
        if not sla.stage or sla.stage not in stage_ids or target is None:
            continue  # not measurable: no stage whose visits the clock runs in
        calendar = calendar_of(catalog, sla) if sla.business_hours else None
        clock = sla.measured_clock
        out.append(
            SlaClock(
                sla.id,
                sla.stage,
                target,
                clock.start,
                clock.stop,
                calendar.id if calendar is not None and calendar.id in calendars else None,
            )
        )
    return out


def _kpis(catalog: Catalog) -> list[Kpi]:
    out = []
    for metric in sorted(catalog.of(Metric), key=lambda m: m.id):
        measure = metric.measure
        kind = measure.computation if measure else None
        if measure is None or kind is None:
            continue
        params: dict[str, Any]
        if measure.conversion is not None:
            c = measure.conversion
            params = {"from": c.from_stage, "to": c.to, "horizon": c.horizon}
        elif measure.time is not None:
            t = measure.time
            params = {
                "from": t.from_stage,
                "to": None if t.first_touch else t.to,
                "statistic": t.statistic,
                "business_hours": t.business_hours,
            }
        elif measure.sla is not None:
            params = {"sla": measure.sla}
        else:
            assert measure.count is not None
            params = {"stage": measure.count.stage, "per": measure.count.per}
        out.append(
            Kpi(
                metric.id,
                kind,
                metric.unit,
                _target(metric),
                metric.direction,
                params,
                metric.at("target") if metric.target is not None else metric.at("measure"),
            )
        )
    return out


def _target(metric: Metric) -> float | None:
    """The target in the scale of the measured value: a percent target as a fraction, a
    duration as seconds (the measurement spec's units)."""
    target = metric.target
    if isinstance(target, bool) or target is None:
        return None
    if metric.unit == "duration":
        return parse_duration(target)
    if not isinstance(target, (int, float)):
        return None
    return target / 100 if metric.unit == "percent" else float(target)
