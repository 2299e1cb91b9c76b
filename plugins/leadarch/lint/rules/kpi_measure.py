"""A KPI's `measure:` cannot be computed or compared with its target.

What it checks:
    A KPI with `measure:` has a `target` and a `direction`, a unit that fits what is
    computed (`conversion` and `sla`: `percent` or `ratio`; `time`: `duration`;
    `count`: `count`), a `time` measure stops at either `to` or `first_touch` (one of
    them), a conversion or time measure's `to` can be reached from its `from` through
    the stage transitions, and a measured SLA has a stage.

Why it matters:
    `leadarch measure --check` fails a scheduled job when a KPI misses its target. A
    KPI without a target or direction cannot miss; a percent KPI computed as a
    duration, or a conversion to a stage no record can reach, is a number that means
    nothing — and it would stand on the wiki next to real ones.

Example:
    - id: lead_acceptance_rate
      unit: duration                       # a conversion is a share
      measure:
        conversion: {from: sql, to: mql}   # sql never leads back to mql

Fix:
    Give the KPI `target` and `direction` (`higher_is_better` / `lower_is_better`), the
    unit of its computation, and stages the designed process connects.
"""

from __future__ import annotations

from collections.abc import Iterator

from leadarch.core.catalog import Catalog
from leadarch.core.findings import Finding, Severity
from leadarch.core.model import Metric, Sla
from leadarch.domain.graph import reachable
from leadarch.lint.options import Inputs, NoOptions

CODE = "LA140"
NAME = "kpi-measure"
SUMMARY = "A KPI's `measure:` cannot be computed or compared with its target."
SEVERITY = Severity.ERROR

UNITS = {
    "conversion": ("percent", "ratio"),
    "sla": ("percent", "ratio"),
    "time": ("duration",),
    "count": ("count",),
}


def check(catalog: Catalog, options: NoOptions, inputs: Inputs) -> Iterator[Finding]:
    for metric in catalog.of(Metric):
        measure = metric.measure
        kind = measure.computation if measure else None
        if measure is None or kind is None:
            continue
        ref = metric.ref
        for key in ("target", "direction"):
            if getattr(metric, key) is None:
                yield Finding(
                    f"{ref} is measured but has no {key}",
                    metric.at("measure", on_key=True),
                    "add `target:` (in the KPI's unit) and `direction: higher_is_better` "
                    "or `lower_is_better`, so `leadarch measure --check` can tell a miss",
                    ref,
                )
        if metric.unit is not None and metric.unit not in UNITS[kind]:
            yield Finding(
                f"{ref}: a {kind} measure gives {' or '.join(UNITS[kind])}, not {metric.unit}",
                metric.at("unit"),
                f"set `unit: {UNITS[kind][0]}`",
                ref,
            )
        path = ("measure", kind)
        if measure.time is not None:
            stops = (measure.time.to is not None) + bool(measure.time.first_touch)
            if stops != 1:
                yield Finding(
                    f"{ref}: a time measure stops at `to` or at `first_touch`"
                    + (", not both" if stops else ", and says neither"),
                    metric.at(*path),
                    "write `to: <stage>` for the time until a stage, or `first_touch: true`",
                    ref,
                )
        span = measure.conversion or measure.time
        if (
            span is not None
            and span.to
            and span.to != span.from_stage
            and catalog.exists(f"stage:{span.to}")
            and catalog.exists(f"stage:{span.from_stage}")
            and span.to not in reachable(catalog, [span.from_stage])
        ):
            yield Finding(
                f"{ref}: no transition path leads from {span.from_stage} to {span.to}",
                metric.at(*path, "to"),
                "measure between stages the designed process connects, or add the transitions",
                ref,
            )
        if measure.sla is not None:
            sla = catalog.get(f"sla:{measure.sla}")
            if isinstance(sla, Sla) and not sla.stage:
                yield Finding(
                    f"{ref}: {sla.ref} has no stage, so its attainment cannot be measured",
                    metric.at(*path),
                    f"give {sla.ref} the `stage:` whose visits its clock runs in",
                    ref,
                )
