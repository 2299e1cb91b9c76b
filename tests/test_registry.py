"""The rule registry: unique codes, complete documentation, one module per rule."""

from __future__ import annotations

import re

from leadarch.core.findings import Severity
from leadarch.lint.rules import RULES, SECTIONS, doc_sections


def test_codes_and_names_are_unique_and_well_formed() -> None:
    codes = [r.CODE for r in RULES]
    assert len(set(codes)) == len(codes)
    assert codes == sorted(codes)
    assert all(re.fullmatch(r"LA\d{3}", c) for c in codes)
    names = [r.NAME for r in RULES]
    assert len(set(names)) == len(names)
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", n) for n in names)


def test_every_rule_is_documented_in_fixed_sections() -> None:
    for rule in RULES:
        sections = doc_sections(rule)
        assert sections["summary"] == rule.SUMMARY, rule.CODE
        for section in SECTIONS:
            assert sections.get(section), f"{rule.CODE} lacks '{section}'"
        assert isinstance(rule.SEVERITY, Severity)


def test_one_module_per_rule() -> None:
    modules = [r.__name__ for r in RULES]  # type: ignore[attr-defined]
    assert len(set(modules)) == len(RULES)
