"""What a report holds: a kind of findings (lint, diff, drift or measure), in the order shown, and
the counts its summary gives."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import Any

from leadarch.core.findings import Diagnostic, Severity
from leadarch.core.records import dataclass, field

KINDS = ("lint", "diff", "drift", "measure")


@dataclass(frozen=True)
class Report:
    kind: str  # lint, diff, drift or measure
    findings: tuple[Diagnostic, ...]  # in the order they are shown
    files: int = 0  # lint: files read
    entities: int = 0  # lint: entries read
    truncated: Mapping[str, int] = field(default_factory=dict)  # code → findings not shown
    source: str = ""  # drift: the export compared with
    data: Mapping[str, Any] = field(default_factory=dict)  # measure: the numbers (spec §6)

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
