"""`leadarch measure --check`: the measurement as findings of the shared type, so a
scheduled job fails — and shows why in GitHub or code scanning — when a KPI misses its
target or fewer records follow the designed process than the configured threshold."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from leadarch.codes import MEASURE_CODES
from leadarch.core.catalog import Catalog
from leadarch.core.findings import Diagnostic, Severity
from leadarch.measure.design import Design


def value_text(value: float | None, unit: str | None) -> str:
    if value is None:
        return "—"
    if unit == "duration":
        return seconds_text(value)
    if unit in ("percent", "ratio"):
        return f"{value * 100:.1f}%"
    return f"{value:g}" if abs(value) >= 1 or value == 0 else f"{value:.3g}"


def share_text(value: float | None) -> str:
    """A fraction as people read it: `0.733` → `73.3%`."""
    return "—" if value is None else f"{value * 100:.1f}%"


def seconds_text(seconds: float | None) -> str:
    """A duration in seconds as days, hours and minutes: `93784` → `1d 2h 3m`."""
    if seconds is None:
        return "—"
    whole = round(seconds)
    if whole < 60:
        return f"{whole}s"
    minutes, _ = divmod(whole, 60)
    hours, minutes = divmod(minutes, 60)
    days, hours = divmod(hours, 24)
    parts = [
        f"{days}d" if days else "",
        f"{hours}h" if hours else "",
        f"{minutes}m" if minutes else "",
    ]
    return " ".join(p for p in parts if p) or "0m"


def findings(
    catalog: Catalog, design: Design, result: Mapping[str, Any], min_fitness: float | None
) -> list[Diagnostic]:
    out = []
    for kpi in design.kpis:
        got = result["kpis"].get(kpi.id, {})
        if got.get("met") is not False:
            continue
        line, column = catalog.position(kpi.where)
        target = value_text(kpi.target, kpi.unit)
        out.append(
            Diagnostic(
                kpi.where.file,
                line,
                column,
                MEASURE_CODES["kpi-missed"].CODE,
                Severity.ERROR,
                f"metric:{kpi.id} is {value_text(got['value'], kpi.unit)}, "
                f"{'below' if kpi.direction == 'higher_is_better' else 'above'} its target {target} "
                f"(as of {result['as_of']})",
                f"metric:{kpi.id}",
                "find the stage, SLA or rule behind it on the Conformance and Funnel numbers; "
                "change the process, or the target in a reviewed release",
            )
        )
    fitness = result["conformance"]["fitness"]
    if min_fitness is not None and fitness is not None and fitness < min_fitness:
        kinds = ", ".join(
            f"{d['kind']} ×{d['count']}" for d in result["conformance"]["deviations"][:5]
        )
        out.append(
            Diagnostic(
                str(catalog.root),
                1,
                1,
                MEASURE_CODES["fitness-below-threshold"].CODE,
                Severity.ERROR,
                f"{fitness * 100:.1f}% of records follow the designed process, below the "
                f"threshold {min_fitness * 100:.1f}% ({kinds})",
                None,
                "each deviation kind is an architecture defect: fix the process or the design",
            )
        )
    return out
