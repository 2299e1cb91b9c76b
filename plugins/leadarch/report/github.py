"""GitHub Actions workflow commands: one annotation per finding, on its file and line."""

from __future__ import annotations

from leadarch.core.findings import Severity
from leadarch.core.printable import printable
from leadarch.report.model import Report


def _escape_data(value: str) -> str:
    """Workflow-command escaping (%, CR, LF), other control characters shown escaped."""
    escaped = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return printable(escaped)


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


_GITHUB_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def workflow_commands(report: Report) -> str:
    out = []
    for d in report.findings:
        props = f"file={_escape_property(d.path)},line={d.line},col={d.column},title={_escape_property(d.code)}"
        message = d.message + (f" ({d.hint})" if d.hint else "")
        out.append(f"::{_GITHUB_LEVEL[d.severity]} {props}::{_escape_data(message)}")
    if report.truncated:
        more = sum(report.truncated.values())
        out.append(f"::notice title=leadarch::{more} more findings are not annotated")
    return "\n".join(out) + ("\n" if out else "")
