"""The semantic diff's report: text for the terminal, JSON for tools, Markdown for a
pull-request comment (catalog text in code spans: nothing in it is live)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from leadarch.core.findings import Diagnostic
from leadarch.core.kinds import BY_NAME
from leadarch.core.printable import inert, printable
from leadarch.report.model import Report

MARK = {"added": "+", "removed": "-", "changed": "~"}


def _impact(change: Diagnostic, limit: int = 12) -> str:
    impact = change.detail["impact"]
    shown = ", ".join(impact[:limit])
    more = f" and {len(impact) - limit} more" if len(impact) > limit else ""
    return shown + more


def summary(changes: Sequence[Diagnostic]) -> dict[str, int]:
    count = {
        s: sum(c.detail["status"] == s for c in changes) for s in ("added", "removed", "changed")
    }
    return {**count, "breaking": sum(bool(c.detail["breaking"]) for c in changes)}


def _ref(change: Diagnostic) -> str:
    return str(change.entity)


def text(report: Report) -> str:
    lines = []
    for change in sorted(report.findings, key=lambda c: (not c.detail["breaking"],)):
        status = change.detail["status"]
        flag = "  BREAKING" if change.detail["breaking"] else ""
        lines.append(f"{MARK[status]} {printable(_ref(change))} ({status}){flag}")
        lines += [f"    {printable(a)}" for a in change.detail["attributes"]]
        lines += [f"    ! {printable(reason)}" for reason in change.detail["breaking"]]
        if change.detail["impact"]:
            lines.append(f"    impact: {printable(_impact(change))}")
    s = summary(report.findings)
    if not report.findings:
        lines.append("No changes to the architecture.")
    else:
        lines.append(
            f"{s['added']} added, {s['removed']} removed, {s['changed']} changed ({s['breaking']} breaking)."
        )
    return "\n".join(lines) + "\n"


def as_json(report: Report) -> str:
    changes: list[Any] = [c.detail["json"] for c in report.findings]
    payload = {"changes": changes, "summary": summary(report.findings)}
    return json.dumps(payload, indent=2, ensure_ascii=False, default=str) + "\n"


_md = inert  # catalog text in a pull-request comment


def markdown(report: Report) -> str:
    changes = report.findings
    s = summary(changes)
    out = ["## Lead architecture changes", ""]
    if not changes:
        return "\n".join([*out, "No changes to the architecture.", ""])
    out.append(
        f"**{s['added']}** added · **{s['removed']}** removed · **{s['changed']}** changed · **{s['breaking']}** breaking"
    )
    out.append("")
    breaking = [c for c in changes if c.detail["breaking"]]
    if breaking:
        out += ["### ⚠️ Breaking changes", ""]
        for change in breaking:
            out.append(
                f"- {_md(_ref(change))} ({change.detail['status']}): "
                + "; ".join(_md(r) for r in change.detail["breaking"])
            )
            if change.detail["impact"]:
                out.append(f"  - impact: {_md(_impact(change))}")
        out.append("")
    by_kind: dict[str, list[Diagnostic]] = {}
    for change in changes:
        by_kind.setdefault(_ref(change).partition(":")[0], []).append(change)
    for kind, group in by_kind.items():
        label = BY_NAME[kind].label if kind in BY_NAME else kind
        out += [
            f"### {label.capitalize()} ({len(group)})",
            "",
            "| | Entity | What changed | Impact |",
            "|---|---|---|---|",
        ]
        for change in group:
            status = change.detail["status"]
            what = "<br>".join(_md(a) for a in change.detail["attributes"]) or status
            impact = _md(_impact(change, 6)) if change.detail["impact"] else "—"
            out.append(f"| {MARK[status]} | {_md(_ref(change))} | {what} | {impact} |")
        out.append("")
    return "\n".join(out) + "\n"
