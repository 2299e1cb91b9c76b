"""Reporters turn diagnostics into text for people, JSON for tools, GitHub annotations, SARIF."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from leadarch import __version__
from leadarch.core.findings import Diagnostic, Severity
from leadarch.core.printable import printable
from leadarch.lint.rules import RULES, doc_sections


@dataclass(frozen=True)
class Summary:
    files: int
    entities: int
    truncated: Mapping[str, int] = field(default_factory=dict)  # code → findings not shown

    def counts(self, diagnostics: Sequence[Diagnostic]) -> dict[str, int]:
        """Counts of every finding: those shown, and those left out by the cap (a code's
        findings share its severity, and every code left out has some shown)."""
        by = Counter(d.severity for d in diagnostics)
        severity = {d.code: d.severity for d in diagnostics}
        for code, more in self.truncated.items():
            by[severity[code]] += more
        return {
            "errors": by[Severity.ERROR],
            "warnings": by[Severity.WARNING],
            "infos": by[Severity.INFO],
            "files": self.files,
            "entities": self.entities,
            "truncated": sum(self.truncated.values()),
        }


def cap(
    diagnostics: Sequence[Diagnostic], per_code: int
) -> tuple[list[Diagnostic], dict[str, int]]:
    """The first `per_code` diagnostics of each code (in report order), and how many of each
    code were left out: a report stays readable, and bounded, whatever the catalog holds."""
    shown, seen = [], Counter[str]()
    for d in diagnostics:
        seen[d.code] += 1
        if seen[d.code] <= per_code:
            shown.append(d)
    return shown, {code: n - per_code for code, n in sorted(seen.items()) if n > per_code}


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def text(diagnostics: Sequence[Diagnostic], summary: Summary) -> str:
    lines = []
    for d in diagnostics:
        lines.append(str(d))
        if d.hint:
            lines.append(f"    hint: {printable(d.hint)}")
    c = summary.counts(diagnostics)
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


def as_json(diagnostics: Sequence[Diagnostic], summary: Summary) -> str:
    payload = {
        "diagnostics": [d.to_dict() for d in diagnostics],
        "summary": summary.counts(diagnostics),
    }
    return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"


def _escape_data(value: str) -> str:
    """Workflow-command escaping (%, CR, LF), other control characters shown escaped."""
    escaped = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return printable(escaped)


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


_GITHUB_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def github(diagnostics: Sequence[Diagnostic], summary: Summary) -> str:
    out = []
    for d in diagnostics:
        props = f"file={_escape_property(d.path)},line={d.line},col={d.column},title={_escape_property(d.code)}"
        message = d.message + (f" ({d.hint})" if d.hint else "")
        out.append(f"::{_GITHUB_LEVEL[d.severity]} {props}::{_escape_data(message)}")
    if summary.truncated:
        more = sum(summary.truncated.values())
        out.append(f"::notice title=leadarch::{more} more findings are not annotated")
    return "\n".join(out) + ("\n" if out else "")


def file_uri(path: str) -> str:
    """A relative file path as an RFC 3986 URI reference: every byte outside the unreserved
    set and `/` percent-encoded (a space, `#`, `?`, `%`, `[`, control characters…)."""
    from urllib.parse import quote  # only SARIF needs it: not on every lint's import path

    return quote(path.replace("\\", "/"), safe="/")


_SARIF_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def sarif(diagnostics: Sequence[Diagnostic], summary: Summary) -> str:
    index = {rule.CODE: i for i, rule in enumerate(RULES)}
    rules = []
    for rule in RULES:
        sections = doc_sections(rule)
        rules.append(
            {
                "id": rule.CODE,
                "name": rule.NAME,
                "shortDescription": {"text": rule.SUMMARY},
                "fullDescription": {"text": sections.get("What it checks", rule.SUMMARY)},
                "help": {"text": sections.get("Fix", rule.SUMMARY)},
                "defaultConfiguration": {"level": _SARIF_LEVEL[rule.SEVERITY]},
            }
        )
    results = []
    for d in diagnostics:
        result = {
            "ruleId": d.code,
            "ruleIndex": index[d.code],
            "level": _SARIF_LEVEL[d.severity],
            "message": {"text": d.message + (f" Hint: {d.hint}" if d.hint else "")},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": file_uri(d.path)},
                        "region": {"startLine": d.line, "startColumn": d.column},
                    }
                }
            ],
        }
        if d.entity:
            result["properties"] = {"entity": d.entity}
        results.append(result)
    log = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "leadarch",
                        "version": __version__,
                        "informationUri": "https://leadarch.dev",
                        "rules": rules,
                    }
                },
                "results": results,
                "properties": {"truncated": sum(summary.truncated.values())},
            }
        ],
    }
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"


REPORTERS: dict[str, Callable[[Sequence[Diagnostic], Summary], str]] = {
    "text": text,
    "json": as_json,
    "github": github,
    "sarif": sarif,
}
