"""The lint rules: one module per rule, all listed in one explicit registry."""

from __future__ import annotations

from collections.abc import Iterator
from types import ModuleType
from typing import TYPE_CHECKING, Any, Protocol, cast

from leadarch.lint.rules import (
    broken_wiki_link,
    business_hours_sla,
    change_ref,
    converted_without_stage,
    criterion_type,
    crm_value,
    dead_end_stage,
    deprecated_but_active,
    deprecated_value,
    documentation_coverage,
    duplicate_id,
    duplicate_key,
    editor_schema,
    encoding,
    escalation_order,
    event_mapping,
    example_mismatch,
    invalid_calendar,
    invalid_duration,
    kpi_measure,
    no_path_to_won,
    personal_data,
    queue_without_sla,
    raci_accountable,
    release_order,
    resource_limit,
    role_without_playbook,
    routing_fallback,
    routing_priority,
    schema_enum,
    schema_required,
    schema_type,
    schema_value,
    several_default_calendars,
    several_defaults,
    shadowed_rule,
    single_unreleased,
    source_enters_entry,
    stage_without_sla,
    syntax_error,
    transition_reasons,
    undocumented_change,
    unknown_key,
    unreachable_stage,
    unresolved_reference,
    unsafe_yaml,
)

if TYPE_CHECKING:
    from leadarch.core.catalog import Catalog
    from leadarch.core.findings import Finding, Severity
    from leadarch.lint.options import Inputs


class Rule(Protocol):
    CODE: str
    NAME: str
    SUMMARY: str
    SEVERITY: Severity
    __doc__: str | None

    def check(self, catalog: Catalog, options: Any, inputs: Inputs) -> Iterator[Finding]: ...


_MODULES: tuple[ModuleType, ...] = (
    syntax_error,
    encoding,
    duplicate_key,
    unsafe_yaml,
    resource_limit,
    editor_schema,
    schema_type,
    schema_enum,
    schema_required,
    unknown_key,
    schema_value,
    unresolved_reference,
    duplicate_id,
    broken_wiki_link,
    unreachable_stage,
    dead_end_stage,
    transition_reasons,
    no_path_to_won,
    source_enters_entry,
    crm_value,
    criterion_type,
    deprecated_value,
    several_defaults,
    deprecated_but_active,
    routing_fallback,
    routing_priority,
    shadowed_rule,
    queue_without_sla,
    invalid_duration,
    escalation_order,
    stage_without_sla,
    raci_accountable,
    role_without_playbook,
    release_order,
    single_unreleased,
    change_ref,
    example_mismatch,
    documentation_coverage,
    undocumented_change,
    personal_data,
    invalid_calendar,
    several_default_calendars,
    business_hours_sla,
    kpi_measure,
    converted_without_stage,
    event_mapping,
)

RULES: tuple[Rule, ...] = tuple(cast("Rule", m) for m in _MODULES)
RULES_BY_CODE: dict[str, Rule] = {r.CODE: r for r in RULES}

from leadarch.core.ruledocs import SECTIONS, doc_sections  # noqa: E402,F401 - the rules' documentation
