"""The measurement guide: how to export each CRM history this catalog needs, what every
number `leadarch measure` gives means, and what to do about each kind of deviation.

Written from the catalog: the fields to track are the ones its stages map, the
calendars and event log mappings are its own — so the guide of another team's wiki
names that team's fields, not ours.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from leadarch.core.model import Calendar, EventLog, Sla, Stage
from leadarch.wiki.render.context import Context, Page, front_matter, table
from leadarch.wiki.render.text import code, esc

_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
DEFAULT_HUBSPOT_CALL = (
    "GET /crm/v3/objects/contacts?propertiesWithHistory=lifecyclestage,hubspot_owner_id&limit=50"
)
DEVIATIONS = (
    (
        "transition-not-allowed",
        "A record moved between two stages the design does not connect (a skipped stage, a "
        "step back).",
        "If people do it on purpose, the design is missing a transition: add it with its "
        "`type` and `when`. If not, find who or what set the value (the record ids are "
        "examples) and fix the workflow, validation rule or training.",
    ),
    (
        "entered-at-non-entry-stage",
        "A record's history starts at a stage that is not an entry stage.",
        "Either records really are created there (an import, a list upload, a conversion "
        "from another object): mark the stage `entry: true` and give its capture source "
        "`enters:`; or the history is incomplete (tracking turned on late, or retention cut "
        "it): measure from a later `--since`.",
    ),
    (
        "unknown-value",
        "The CRM holds a value that no stage's `crm:` maps — a retired status still in use, "
        "or a new one nobody added to the catalog.",
        "Map it to a stage (the stage's `crm:` value, or a picklist value with `converts_to`), "
        "or retire it in the CRM and migrate its records. Unknown values stay in the paths, "
        "so nothing is silently dropped.",
    ),
    (
        "left-terminal-stage",
        "A record changed stage after reaching an end (disqualified, closed lost, customer).",
        "Reopening is a real process step: add the transition (type `reopen`) with its "
        "reasons. Otherwise lock the end stages in the CRM (a validation rule).",
    ),
    (
        "out-of-order",
        "An event is dated more than five minutes before the record's creation, or before an "
        "earlier row of the same stream in the export.",
        "Usually a data load that back-dated records or an export in another time zone: "
        "check the integration that writes the field, and the export's time-zone setting.",
    ),
)

NUMBERS = (
    (
        "records, events",
        "Records with at least one stage event; events made from the exports (stage, touch, assignment and creation events — rows of other fields and ignored activities are not events).",
    ),
    ("entered", "Distinct records with at least one visit to the stage."),
    ("visits", "Visits to the stage; a record that comes back counts again."),
    ("open", "Visits still running at the snapshot (the last step of a record)."),
    (
        "time in stage",
        "Median and 90th percentile of closed visits, wall-clock seconds — real elapsed "
        "time, also across a daylight-saving change (linear interpolation).",
    ),
    (
        "cumulative",
        "Per record, the sum of its closed visits to the stage; the median over records.",
    ),
    (
        "transitions",
        "Consecutive steps over all paths, with whether the design allows them: the process as it really runs.",
    ),
    (
        "conversion",
        "Cohort: records whose first visit to *from* is counted. Reached: those entering *to* at or after it (within the horizon). Censored: not reached, and the horizon has not passed at the snapshot. Rate = reached ÷ (cohort − censored).",
    ),
    (
        "SLA attainment",
        "One clock a visit to the SLA's stage, started and stopped as the SLA's `clock:` says, in business time when `business_hours: true`. Met ≤ target; breached > target, open clocks already past it included; attainment = met ÷ (met + breached).",
    ),
    (
        "fitness",
        "Share of records whose path starts at an entry stage, uses only allowed transitions, holds no unknown value and never leaves an end stage.",
    ),
    (
        "stuck",
        "Records whose last visit is open in a non-end stage for longer than the stage's SLA target (or its 90th percentile without one). A lead whose last step is its conversion is not stuck: its story goes on in the contact and opportunity.",
    ),
    (
        "KPIs",
        "Each KPI with `measure:`, in the spec's units: rates as fractions (a 70 percent target is 0.7), durations in seconds.",
    ),
)

DECISIONS = (
    "An unknown value is its own step, named `unknown:<value>`; a step pair touching one is reported as the unknown value only, not also as a disallowed transition.",
    "A conversion KPI asking exactly what an advance transition's row already answers shares that row.",
    "A Salesforce status marked `converted: true` moves the lead to the stage its `converts_to` names.",
    "The first status change's OldValue is the status held since the `created` row; without one, since an unknown time — such a visit counts as entered, but has no duration and starts no clock.",
    "Equal timestamps keep the export's order; HubSpot lists history newest first, so its order is read backwards (oldest first).",
    "An empty value (a cleared field) is not a stage event.",
    "With `--since` / `--until`, stage numbers count visits starting in the window, transitions count steps arriving in it, cohorts count first entries in it, and conformance looks at records whose path starts in it. Events after `--as-of` are not known yet.",
    "Timestamps without an offset are local time of the default calendar; a file mixing the two conventions is refused. Epoch milliseconds (as some pipelines land HubSpot history) are read too. An instant outside the years 1900–2199 is refused with its row: it is a mistyped year, never a CRM event.",
    "Row numbers in messages count the header as row 1, as a spreadsheet does.",
)


def _tracked(ctx: Context) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """What must have history on: Salesforce object → fields, HubSpot object → properties,
    of the stages' `crm:` values."""
    fields: dict[str, set[str]] = {}
    properties: dict[str, set[str]] = {}
    for stage in ctx.catalog.of(Stage):
        for crm in stage.crm.values():
            if not isinstance(crm, Mapping) or not _NAME.match(str(crm.get("object", ""))):
                continue  # only API names go into the queries: nothing else can reach a code block
            obj = str(crm["object"])
            if _NAME.match(str(crm.get("field", ""))):
                fields.setdefault(obj, set()).add(str(crm["field"]))
            elif _NAME.match(str(crm.get("property", ""))):
                properties.setdefault(obj, set()).add(str(crm["property"]))
    return (
        {o: sorted(f) for o, f in sorted(fields.items())},
        {o: sorted(p) for o, p in sorted(properties.items())},
    )


def _history_object(obj: str) -> str:
    return "OpportunityFieldHistory" if obj == "Opportunity" else f"{obj}History"


def _soql(fields: Mapping[str, list[str]]) -> str:
    queries = []
    for obj, names in fields.items():
        owner = ["Owner"] if obj == "Lead" else []
        wanted = ", ".join(f"'{n}'" for n in ["created", *owner, *names])
        queries.append(
            f"SELECT Id, {obj}Id, CreatedById, CreatedDate, DataType, Field, OldValue, NewValue, "
            f"IsDeleted\nFROM {_history_object(obj)} WHERE Field IN ({wanted})"
        )
    if "Opportunity" in fields:
        queries.append(
            "SELECT Id, OpportunityId, CreatedDate, StageName, IsDeleted FROM OpportunityHistory"
        )
    queries.append(
        "SELECT Id, WhoId, WhatId, CreatedDate, CompletedDateTime, Type, TaskSubtype, IsDeleted "
        "FROM Task"
    )
    return "\n\n".join(queries)


def measurement_guide(ctx: Context) -> Page:
    ctx = ctx.at("measurement.md")
    fields, properties = _tracked(ctx)
    tracked_rows = [
        [code(f"{o}.{f}"), "stage values"] for o, names in fields.items() for f in names
    ]
    if "Lead" in fields:
        tracked_rows.append(
            [code("Lead.Owner"), "assignment: starts SLA clocks that start at assignment"]
        )
    hubspot_calls = "\n".join(
        f"GET /crm/v3/objects/{o}?propertiesWithHistory={','.join([*names, 'hubspot_owner_id'])}&limit=50"
        for o, names in properties.items()
    )
    parts = [
        "# Measurement guide\n",
        "The catalog says how leads *should* move; the CRM's history says how they *did*. "
        "`leadarch measure` reads that history and compares it with this design: volume, "
        "conversion and time per stage, SLA attainment in business time, the transitions "
        "that really happen, and every departure from the design — each one an architecture "
        "defect to fix in the process or in the catalog.\n",
        "```console\n$ pip install 'leadarch[measure]'\n"
        "$ leadarch measure LeadHistory.csv Task.csv OpportunityFieldHistory.csv\n"
        "$ leadarch measure contacts.json --format markdown --since 2026-01-01\n"
        "$ leadarch measure exports/*.csv --check        # exit 1 when a KPI misses its target\n```\n",
        "## Exporting the history\n",
        "### Salesforce\n",
        "Turn on **field history tracking** (Setup → Object Manager → *object* → Fields & "
        "Relationships → Set History Tracking) for the fields this catalog's stages use, and "
        "for the owner:\n",
        table(["Field", "Why"], tracked_rows),
        "\nExport with Data Loader (*Export All*, so deleted rows come with `IsDeleted`), "
        "Workbench, or the REST API (`/services/data/vXX.X/query?q=…`, one file per page — "
        "`leadarch measure` reads many files):\n",
        f"```sql\n{_soql(fields)}\n```\n",
        "`OpportunityHistory` needs no tracking (Salesforce keeps a row per stage or amount "
        "change); `Task` gives the touches (calls, e-mails, meetings) that stop first-touch "
        "clocks. Field history is kept 18 months (24 through the API): export on a schedule.\n",
        "### HubSpot\n",
        "Ask the CRM API for the history of the properties this catalog's stages use, and "
        "of the owner, and save every page (`paging.next.after` gives the next):\n",
        f"```console\n{hubspot_calls or DEFAULT_HUBSPOT_CALL}\n```\n",
        "A data pipeline's property history table (`contact_property_history`: `contact_id, "
        "timestamp, name, value`) reads the same.\n",
        "### Event logs and other sources\n",
        "Process-mining exports in XES (`.xes`, `.xes.gz`) are read through an event log "
        "mapping of the catalog"
        + (
            ": "
            + ", ".join(
                ctx.link(e.ref) for e in sorted(ctx.catalog.of(EventLog), key=lambda e: e.id)
            )
            if ctx.catalog.of(EventLog)
            else " (`event_logs:`)"
        )
        + ". Anything else can be written as a CSV or Parquet file with the columns "
        "`record_id, timestamp, stage` (a stage id or a CRM value), and optionally `event` "
        "(`stage`, `touch`, `assign`) and `value`.\n",
        "## Time\n",
        _time_section(ctx),
        "## What each number means\n",
        table(["Number", "Meaning"], [[name, text] for name, text in NUMBERS]),
        "\n## What to do about each deviation\n",
        table(
            ["Deviation", "What happened", "What to do"],
            [[code(k), esc(a), esc(b)] for k, a, b in DEVIATIONS],
        ),
        "\n## In CI\n",
        "`leadarch measure EXPORT… --check` exits 1 when a KPI misses its target or when "
        "fitness falls below `min_fitness` (`[tool.leadarch.measure]` in pyproject.toml, or "
        "`[measure]` in leadarch.toml; `--min-fitness` overrides it). With "
        "`--format github` the misses are annotations on the KPI's target in the catalog; "
        "`--format sarif` feeds code scanning. Run it on a schedule against a fresh export, "
        "and a breakage in the lead engine fails a build like any other defect.\n",
        "## Decisions where the contract is silent\n",
        "\n".join(f"- {d}" for d in DECISIONS) + "\n",
    ]
    return Page(
        "measurement.md",
        "Measurement guide",
        front_matter(
            "Measurement guide", description="Measure the real lead process from CRM history"
        )
        + "\n".join(parts),
    )


def _time_section(ctx: Context) -> str:
    calendars = sorted(ctx.catalog.of(Calendar), key=lambda c: c.id)
    business = [s for s in ctx.catalog.of(Sla) if s.business_hours and s.stage]
    if not calendars:
        return (
            "The catalog has no business calendar yet: timestamps without an offset are read "
            "as UTC, and business-hours SLAs cannot be measured in business time. Add "
            "`calendars:` (see *Editing the catalog*).\n"
        )
    default = next(
        (c for c in calendars if c.default), calendars[0] if len(calendars) == 1 else None
    )
    lines = [
        "Business-hours SLAs count only working time: the overlap of the clock with the "
        f"working hours of their calendar ({', '.join(ctx.link(c.ref) for c in calendars)}). "
        + (
            f"Timestamps without an offset are local time in {code(default.time_zone)} "
            f"({ctx.link(default.ref)}, the default). "
            if default
            else ""
        )
        + f"{len(business)} SLA(s) are measured in business time.\n"
    ]
    return "\n".join(lines)
