"""Reports: the findings of the lint, the semantic diff or the CRM drift, rendered in each
format that fits them, from one registry.

    REPORTERS[format][kind](report) -> text

Every command that reports reads its `--format` choices from here (`formats(kind)`), so a
format added here is offered by every command it fits. Reporters sit above the lint,
governance and CRM layers: they render what all three find.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from leadarch.core.findings import Diagnostic, Severity

KINDS = ("lint", "diff", "drift")


@dataclass(frozen=True)
class Report:
    kind: str  # lint, diff or drift
    findings: tuple[Diagnostic, ...]  # in the order they are shown
    files: int = 0  # lint: files read
    entities: int = 0  # lint: entries read
    truncated: Mapping[str, int] = field(default_factory=dict)  # code → findings not shown
    source: str = ""  # drift: the export compared with

    def counts(self) -> dict[str, int]:
        """Counts of every finding: those shown, and those left out by the cap (a code's
        findings share its severity, and every code left out has some shown)."""
        by = Counter(d.severity for d in self.findings)
        severity = {d.code: d.severity for d in self.findings}
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


Render = Callable[[Report], str]


def _registry() -> dict[str, dict[str, Render]]:
    from leadarch.report import diff, drift, github, lint, markdown, sarif

    return {
        "text": {"lint": lint.text, "diff": diff.text, "drift": drift.text},
        "json": {"lint": lint.as_json, "diff": diff.as_json, "drift": drift.as_json},
        "github": {kind: github.annotations for kind in KINDS},
        "sarif": {kind: sarif.log for kind in KINDS},
        "markdown": {"lint": markdown.lint, "diff": diff.markdown, "drift": drift.markdown},
    }


REPORTERS = _registry()


def formats(kind: str) -> list[str]:
    """The formats a kind of report can be rendered in, as `--format` offers them."""
    return sorted(name for name, kinds in REPORTERS.items() if kind in kinds)


def render(report: Report, fmt: str) -> str:
    return REPORTERS[fmt][report.kind](report)


def cap(diagnostics: list[Diagnostic], per_code: int) -> tuple[list[Diagnostic], dict[str, int]]:
    """The first `per_code` diagnostics of each code (in report order), and how many of each
    code were left out: a report stays readable, and bounded, whatever the catalog holds."""
    shown, seen = [], Counter[str]()
    for d in diagnostics:
        seen[d.code] += 1
        if seen[d.code] <= per_code:
            shown.append(d)
    return shown, {code: n - per_code for code, n in sorted(seen.items()) if n > per_code}
