"""The CRM drift's report: text, JSON, or a Markdown table for a pull-request comment."""

from __future__ import annotations

import json
from typing import Any

from leadarch.core.findings import Diagnostic
from leadarch.core.printable import inert, printable
from leadarch.report.model import Report


def _place(d: Diagnostic) -> str:
    return f"{d.path}:{d.line}:{d.column}" if d.detail["located"] else d.path


def _as_dict(d: Diagnostic) -> dict[str, Any]:
    out: dict[str, Any] = {
        "kind": d.detail["kind"],
        "field": d.detail["field"],
        "message": d.message,
        "export": d.detail.get("export") or None,
    }
    if d.detail["located"]:
        out.update(path=d.path, line=d.line, column=d.column)
    return out


def text(report: Report) -> str:
    lines = [
        printable(f"{_place(d)}: drift {d.detail['kind']}: {d.message}") for d in report.findings
    ]
    export = printable(report.source)
    lines.append(
        f"{len(report.findings)} difference(s) between the catalog and {export}."
        if report.findings
        else f"No drift between the catalog and {export}."
    )
    return "\n".join(lines) + "\n"


def as_json(report: Report) -> str:
    payload = {
        "export": report.source,
        "drift": [_as_dict(d) for d in report.findings],
        "count": len(report.findings),
    }
    return json.dumps(payload, indent=2) + "\n"


def markdown(report: Report) -> str:
    rows = [
        f"| `{d.detail['kind']}` | {inert(d.detail['field'])} | {inert(d.message)} | {inert(_place(d))} |"
        for d in report.findings
    ]
    head = [
        "## CRM drift",
        "",
        f"**{len(report.findings)}** differences between the catalog and {inert(report.source)}.",
        "",
    ]
    table = ["| Kind | Field | Difference | Where |", "|---|---|---|---|", *rows]
    return "\n".join(head + (table if rows else ["No drift."])) + "\n"
