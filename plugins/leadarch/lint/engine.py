"""Run the rules over a catalog and turn findings into located, sorted diagnostics."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from leadarch.core.catalog import Catalog, Workspace, build, collector_paused
from leadarch.core.findings import Diagnostic, Finding, Severity
from leadarch.errors import CannotRun
from leadarch.lint.config import Config
from leadarch.lint.options import Inputs
from leadarch.lint.rules import RULES, RULES_BY_CODE, Rule

NO_INPUTS = Inputs()


def selected(rule: Rule, select: Iterable[str], ignore: Iterable[str]) -> bool:
    """Codes or prefixes, like ruff: `LA0` selects LA001–LA099."""
    select, ignore = tuple(select), tuple(ignore)
    if select and not any(rule.CODE.startswith(s) for s in select):
        return False
    return not any(rule.CODE.startswith(i) for i in ignore)


def check_codes(codes: Iterable[str]) -> None:
    for code in codes:
        if not any(c.startswith(code) for c in RULES_BY_CODE):
            raise CannotRun(f"unknown rule code '{code}'; `leadarch rules` lists them")


def lint_catalog(catalog: Catalog, config: Config, inputs: Inputs = NO_INPUTS) -> list[Diagnostic]:
    check_codes((*config.select, *config.ignore, *config.severity))
    diagnostics: set[Diagnostic] = set()
    with collector_paused():
        for rule in RULES:
            if not selected(rule, config.select, config.ignore):
                continue
            severity = config.severity.get(rule.CODE, rule.SEVERITY)
            for finding in rule.check(catalog, config.options_for(rule), inputs):
                diagnostics.add(_locate(catalog, finding, rule.CODE, severity))
    return sorted(diagnostics)


def lint(
    root: Path, config: Config, workspace: Workspace | None = None, cwd: Path | None = None
) -> tuple[Catalog, list[Diagnostic]]:
    catalog = build(root, workspace=workspace, limits=config.limits, cwd=cwd)
    return catalog, lint_catalog(catalog, config)


def checker(config: Config) -> Callable[[Catalog], list[Diagnostic]]:
    """Every rule with `config`, as a function of the catalog: what a writing command checks
    its result with before it writes (governance takes it as data; it never imports the lint)."""
    return lambda catalog: lint_catalog(catalog, config)


def _locate(catalog: Catalog, finding: Finding, code: str, severity: Severity) -> Diagnostic:
    line, column = catalog.position(finding.where)
    return Diagnostic(
        finding.where.file,
        line,
        column,
        code,
        severity,
        finding.message,
        finding.entity,
        finding.hint,
    )
