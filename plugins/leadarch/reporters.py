"""Reporters turn diagnostics into text for people, JSON for tools, GitHub annotations, SARIF."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from leadarch import __version__
from leadarch.diagnostics import Diagnostic, Severity
from leadarch.rules import RULES, doc_sections


@dataclass(frozen=True)
class Summary:
    files: int
    entities: int

    def counts(self, diagnostics: Sequence[Diagnostic]) -> dict[str, int]:
        by = Counter(d.severity for d in diagnostics)
        return {
            "errors": by[Severity.ERROR],
            "warnings": by[Severity.WARNING],
            "infos": by[Severity.INFO],
            "files": self.files,
            "entities": self.entities,
        }


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def text(diagnostics: Sequence[Diagnostic], summary: Summary) -> str:
    lines = []
    for d in diagnostics:
        lines.append(str(d))
        if d.hint:
            lines.append(f"    hint: {d.hint}")
    c = summary.counts(diagnostics)
    checked = f"{_plural(c['files'], 'file')}, {_plural(c['entities'], 'entity').replace('entitys', 'entities')}"
    if not diagnostics:
        lines.append(f"All checks passed ({checked}).")
    else:
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
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


_GITHUB_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def github(diagnostics: Sequence[Diagnostic], summary: Summary) -> str:
    out = []
    for d in diagnostics:
        props = f"file={_escape_property(d.path)},line={d.line},col={d.column},title={_escape_property(d.code)}"
        message = d.message + (f" ({d.hint})" if d.hint else "")
        out.append(f"::{_GITHUB_LEVEL[d.severity]} {props}::{_escape_data(message)}")
    return "\n".join(out) + ("\n" if out else "")


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
                        "artifactLocation": {"uri": d.path.replace("\\", "/")},
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
