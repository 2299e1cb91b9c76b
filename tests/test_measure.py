"""`leadarch measure`: every reader on small hand-made files of the real export shapes, the
numbers of the spec checked by hand, and bad input refused with file, row and column."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from tests.conftest import REPO

EXAMPLE = REPO / "catalog"


def _cli(cwd: Path, *argv: str) -> tuple[int, str, str]:
    from leadarch.cli import run

    out, err = io.StringIO(), io.StringIO()
    code = run(list(argv), cwd=cwd, env={}, stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def measured(
    tmp: Path, files: dict[str, str | bytes], *options: str, catalog: Path = EXAMPLE
) -> dict[str, Any]:
    for name, body in files.items():
        path = tmp / name
        path.write_bytes(body if isinstance(body, bytes) else body.encode())
    code, out, err = _cli(
        tmp, "measure", *files, "--format", "json", "--catalog", str(catalog), *options
    )
    assert code == 0, err
    assert err == ""
    result: dict[str, Any] = json.loads(out)
    return result


def refused(tmp: Path, name: str, body: str | bytes, *options: str) -> str:
    (tmp / name).write_bytes(body if isinstance(body, bytes) else body.encode())
    code, out, err = _cli(tmp, "measure", name, "--catalog", str(EXAMPLE), *options)
    assert (code, out) == (2, ""), err
    assert "Traceback" not in err and "internal error" not in err
    return err


GENERIC = """record_id,timestamp,stage,event
L1,2026-03-02T09:00:00Z,lead,
L1,2026-03-02T10:00:00Z,mql,
L1,2026-03-02T10:05:00Z,,assign
L1,2026-03-02T10:20:00Z,,touch
L1,2026-03-03T09:00:00Z,sal,
L1,2026-03-05T09:00:00Z,sql,
L2,2026-03-02T09:00:00Z,mql,
L2,2026-03-02T11:00:00Z,Working,
L3,2026-03-02T09:00:00Z,New,
L3,2026-03-04T09:00:00Z,disqualified,
L3,2026-03-06T09:00:00Z,mql,
"""


def test_the_numbers_of_a_small_history_as_worked_out_by_hand(tmp_path: Path) -> None:
    r = measured(tmp_path, {"events.csv": GENERIC})
    assert list(r) == [
        "as_of", "window", "records", "events", "stages", "transitions", "conversion",
        "slas", "conformance", "stuck", "kpis",
    ]  # fmt: skip
    assert (r["as_of"], r["records"], r["events"]) == ("2026-03-06T09:00:00Z", 3, 11)
    assert list(r["stages"])[:4] == ["lead", "mql", "sal", "sql"]  # catalog order
    # lead: L1 09:00–10:00 (1 h) and L3 "New" (a CRM value) for 48 h
    assert r["stages"]["lead"] == {
        "entered": 2,
        "visits": 2,
        "open": 0,
        "time_in_stage": {"median_s": 88200.0, "p90_s": 3600 + 0.9 * (172800 - 3600)},
        "cumulative": {"median_s": 88200.0},
    }
    assert r["stages"]["mql"]["open"] == 1  # L3 is still MQL at as_of
    assert r["stages"]["sql"]["time_in_stage"] == {"median_s": None, "p90_s": None}
    transitions = {(t["from"], t["to"]): (t["count"], t["allowed"]) for t in r["transitions"]}
    assert transitions == {
        ("lead", "mql"): (1, True),
        ("mql", "sal"): (1, True),
        ("sal", "sql"): (1, True),
        ("lead", "disqualified"): (1, True),
        ("disqualified", "mql"): (1, False),
        ("mql", "unknown:Working"): (1, False),  # an unknown value stays in the path
    }
    by = {(c["from"], c["to"], c["horizon"]): c for c in r["conversion"]}
    assert by[("mql", "sal", None)] | {} == {
        "from": "mql", "to": "sal", "horizon": None, "cohort": 3, "reached": 1,
        "censored": 0, "rate": 1 / 3,
    }  # fmt: skip
    # with a 30-day horizon, L2 and L3 entered MQL less than 30 days before as_of
    assert (by[("mql", "sal", "P30D")]["censored"], by[("mql", "sal", "P30D")]["rate"]) == (2, 1.0)
    # First touch: assigned 10:05, touched 10:20 → 15 business minutes (Amsterdam, a Monday)
    assert r["slas"]["sla_mql_first_touch"] == {
        "measured": 1, "met": 1, "breached": 0, "open": 0, "attainment": 1.0,
        "median_s": 900.0, "p90_s": 900.0,
    }  # fmt: skip
    # SAL Tue 10:00 → Thu 10:00 CET, stopped at stage exit: 7 h + 8.5 h + 1.5 h of work
    assert r["slas"]["sla_sal_qualify"]["median_s"] == 17 * 3600
    # SQL since Thu 04:00 New York, open: 8 working hours in New York < 16 h: open, not breached
    assert r["slas"]["sla_sql_accept"] | {} == {
        "measured": 1, "met": 0, "breached": 0, "open": 1, "attainment": None,
        "median_s": None, "p90_s": None,
    }  # fmt: skip
    assert r["conformance"] == {
        "fitness": 1 / 3,
        "deviations": [
            {"kind": "entered-at-non-entry-stage", "stage": "mql", "count": 1, "records": 1, "examples": ["L2"]},
            {"kind": "left-terminal-stage", "stage": "disqualified", "to": "mql", "count": 1, "records": 1, "examples": ["L3"]},
            {"kind": "unknown-value", "value": "Working", "count": 1, "records": 1, "examples": ["L2"]},
        ],
    }  # fmt: skip
    assert r["kpis"]["speed_to_lead"] == {
        "value": 1200.0,
        "target": 900.0,
        "met": False,
        "unit": "duration",
    }
    assert r["kpis"]["lead_acceptance_rate"]["target"] == 0.7  # 70 percent, as a fraction
    assert r["kpis"]["mql_volume"]["value"] is None  # no complete month measured


def test_same_input_same_bytes(tmp_path: Path) -> None:
    (tmp_path / "events.csv").write_text(GENERIC)
    runs = [
        _cli(tmp_path, "measure", "events.csv", "--catalog", str(EXAMPLE), "--format", f)
        for f in ("json", "text", "markdown")
        for _ in range(2)
    ]
    assert runs[0] == runs[1] and runs[2] == runs[3] and runs[4] == runs[5]


def test_window_and_as_of(tmp_path: Path) -> None:
    r = measured(
        tmp_path,
        {"events.csv": GENERIC},
        "--since",
        "2026-03-03",
        "--as-of",
        "2026-03-05T12:00:00Z",
    )
    assert r["window"] == {"since": "2026-03-02T23:00:00Z", "until": None}  # midnight Amsterdam
    assert r["as_of"] == "2026-03-05T12:00:00Z"
    # counted: visits that start on or after the 3rd, events after as_of not known yet
    assert {k: v["entered"] for k, v in r["stages"].items() if v["entered"]} == {
        "sal": 1,
        "sql": 1,
        "disqualified": 1,
    }
    assert r["stages"]["disqualified"]["open"] == 1  # L3's return to MQL on the 6th is after as_of


LEAD_HISTORY = """Id,CreatedById,CreatedDate,DataType,Field,IsDeleted,NewValue,OldValue,LeadId
017A1,005X,2026-03-02T09:00:00.000+0000,EntityId,created,false,,,00QA
017A2,005X,2026-03-02T10:00:00.000+0000,Text,Status,false,MQL,New,00QA
017A3,005X,2026-03-02T10:05:00.000+0000,EntityId,Owner,false,Jane Doe,Integration,00QA
017A4,005X,2026-03-02T11:00:00.000+0000,Text,Status,true,SAL,MQL,00QA
017A5,005X,2026-03-03T10:00:00.000+0000,Text,Status,false,Converted,MQL,00QA
017A6,005X,2026-03-03T10:00:00.000+0000,Text,leadConverted,false,,,00QA
017D1,005X,2026-03-03T11:00:00.000+0000,Text,leadConverted,false,,,00QD
017B1,005X,2026-03-02T12:00:00.000+0000,Text,Status,false,SAL,MQL,00QB
017C1,005X,2026-03-02T13:00:00.000+0000,EntityId,created,false,,,00QC
017C2,005X,2026-03-02T13:30:00.000+0000,Text,Email,false,new@example.com,old@example.com,00QC
"""


def test_salesforce_lead_history_quirks(tmp_path: Path) -> None:
    r = measured(tmp_path, {"LeadHistory.csv": LEAD_HISTORY})
    # 00QA: created 09:00 holding the first change's OldValue (New = lead), MQL at 10:00, the
    # deleted SAL row skipped, Converted → the stage `converts_to` names (opportunity).
    # 00QB: no created row: it held MQL since an unknown time, then SAL.
    # 00QC: created and never changed: the field's default (New = lead) since creation.
    # 00QD: only a `leadConverted` row: converted, at the stage `converts_to` names.
    steps = {(t["from"], t["to"]): t["count"] for t in r["transitions"]}
    assert steps == {("lead", "mql"): 1, ("mql", "opportunity"): 1, ("mql", "sal"): 1}
    assert {k: (v["entered"], v["open"]) for k, v in r["stages"].items() if v["entered"]} == {
        "lead": (2, 1),
        "mql": (2, 0),
        "sal": (1, 1),
        "opportunity": (2, 2),
    }
    # the MQL visit of unknown start has no duration: only 00QA's 10:00 → next day counts
    assert r["stages"]["mql"]["time_in_stage"]["median_s"] == 24 * 3600.0
    # the owner change is the assignment that starts the first-touch clock
    assert r["slas"]["sla_mql_first_touch"]["measured"] == 1
    assert r["conformance"]["deviations"] == [
        {"kind": "entered-at-non-entry-stage", "stage": "mql", "count": 1, "records": 1, "examples": ["00QB"]},
        {"kind": "entered-at-non-entry-stage", "stage": "opportunity", "count": 1, "records": 1, "examples": ["00QD"]},
        {"kind": "transition-not-allowed", "from": "mql", "to": "opportunity", "count": 1, "records": 1, "examples": ["00QA"]},
    ]  # fmt: skip


def test_lead_history_as_the_rest_api_returns_it(tmp_path: Path) -> None:
    rows = [
        dict(zip(["Id", "CreatedById", "CreatedDate", "DataType", "Field", "IsDeleted", "NewValue", "OldValue", "LeadId"], line.split(","), strict=True))
        for line in LEAD_HISTORY.splitlines()[1:]
    ]  # fmt: skip
    records = [
        {"attributes": {"type": "LeadHistory", "url": f"/x/{row['Id']}"}, **row, "IsDeleted": row["IsDeleted"] == "true"}
        for row in rows
    ]  # fmt: skip
    page = {"totalSize": len(records), "done": True, "records": records}
    from_json = measured(tmp_path, {"LeadHistory.json": json.dumps(page)})
    from_csv = measured(tmp_path, {"LeadHistory.csv": LEAD_HISTORY})
    assert from_json == from_csv


def test_opportunity_field_history_and_snapshots(tmp_path: Path) -> None:
    field_history = (
        "OpportunityId,CreatedDate,Field,OldValue,NewValue,IsDeleted\n"
        "006A,2026-03-02T09:00:00Z,created,,,false\n"
        "006A,2026-03-05T09:00:00Z,StageName,Discovery,Proposal,false\n"
        "006A,2026-03-09T09:00:00Z,StageName,Proposal,Closed Won,false\n"
    )
    snapshots = (
        "Id,OpportunityId,CreatedDate,StageName,Amount,IsDeleted\n"
        "008A,006A,2026-03-02T09:00:00Z,Discovery,100,false\n"
        "008B,006A,2026-03-04T09:00:00Z,Discovery,200,false\n"  # amount changed, not the stage
        "008C,006A,2026-03-05T09:00:00Z,Proposal,200,false\n"
        "008D,006A,2026-03-09T09:00:00Z,Closed Won,200,false\n"
    )
    a = measured(tmp_path, {"OpportunityFieldHistory.csv": field_history})
    b = measured(tmp_path, {"OpportunityHistory.csv": snapshots})
    for r in (a, b):
        assert [(t["from"], t["to"], t["allowed"]) for t in r["transitions"]] == [
            ("discovery", "proposal", False),
            ("proposal", "closed_won", False),
        ]
        assert r["stages"]["discovery"]["time_in_stage"]["median_s"] == 3 * 86400.0
    assert a["stages"] == b["stages"]


def test_tasks_are_touches(tmp_path: Path) -> None:
    tasks = (
        "Id,WhoId,WhatId,CreatedDate,Type,TaskSubtype,IsDeleted\n"
        "00TA,L1,,2026-03-02T10:20:00Z,Call,Call,false\n"
        "00TB,L2,,2026-03-02T10:30:00Z,Email,Email,true\n"
    )
    r = measured(
        tmp_path,
        {"events.csv": GENERIC.replace("L1,2026-03-02T10:20:00Z,,touch\n", ""), "Task.csv": tasks},
    )
    assert r["kpis"]["speed_to_lead"]["value"] == 1200.0
    assert r["events"] == 11  # ten events and one touch; the deleted task is not one


def hubspot_contact(rid: str, history: dict[str, list[tuple[str, str]]]) -> dict[str, Any]:
    return {
        "id": rid,
        "properties": {},
        "propertiesWithHistory": {
            prop: [{"value": v, "timestamp": t, "sourceType": "CRM_UI"} for v, t in reversed(rows)]
            for prop, rows in history.items()
        },  # newest first, as HubSpot returns it
    }


def test_hubspot_history_json_newest_first(tmp_path: Path) -> None:
    page = {
        "results": [
            hubspot_contact(
                "101",
                {
                    "lifecyclestage": [("lead", "2026-03-02T09:00:00.000Z"), ("marketingqualifiedlead", "2026-03-02T10:00:00.000Z")],
                    "hs_lead_status": [("IN_PROGRESS", "2026-03-03T09:00:00.000Z")],
                    "hubspot_owner_id": [("9001", "2026-03-02T10:05:00.000Z")],
                },
            ),
            hubspot_contact("102", {"lifecyclestage": [("subscriber", "2026-03-02T09:00:00Z")]}),
        ],
        "paging": {"next": {"after": "103"}},
    }  # fmt: skip
    r = measured(tmp_path, {"contacts.json": json.dumps(page)})
    assert [(t["from"], t["to"]) for t in r["transitions"]] == [("lead", "mql"), ("mql", "sal")]
    assert r["conformance"]["deviations"] == [
        {
            "kind": "unknown-value",
            "value": "subscriber",
            "count": 1,
            "records": 1,
            "examples": ["102"],
        }
    ]
    assert r["slas"]["sla_mql_first_touch"]["measured"] == 1  # the owner is the assignment
    # a list of pages reads the same
    assert measured(tmp_path, {"pages.json": json.dumps([page])}) == r


def test_hubspot_property_history_table(tmp_path: Path) -> None:
    table = (
        "contact_id,timestamp,name,value,source,source_id\n"
        "101,2026-03-02T10:00:00Z,lifecyclestage,marketingqualifiedlead,CRM_UI,\n"
        "101,2026-03-02T09:00:00Z,lifecyclestage,lead,FORM,\n"
        "101,2026-03-02T09:00:00Z,email,a@example.com,FORM,\n"
        "101,1772528400000,hs_lead_status,IN_PROGRESS,CRM_UI,\n"  # epoch milliseconds: 2026-03-03T09:00Z
    )
    r = measured(tmp_path, {"contact_property_history.csv": table})
    assert [(t["from"], t["to"]) for t in r["transitions"]] == [("lead", "mql"), ("mql", "sal")]


def test_naive_timestamps_are_local_time_of_the_default_calendar(tmp_path: Path) -> None:
    naive = GENERIC.replace("Z,", ",").replace("2026-03-02T10:05:00", "2026-03-02 10:05:00")
    r = measured(tmp_path, {"events.csv": naive})
    assert r["as_of"] == "2026-03-06T08:00:00Z"  # 09:00 in Amsterdam


def test_a_visit_across_a_daylight_saving_change_lasts_its_real_seconds(tmp_path: Path) -> None:
    # Amsterdam moves its clocks forward in the night of 29 March 2026: local time says
    # 2 days and 1 hour between these instants, the world 48 hours.
    history = (
        "record_id,timestamp,stage\n"
        "D1,2026-03-28T12:00:00Z,lead\nD1,2026-03-30T12:00:00Z,mql\n"
        "D1,2026-03-30T12:00:00.250Z,sal\n"
    )
    r = measured(tmp_path, {"events.csv": history})
    assert r["stages"]["lead"]["time_in_stage"]["median_s"] == 172800.0
    assert r["stages"]["mql"]["time_in_stage"]["median_s"] == 0.25


def test_generic_parquet(tmp_path: Path) -> None:
    import duckdb

    (tmp_path / "events.csv").write_text(GENERIC)
    duckdb.sql(
        f"COPY (SELECT * FROM read_csv('{tmp_path / 'events.csv'}', all_varchar=true)) "
        f"TO '{tmp_path / 'events.parquet'}' (FORMAT parquet)"
    )
    parquet = _cli(
        tmp_path, "measure", "events.parquet", "--catalog", str(EXAMPLE), "--format", "json"
    )
    csv = _cli(tmp_path, "measure", "events.csv", "--catalog", str(EXAMPLE), "--format", "json")
    assert parquet == csv and parquet[0] == 0


XES = """<?xml version="1.0" encoding="UTF-8" ?>
<log xes.version="1.0" xmlns="http://www.xes-standard.org/">
  <trace>
    <string key="concept:name" value="A1"/>
    <event>
      <string key="concept:name" value="Form submitted"/>
      <date key="time:timestamp" value="2026-03-02T10:00:00.000+01:00"/>
    </event>
    <event>
      <string key="concept:name" value="Score threshold reached"/>
      <date key="time:timestamp" value="2026-03-02T11:00:00.000+01:00"/>
    </event>
    <event>
      <string key="concept:name" value="Lead assigned"/>
      <string key="org:resource" value="sdr-7"/>
      <date key="time:timestamp" value="2026-03-02T11:05:00.000+01:00"/>
    </event>
    <event>
      <string key="concept:name" value="Email opened"/>
      <date key="time:timestamp" value="2026-03-02T11:06:00.000+01:00"/>
    </event>
    <event>
      <string key="concept:name" value="Call logged"/>
      <date key="time:timestamp" value="2026-03-02T11:20:00.000+01:00"/>
    </event>
    <event>
      <string key="concept:name" value="Webinar attended"/>
      <date key="time:timestamp" value="2026-03-02T12:00:00.000+01:00"/>
    </event>
  </trace>
</log>
"""


def test_xes_mapped_by_the_catalog(tmp_path: Path) -> None:
    r = measured(tmp_path, {"log.xes": XES})
    assert [(t["from"], t["to"], t["count"]) for t in r["transitions"]] == [
        ("lead", "mql", 1),
        ("mql", "unknown:Webinar attended", 1),  # neither mapped nor ignored: reported
    ]
    assert r["slas"]["sla_mql_first_touch"]["median_s"] == 900.0  # assigned 11:05 → call 11:20
    gz = tmp_path / "log.xes.gz"
    gz.write_bytes(gzip.compress(XES.encode()))
    code, out, _ = _cli(
        tmp_path, "measure", "log.xes.gz", "--catalog", str(EXAMPLE), "--format", "json"
    )
    assert code == 0 and json.loads(out) == r


def test_unknown_values_of_a_pii_field_are_never_shown(tmp_path: Path) -> None:
    catalog = tmp_path / "cat"
    import shutil

    shutil.copytree(EXAMPLE, catalog)
    lead = catalog / "fields" / "lead.yaml"
    lead.write_text(
        lead.read_text().replace(
            "    name: Status\n    label: Lead Status\n",
            "    name: Status\n    label: Lead Status\n    pii: true\n",
        )
    )
    history = LEAD_HISTORY.replace("Converted", "jane.doe@example.com")
    r = measured(tmp_path, {"LeadHistory.csv": history}, catalog=catalog)
    text = json.dumps(r)
    assert "jane.doe" not in text
    assert {
        "kind": "unknown-value",
        "value": "(personal data)",
        "count": 1,
        "records": 1,
        "examples": ["00QA"],
    } in r["conformance"]["deviations"]


def test_check_fails_on_a_missed_kpi_and_low_fitness(tmp_path: Path) -> None:
    (tmp_path / "events.csv").write_text(GENERIC)
    code, out, err = _cli(
        tmp_path,
        "measure",
        "events.csv",
        "--catalog",
        str(EXAMPLE),
        "--check",
        "--min-fitness",
        "0.5",
        "--format",
        "github",
    )
    assert code == 1, err
    lines = out.splitlines()
    assert (
        "catalog/metrics.yaml,line=8,col=13,title=LM001::metric:speed_to_lead is 20m, above its target 15m"
        in lines[0]
    )
    assert any(
        "title=LM002::33.3%25 of records follow the designed process" in line for line in lines
    )
    code, out, _ = _cli(
        tmp_path, "measure", "events.csv", "--catalog", str(EXAMPLE), "--check", "--format", "sarif"
    )
    log = json.loads(out)
    sarif = json.loads(
        (REPO / "tests" / "fixtures" / "sarif" / "sarif-schema-2.1.0.json").read_text()
    )
    jsonschema.Draft4Validator(sarif).validate(log)
    results = log["runs"][0]["results"]
    assert code == 1 and {r["ruleId"] for r in results} == {"LM001"}
    code, _, _ = _cli(tmp_path, "measure", "events.csv", "--catalog", str(EXAMPLE))
    assert code == 0  # without --check the numbers are information


@pytest.mark.parametrize(
    ("name", "body", "message"),
    [
        (
            "x.csv",
            "a,b\n1,2\n",
            "x.csv: the columns (a, b) are not a history export leadarch reads",
        ),
        (
            "x.csv",
            "record_id,timestamp,stage\nL1,2026-03-02T09:00:00Z,lead\nL1,03/02/2026 10:00,mql\n",
            "x.csv: row 3 (timestamp): '03/02/2026 10:00' is not a timestamp",
        ),
        (
            "x.csv",
            "record_id,timestamp,stage\nL1,2026-03-02T09:00:00Z,lead\n,2026-03-02T10:00:00Z,mql\n",
            "x.csv: row 3 (record_id): no record id",
        ),
        (  # a year cut short: business time would be laid out over 2,024 years
            "x.csv",
            "record_id,timestamp,stage\nL1,2026-03-02T09:00:00Z,lead\nL1,2-03-02T10:00:00Z,mql\n",
            "x.csv: row 3 (timestamp): '2-03-02T10:00:00Z' lies outside the years 1900–2199",
        ),
        (  # epoch milliseconds of year 5138
            "x.csv",
            "record_id,timestamp,stage\nL1,2026-03-02T09:00:00Z,lead\nL1,99999999999999,mql\n",
            "x.csv: row 3 (timestamp): '99999999999999' lies outside the years 1900–2199",
        ),
        (
            "x.csv",
            "record_id,timestamp,stage\nL1,2026-03-02T09:00:00Z,lead\nL1,2026-03-02T10:00:00,mql\n",
            "x.csv: row 3 (timestamp) has no time zone, but row 2 has one",
        ),
        (
            "x.csv",
            "record_id,timestamp,stage,event\nL1,2026-03-02T09:00:00Z,lead,call\n",
            "x.csv: row 2 (event): 'call' is not an event kind",
        ),
        ("x.csv", '{"records": []}', "x.csv: its name says CSV, but it holds JSON"),
        (
            "x.parquet",
            "record_id,timestamp,stage\n",
            "x.parquet: its name says PARQUET, but it holds CSV",
        ),
        ("x.csv", b"\x00\x01\x02binary", "x.csv: is not a history export leadarch reads"),
        ("x.csv", "", "x.csv: is not a history export leadarch reads"),
        ("x.csv", "record_id,timestamp,stage\n", "the exports hold no events: x.csv"),
        ("x.xes.gz", b"\x1f\x8bnot really gzip", "x.xes.gz: is a damaged gzip file"),
        (
            "x.json",
            '{"records": [{"attributes": {"type": "Account"}}]}',
            "x.json: Salesforce records of type Account",
        ),
        (
            "x.json",
            '{"results": [{"id": "1", "properties": {}}]}',
            "x.json: HubSpot results without propertiesWithHistory",
        ),
        ("x.json", '{"hello": 1}', "x.json: JSON that is neither a Salesforce query result"),
        (
            "x.xes",
            '<?xml version="1.0"?><!DOCTYPE log [<!ENTITY a "aaaa">]><log><trace>&a;</trace></log>',
            "x.xes: declares a DTD or entities",
        ),
        (
            "x.xes",
            "<log><trace><event></trace></log>",
            "x.xes: line 1, column 22: not well-formed XML (mismatched tag)",
        ),
    ],
)
def test_bad_input_is_refused_with_a_located_message(
    tmp_path: Path, name: str, body: str | bytes, message: str
) -> None:
    err = refused(tmp_path, name, body)
    assert message in err, err


def test_missing_file_and_folder(tmp_path: Path) -> None:
    code, _, err = _cli(tmp_path, "measure", "nope.csv", "--catalog", str(EXAMPLE))
    assert code == 2 and "nope.csv: cannot be read" in err
    code, _, err = _cli(tmp_path, "measure", ".", "--catalog", str(EXAMPLE))
    assert code == 2 and ".: is a folder" in err


def test_bad_options(tmp_path: Path) -> None:
    (tmp_path / "events.csv").write_text(GENERIC)
    code, _, err = _cli(
        tmp_path, "measure", "events.csv", "--catalog", str(EXAMPLE), "--since", "last week"
    )
    assert code == 2 and "--since 'last week' is not a date or time" in err
    code, _, err = _cli(
        tmp_path, "measure", "events.csv", "--catalog", str(EXAMPLE), "--as-of", "0026-03-01"
    )
    assert code == 2 and "--as-of '0026-03-01' lies outside the years 1900–2199" in err
    code, _, err = _cli(
        tmp_path, "measure", "events.csv", "--catalog", str(EXAMPLE), "--event-log", "nope"
    )
    assert (
        code == 2
        and "no such event_logs mapping (the catalog has: marketing_automation_log)" in err
    )


def test_contact_history(tmp_path: Path) -> None:
    history = (
        "Id,ContactId,CreatedDate,Field,OldValue,NewValue,IsDeleted\n"
        "017X,003A,2026-03-02T09:00:00Z,created,,,false\n"
        "017Y,003A,2026-03-09T09:00:00Z,Lifecycle_Stage__c,Opportunity,Customer,false\n"
    )
    r = measured(tmp_path, {"ContactHistory.csv": history})
    assert r["transitions"] == [
        {"from": "opportunity", "to": "customer", "count": 1, "allowed": True}
    ]


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_progress_line_on_a_terminal_only(tmp_path: Path) -> None:
    from leadarch.cli import run

    (tmp_path / "events.csv").write_text(GENERIC)
    argv = ["measure", "events.csv", "--catalog", str(EXAMPLE), "--format", "json"]
    out, err = io.StringIO(), _Terminal()
    assert run(argv, cwd=tmp_path, env={}, stdout=out, stderr=err) == 0
    said = err.getvalue()
    assert "measure: reading events.csv (1/1)…" in said and said.endswith("\r\x1b[K")
    quiet = io.StringIO()
    assert run(argv, cwd=tmp_path, env={}, stdout=io.StringIO(), stderr=quiet) == 0
    assert quiet.getvalue() == ""
    assert json.loads(out.getvalue())["records"] == 3  # stdout stays the JSON alone


def test_an_event_log_mapping_from_a_file(tmp_path: Path) -> None:
    (tmp_path / "log.xes").write_text(XES.replace("Webinar attended", "Call logged"))
    (tmp_path / "mapping.yaml").write_text(
        "event_logs:\n  - id: mine\n    name: Mine\n    events:\n"
        "      - {activity: Form submitted, stage: lead}\n"
        "      - {activity: Score threshold reached, stage: sql}\n"
        "    ignore: ['*']\n"
    )
    code, out, err = _cli(
        tmp_path,
        "measure",
        "log.xes",
        "--catalog",
        str(EXAMPLE),
        "--event-log",
        "mapping.yaml",
        "--format",
        "json",
    )
    assert code == 0, err
    assert [(t["from"], t["to"]) for t in json.loads(out)["transitions"]] == [("lead", "sql")]
    (tmp_path / "bad.yaml").write_text(
        "event_logs:\n  - id: bad\n    name: Bad\n    events:\n      - {activity: A, stage: nowhere}\n"
    )
    code, _, err = _cli(
        tmp_path, "measure", "log.xes", "--catalog", str(EXAMPLE), "--event-log", "bad.yaml"
    )
    assert code == 2 and "--event-log bad.yaml: no such stage(s) in the catalog: nowhere" in err
    (tmp_path / "broken.yaml").write_text("event_logs:\n  - id: x\n    events: oops\n")
    code, _, err = _cli(
        tmp_path, "measure", "log.xes", "--catalog", str(EXAMPLE), "--event-log", "broken.yaml"
    )
    assert code == 2 and "--event-log broken.yaml: not a valid event log mapping" in err


def test_a_pipe_or_a_device_is_refused_not_waited_on(tmp_path: Path) -> None:
    import os

    os.mkfifo(tmp_path / "export.csv")
    code, _, err = _cli(tmp_path, "measure", "export.csv", "--catalog", str(EXAMPLE))
    assert code == 2 and "export.csv: is not a regular file" in err
    code, _, err = _cli(tmp_path, "measure", "/dev/zero", "--catalog", str(EXAMPLE))
    assert code == 2 and "/dev/zero: is not a regular file" in err


def test_tasks_and_snapshots_as_the_rest_api_returns_them(tmp_path: Path) -> None:
    def page(kind: str, rows: list[dict[str, Any]]) -> str:
        records = [{"attributes": {"type": kind}, **r} for r in rows]
        return json.dumps({"totalSize": len(records), "done": True, "records": records})

    snapshots = page(
        "OpportunityHistory",
        [
            {"OpportunityId": "006A", "CreatedDate": "2026-03-02T09:00:00.000+0000", "StageName": "Discovery", "IsDeleted": False},
            {"OpportunityId": "006A", "CreatedDate": "2026-03-05T09:00:00.000+0000", "StageName": "Proposal", "IsDeleted": False},
        ],
    )  # fmt: skip
    tasks = page(
        "Task",
        [{"WhoId": "L1", "WhatId": None, "CreatedDate": "2026-03-02T10:15:00.000+0000", "CompletedDateTime": "2026-03-02T10:20:00.000+0000", "IsDeleted": False}],
    )  # fmt: skip
    events = GENERIC.replace("L1,2026-03-02T10:20:00Z,,touch\n", "")
    r = measured(
        tmp_path, {"events.csv": events, "Task.json": tasks, "OpportunityHistory.json": snapshots}
    )
    assert r["kpis"]["speed_to_lead"]["value"] == 1200.0  # the completion time is the touch
    assert ("discovery", "proposal", 1) in [
        (t["from"], t["to"], t["count"]) for t in r["transitions"]
    ]


def test_min_fitness_from_the_configuration(tmp_path: Path) -> None:
    import shutil

    shutil.copytree(EXAMPLE, tmp_path / "catalog")
    (tmp_path / "events.csv").write_text(GENERIC)
    (tmp_path / "leadarch.toml").write_text("[measure]\nmin_fitness = 0.5\n")
    code, out, _ = _cli(tmp_path, "measure", "events.csv", "--check", "--format", "github")
    assert code == 1 and "title=LM002::33.3%25 of records follow the designed process" in out
    (tmp_path / "leadarch.toml").write_text("[measure]\nmin_fitness = 2\n")
    code, _, err = _cli(tmp_path, "measure", "events.csv", "--check")
    assert code == 2 and "[measure] min_fitness must be a share from 0 to 1, not 2" in err


def test_hubspot_deals_with_dealstage_history(tmp_path: Path) -> None:
    deal = {
        "id": "7001",
        "propertiesWithHistory": {
            "dealstage": [
                {"value": "closedwon", "timestamp": "2026-03-20T09:00:00Z"},
                {"value": "contractsent", "timestamp": "2026-03-10T09:00:00Z"},
                {"value": "qualifiedtobuy", "timestamp": "2026-03-02T09:00:00Z"},
            ]
        },
    }
    r = measured(tmp_path, {"deals.json": json.dumps({"results": [deal]})})
    assert [(t["from"], t["to"], t["allowed"]) for t in r["transitions"]] == [
        ("discovery", "negotiation", False),
        ("negotiation", "closed_won", True),
    ]


def test_emit_sql_writes_models_seeds_and_their_order(tmp_path: Path) -> None:
    code, out, err = _cli(
        tmp_path, "measure", "--catalog", str(EXAMPLE), "--emit-sql", "dbt", "--dialect", "postgres"
    )
    assert (code, err) == (0, "") and out == "dbt: 18 models (postgres) and the design as seeds\n"
    order = (tmp_path / "dbt" / "run_order.txt").read_text().split()
    assert order[:4] == ["params", "work_buckets", "stage_events", "visits"]
    assert all((tmp_path / "dbt" / "models" / f"{m}.sql").is_file() for m in order)
    seeds = {p.stem for p in (tmp_path / "dbt" / "seeds").glob("*.csv")}
    assert {"stage_defs", "value_map", "sla_defs", "work_spans", "kpi_time_defs"} <= seeds
    assert (
        "{{ source('crm', 'events') }}" in (tmp_path / "dbt" / "models" / "params.sql").read_text()
    )
    buckets = (tmp_path / "dbt" / "models" / "work_buckets.sql").read_text().upper()
    assert "CROSS JOIN GENERATE_SERIES(" in buckets and "UNNEST" not in buckets
    code, _, err = _cli(
        tmp_path, "measure", "--catalog", str(EXAMPLE), "--emit-sql", "x", "--dialect", "oracle"
    )
    assert (
        code == 2
        and "--dialect 'oracle': choose from duckdb, postgres, snowflake, bigquery, spark" in err
    )
    code, _, err = _cli(tmp_path, "measure", "--catalog", str(EXAMPLE))
    assert code == 2 and "name the history exports to measure" in err


def test_an_xml_declaration_with_an_unknown_encoding(tmp_path: Path) -> None:
    err = refused(tmp_path, "log.xes", XES.replace('encoding="UTF-8"', 'encoding="UkF-8"'))
    assert "log.xes: cannot be read as XML (unknown encoding: UkF-8)" in err
