"""The typed, immutable catalog: one frozen class per kind, built from schema-valid data."""

from __future__ import annotations

import builtins
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, ClassVar, TypeVar

from leadarch.core.findings import Location
from leadarch.core.records import dataclass, field, fields

Value = str | int | float | bool


def _freeze(value: Any) -> Any:
    if isinstance(value, dict):
        return MappingProxyType({k: _freeze(v) for k, v in value.items()})
    if isinstance(value, list):
        return tuple(_freeze(v) for v in value)
    return value


_PLANS: dict[type, tuple[tuple[str, str, Any], ...]] = {}


def _build(cls: type[P], data: Mapping[str, Any], where: Location) -> P:
    """A part (or entity) of class `cls` from its YAML data, nested parts built in turn."""
    values: dict[str, Any] = {"where": where}
    for name, key, nested in _plan(cls):
        if key not in data:
            continue
        raw = data[key]
        if nested is not None and type(raw) is list:
            values[name] = tuple(
                nested.build_any(item, where.child(key, i)) for i, item in enumerate(raw)
            )
        elif nested is not None and type(raw) is dict:
            values[name] = nested.build_any(raw, where.child(key))
        elif type(raw) is list or type(raw) is dict:
            values[name] = _freeze(raw)
        else:
            values[name] = raw
    return cls(**values)


def _plan(cls: type[Part]) -> tuple[tuple[str, str, Any], ...]:
    """(attribute, YAML key, nested part class) for every attribute but ``where``, once per class."""
    plan = _PLANS.get(cls)
    if plan is None:
        plan = _PLANS[cls] = tuple(
            (f.name, cls._renamed.get(f.name, f.name), cls._nested.get(f.name))
            for f in fields(cls)
            if f.name != "where"
        )
    return plan


P = TypeVar("P", bound="Part")


@dataclass(frozen=True, slots=True)
class Part:
    """A nested structure (criterion, transition, …); ``where`` locates it in its file."""

    where: Location

    _nested: ClassVar[dict[str, type[Part]]] = {}
    _renamed: ClassVar[dict[str, str]] = {}

    @classmethod
    def build(cls: type[P], data: Mapping[str, Any], where: Location) -> P:
        return _build(cls, data, where)

    @classmethod
    def build_any(cls: type[P], data: Any, where: Location) -> P:
        return cls.build(data, where)

    def at(self, *path: str | int, on_key: bool = False) -> Location:
        return self.where.child(*path, on_key=on_key)


@dataclass(frozen=True, slots=True)
class Criterion(Part):
    """A plain sentence (``text``) or a structured test on a field."""

    text: str | None = None
    field: str | None = None
    op: str | None = None
    value: Any = None
    description: str | None = None

    @classmethod
    def build_any(cls, data: Any, where: Location) -> Criterion:
        if isinstance(data, str):
            return cls(where, text=data)
        return cls.build(data, where)

    @property
    def structured(self) -> bool:
        return self.field is not None


@dataclass(frozen=True, slots=True)
class Conditions(Part):
    all: tuple[Criterion, ...] = ()
    any: tuple[Criterion, ...] = ()
    _nested: ClassVar[dict[str, type[Part]]] = {"all": Criterion, "any": Criterion}


@dataclass(frozen=True, slots=True)
class Transition(Part):
    to: str = ""
    type: str = "advance"
    when: str | None = None
    reasons: tuple[str, ...] = ()
    automated: bool = False


@dataclass(frozen=True, slots=True)
class Entity(Part):
    """Every catalog entity has an id and a kind; ``where`` points at its list item."""

    id: str = ""
    kind: ClassVar[str] = ""

    @property
    def ref(self) -> str:
        return f"{self.kind}:{self.id}"

    @property
    def title(self) -> str:
        return str(getattr(self, "name", None) or self.id)

    @property
    def doc(self) -> str | None:
        """The entity's own documentation text (description, definition or summary)."""
        for attr in ("description", "definition", "summary"):
            text = getattr(self, attr, None)
            if text:
                return str(text)
        return None


@dataclass(frozen=True, slots=True)
class Team(Entity):
    kind: ClassVar[str] = "team"
    name: str = ""
    description: str | None = None
    order: int | None = None
    calendar: str | None = None


@dataclass(frozen=True, slots=True)
class Role(Entity):
    kind: ClassVar[str] = "role"
    name: str = ""
    team: str = ""
    description: str | None = None
    aliases: tuple[str, ...] = ()
    calendar: str | None = None


@dataclass(frozen=True, slots=True)
class Stage(Entity):
    kind: ClassVar[str] = "stage"
    name: str = ""
    model: str = "lifecycle"
    order: int = 0
    owner: str = ""
    acronym: str | None = None
    aliases: tuple[str, ...] = ()
    definition: str | None = None
    entry: bool = False
    terminal: bool = False
    outcome: str | None = None
    entry_criteria: tuple[Criterion, ...] = ()
    exit_criteria: tuple[Criterion, ...] = ()
    transitions: tuple[Transition, ...] = ()
    sla: str | None = None
    crm: Mapping[str, Mapping[str, Any]] = field(default_factory=lambda: MappingProxyType({}))
    kpis: tuple[str, ...] = ()
    _nested: ClassVar[dict[str, type[Part]]] = {
        "entry_criteria": Criterion,
        "exit_criteria": Criterion,
        "transitions": Transition,
    }


@dataclass(frozen=True, slots=True)
class PicklistValue(Part):
    value: Value = ""
    label: str | None = None
    active: bool = True
    deprecated: bool = False
    default: bool = False
    converted: bool = False
    converts_to: str | None = None
    description: str | None = None

    @classmethod
    def build_any(cls, data: Any, where: Location) -> PicklistValue:
        if not isinstance(data, dict):
            return cls(where, value=data)
        return cls.build(data, where)


@dataclass(frozen=True, slots=True)
class CatalogField(Entity):
    kind: ClassVar[str] = "field"
    object: str = ""
    name: str = ""
    label: str = ""
    type: str = "string"
    required: bool = False
    description: str | None = None
    values: tuple[PicklistValue, ...] = ()
    reference_to: tuple[str, ...] = ()
    length: int | None = None
    custom: bool = False
    owner: str | None = None
    source_of_truth: str | None = None
    synced_to: tuple[str, ...] = ()
    pii: bool = False
    change_control: tuple[str, ...] = ()
    validation: str | None = None
    mappings: Mapping[str, Mapping[str, Any]] = field(default_factory=lambda: MappingProxyType({}))
    _nested: ClassVar[dict[str, builtins.type[Part]]] = {"values": PicklistValue}

    @classmethod
    def build(cls, data: Mapping[str, Any], where: Location) -> CatalogField:
        built = _build(cls, data, where)  # not super(): slotted dataclasses break it
        object.__setattr__(built, "id", f"{built.object}.{built.name}")
        return built

    @property
    def title(self) -> str:
        return self.label or self.id

    def value_named(self, value: Any) -> PicklistValue | None:
        return next((v for v in self.values if v.value == value), None)


@dataclass(frozen=True, slots=True)
class System(Entity):
    kind: ClassVar[str] = "system"
    name: str = ""
    category: str = "other"
    vendor: str | None = None
    owner: str = ""
    description: str | None = None


@dataclass(frozen=True, slots=True)
class Integration(Entity):
    kind: ClassVar[str] = "integration"
    name: str | None = None
    source: str = ""
    target: str = ""
    carries: tuple[str, ...] = ()
    direction: str = "one_way"
    mechanism: str | None = None
    frequency: str | None = None
    owner: str | None = None
    description: str | None = None
    _renamed: ClassVar[dict[str, str]] = {"source": "from", "target": "to"}


@dataclass(frozen=True, slots=True)
class Source(Entity):
    kind: ClassVar[str] = "source"
    name: str = ""
    channel: str = "other"
    system: str | None = None
    owner: str | None = None
    utm: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    enters: str = ""
    sets: tuple[Any, ...] = ()
    description: str | None = None


@dataclass(frozen=True, slots=True)
class Queue(Entity):
    kind: ClassVar[str] = "queue"
    name: str = ""
    role: str = ""
    sla: str | None = None
    system: str | None = None
    description: str | None = None


@dataclass(frozen=True, slots=True)
class Example(Part):
    name: str | None = None
    lead: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    activities: tuple[str, ...] = ()
    expect: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))


@dataclass(frozen=True, slots=True)
class RoutingRule(Entity):
    kind: ClassVar[str] = "routing"
    name: str = ""
    priority: int = 0
    segment: str | None = None
    when: Conditions | None = None
    assign: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    method: str | None = None
    sla: str | None = None
    description: str | None = None
    examples: tuple[Example, ...] = ()
    _nested: ClassVar[dict[str, type[Part]]] = {"when": Conditions, "examples": Example}

    @property
    def is_fallback(self) -> bool:
        return self.when is None or not (self.when.all or self.when.any)


@dataclass(frozen=True, slots=True)
class Escalation(Part):
    after: str = ""
    notify: str = ""
    action: str | None = None


@dataclass(frozen=True, slots=True)
class SlaClock(Part):
    """When a measured SLA clock starts and stops (see the spec's `slas.<id>`)."""

    start: str = "stage_entry"  # or "assignment"
    stop: str = "first_touch"  # or "stage_exit"


@dataclass(frozen=True, slots=True)
class Sla(Entity):
    kind: ClassVar[str] = "sla"
    name: str = ""
    stage: str | None = None
    role: str = ""
    target: str = ""
    business_hours: bool = False
    calendar: str | None = None
    starts_when: str | None = None
    stops_when: str | None = None
    clock: SlaClock | None = None
    escalations: tuple[Escalation, ...] = ()
    metric: str | None = None
    description: str | None = None
    _nested: ClassVar[dict[str, type[Part]]] = {"escalations": Escalation, "clock": SlaClock}

    @property
    def measured_clock(self) -> SlaClock:
        return self.clock or SlaClock(self.at("clock"))


@dataclass(frozen=True, slots=True)
class ScoreCriterion(Part):
    field: str | None = None
    activity: str | None = None
    op: str | None = None
    value: Any = None
    points: int = 0
    description: str | None = None


@dataclass(frozen=True, slots=True)
class Threshold(Part):
    stage: str = ""
    min: int = 0


@dataclass(frozen=True, slots=True)
class ScoringModel(Entity):
    kind: ClassVar[str] = "scoring"
    name: str = ""
    type: str = "fit"
    owner: str = ""
    description: str | None = None
    score_field: str | None = None
    criteria: tuple[ScoreCriterion, ...] = ()
    thresholds: tuple[Threshold, ...] = ()
    decay: Mapping[str, Any] | None = None
    examples: tuple[Example, ...] = ()
    _nested: ClassVar[dict[str, builtins.type[Part]]] = {
        "criteria": ScoreCriterion,
        "thresholds": Threshold,
        "examples": Example,
    }


@dataclass(frozen=True, slots=True)
class NurtureStep(Part):
    after: str = ""
    channel: str = "email"
    description: str | None = None


@dataclass(frozen=True, slots=True)
class NurtureExit(Part):
    to: str = ""
    when: str | None = None


@dataclass(frozen=True, slots=True)
class Nurture(Entity):
    kind: ClassVar[str] = "nurture"
    name: str = ""
    audience: tuple[str, ...] = ()
    entry_criteria: tuple[Criterion, ...] = ()
    steps: tuple[NurtureStep, ...] = ()
    exit: tuple[NurtureExit, ...] = ()
    owner: str = ""
    description: str | None = None
    _nested: ClassVar[dict[str, type[Part]]] = {
        "entry_criteria": Criterion,
        "steps": NurtureStep,
        "exit": NurtureExit,
    }


@dataclass(frozen=True, slots=True)
class Reason(Entity):
    kind: ClassVar[str] = "reason"
    name: str = ""
    reason_kind: str = "reject"
    next_stage: str | None = None
    requires_note: bool = False
    crm_value: Value | None = None
    owner: str | None = None
    description: str | None = None
    _renamed: ClassVar[dict[str, str]] = {"reason_kind": "kind"}


@dataclass(frozen=True, slots=True)
class Activity(Entity):
    kind: ClassVar[str] = "activity"
    name: str = ""
    description: str | None = None
    stage: str | None = None
    area: str | None = None
    raci: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))


@dataclass(frozen=True, slots=True)
class Play(Part):
    title: str = ""
    when: str | None = None
    steps: tuple[str, ...] = ()
    sla: str | None = None
    systems: tuple[str, ...] = ()
    fields: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Playbook(Entity):
    kind: ClassVar[str] = "playbook"
    role: str = ""
    title: str = ""
    summary: str | None = None
    stages: tuple[str, ...] = ()
    plays: tuple[Play, ...] = ()
    _nested: ClassVar[dict[str, type[Part]]] = {"plays": Play}


@dataclass(frozen=True, slots=True)
class ConversionMeasure(Part):
    from_stage: str = ""
    to: str = ""
    horizon: str | None = None
    _renamed: ClassVar[dict[str, str]] = {"from_stage": "from"}


@dataclass(frozen=True, slots=True)
class TimeMeasure(Part):
    from_stage: str = ""
    to: str | None = None
    first_touch: bool = False
    statistic: str = "median"
    business_hours: bool = False
    _renamed: ClassVar[dict[str, str]] = {"from_stage": "from"}


@dataclass(frozen=True, slots=True)
class CountMeasure(Part):
    stage: str = ""
    per: str = "month"


@dataclass(frozen=True, slots=True)
class Measure(Part):
    """How a KPI is computed from history: exactly one of the four is set."""

    conversion: ConversionMeasure | None = None
    time: TimeMeasure | None = None
    sla: str | None = None
    count: CountMeasure | None = None
    _nested: ClassVar[dict[str, type[Part]]] = {
        "conversion": ConversionMeasure,
        "time": TimeMeasure,
        "count": CountMeasure,
    }

    @property
    def computation(self) -> str | None:
        for name in ("conversion", "time", "sla", "count"):
            if getattr(self, name) is not None:
                return name
        return None


@dataclass(frozen=True, slots=True)
class Metric(Entity):
    kind: ClassVar[str] = "metric"
    name: str = ""
    definition: str | None = None
    formula: str | None = None
    unit: str | None = None
    target: Any = None
    direction: str | None = None
    owner: str = ""
    stages: tuple[str, ...] = ()
    measure: Measure | None = None
    _nested: ClassVar[dict[str, type[Part]]] = {"measure": Measure}


@dataclass(frozen=True, slots=True)
class Capability(Entity):
    kind: ClassVar[str] = "capability"
    name: str = ""
    matrix: str | None = None
    ad_hoc: str | None = None
    operationalized: str | None = None
    owner: str = ""
    kpis: tuple[str, ...] = ()
    current: int = 1
    target: int = 1
    evidence: str | None = None
    next_steps: tuple[str, ...] = ()
    description: str | None = None
    _renamed: ClassVar[dict[str, str]] = {"ad_hoc": "from", "operationalized": "to"}

    @property
    def doc(self) -> str | None:
        return self.description or self.operationalized


@dataclass(frozen=True, slots=True)
class Change(Part):
    type: str = "changed"
    ref: str = ""
    summary: str | None = None
    impact: str | None = None


@dataclass(frozen=True, slots=True)
class Release(Entity):
    kind: ClassVar[str] = "release"
    version: str = ""
    date: str | None = None
    status: str = "released"
    summary: str | None = None
    approved_by: tuple[str, ...] = ()
    sandbox_tested: bool = False
    changes: tuple[Change, ...] = ()
    _nested: ClassVar[dict[str, type[Part]]] = {"changes": Change}

    @property
    def title(self) -> str:
        return "Unreleased changes" if self.status == "unreleased" else f"Release {self.version}"

    @classmethod
    def build(cls, data: Mapping[str, Any], where: Location) -> Release:
        built = _build(cls, data, where)  # not super(): slotted dataclasses break it
        object.__setattr__(built, "id", built.version)
        return built


@dataclass(frozen=True, slots=True)
class WorkingPeriod(Part):
    start: str = "00:00"
    end: str = "00:00"


@dataclass(frozen=True, slots=True)
class Calendar(Entity):
    kind: ClassVar[str] = "calendar"
    name: str = ""
    time_zone: str = "UTC"
    working_days: tuple[str, ...] = ()
    hours: tuple[WorkingPeriod, ...] = ()
    holidays: tuple[str, ...] = ()
    default: bool = False
    description: str | None = None
    _nested: ClassVar[dict[str, type[Part]]] = {"hours": WorkingPeriod}


@dataclass(frozen=True, slots=True)
class EventMapping(Part):
    activity: str = ""
    lifecycle: str | None = None
    stage: str | None = None
    touch: bool = False
    assign: bool = False


@dataclass(frozen=True, slots=True)
class EventLog(Entity):
    kind: ClassVar[str] = "event_log"
    name: str = ""
    events: tuple[EventMapping, ...] = ()
    ignore: tuple[str, ...] = ()
    description: str | None = None
    _nested: ClassVar[dict[str, type[Part]]] = {"events": EventMapping}


ENTITY_CLASSES: dict[str, type[Entity]] = {
    cls.kind: cls
    for cls in (
        Team,
        Role,
        Stage,
        CatalogField,
        System,
        Integration,
        Source,
        Queue,
        RoutingRule,
        Sla,
        ScoringModel,
        Nurture,
        Reason,
        Activity,
        Playbook,
        Metric,
        Capability,
        Release,
        Calendar,
        EventLog,
    )
}
