"""The wiki's diagrams: journey maps, routing decision flows, the system data flow."""

from __future__ import annotations

from leadarch.core.model import Integration, Playbook, Queue, Role, RoutingRule, Stage, System, Team
from leadarch.wiki.render.context import Context
from leadarch.wiki.render.mermaid import Flowchart, fence

MAX_NODES = 40  # beyond this a diagram is split: people cannot read a hairball
STAGE_CLASSES = {
    "entry": "stroke:#5b8def,stroke-width:3px",
    "won": "stroke:#2e9d5b,stroke-width:3px",
    "lost": "stroke:#d9534f,stroke-width:2px,stroke-dasharray:4 3",
}


def _stage_class(stage: Stage) -> str | None:
    if stage.terminal:
        return "won" if stage.outcome == "won" else "lost"
    return "entry" if stage.entry else None


CHANGE_CLASSES = {
    "added": "fill:#d4f4dd,stroke:#2e9d5b,stroke-width:3px",
    "changed": "fill:#fff1c2,stroke:#e8a33d,stroke-width:3px",
    "removed": "fill:#f9d6d5,stroke:#d9534f,stroke-width:3px,stroke-dasharray:5 3",
}


def journey(
    ctx: Context, model: str, only: set[str] | None = None, marks: dict[str, str] | None = None
) -> str:
    """Stages of one model in team swimlanes, transitions styled by type, nodes linked.

    `only` limits the map to some stage ids (a past version of the map); `marks` colours
    stages as `added` or `changed` (the release pages' before/after maps).
    """
    stages = sorted(
        (s for s in ctx.catalog.of(Stage) if s.model == model and (only is None or s.id in only)),
        key=lambda s: (s.order, s.id),
    )
    if not stages:
        return "*No stages in this model yet.*\n"
    if len(stages) <= MAX_NODES:
        return fence(_journey_chart(ctx, stages, marks or {}))
    # Too many stages for one readable map: consecutive parts, each pointing to the next.
    size = MAX_NODES * 3 // 4
    parts = []
    for start in range(0, len(stages), size):
        chunk = stages[start : start + size]
        title = f"Stages {chunk[0].order}–{chunk[-1].order}"
        parts.append(
            f"**{title}**\n\n" + fence(_journey_chart(ctx, chunk, marks or {}, boundary=True))
        )
    return "\n".join(parts)


def _journey_chart(
    ctx: Context, stages: list[Stage], marks: dict[str, str], boundary: bool = False
) -> str:
    """One map; with `boundary`, transitions leaving the part end at a linked "→ stage" node."""
    chart = Flowchart("LR", classes={**STAGE_CLASSES, **CHANGE_CLASSES})
    roles = {r.id: r for r in ctx.catalog.of(Role)}
    teams = sorted(
        ctx.catalog.of(Team), key=lambda t: (t.order if t.order is not None else 999, t.id)
    )
    lanes: dict[str, list[str]] = {t.id: [] for t in teams}
    for stage in stages:
        title = f"{stage.name} ({stage.acronym})" if stage.acronym else stage.name
        mark = marks.get(stage.id)
        chart.node(
            stage.ref,
            title + (f" · {mark}" if mark else ""),
            "stadium" if stage.terminal or stage.entry else "box",
            mark or _stage_class(stage),
            ctx.url(stage.ref),
        )
        team = roles[stage.owner].team if stage.owner in roles else ""
        lanes.setdefault(team, []).append(stage.ref)
    for lane in teams:
        if lanes.get(lane.id):
            chart.group(lane.name, lanes[lane.id])
    inside = {s.ref for s in stages}
    for stage in stages:
        for t in stage.transitions:
            target = f"stage:{t.to}"
            if target not in inside:
                other = ctx.catalog.get(target)
                if not boundary or other is None or len(chart.nodes) >= MAX_NODES:
                    continue
                chart.node(target, f"→ {other.title}", "round", None, ctx.url(target))
            chart.edge(stage.ref, target, t.type)
    return chart.render()


def journey_legend() -> str:
    return (
        "| Line | Meaning |\n| --- | --- |\n"
        "| solid | advance: the record moves forward |\n"
        "| dashed orange | recycle: back to nurture, with a reason |\n"
        "| dotted red | disqualify or lose, with a reason |\n"
        "| dashed blue | reopen: a recycled record comes back |\n"
        "| blue border / green border / red border | entry stage / won / lost or disqualified |\n"
    )


def routing_flows(ctx: Context) -> list[tuple[str, str]]:
    """Decision flows from rules (in priority order) to queues; split into readable chunks."""
    rules = sorted(ctx.catalog.of(RoutingRule), key=lambda r: (r.priority, r.id))
    chunks: list[list[RoutingRule]] = [[]]
    for rule in rules:
        if len(chunks[-1]) * 2 + 2 > MAX_NODES:
            chunks.append([])
        chunks[-1].append(rule)
    out = []
    for n, chunk in enumerate(c for c in chunks if c):
        chart = Flowchart("TB", classes={"fallback": "stroke-dasharray:4 3"})
        first = (
            "New lead" if n == 0 else f"Not matched by rules up to priority {chunk[0].priority - 1}"
        )
        chart.node("start", first, "circle")
        previous = "start"
        for rule in chunk:
            css = "fallback" if rule.is_fallback else None
            chart.node(rule.ref, f"{rule.priority}. {rule.name}", "diamond", css, ctx.url(rule.ref))
            chart.edge(previous, rule.ref, "flow", None if previous == "start" else "no")
            target_key, target_text, target_link = _assignment(ctx, rule)
            chart.node(target_key, target_text, "round", None, target_link)
            chart.edge(rule.ref, target_key, "flow", "always" if rule.is_fallback else "yes")
            previous = rule.ref
        segment_names = sorted({r.segment or "all" for r in chunk})
        title = f"Rules {chunk[0].priority}–{chunk[-1].priority} ({', '.join(segment_names)})"
        out.append((title, fence(chart.render())))
    return out


def _assignment(ctx: Context, rule: RoutingRule) -> tuple[str, str, str | None]:
    if "queue" in rule.assign:
        ref = f"queue:{rule.assign['queue']}"
        queue = ctx.catalog.get(ref)
        return (
            ref,
            queue.name if isinstance(queue, Queue) else str(rule.assign["queue"]),
            ctx.url(ref),
        )
    if "role" in rule.assign:
        ref = f"role:{rule.assign['role']}"
        return ref, f"{ctx.title(ref)} (direct)", ctx.url(ref)
    return "account_owner", "Account owner", None


def data_flow(ctx: Context) -> str:
    """Systems and the integrations between them; split by system category when the whole
    stack would exceed a readable size (each category with the systems it exchanges with)."""
    systems = sorted(ctx.catalog.of(System), key=lambda s: s.id)
    integrations = sorted(ctx.catalog.of(Integration), key=lambda i: i.id)
    if len(systems) <= MAX_NODES:
        return fence(_flow_chart(ctx, systems, integrations))
    parts = []
    for category in sorted({s.category for s in systems}):
        own = {s.id for s in systems if s.category == category}
        flows = [i for i in integrations if i.source in own or i.target in own]
        shown = own | {i.source for i in flows} | {i.target for i in flows}
        members = [s for s in systems if s.id in shown]
        for start in range(0, len(members), MAX_NODES):
            chunk = members[start : start + MAX_NODES]
            ids = {s.id for s in chunk}
            parts.append(
                f"**{category.upper()}**\n\n"
                + fence(
                    _flow_chart(
                        ctx, chunk, [i for i in flows if i.source in ids and i.target in ids]
                    )
                )
            )
    return "\n".join(parts)


def _flow_chart(ctx: Context, systems: list[System], integrations: list[Integration]) -> str:
    chart = Flowchart("LR")
    for system in systems:
        chart.node(
            system.ref,
            f"{system.name} · {system.category.upper()}",
            "box",
            None,
            ctx.url(system.ref),
        )
    for integration in integrations:
        source, target = f"system:{integration.source}", f"system:{integration.target}"
        if source in chart.nodes and target in chart.nodes:
            text = integration.name or integration.id
            if integration.frequency:
                text += f" · {integration.frequency}"
            chart.edge(
                source, target, "sync" if integration.direction == "two_way" else "flow", text
            )
    return chart.render()


def playbook_roles(ctx: Context) -> list[Playbook]:
    return sorted(ctx.catalog.of(Playbook), key=lambda p: p.id)
