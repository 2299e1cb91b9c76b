"""CRM-shaped history exports for the example catalog, with deviations injected at known
rates — so a test can say exactly what `leadarch measure` must find, and nothing else.

    python bench/generate.py --history N OUT_DIR [--seed 7] [--rate 0.02]

writes, streamed to disk (deterministic for a seed):

- `LeadHistory.csv` (Data Loader shape: `created` rows, Status changes whose first
  OldValue is the status since creation, Owner changes), `Task.csv` (touches),
  `OpportunityFieldHistory.csv` — N leads and N/5 opportunities;
- `contacts_history.json` (HubSpot v3 `propertiesWithHistory`, newest first, pages of 100)
  and `contact_property_history.csv` (the same as a pipeline lands it) — N/5 contacts;
- `expected.json`: every injected deviation with its records, the breached first-touch
  SLAs and the stuck leads.

Every event falls inside the default calendar's working hours on a working day, so
business time equals wall time and each SLA outcome is known by construction. Normal
leads take one of three designed paths; each injected record carries exactly one
deviation of its kind.
"""

from __future__ import annotations

import csv
import datetime as dt
import itertools
import json
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

ZONE = ZoneInfo("Europe/Amsterdam")  # the example catalog's default calendar
START = dt.date(2026, 1, 5)  # a Monday after the New Year holiday; CET until 29 March
WORKDAYS = 50  # ten weeks
STATUS = {  # Lead.Status values of the example catalog
    "lead": "New",
    "mql": "MQL",
    "sal": "SAL",
    "sql": "SQL",
    "recycled": "Recycled",
    "disqualified": "Disqualified",
    "opportunity": "Converted",
}
UNKNOWN = "Working - Contacted"  # a retired status no stage maps
HUBSPOT = {  # stage → (property, value) of the example catalog's crm.hubspot
    "lead": ("lifecyclestage", "lead"),
    "mql": ("lifecyclestage", "marketingqualifiedlead"),
    "sal": ("hs_lead_status", "IN_PROGRESS"),
    "sql": ("lifecyclestage", "salesqualifiedlead"),
    "opportunity": ("lifecyclestage", "opportunity"),
    "customer": ("lifecyclestage", "customer"),
}
HUBSPOT_PATH = ("lead", "mql", "sal", "sql", "opportunity", "customer")
NORMAL = (
    ("lead", "mql", "sal", "sql", "opportunity"),
    ("lead", "mql", "recycled", "mql", "sal", "disqualified"),
    ("lead", "disqualified"),
)
INJECTED = {  # kind → (path, the deviation it makes)
    "disallowed": (
        ("lead", "mql", "sal", "lead", "mql", "sal", "sql", "opportunity"),
        {"kind": "transition-not-allowed", "from": "sal", "to": "lead"},
    ),
    "skipped": (
        ("lead", "sal", "sql", "opportunity"),
        {"kind": "transition-not-allowed", "from": "lead", "to": "sal"},
    ),
    "unknown": (
        ("lead", "mql", UNKNOWN, "sal", "sql", "opportunity"),
        {"kind": "unknown-value", "value": UNKNOWN},
    ),
    "non_entry": (
        ("mql", "sal", "sql", "opportunity"),
        {"kind": "entered-at-non-entry-stage", "stage": "mql"},
    ),
    "after_terminal": (
        ("lead", "disqualified", "mql", "sal", "sql", "opportunity"),
        {"kind": "left-terminal-stage", "stage": "disqualified", "to": "mql"},
    ),
}
OPPORTUNITY = ("Discovery", "Solution Validation", "Proposal", "Negotiation")


def _day(n: int) -> dt.date:
    """The n-th working day from START (Monday to Friday; no holidays fall in the range)."""
    weeks, weekday = divmod(n % WORKDAYS, 5)
    return START + dt.timedelta(days=7 * weeks + weekday)


def _later(day: dt.date, workdays: int) -> dt.date:
    for _ in range(workdays):
        day += dt.timedelta(days=1)
        while day.weekday() >= 5:
            day += dt.timedelta(days=1)
    return day


def _at(day: dt.date, hour: int, minute: int) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=ZONE)


def _sf(moment: dt.datetime) -> str:
    """Salesforce's way: UTC with milliseconds and +0000."""
    return moment.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.000+0000")


def _hs(moment: dt.datetime) -> str:
    return moment.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.000Z")


class Plan:
    """Which lead gets which path, and what that must make `leadarch measure` report."""

    def __init__(self, leads: int, rate: float, seed: int) -> None:
        rng = random.Random(seed)
        ids = list(range(leads))
        rng.shuffle(ids)
        per_kind = round(leads * rate)
        self.kind: dict[int, str] = {}
        cursor = 0
        for kind in [*INJECTED, "late_touch", "stuck"]:
            for n in ids[cursor : cursor + per_kind]:
                self.kind[n] = kind
            cursor += per_kind
        self.normal = {
            n: NORMAL[rng.randrange(len(NORMAL))] for n in range(leads) if n not in self.kind
        }

    def path(self, n: int) -> tuple[str, ...]:
        kind = self.kind.get(n)
        if kind in INJECTED:
            return INJECTED[kind][0]
        if kind == "stuck":
            return ("lead", "mql", "sal")  # left open at SAL, weeks before the snapshot
        if kind == "late_touch":
            return NORMAL[0]
        return self.normal[n]

    def expected(self, lead_id: Any) -> dict[str, Any]:
        deviations = []
        for kind, (_, deviation) in INJECTED.items():
            records = sorted(lead_id(n) for n, k in self.kind.items() if k == kind)
            if records:
                deviations.append(
                    deviation
                    | {"count": len(records), "records": len(records), "examples": records[:5]}
                )
        return {
            "deviations": deviations,
            "first_touch_breached": sum(1 for k in self.kind.values() if k == "late_touch"),
            "stuck": sorted(lead_id(n) for n, k in self.kind.items() if k == "stuck"),
        }


def _lead_events(
    n: int, path: tuple[str, ...], late: bool, stuck: bool
) -> Iterator[tuple[dt.datetime, str, str, str]]:
    """(moment, Field, OldValue, NewValue) rows and ("touch") markers of one lead, in time
    order: one step a working day (MQL steps a few minutes apart from their touch)."""
    day = _day(n % 10 if stuck else n)  # stuck leads start in the first two weeks
    first = path[0]
    created = _at(day, 9, 0)
    yield created, "created", "", ""
    held = STATUS.get(first, first)
    moment = created
    for i, stage in enumerate(path):
        if i > 0:
            day = _later(day, 1)
            moment = _at(day, 9, 30)
            value = STATUS.get(stage, stage)
            yield moment, "Status", held, value
            held = value
        if stage == "mql":
            yield moment + dt.timedelta(minutes=1), "Owner", "Queue", f"SDR {n % 17}"
            touch = moment + dt.timedelta(minutes=61 if late else 6)
            yield touch, "touch", "", ""


def write_history(
    out: Path, leads: int, seed: int = 7, rate: float = 0.02, *, leads_only: bool = False
) -> dict[str, Any]:
    """Writes the exports (with `leads_only`, LeadHistory.csv and Task.csv alone: what the
    large benchmark reads) and returns what measuring them must find."""
    out.mkdir(parents=True, exist_ok=True)
    plan = Plan(leads, rate, seed)

    def lead_id(n: int) -> str:
        return f"00Q{n:012d}"

    row_id = 0
    with (
        (out / "LeadHistory.csv").open("w", newline="", encoding="utf-8") as history,
        (out / "Task.csv").open("w", newline="", encoding="utf-8") as tasks,
    ):
        h, t = csv.writer(history), csv.writer(tasks)
        h.writerow(
            [
                "Id",
                "CreatedById",
                "CreatedDate",
                "DataType",
                "Field",
                "IsDeleted",
                "NewValue",
                "OldValue",
                "LeadId",
            ]
        )
        t.writerow(["Id", "WhoId", "WhatId", "CreatedDate", "Type", "TaskSubtype", "IsDeleted"])
        for n in range(leads):
            kind = plan.kind.get(n)
            for moment, field, old, new in _lead_events(
                n, plan.path(n), kind == "late_touch", kind == "stuck"
            ):
                row_id += 1
                if field == "touch":
                    t.writerow(
                        [f"00T{row_id:012d}", lead_id(n), "", _sf(moment), "Call", "Call", "false"]
                    )
                else:
                    data_type = "EntityId" if field in ("created", "Owner") else "Text"
                    h.writerow(
                        [
                            f"017{row_id:012d}",
                            "005000000000001",
                            _sf(moment),
                            data_type,
                            field,
                            "false",
                            new,
                            old,
                            lead_id(n),
                        ]
                    )
    if not leads_only:
        _opportunities(out, leads // 5)
        _hubspot(out, leads // 5)
    expected = plan.expected(lead_id)
    (out / "expected.json").write_text(json.dumps(expected, indent=2) + "\n", encoding="utf-8")
    return expected


def _opportunities(out: Path, count: int) -> None:
    """Each through the pipeline, two working days a stage, closed won or lost."""
    with (out / "OpportunityFieldHistory.csv").open("w", newline="", encoding="utf-8") as handle:
        w = csv.writer(handle)
        w.writerow(
            [
                "Id",
                "CreatedById",
                "CreatedDate",
                "DataType",
                "Field",
                "IsDeleted",
                "NewValue",
                "OldValue",
                "OpportunityId",
            ]
        )
        for n in range(count):
            oid = f"006{n:012d}"
            w.writerow(
                [
                    f"017O{n:011d}",
                    "005000000000001",
                    _sf(_at(_day(n), 10, 0)),
                    "EntityId",
                    "created",
                    "false",
                    "",
                    "",
                    oid,
                ]
            )
            stages = [*OPPORTUNITY, "Closed Won" if n % 3 else "Closed Lost"]
            for i, (old, new) in enumerate(itertools.pairwise(stages)):
                day = _later(_day(n), 2 * (i + 1))
                w.writerow(
                    [
                        f"017O{n:07d}{i:04d}",
                        "005000000000001",
                        _sf(_at(day, 10, 0)),
                        "Text",
                        "StageName",
                        "false",
                        new,
                        old,
                        oid,
                    ]
                )


def _hubspot(out: Path, count: int) -> None:
    """Clean designed paths through both contact properties, to customer, within one
    morning; MQL visits last ten minutes
    (HubSpot history carries no touches, so the first-touch clock stops at the visit's end)."""
    pages: list[dict[str, Any]] = []
    with (out / "contact_property_history.csv").open("w", newline="", encoding="utf-8") as handle:
        w = csv.writer(handle)
        w.writerow(["contact_id", "timestamp", "name", "value", "source", "source_id"])
        for n in range(count):
            cid = str(900000 + n)
            day = _day(n)
            history: dict[str, list[dict[str, str]]] = {}
            moment = _at(day, 9, 0)
            for i, stage in enumerate(HUBSPOT_PATH):
                if i:
                    minutes = 10 if HUBSPOT_PATH[i - 1] == "mql" else 30
                    moment = moment + dt.timedelta(minutes=minutes)
                prop, value = HUBSPOT[stage]
                history.setdefault(prop, []).append(
                    {"value": value, "timestamp": _hs(moment), "sourceType": "CRM_UI"}
                )
                w.writerow([cid, _hs(moment), prop, value, "CRM_UI", ""])
                if stage == "mql":
                    owner = moment + dt.timedelta(minutes=1)
                    history.setdefault("hubspot_owner_id", []).append(
                        {"value": "7001", "timestamp": _hs(owner), "sourceType": "CRM_UI"}
                    )
                    w.writerow([cid, _hs(owner), "hubspot_owner_id", "7001", "CRM_UI", ""])
            result = {
                "id": cid,
                "properties": {},
                "propertiesWithHistory": {p: list(reversed(rows)) for p, rows in history.items()},
            }
            if not pages or len(pages[-1]["results"]) == 100:
                pages.append({"results": []})
            pages[-1]["results"].append(result)
    (out / "contacts_history.json").write_text(json.dumps(pages) + "\n", encoding="utf-8")


def walks(catalog: Path, out: Path, records: int, seed: int = 7) -> None:
    """A generic events CSV (`record_id, timestamp, stage`) for any catalog: each record
    starts at an entry stage and follows random transitions of the design, one working day
    a step, until an end stage or eight steps — the measured wiki of a generated catalog."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "plugins"))
    from leadarch.core.catalog import build
    from leadarch.core.model import Stage

    stages = {s.id: s for s in build(catalog).of(Stage)}
    entries = sorted(s.id for s in stages.values() if s.entry)
    rng = random.Random(seed)
    with out.open("w", newline="", encoding="utf-8") as handle:
        w = csv.writer(handle)
        w.writerow(["record_id", "timestamp", "stage"])
        for n in range(records):
            day, stage = _day(n), rng.choice(entries)
            for _ in range(8):
                w.writerow([f"R{n:08d}", _hs(_at(day, 9, 30)), stage])
                nexts = sorted(t.to for t in stages[stage].transitions if t.to in stages)
                if stages[stage].terminal or not nexts:
                    break
                stage, day = rng.choice(nexts), _later(day, 1)
