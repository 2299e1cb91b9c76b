"""The codes of what the pipeline itself finds before any rule runs (reading, the schema
check, assembling the catalog). Each is reported by the rule module of the same code in
`leadarch.lint.rules`, which documents it; the readers stamp them from here, so a reader
and its rule cannot disagree.
"""

from __future__ import annotations

SYNTAX_ERROR = "LA001"
ENCODING = "LA002"
DUPLICATE_KEY = "LA003"
UNSAFE_YAML = "LA004"
RESOURCE_LIMIT = "LA005"
SCHEMA_TYPE = "LA010"
SCHEMA_ENUM = "LA011"
SCHEMA_REQUIRED = "LA012"
UNKNOWN_KEY = "LA013"
SCHEMA_VALUE = "LA014"
DUPLICATE_ID = "LA021"


class Code:
    """A code that is not a lint rule, with what SARIF and the rule reference say of it."""

    def __init__(self, code: str, name: str, summary: str) -> None:
        self.CODE, self.NAME, self.SUMMARY = code, name, summary


# The semantic diff: one finding per entity added, removed or changed.
DIFF_ADDED = Code("LD001", "entity-added", "An entity was added to the catalog.")
DIFF_REMOVED = Code("LD002", "entity-removed", "An entity was removed from the catalog.")
DIFF_CHANGED = Code("LD003", "entity-changed", "An entity of the catalog changed.")
DIFF_CODES = {"added": DIFF_ADDED, "removed": DIFF_REMOVED, "changed": DIFF_CHANGED}

# CRM drift: one finding per difference between the catalog and an export, by kind.
DRIFT_CODES = {
    kind: Code(f"LC{n:03d}", kind, summary)
    for n, (kind, summary) in enumerate(
        (
            ("missing-in-catalog", "A CRM field is not in the field catalog."),
            ("missing-in-crm", "A catalogued field is not in the CRM export."),
            ("type", "A field's type differs between the catalog and the CRM."),
            ("required", "Whether a field is required differs between the catalog and the CRM."),
            (
                "reference",
                "What a reference field points to differs between the catalog and the CRM.",
            ),
            ("value-missing-in-crm", "A picklist value of the catalog is not in the CRM."),
            ("value-active", "A picklist value is active on one side and inactive on the other."),
            ("value-missing-in-catalog", "A CRM picklist value is not in the catalog."),
            ("converted", "The converted lead status differs between the catalog and the CRM."),
            ("stage-value", "A stage's CRM value is not an active value of its field in the CRM."),
            ("converted-unmapped", "No stage maps the CRM's converted lead status."),
            (
                "stage-outcome",
                "A stage ends the funnel (won, lost) otherwise than its CRM value does.",
            ),
        ),
        1,
    )
}


# `leadarch measure --check`: what makes a scheduled measurement job fail.
MEASURE_CODES = {
    kind: Code(code, kind, summary)
    for code, kind, summary in (
        ("LM001", "kpi-missed", "A measured KPI misses its target."),
        (
            "LM002",
            "fitness-below-threshold",
            "Fewer records follow the designed process than the threshold allows.",
        ),
    )
}
