"""SARIF 2.1.0 for code scanning: one result per finding, with a descriptor per code."""

from __future__ import annotations

import json
from typing import Any

from leadarch import __version__
from leadarch.codes import DIFF_CODES, DRIFT_CODES, MEASURE_CODES
from leadarch.core.findings import Severity
from leadarch.report.model import Report

_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def file_uri(path: str) -> str:
    """A relative file path as an RFC 3986 URI reference: every byte outside the unreserved
    set and `/` percent-encoded (a space, `#`, `?`, `%`, `[`, control characters…)."""
    from urllib.parse import quote  # only SARIF needs it: not on every lint's import path

    return quote(path.replace("\\", "/"), safe="/")


def _descriptors(kind: str) -> list[dict[str, Any]]:
    """What the tool can report: every lint rule, or the diff's, the drift's or the measurement's codes."""
    if kind == "lint":
        from leadarch.lint.rules import RULES, doc_sections

        out = []
        for rule in RULES:
            sections = doc_sections(rule)
            out.append(
                {
                    "id": rule.CODE,
                    "name": rule.NAME,
                    "shortDescription": {"text": rule.SUMMARY},
                    "fullDescription": {"text": sections.get("What it checks", rule.SUMMARY)},
                    "help": {"text": sections.get("Fix", rule.SUMMARY)},
                    "defaultConfiguration": {"level": _LEVEL[rule.SEVERITY]},
                }
            )
        return out
    codes, level = {
        "diff": (DIFF_CODES, "note"),
        "drift": (DRIFT_CODES, "error"),
        "measure": (MEASURE_CODES, "error"),
    }[kind]
    return [
        {
            "id": c.CODE,
            "name": c.NAME,
            "shortDescription": {"text": c.SUMMARY},
            "fullDescription": {"text": c.SUMMARY},
            "help": {"text": c.SUMMARY},
            "defaultConfiguration": {"level": level},
        }
        for c in codes.values()
    ]


def log(report: Report) -> str:
    rules = _descriptors(report.kind)
    index = {rule["id"]: i for i, rule in enumerate(rules)}
    results = []
    for d in report.findings:
        result: dict[str, Any] = {
            "ruleId": d.code,
            "ruleIndex": index[d.code],
            "level": _LEVEL[d.severity],
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
        properties = {"entity": d.entity} if d.entity else {}
        if d.detail.get("export"):  # a drift finding: the CRM export it comes from
            properties["export"] = str(d.detail["export"])
        if properties:
            result["properties"] = properties
        results.append(result)
    run = {
        "tool": {
            "driver": {
                "name": "leadarch",
                "version": __version__,
                "informationUri": "https://leadarch.dev",
                "rules": rules,
            }
        },
        "results": results,
        "properties": {"truncated": sum(report.truncated.values())},
    }
    document = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [run],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
