"""The kinds of the catalog: top-level key, singular name used in references, schema file."""

from __future__ import annotations

from leadarch.core.records import dataclass


@dataclass(frozen=True)
class Kind:
    key: str  # top-level key in a catalog file (plural)
    name: str  # singular, as in `stage:mql`
    label: str  # for people
    id_attr: str = "id"


KINDS: tuple[Kind, ...] = (
    Kind("teams", "team", "team"),
    Kind("roles", "role", "role"),
    Kind("stages", "stage", "stage"),
    Kind("fields", "field", "field"),
    Kind("systems", "system", "system"),
    Kind("integrations", "integration", "integration"),
    Kind("sources", "source", "capture source"),
    Kind("queues", "queue", "queue"),
    Kind("routing", "routing", "routing rule"),
    Kind("slas", "sla", "SLA"),
    Kind("scoring", "scoring", "scoring model"),
    Kind("nurtures", "nurture", "nurture"),
    Kind("reasons", "reason", "reason"),
    Kind("activities", "activity", "RACI activity"),
    Kind("playbooks", "playbook", "playbook"),
    Kind("metrics", "metric", "KPI"),
    Kind("capabilities", "capability", "capability"),
    Kind("releases", "release", "release", id_attr="version"),
    Kind("calendars", "calendar", "business calendar"),
    Kind("event_logs", "event_log", "event log mapping"),
)

BY_KEY = {k.key: k for k in KINDS}
BY_NAME = {k.name: k for k in KINDS}


def entity_id(kind: Kind, data: object) -> str | None:
    """The id of an entity's raw data, or None when it has none usable."""
    if not isinstance(data, dict):
        return None
    if kind.name == "field":
        obj, name = data.get("object"), data.get("name")
        return f"{obj}.{name}" if isinstance(obj, str) and isinstance(name, str) else None
    value = data.get(kind.id_attr)
    return value if isinstance(value, str) else None
