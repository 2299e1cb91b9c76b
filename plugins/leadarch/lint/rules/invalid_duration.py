"""A duration is not a valid ISO 8601 duration.

What it checks:
    SLA targets, escalation times, nurture step delays, scoring decay periods,
    the targets of `duration` KPIs and conversion horizons are ISO 8601 durations: `PT15M`, `PT4H`, `P2D`,
    `P1W`, `P1DT12H`.

Why it matters:
    "15 min", "2 days" or "asap" cannot be compared, alerted on or measured; SLA
    tooling either ignores them or guesses.

Example:
    target: 15 minutes

Fix:
    Write `P` then the date part (`3D`), and `T` before any time part: `PT15M`
    is 15 minutes, `P2D` two days, `PT1H30M` an hour and a half.
"""

from __future__ import annotations

from collections.abc import Iterator

from leadarch.core.catalog import Catalog
from leadarch.core.findings import Finding, Location, Severity
from leadarch.core.model import Metric, Nurture, ScoringModel, Sla
from leadarch.domain.durations import parse_duration
from leadarch.lint.options import Inputs, NoOptions

CODE = "LA060"
NAME = "invalid-duration"
SUMMARY = "A duration is not a valid ISO 8601 duration."
SEVERITY = Severity.ERROR


def check(catalog: Catalog, options: NoOptions, inputs: Inputs) -> Iterator[Finding]:
    for owner, value, where in _durations(catalog):
        if parse_duration(value) is None:
            yield Finding(
                f"{owner}: {value!r} is not an ISO 8601 duration",
                where,
                "write e.g. PT15M (15 minutes), PT4H (4 hours), P2D (2 days), P1W (1 week)",
                owner,
            )


def _durations(catalog: Catalog) -> Iterator[tuple[str, object, Location]]:
    for sla in catalog.of(Sla):
        yield sla.ref, sla.target, sla.at("target")
        for i, esc in enumerate(sla.escalations):
            yield sla.ref, esc.after, sla.at("escalations", i, "after")
    for nurture in catalog.of(Nurture):
        for i, step in enumerate(nurture.steps):
            yield nurture.ref, step.after, nurture.at("steps", i, "after")
    for model in catalog.of(ScoringModel):
        if model.decay:
            yield model.ref, model.decay.get("every"), model.at("decay", "every")
    for metric in catalog.of(Metric):
        if metric.unit == "duration" and metric.target is not None:
            yield metric.ref, metric.target, metric.at("target")
        conversion = metric.measure.conversion if metric.measure else None
        if conversion is not None and conversion.horizon is not None:
            yield metric.ref, conversion.horizon, metric.at("measure", "conversion", "horizon")
