"""Reports: the findings of the lint, the semantic diff or the CRM drift, rendered in each
format that fits them, from one registry.

    REPORTERS[format][kind](report) -> text

Every command that reports reads its `--format` choices from here (`formats(kind)`), so a
format added here is offered by every command it fits. Reporters sit above the lint,
governance and CRM layers: they render what all three find.
"""

from __future__ import annotations

import importlib
from collections import Counter
from collections.abc import Callable

from leadarch.core.findings import Diagnostic
from leadarch.report.model import KINDS, Report

__all__ = ["KINDS", "REPORTERS", "Report", "cap", "formats", "render", "reporter"]


Render = Callable[[Report], str]

# "module:function" under `leadarch.report`: a command imports only the reporter it renders
# with, so `leadarch lint` does not pay for SARIF or the diff's Markdown on every commit.
REPORTERS: dict[str, dict[str, str]] = {
    "text": {
        "lint": "lint:text",
        "diff": "diff:text",
        "drift": "drift:text",
        "measure": "measure:text",
    },
    "json": {
        "lint": "lint:as_json",
        "diff": "diff:as_json",
        "drift": "drift:as_json",
        "measure": "measure:as_json",
    },
    "github": {kind: "github:workflow_commands" for kind in KINDS},
    "sarif": {kind: "sarif:log" for kind in KINDS},
    "markdown": {
        "lint": "markdown:lint",
        "diff": "diff:markdown",
        "drift": "drift:markdown",
        "measure": "measure:markdown",
    },
}


def formats(kind: str) -> list[str]:
    """The formats a kind of report can be rendered in, as `--format` offers them."""
    return sorted(name for name, kinds in REPORTERS.items() if kind in kinds)


def reporter(fmt: str, kind: str) -> Render:
    """The function that renders a `kind` report in `fmt`, imported on first use."""
    module, _, function = REPORTERS[fmt][kind].partition(":")
    found: Render = getattr(importlib.import_module(f"leadarch.report.{module}"), function)
    return found


def render(report: Report, fmt: str) -> str:
    return reporter(fmt, report.kind)(report)


def cap(diagnostics: list[Diagnostic], per_code: int) -> tuple[list[Diagnostic], dict[str, int]]:
    """The first `per_code` diagnostics of each code (in report order), and how many of each
    code were left out: a report stays readable, and bounded, whatever the catalog holds."""
    shown, seen = [], Counter[str]()
    for d in diagnostics:
        seen[d.code] += 1
        if seen[d.code] <= per_code:
            shown.append(d)
    return shown, {code: n - per_code for code, n in sorted(seen.items()) if n > per_code}
