"""The measurement's report: the spec's JSON object exactly, or the same numbers for
people (text in a terminal, Markdown for a pull request or a wiki page), followed by the
`--check` findings when there are any."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from leadarch.core.printable import inert, printable
from leadarch.measure.check import seconds_text, share_text, value_text
from leadarch.report.model import Report


def as_json(report: Report) -> str:
    return json.dumps(report.data, indent=2, ensure_ascii=False) + "\n"


def _rows(data: Mapping[str, Any]) -> dict[str, tuple[list[str], list[list[str]]]]:
    """Each section as (header, rows) of display strings, for both people formats."""
    stages = [
        [
            sid,
            str(s["entered"]),
            str(s["visits"]),
            str(s["open"]),
            seconds_text(s["time_in_stage"]["median_s"]),
            seconds_text(s["time_in_stage"]["p90_s"]),
            seconds_text(s["cumulative"]["median_s"]),
        ]
        for sid, s in data["stages"].items()
    ]
    transitions = [
        [t["from"], t["to"], str(t["count"]), "yes" if t["allowed"] else "NO"]
        for t in data["transitions"]
    ]
    conversion = [
        [
            c["from"],
            c["to"],
            c["horizon"] or "—",
            str(c["cohort"]),
            str(c["reached"]),
            str(c["censored"]),
            share_text(c["rate"]),
        ]
        for c in data["conversion"]
    ]
    slas = [
        [
            sid,
            str(s["measured"]),
            str(s["met"]),
            str(s["breached"]),
            str(s["open"]),
            share_text(s["attainment"]),
            seconds_text(s["median_s"]),
        ]
        for sid, s in data["slas"].items()
    ]
    deviations = [
        [
            d["kind"],
            " → ".join(str(d[k]) for k in ("from", "stage", "to", "value") if k in d) or "—",
            str(d["count"]),
            str(d["records"]),
            ", ".join(d["examples"]),
        ]
        for d in data["conformance"]["deviations"]
    ]
    kpis = [
        [
            kid,
            value_text(k["value"], k["unit"]),
            value_text(k["target"], k["unit"]),
            {True: "met", False: "MISSED", None: "—"}[k["met"]],
        ]
        for kid, k in data["kpis"].items()
    ]
    stuck = [
        [s["record"], s["stage"], s["since"] or "—", seconds_text(s["age_s"])]
        for s in data["stuck"]
    ]
    return {
        "Stages": (["stage", "entered", "visits", "open", "median", "p90", "cumulative"], stages),
        "Transitions (the process as it runs)": (["from", "to", "count", "allowed"], transitions),
        "Conversion": (
            ["from", "to", "horizon", "cohort", "reached", "censored", "rate"],
            conversion,
        ),
        "SLA attainment": (
            ["SLA", "measured", "met", "breached", "open", "attainment", "median"],
            slas,
        ),
        "Deviations": (["kind", "where", "count", "records", "examples"], deviations),
        "KPIs": (["KPI", "value", "target", "status"], kpis),
        "Stuck records": (["record", "stage", "since", "age"], stuck),
    }


def _headline(data: Mapping[str, Any]) -> str:
    window = data["window"]
    span = ""
    if window["since"] or window["until"]:
        span = f", counting {window['since'] or 'the start'} to {window['until'] or 'the snapshot'}"
    return (
        f"{data['records']} records, {data['events']} events; snapshot {data['as_of']}{span}; "
        f"fitness {share_text(data['conformance']['fitness'])}."
    )


def _grid(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    widths = [max(len(printable(c)) for c in column) for column in zip(header, *rows, strict=True)]
    return [
        "  " + "  ".join(printable(c).ljust(w) for c, w in zip(row, widths, strict=True)).rstrip()
        for row in [list(header), *rows]
    ]


def text(report: Report) -> str:
    data = report.data
    lines = [_headline(data)]
    for title, (header, rows) in _rows(data).items():
        lines += ["", f"{title}:"] + (_grid(header, rows) if rows else ["  none"])
    for d in report.findings:
        lines += ["", str(d)] if d is report.findings[0] else [str(d)]
    return "\n".join(lines) + "\n"


def markdown(report: Report) -> str:
    data = report.data
    parts = ["## Measured lead process", "", _headline(data), ""]
    for title, (header, rows) in _rows(data).items():
        parts += [f"### {title}", ""]
        if not rows:
            parts += ["*None.*", ""]
            continue
        parts.append("| " + " | ".join(header) + " |")
        parts.append("|" + "|".join(" --- " for _ in header) + "|")
        parts += ["| " + " | ".join(inert(c) for c in row) + " |" for row in rows]
        parts.append("")
    if report.findings:
        parts += ["### Check", ""] + [f"- {inert(str(d))}" for d in report.findings] + [""]
    return "\n".join(parts)
