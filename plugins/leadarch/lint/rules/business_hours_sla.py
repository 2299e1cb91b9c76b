"""A business-hours SLA cannot be measured as written.

What it checks:
    When the catalog has calendars (it measures business time), every SLA with
    `business_hours: true` finds one: its own `calendar`, its role's, the role's
    team's, or the default calendar. And its target and escalation times are written
    in hours or minutes, not days or weeks.

Why it matters:
    `leadarch measure` counts an SLA's business time as the overlap of its clock with
    working hours. Without a calendar there are no working hours; and a target of
    `P2D` is 48 hours of *business* time — six 8-hour working days, not two — which is
    rarely what its author meant.

Example:
    - id: sla_sql_accept
      business_hours: true
      target: P2D          # 48 business hours

Fix:
    Give the SLA, its role or its team a `calendar:` (or mark one calendar
    `default: true`), and write business-hours targets in hours: two 8-hour working
    days are `PT16H`.
"""

from __future__ import annotations

from collections.abc import Iterator

from leadarch.core.catalog import Catalog
from leadarch.core.findings import Finding, Severity
from leadarch.core.model import Calendar, Sla
from leadarch.domain.calendars import calendar_of
from leadarch.domain.durations import parse_duration
from leadarch.lint.options import Inputs, NoOptions

CODE = "LA132"
NAME = "business-hours-sla"
SUMMARY = "A business-hours SLA cannot be measured as written."
SEVERITY = Severity.WARNING


def check(catalog: Catalog, options: NoOptions, inputs: Inputs) -> Iterator[Finding]:
    has_calendars = bool(catalog.of(Calendar))
    for sla in catalog.of(Sla):
        if sla.business_hours is not True or not has_calendars:
            continue  # without calendars the catalog does not measure business time
        if calendar_of(catalog, sla) is None:
            yield Finding(
                f"{sla.ref} runs in business hours but no calendar applies to it",
                sla.at("business_hours"),
                "give the SLA, its role or its team a `calendar:`, or mark one calendar "
                "`default: true`",
                sla.ref,
            )
        times = [("target", sla.target)] + [
            (f"escalations.{i}.after", e.after) for i, e in enumerate(sla.escalations)
        ]
        for path, value in times:
            if isinstance(value, str) and _in_days(value):
                yield Finding(
                    f"{sla.ref}: {value} of business time is {_hours(value)} business hours",
                    sla.at(*[int(p) if p.isdigit() else p for p in path.split(".")]),
                    "write business-hours times in hours: two 8-hour working days are PT16H",
                    sla.ref,
                )


def _in_days(duration: str) -> bool:
    date_part = duration[1:].split("T", 1)[0]
    return any(unit in date_part for unit in "DWMY")


def _hours(duration: str) -> str:
    seconds = parse_duration(duration)
    return "?" if seconds is None else f"{seconds / 3600:g}"
