"""An event log mapping entry is ambiguous.

What it checks:
    Each entry of an `event_logs` mapping says exactly one thing — a `stage`, or
    `touch: true`, or `assign: true` — and no entry repeats the activity and lifecycle
    of an earlier one (the first match wins, so the later one never applies).

Why it matters:
    An event log (XES) names activities, not CRM values; the mapping is the only thing
    that turns them into stage visits, touches and assignments. An entry that says two
    things, or one that can never match, silently changes the measured process.

Example:
    events:
      - {activity: A_SUBMITTED, stage: submitted, touch: true}   # which one?
      - {activity: A_SUBMITTED, stage: applied}                  # never matches

Fix:
    Split the entry in two (one per lifecycle transition if that is what tells them
    apart) or delete the repeat.
"""

from __future__ import annotations

from collections.abc import Iterator

from leadarch.core.catalog import Catalog
from leadarch.core.findings import Finding, Severity
from leadarch.core.model import EventLog
from leadarch.lint.options import Inputs, NoOptions

CODE = "LA142"
NAME = "event-mapping"
SUMMARY = "An event log mapping entry is ambiguous."
SEVERITY = Severity.ERROR


def check(catalog: Catalog, options: NoOptions, inputs: Inputs) -> Iterator[Finding]:
    for log in catalog.of(EventLog):
        seen: dict[tuple[str, str | None], int] = {}
        for i, entry in enumerate(log.events):
            says = [k for k in ("stage", "touch", "assign") if getattr(entry, k)]
            if len(says) != 1:
                yield Finding(
                    f"{log.ref}: the entry for {entry.activity!r} says "
                    + (" and ".join(says) if says else "nothing"),
                    log.at("events", i),
                    "give each entry one of `stage: <id>`, `touch: true` or `assign: true`",
                    log.ref,
                )
            key = (entry.activity, entry.lifecycle.lower() if entry.lifecycle else None)
            earlier = seen.get(key) if key in seen else seen.get((entry.activity, None))
            if earlier is not None:
                yield Finding(
                    f"{log.ref}: {entry.activity!r} is already mapped by entry {earlier + 1}, "
                    "so this entry never applies",
                    log.at("events", i, "activity"),
                    "delete it, or tell the two apart by `lifecycle:`",
                    log.ref,
                )
            else:
                seen.setdefault(key, i)
