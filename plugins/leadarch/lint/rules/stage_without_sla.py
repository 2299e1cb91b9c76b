"""A stage worked by a lead-working role has no SLA.

What it checks:
    Every non-terminal stage whose owner works leads has an `sla`. Lead-working
    roles are the roles that own a queue, or the list `lead_working_roles` in
    `[tool.leadarch]`.

Why it matters:
    Speed to lead decides conversion. A stage owned by SDRs or AEs without a time
    promise is where hot leads cool down unnoticed.

Example:
    - id: sal
      owner: sdr       # sdr works leads; no sla

Fix:
    Add `sla: <sla id>` to the stage, creating the SLA with its escalations.
"""

from __future__ import annotations

from collections.abc import Iterator

from leadarch.core.catalog import Catalog
from leadarch.core.findings import Finding, Severity
from leadarch.core.model import Queue, Stage
from leadarch.core.records import dataclass, field
from leadarch.lint.options import Inputs

CODE = "LA062"
NAME = "stage-without-sla"
SUMMARY = "A stage worked by a lead-working role has no SLA."
SEVERITY = Severity.ERROR


@dataclass(frozen=True)
class Options:
    lead_working_roles: tuple[str, ...] | None = field(
        default=None,
        metadata={
            "help": "the roles whose stages need an SLA; unset: every role that owns a queue"
        },
    )


LEGACY = {"lead_working_roles": "lead_working_roles"}  # [tool.leadarch] lead_working_roles


def lead_working_roles(catalog: Catalog, options: Options) -> set[str]:
    if options.lead_working_roles is not None:
        return set(options.lead_working_roles)
    return {q.role for q in catalog.of(Queue)}


def check(catalog: Catalog, options: Options, inputs: Inputs) -> Iterator[Finding]:
    roles = lead_working_roles(catalog, options)
    for stage in catalog.of(Stage):
        if not stage.terminal and not stage.sla and stage.owner in roles:
            yield Finding(
                f"stage '{stage.id}' is worked by '{stage.owner}' but has no SLA",
                stage.at("owner"),
                "add `sla: <sla id>` so the time to act is promised and measured",
                stage.ref,
            )
