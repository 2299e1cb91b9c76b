"""The lint's report as people and tools read it: `path:line:col: CODE severity: message`
lines with hints and a summary, or JSON."""

from __future__ import annotations

import json

from leadarch.core.printable import printable
from leadarch.report.model import Report


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def text(report: Report) -> str:
    lines = []
    diagnostics, summary = report.findings, report
    for d in diagnostics:
        lines.append(str(d))
        if d.hint:
            lines.append(f"    hint: {printable(d.hint)}")
    c = report.counts()
    checked = f"{_plural(c['files'], 'file')}, {_plural(c['entities'], 'entity').replace('entitys', 'entities')}"
    if not diagnostics:
        lines.append(f"All checks passed ({checked}).")
    else:
        for code, more in summary.truncated.items():
            lines.append(
                f"… and {more:,} more {code} findings (only the first of each code are shown: "
                "max_findings_per_code in [tool.leadarch])"
            )
        found = [_plural(c["errors"], "error"), _plural(c["warnings"], "warning")]
        if c["infos"]:
            found.append(_plural(c["infos"], "note"))
        lines.append(f"Found {', '.join(found)} ({checked}).")
    return "\n".join(lines) + "\n"


def as_json(report: Report) -> str:
    payload = {
        "diagnostics": [d.to_dict() for d in report.findings],
        "summary": report.counts(),
    }
    return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"
