"""The lint's findings as a Markdown table, for a pull-request comment or a job summary:
catalog text in code spans, so nothing in it is live."""

from __future__ import annotations

from leadarch.core.printable import inert
from leadarch.report.model import Report


def lint(report: Report) -> str:
    c = report.counts()
    out = [
        "## Lead architecture lint",
        "",
        f"**{c['errors']}** errors · **{c['warnings']}** warnings · {c['files']} files, "
        f"{c['entities']} entities",
        "",
    ]
    if not report.findings:
        return "\n".join([*out, "All checks passed.", ""])
    out += ["| Where | Code | Severity | Finding |", "|---|---|---|---|"]
    for d in report.findings:
        finding = inert(d.message) + (f"<br>hint: {inert(d.hint)}" if d.hint else "")
        place = inert(f"{d.path}:{d.line}:{d.column}")
        out.append(f"| {place} | `{d.code}` | {d.severity.value} | {finding} |")
    for code, more in report.truncated.items():
        out.append(f"| | `{code}` | | … and {more:,} more |")
    return "\n".join(out) + "\n"
