"""A small, complete, lint-clean catalog that rule tests change one file at a time."""

from __future__ import annotations

from pathlib import Path
from textwrap import dedent

_BASE: dict[str, str] = {
    "org.yaml": """\
        teams:
          - {id: sales, name: Sales, description: Sells.}
        roles:
          - {id: sdr, name: SDR, team: sales, description: Works leads.}
          - {id: ops, name: Ops, team: sales, description: Runs the systems.}
        systems:
          - {id: crm, name: CRM, category: crm, owner: ops, description: Record system.}
        playbooks:
          - {id: sdr_book, role: sdr, title: SDR, summary: Call fast.}
          - {id: ops_book, role: ops, title: Ops, summary: Keep it running.}
        """,
    "fields.yaml": """\
        fields:
          - object: Lead
            name: Status
            label: Status
            type: picklist
            description: Stage of the lead.
            values: [New, MQL, Won, {value: Old, deprecated: true, active: false}, {value: Gone, active: false}]
          - {object: Lead, name: Score, label: Score, type: integer, description: Score.}
          - {object: Lead, name: Region, label: Region, type: picklist, values: [NA, EMEA], description: Region.}
          - {object: Lead, name: Demo, label: Demo, type: boolean, description: Demo asked.}
        """,
    "stages.yaml": """\
        stages:
          - id: new
            name: New
            model: lifecycle
            order: 1
            entry: true
            owner: ops
            sla: sla_review
            definition: Captured.
            transitions:
              - {to: mql, type: advance}
            crm:
              crm: {object: Lead, field: Status, value: New}
          - id: mql
            name: MQL
            model: lifecycle
            order: 2
            owner: sdr
            sla: sla_mql
            definition: Qualified, see [[stage:new]].
            transitions:
              - {to: won, type: advance}
              - {to: new, type: recycle, reasons: [later]}
          - id: won
            name: Won
            model: lifecycle
            order: 3
            owner: ops
            terminal: true
            outcome: won
            definition: Customer.
        reasons:
          - {id: later, name: Later, kind: recycle, description: Not now.}
        sources:
          - {id: web, name: Web form, channel: form, enters: new, description: The form.}
        """,
    "routing.yaml": """\
        queues:
          - {id: q_na, name: NA, role: sdr, sla: sla_mql, description: NA leads.}
          - {id: q_review, name: Review, role: ops, sla: sla_review, description: Review.}
        routing:
          - id: na
            name: NA
            priority: 10
            description: NA leads.
            when:
              all:
                - {field: Lead.Region, op: eq, value: NA}
            assign: {queue: q_na}
            examples:
              - lead: {Lead.Region: NA}
                expect: {queue: q_na}
          - id: fallback
            name: Fallback
            priority: 99
            description: Everything else.
            assign: {queue: q_review}
        slas:
          - id: sla_mql
            name: MQL first touch
            stage: mql
            role: sdr
            target: PT15M
            description: Fast.
            escalations:
              - {after: PT15M, notify: sdr}
              - {after: PT1H, notify: ops}
          - {id: sla_review, name: Review, role: ops, target: P1D, description: Daily.}
        """,
    "scoring.yaml": """\
        scoring:
          - id: fit
            name: Fit
            type: fit
            owner: ops
            description: Fit.
            criteria:
              - {field: Lead.Region, op: eq, value: NA, points: 10}
              - {activity: demo_request, points: 50}
            thresholds:
              - {stage: mql, min: 50}
            examples:
              - lead: {Lead.Region: NA}
                activities: [demo_request]
                expect: {score: 60, stage: mql}
        activities:
          - {id: route, name: Route leads, description: Routing., raci: {ops: A, sdr: R}}
        releases:
          - {version: unreleased, status: unreleased, changes: [{type: added, ref: stage:mql, summary: Added.}]}
          - {version: 1.0.0, date: 2026-01-01, status: released, summary: First.}
        """,
}


BASE: dict[str, str] = {name: dedent(text) for name, text in _BASE.items()}


def write_catalog(
    root: Path, files: dict[str, str | bytes | None] | None = None, base: bool = True
) -> Path:
    """Write BASE (unless base=False) overlaid with `files` (None leaves a base file out)."""
    merged: dict[str, str | bytes | None] = {**(BASE if base else {}), **(files or {})}
    root.mkdir(parents=True, exist_ok=True)
    for name, text in merged.items():
        if text is None:
            continue
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(dedent(text), encoding="utf-8")
    return root
