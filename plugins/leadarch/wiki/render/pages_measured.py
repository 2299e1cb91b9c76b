"""The measured process in the wiki: the Funnel and Conformance pages, and the "In
numbers" sections of stage, KPI and SLA pages — all from one measurement (the spec's
JSON, with its monthly trend), each number beside its snapshot date.

History is untrusted: record ids and unknown CRM values reach these pages, so every one
of them is escaped for Markdown, Mermaid and Sankey alike (values of `pii` fields were
already replaced by the engine).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from leadarch.core.model import Metric, Sla, Stage
from leadarch.measure.check import seconds_text as seconds
from leadarch.measure.check import share_text as share
from leadarch.wiki.render.context import Context, Page, front_matter, table
from leadarch.wiki.render.diagrams import journey
from leadarch.wiki.render.mermaid import Flowchart, fence
from leadarch.wiki.render.text import code, esc

UNKNOWN = "unknown:"
_SANKEY_UNSAFE = re.compile(r"[^A-Za-z0-9 _.\-()/&+']")


def snapshot(m: Mapping[str, Any]) -> str:
    """When the numbers are from: the measurement's `as_of`, to the minute, in UTC."""
    return f"as of {str(m['as_of'])[:16].replace('T', ' ')} UTC"


def _step(ctx: Context, step: str) -> str:
    """A step of a path for a table: a stage link, or an unknown CRM value, escaped."""
    if step.startswith(UNKNOWN):
        return f"unknown value {code(step[len(UNKNOWN) :])}"
    return ctx.link(f"stage:{step}")


def _title(ctx: Context, step: str) -> str:
    if step.startswith(UNKNOWN):
        return f"unknown: {step[len(UNKNOWN) :]}"
    return ctx.title(f"stage:{step}")


def real_flow(ctx: Context, m: Mapping[str, Any]) -> str:
    """The journey as it runs: every observed transition with its count; the ones the
    design does not allow drawn dotted red."""
    chart = Flowchart("LR")
    chart.classes["unknown"] = "stroke:#d9534f,stroke-dasharray:3 3"
    order = {s.id: (s.model, s.order) for s in ctx.catalog.of(Stage)}
    steps = sorted(
        {t["from"] for t in m["transitions"]} | {t["to"] for t in m["transitions"]},
        key=lambda s: (order.get(s, ("~", 0)), s),
    )
    for step in steps:
        link = None if step.startswith(UNKNOWN) else ctx.urls.href(ctx.page, f"stage:{step}")
        chart.node(step, _title(ctx, step), "round" if step.startswith(UNKNOWN) else "box",
                   "unknown" if step.startswith(UNKNOWN) else None, link)  # fmt: skip
    for t in m["transitions"]:
        chart.edge(
            t["from"], t["to"], "advance" if t["allowed"] else "disqualify", f"{t['count']:,}"
        )
    return fence(chart.render())


def _sankey_name(text: str) -> str:
    """A Sankey node name: Mermaid's sankey is CSV, so no comma, quote or newline gets in."""
    cleaned = _SANKEY_UNSAFE.sub(" ", text)
    return " ".join(cleaned.split())[:60] or "?"


def sankey(ctx: Context, m: Mapping[str, Any]) -> str:
    """The forward flow as a Sankey (Mermaid `sankey-beta` needs a flow without loops:
    steps back are in the tables, not here)."""
    order = {s.id: (s.model, s.order) for s in ctx.catalog.of(Stage)}
    rows = [
        t
        for t in m["transitions"]
        if t["from"] in order and t["to"] in order and order[t["to"]] > order[t["from"]]
    ]
    if not rows:
        return "*No forward transitions measured.*\n"
    lines = ["sankey-beta", ""]
    for t in rows:
        a, b = _sankey_name(_title(ctx, t["from"])), _sankey_name(_title(ctx, t["to"]))
        lines.append(f"{a},{b},{t['count']}")
    return fence("\n".join(lines))


def trend_chart(ctx: Context, m: Mapping[str, Any]) -> str:
    """Records entering the entry stages per month, as a bar chart; every stage in a table."""
    trend = m.get("trend") or []
    months = sorted({r["month"] for r in trend})
    if not months:
        return "*No monthly data.*\n"
    entry = [s.id for s in ctx.catalog.of(Stage) if s.entry]
    per = {(r["month"], r["stage"]): r["entered"] for r in trend}
    bars = [sum(per.get((month, s), 0) for s in entry) for month in months]
    chart = (
        "xychart-beta\n"
        '  title "New records per month"\n'
        f"  x-axis [{', '.join(months)}]\n"
        f'  y-axis "records" 0 --> {max([*bars, 1])}\n'
        f"  bar [{', '.join(str(b) for b in bars)}]"
    )
    stages = [s for s in sorted(ctx.catalog.of(Stage), key=lambda s: (s.model, s.order, s.id))
              if any((month, s.id) in per for month in months)]  # fmt: skip
    rows = [
        [ctx.link(s.ref)] + [f"{per.get((month, s.id), 0):,}" for month in months] for s in stages
    ]
    return fence(chart) + "\n" + table(["Stage", *months], rows)


def _conversion_rows(ctx: Context, m: Mapping[str, Any]) -> list[list[str]]:
    return [
        [
            _step(ctx, c["from"]),
            _step(ctx, c["to"]),
            esc(c["horizon"] or "—"),
            f"{c['cohort']:,}",
            f"{c['reached']:,}",
            f"{c['censored']:,}",
            f"**{share(c['rate'])}**",
        ]
        for c in m["conversion"]
    ]


def _velocity_rows(ctx: Context, m: Mapping[str, Any]) -> list[list[str]]:
    return [
        [
            ctx.link(f"stage:{sid}"),
            f"{s['entered']:,}",
            f"{s['visits']:,}",
            f"{s['open']:,}",
            seconds(s["time_in_stage"]["median_s"]),
            seconds(s["time_in_stage"]["p90_s"]),
            seconds(s["cumulative"]["median_s"]),
        ]
        for sid, s in m["stages"].items()
        if s["visits"]
    ]


def _sla_rows(ctx: Context, m: Mapping[str, Any]) -> list[list[str]]:
    return [
        [
            ctx.link(f"sla:{sid}"),
            f"{s['measured']:,}",
            f"{s['met']:,}",
            f"{s['breached']:,}",
            f"{s['open']:,}",
            f"**{share(s['attainment'])}**",
            seconds(s["median_s"]),
            seconds(s["p90_s"]),
        ]
        for sid, s in m["slas"].items()
        if s["measured"]
    ]


def _page(ctx: Context, page: str, text: str) -> str:
    """A link to a generated page when this wiki has it, else the plain words."""
    if not ctx.urls.has(page):
        return text
    from leadarch.wiki.render.urls import relative

    return f"[{text}]({relative(ctx.page, page)})"


def funnel_page(ctx: Context) -> Page:
    ctx = ctx.at("funnel.md")
    m = ctx.measured
    disallowed = [t for t in m["transitions"] if not t["allowed"]]
    parts = [
        "# Funnel\n",
        f"The lead process as it really runs, measured from CRM history — {snapshot(m)}: "
        f"**{m['records']:,}** records, **{m['events']:,}** events, "
        f"fitness **{share(m['conformance']['fitness'])}** (see {_page(ctx, 'conformance.md', 'Conformance')}). "
        f"The designed process is on the {_page(ctx, 'journey.md', 'journey map')}.\n",
        "## The designed journey\n",
        "How leads should move (the lifecycle, in team swimlanes):\n",
        journey(ctx, "lifecycle"),
        "\n## The real journey\n",
        "How they did move: each arrow is a transition that happened, with how often. Dotted "
        "red arrows are transitions the design does not allow.\n",
        real_flow(ctx, m),
        "\n**Transitions the design does not allow**\n\n",
        table(
            ["From", "To", "Count"],
            [[_step(ctx, t["from"]), _step(ctx, t["to"]), f"{t['count']:,}"] for t in disallowed],
        ),
        "\n## Flow\n",
        sankey(ctx, m),
        "\n## Conversion\n",
        f"Cohorts by first entry, {snapshot(m)}. Censored: records whose horizon has not "
        "passed yet, left out of the rate.\n",
        table(
            ["From", "To", "Horizon", "Cohort", "Reached", "Censored", "Rate"],
            _conversion_rows(ctx, m),
        ),
        "\n## Velocity\n",
        f"Time in stage over closed visits (wall-clock), {snapshot(m)}.\n",
        table(
            ["Stage", "Entered", "Visits", "Open", "Median", "p90", "Cumulative median"],
            _velocity_rows(ctx, m),
        ),
        "\n## Trend\n",
        trend_chart(ctx, m),
        "\n## SLA attainment\n",
        f"{snapshot(m)}.\n",
        table(
            ["SLA", "Measured", "Met", "Breached", "Open", "Attainment", "Median", "p90"],
            _sla_rows(ctx, m),
        ),
    ]
    return Page("funnel.md", "Funnel", front_matter("Funnel") + "\n".join(parts))


def conformance_page(ctx: Context) -> Page:
    ctx = ctx.at("conformance.md")
    m = ctx.measured
    conformance = m["conformance"]
    rows = []
    for d in conformance["deviations"]:
        where = {
            "transition-not-allowed": lambda d: f"{_step(ctx, d['from'])} → {_step(ctx, d['to'])}",
            "left-terminal-stage": lambda d: f"{_step(ctx, d['stage'])} → {_step(ctx, d['to'])}",
            "entered-at-non-entry-stage": lambda d: _step(ctx, d["stage"]),
            "unknown-value": lambda d: code(d["value"]),
        }.get(d["kind"], lambda d: "—")(d)
        rows.append(
            [
                code(d["kind"]),
                where,
                f"{d['count']:,}",
                f"{d['records']:,}",
                ", ".join(code(r) for r in d["examples"]),
            ]
        )
    stuck = m["stuck"]
    stuck_rows = [
        [
            code(s["record"]),
            ctx.link(f"stage:{s['stage']}"),
            esc(str(s["since"])[:10]),
            seconds(s["age_s"]),
        ]
        for s in stuck[:50]
    ]
    parts = [
        "# Conformance\n",
        f"Where the real process departs from the design, {snapshot(m)}. Each deviation is an "
        "architecture defect: fix the process, or change the design in a reviewed release "
        f"(the {_page(ctx, 'measurement.md', 'measurement guide')} says what to do about each kind).\n",
        f"**Fitness: {share(conformance['fitness'])}** of {m['records']:,} records start at an "
        "entry stage, use only allowed transitions, hold no unknown value and never leave an end stage.\n",
        "## Deviations\n",
        table(["Kind", "Where", "Count", "Records", "Examples (record ids)"], rows),
        "\n## Stuck now\n",
        f"{len(stuck):,} records sit in a stage longer than its SLA (or its 90th percentile)"
        + (", the 50 oldest first per stage:" if len(stuck) > 50 else ":")
        + "\n",
        table(["Record", "Stage", "Since", "Age"], stuck_rows),
    ]
    return Page("conformance.md", "Conformance", front_matter("Conformance") + "\n".join(parts))


def stage_numbers(ctx: Context, stage: Stage) -> str:
    """The "In numbers" section of a stage page; empty without a measurement."""
    m = ctx.measured
    if not m or stage.id not in m["stages"]:
        return ""
    s = m["stages"][stage.id]
    onward = [
        f"{_step(ctx, c['to'])} {share(c['rate'])} ({c['reached']:,} of {c['cohort'] - c['censored']:,})"
        for c in m["conversion"]
        if c["from"] == stage.id and c["horizon"] is None
    ]
    sla = m["slas"].get(stage.sla or "")
    stuck = sum(1 for r in m["stuck"] if r["stage"] == stage.id)
    facts = [
        f"**Entered:** {s['entered']:,} records ({s['visits']:,} visits, {s['open']:,} open)",
        f"**Conversion:** {', '.join(onward) if onward else '—'}",
        f"**Time in stage:** median {seconds(s['time_in_stage']['median_s'])}, "
        f"p90 {seconds(s['time_in_stage']['p90_s'])}",
    ]
    if sla is not None:
        facts.append(
            f"**SLA attainment:** {share(sla['attainment'])} ({sla['met']:,} met, {sla['breached']:,} breached)"
        )
    facts.append(f"**Stuck now:** {stuck:,}")
    return (
        f"## In numbers\n\n*Measured from CRM history, {snapshot(m)}.*\n\n"
        + "  \n".join(facts)
        + "\n"
    )


def kpi_actual(ctx: Context, metric: Metric) -> str:
    m = ctx.measured
    got = (m or {}).get("kpis", {}).get(metric.id)
    if not got:
        return ""
    value = got["value"]
    shown = (
        seconds(value)
        if metric.unit == "duration"
        else share(value)
        if metric.unit in ("percent", "ratio")
        else ("—" if value is None else f"{value:,.1f}")
    )
    verdict = {
        True: "meets its target",
        False: "**misses its target**",
        None: "has no verdict yet",
    }[got["met"]]
    assert m is not None
    return f"**Actual: {shown}** — {verdict} ({snapshot(m)}).\n\n"


def sla_actual(ctx: Context, sla: Sla) -> str:
    m = ctx.measured
    got = (m or {}).get("slas", {}).get(sla.id)
    if not got or not got["measured"]:
        return ""
    assert m is not None
    return (
        f"**Attainment: {share(got['attainment'])}** — {got['met']:,} met, {got['breached']:,} "
        f"breached, {got['open']:,} open; median {seconds(got['median_s'])} ({snapshot(m)}).\n\n"
    )


SMALL_SAMPLE = 30  # below it, a before/after difference is mostly chance


def _kpi_value(value: float | None, unit: str | None) -> str:
    if unit == "duration":
        return seconds(value)
    if unit in ("percent", "ratio"):
        return share(value)
    return "—" if value is None else f"{value:,.1f}"


def release_kpis(ctx: Context, version: str) -> str:
    """The KPIs over the days before the release against the days after, with their
    sample sizes, and in plain words when those are too small to mean anything."""
    m = ctx.measured
    windows = (m or {}).get("windows", {})
    before, after = windows.get(f"{version}:before"), windows.get(f"{version}:after")
    if not m or not before or not after:
        return ""
    rows, small = [], []
    for metric in sorted(ctx.catalog.of(Metric), key=lambda k: k.id):
        b, a = before["kpis"].get(metric.id), after["kpis"].get(metric.id)
        if b is None or a is None:
            continue
        nb, na = before["samples"].get(metric.id, 0), after["samples"].get(metric.id, 0)
        if min(nb, na) < SMALL_SAMPLE:
            small.append(metric.name)
        change = "—"
        if b["value"] is not None and a["value"] is not None:
            delta = a["value"] - b["value"]
            sign = "+" if delta > 0 else "−" if delta < 0 else "±"
            change = (
                f"{sign}{seconds(abs(delta))}"
                if metric.unit == "duration"
                else f"{sign}{abs(delta) * 100:.1f} points"
                if metric.unit in ("percent", "ratio")
                else f"{sign}{abs(delta):,.1f}"
            )
        rows.append(
            [
                ctx.link(metric.ref),
                f"{_kpi_value(b['value'], metric.unit)} (n={nb:,})",
                f"{_kpi_value(a['value'], metric.unit)} (n={na:,})",
                change,
            ]
        )
    if not rows:
        return ""
    import datetime as dt

    start = dt.datetime.fromisoformat(str(after["since"]).replace("Z", "+00:00"))
    end = dt.datetime.fromisoformat(str(after["until"]).replace("Z", "+00:00"))
    days = round((end - start).total_seconds() / 86400)
    parts = [
        "## KPIs before and after\n",
        f"The KPIs over the {days} days before the release against the {days} days after it, "
        f"measured from CRM history ({snapshot(m)}); n is the number of records each value "
        "rests on.\n",
        table(["KPI", "Before", "After", "Change"], rows),
    ]
    if str(after["until"]) > str(m["as_of"]):
        parts.append(
            "\nThe period after the release is not over yet: it is measured up to the snapshot.\n"
        )
    if small:
        parts.append(
            f'\n!!! warning "Small samples"\n    Fewer than {SMALL_SAMPLE} records on one side for '
            + ", ".join(esc(n) for n in small)
            + ": a difference that small is mostly chance, not the release.\n"
        )
    return "\n".join(parts)
