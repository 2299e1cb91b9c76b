"""Diff reporters: text for the terminal, JSON for tools, Markdown for a pull-request comment."""

from __future__ import annotations

import json
from collections.abc import Callable

from leadarch.core.kinds import BY_NAME
from leadarch.core.printable import printable
from leadarch.governance.diff import CatalogDiff, EntityChange
from leadarch.wiki.render.text import inert

MARK = {"added": "+", "removed": "-", "changed": "~"}


def _impact(change: EntityChange, limit: int = 12) -> str:
    shown = ", ".join(change.impact[:limit])
    more = f" and {len(change.impact) - limit} more" if len(change.impact) > limit else ""
    return shown + more


def text(result: CatalogDiff) -> str:
    lines = []
    for change in sorted(result.changes, key=lambda c: (not c.breaking,)):
        flag = "  BREAKING" if change.breaking else ""
        lines.append(f"{MARK[change.status]} {printable(change.ref)} ({change.status}){flag}")
        lines += [f"    {printable(a.describe())}" for a in change.attributes]
        lines += [f"    ! {printable(reason)}" for reason in change.breaking]
        if change.impact:
            lines.append(f"    impact: {printable(_impact(change))}")
    s = result.summary()
    if not result.changes:
        lines.append("No changes to the architecture.")
    else:
        lines.append(
            f"{s['added']} added, {s['removed']} removed, {s['changed']} changed ({s['breaking']} breaking)."
        )
    return "\n".join(lines) + "\n"


def as_json(result: CatalogDiff) -> str:
    payload = {"changes": [c.to_dict() for c in result.changes], "summary": result.summary()}
    return json.dumps(payload, indent=2, ensure_ascii=False, default=str) + "\n"


_md = inert  # catalog text in a pull-request comment


def markdown(result: CatalogDiff) -> str:
    s = result.summary()
    out = ["## Lead architecture changes", ""]
    if not result.changes:
        return "\n".join([*out, "No changes to the architecture.", ""])
    out.append(
        f"**{s['added']}** added · **{s['removed']}** removed · **{s['changed']}** changed · **{s['breaking']}** breaking"
    )
    out.append("")
    breaking = [c for c in result.changes if c.breaking]
    if breaking:
        out += ["### ⚠️ Breaking changes", ""]
        for change in breaking:
            out.append(
                f"- {_md(change.ref)} ({change.status}): "
                + "; ".join(_md(r) for r in change.breaking)
            )
            if change.impact:
                out.append(f"  - impact: {_md(_impact(change))}")
        out.append("")
    by_kind: dict[str, list[EntityChange]] = {}
    for change in result.changes:
        by_kind.setdefault(change.ref.partition(":")[0], []).append(change)
    for kind, changes in by_kind.items():
        label = BY_NAME[kind].label if kind in BY_NAME else kind
        out += [
            f"### {label.capitalize()} ({len(changes)})",
            "",
            "| | Entity | What changed | Impact |",
            "|---|---|---|---|",
        ]
        for change in changes:
            what = "<br>".join(_md(a.describe()) for a in change.attributes) or change.status
            out.append(
                f"| {MARK[change.status]} | {_md(change.ref)} | {what} | {_md(_impact(change, 6)) if change.impact else '—'} |"
            )
        out.append("")
    return "\n".join(out) + "\n"


DIFF_REPORTERS: dict[str, Callable[[CatalogDiff], str]] = {
    "text": text,
    "json": as_json,
    "markdown": markdown,
}
