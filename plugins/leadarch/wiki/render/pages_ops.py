"""Routing, SLAs, scoring, nurtures, reasons, RACI, playbooks, KPIs, maturity."""

from __future__ import annotations

from leadarch.core.model import (
    Activity,
    Calendar,
    Capability,
    EventLog,
    Measure,
    Metric,
    Nurture,
    Playbook,
    Queue,
    Reason,
    Role,
    RoutingRule,
    ScoringModel,
    Sla,
    Stage,
)
from leadarch.domain.calendars import calendar_of
from leadarch.domain.durations import human
from leadarch.wiki.render import pages_measured
from leadarch.wiki.render.context import OPS, Context, Page, facts, front_matter, table
from leadarch.wiki.render.diagrams import routing_flows
from leadarch.wiki.render.text import code, esc


def _conditions(ctx: Context, rule: RoutingRule) -> str:
    if rule.is_fallback or rule.when is None:
        return "*anything not matched above*"
    parts = []
    if rule.when.all:
        parts.append(" **and** ".join(ctx.criterion(c) for c in rule.when.all))
    if rule.when.any:
        parts.append("(" + " **or** ".join(ctx.criterion(c) for c in rule.when.any) + ")")
    return " **and** ".join(parts)


def _assign(ctx: Context, rule: RoutingRule) -> str:
    if "queue" in rule.assign:
        return ctx.link(f"queue:{rule.assign['queue']}")
    if "role" in rule.assign:
        return ctx.link(f"role:{rule.assign['role']}") + " (direct)"
    return "the account owner"


def routing_page(ctx: Context) -> Page:
    ctx = ctx.at("routing.md")
    rules = sorted(ctx.catalog.of(RoutingRule), key=lambda r: (r.priority, r.id))
    rows = [
        [
            str(r.priority),
            f"[{esc(r.name)}](#rule-{r.id})",
            esc(r.segment or "—"),
            _conditions(ctx, r),
            _assign(ctx, r),
            esc(r.method or "—"),
        ]
        for r in rules
    ]
    parts = [
        "# Routing\n",
        "Rules are evaluated from the lowest priority number up; the first rule that matches assigns the lead.\n",
        "## Rules in priority order\n",
        table(["#", "Rule", "Segment", "When", "Assigns to", "Method"], rows),
        "## Decision flow\n",
    ]
    for title, diagram in routing_flows(ctx):
        parts.append(f"### {esc(title)}\n\n{diagram}")
    parts.append("## Queues\n")
    for queue in sorted(ctx.catalog.of(Queue), key=lambda q: q.id):
        sla = ctx.catalog.get(f"sla:{queue.sla}") if queue.sla else None
        target = (
            f"{ctx.link(sla.ref)} — within {esc(human(sla.target))}"
            if isinstance(sla, Sla)
            else "—"
        )
        fed = [r for r in rules if r.assign.get("queue") == queue.id]
        info = facts(
            [
                ["Worked by", ctx.link(f"role:{queue.role}")],
                ["SLA", target],
                ["Fed by", ", ".join(f"[{esc(r.name)}](#rule-{r.id})" for r in fed) or "—"],
            ]
        )
        parts.append(f"### {esc(queue.name)} {{ #queue-{queue.id} }}\n\n{ctx.doc(queue)}\n\n{info}")
    parts.append("## Rule details\n")
    for rule in rules:
        examples = [
            [
                esc(e.name or f"#{i + 1}"),
                ", ".join(f"{code(k)} = {code(v)}" for k, v in e.lead.items()) or "—",
                esc(", ".join(f"{k}: {v}" for k, v in e.expect.items())),
            ]
            for i, e in enumerate(rule.examples)
        ]
        body = f"### {rule.priority}. {esc(rule.name)} {{ #rule-{rule.id} }}\n\n{ctx.doc(rule)}\n\n**When:** {_conditions(ctx, rule)}  \n**Assigns to:** {_assign(ctx, rule)}\n"
        if rule.sla:
            body += f"  \n**SLA:** {ctx.link(f'sla:{rule.sla}')}\n"
        if examples:
            body += "\n**Examples (checked on every lint)**\n\n" + table(
                ["Example", "Lead", "Expected"], examples
            )
        parts.append(body)
    return Page("routing.md", "Routing", front_matter("Routing") + "\n".join(parts))


def slas_page(ctx: Context) -> Page:
    ctx = ctx.at("slas.md")
    slas = sorted(ctx.catalog.of(Sla), key=lambda s: s.id)
    rows = [
        [
            f"[{esc(s.name)}](#{s.id})",
            ctx.link(f"role:{s.role}"),
            f"**{esc(human(s.target))}**" + (" (business hours)" if s.business_hours else ""),
            ctx.link(f"stage:{s.stage}") if s.stage else "—",
        ]
        for s in slas
    ]
    parts = [
        "# SLAs\n",
        "How fast each role must act, and what happens when they do not.\n",
        table(["SLA", "Who", "Target", "Stage"], rows),
    ]
    for s in slas:
        steps = [
            [esc(human(e.after)), ctx.link(f"role:{e.notify}"), esc(e.action or "—")]
            for e in s.escalations
        ]
        clock = (
            f"Clock starts: {esc(s.starts_when or '—')}. Clock stops: {esc(s.stops_when or '—')}."
        )
        measured = _measured_clock(ctx, s) + pages_measured.sla_actual(ctx, s)
        parts.append(
            f"## {esc(s.name)} {{ #{s.id} }}\n\n{ctx.doc(s)}\n\n{clock}\n\n{measured}**Escalations**\n\n"
            + table(["After", "Notify", "Action"], steps)
            + (f"\nMeasured by {ctx.link(f'metric:{s.metric}')}.\n" if s.metric else "")
            + "\n"
            + ctx.used_by(s.ref)
        )
    calendars = sorted(ctx.catalog.of(Calendar), key=lambda c: c.id)
    if calendars:
        parts.append(
            "## Business calendars\n\nBusiness-hours SLAs are measured in working time only: "
            "the overlap of the clock with these hours.\n"
        )
    for c in calendars:
        hours = ", ".join(f"{esc(p.start)}–{esc(p.end)}" for p in c.hours)
        days = ", ".join(esc(d.capitalize()) for d in c.working_days)
        holidays = ", ".join(esc(h) for h in c.holidays) or "none"
        parts.append(
            f"### {esc(c.name)} {{ #calendar-{c.id} }}\n\n{ctx.doc(c)}\n\n"
            + facts(
                [
                    ["Time zone", code(c.time_zone)],
                    ["Working days", days],
                    ["Working hours", hours],
                    ["Holidays", holidays],
                    [
                        "Default",
                        "yes — used where no SLA, role or team names one" if c.default else "no",
                    ],
                ]
            )
            + "\n"
            + ctx.used_by(c.ref)
        )
    return Page("slas.md", "SLAs", front_matter("SLAs") + "\n".join(parts))


_CLOCK_START = {
    "stage_entry": "when the record enters the stage",
    "assignment": "at the first assignment in the stage",
}
_CLOCK_STOP = {
    "first_touch": "at the first touch, or when the record leaves the stage",
    "stage_exit": "when the record leaves the stage",
}


def _measured_clock(ctx: Context, s: Sla) -> str:
    """How `leadarch measure` runs this SLA's clock, for SLAs it can measure (with a stage)."""
    if not s.stage:
        return ""
    clock = s.measured_clock
    text = (
        f"Measured from CRM history: the clock starts {_CLOCK_START.get(clock.start, esc(clock.start))} "
        f"and stops {_CLOCK_STOP.get(clock.stop, esc(clock.stop))}"
    )
    if s.business_hours:
        calendar = calendar_of(ctx.catalog, s)
        text += (
            f", counting working time in {ctx.link(calendar.ref)}"
            if calendar
            else ", counting wall-clock time (no calendar)"
        )
    return text + ".\n\n"


def scoring_page(ctx: Context) -> Page:
    ctx = ctx.at("scoring.md")
    parts = [
        "# Scoring\n",
        "A lead's score is the sum of the points of every criterion that is true.\n",
    ]
    for model in sorted(ctx.catalog.of(ScoringModel), key=lambda m: m.id):
        rows = []
        for c in model.criteria:
            if c.field:
                value = (
                    ", ".join(
                        code(v) for v in (c.value if isinstance(c.value, tuple) else [c.value])
                    )
                    if c.value is not None
                    else ""
                )
                test = f"{ctx.link('field:' + c.field)} {OPS.get(c.op or 'eq', c.op)} {value}"
            else:
                test = f"activity {code(c.activity)}" + (
                    f" {esc(c.op or 'gte')} {code(c.value)} times" if c.value is not None else ""
                )
            rows.append(
                [
                    test,
                    f"{c.points:+d}",
                    ctx.md(c.description, inline=True) if c.description else "",
                ]
            )
        thresholds = [[ctx.link(f"stage:{t.stage}"), f"≥ {t.min}"] for t in model.thresholds]
        decay = (
            f"Loses {model.decay['points']} points every {esc(human(model.decay['every']))} without engagement."
            if model.decay
            else "No decay."
        )
        examples = [
            [
                esc(e.name or f"#{i + 1}"),
                esc(", ".join(e.activities) or "—"),
                esc(", ".join(f"{k}: {v}" for k, v in e.expect.items())),
            ]
            for i, e in enumerate(model.examples)
        ]
        parts.append(
            f"## {esc(model.name)} {{ #{model.id} }}\n\n{ctx.doc(model)}\n\nType: **{esc(model.type)}** · Owner: {ctx.link(f'role:{model.owner}')}"
            + (
                f" · Stored in {ctx.link(f'field:{model.score_field}')}"
                if model.score_field
                else ""
            )
            + "\n\n"
            + table(["Criterion", "Points", "Why"], rows)
            + "\n**Thresholds**\n\n"
            + table(["Stage", "Score"], thresholds)
            + f"\n{decay}\n\n**Examples (checked on every lint)**\n\n"
            + table(["Example", "Activities", "Expected"], examples)
        )
    return Page("scoring.md", "Scoring", front_matter("Scoring") + "\n".join(parts))


def nurtures_page(ctx: Context) -> Page:
    ctx = ctx.at("nurtures.md")
    parts = ["# Nurtures and recycle paths\n"]
    for n in sorted(ctx.catalog.of(Nurture), key=lambda n: n.id):
        steps = [
            [
                esc(human(s.after)),
                esc(s.channel),
                ctx.md(s.description, inline=True) if s.description else "",
            ]
            for s in n.steps
        ]
        exits = (
            "\n".join(
                f"- to {ctx.link(f'stage:{e.to}')}: {ctx.md(e.when, inline=True) if e.when else ''}"
                for e in n.exit
            )
            or "—"
        )
        entry = "\n".join(f"- {ctx.criterion(c)}" for c in n.entry_criteria) or "—"
        parts.append(
            f"## {esc(n.name)} {{ #{n.id} }}\n\n{ctx.doc(n)}\n\nFor records in: {ctx.links(n.audience, 'stage')} · Owner: {ctx.link(f'role:{n.owner}')}\n\n**Who enters**\n\n{entry}\n\n**Steps**\n\n"
            + table(["After", "Channel", "Touch"], steps)
            + f"\n**Ways out**\n\n{exits}\n"
        )
    return Page(
        "nurtures.md", "Nurtures", front_matter("Nurtures and recycle paths") + "\n".join(parts)
    )


def reasons_page(ctx: Context) -> Page:
    ctx = ctx.at("reasons.md")
    parts = [
        "# Reasons\n",
        "What a person chooses when they reject, recycle, disqualify or lose a record.\n",
    ]
    for kind in ("reject", "recycle", "disqualify", "lost"):
        reasons = sorted(
            (r for r in ctx.catalog.of(Reason) if r.reason_kind == kind), key=lambda r: r.id
        )
        if not reasons:
            continue
        parts.append(f"## {kind.capitalize()}\n")
        for r in reasons:
            summary = (
                f"Goes to: {ctx.link(f'stage:{r.next_stage}') if r.next_stage else '—'} · Note required: {'yes' if r.requires_note else 'no'}"
                + (f" · CRM value: {code(r.crm_value)}" if r.crm_value is not None else "")
            )
            parts.append(
                f"### {esc(r.name)} {{ #{r.id} }}\n\n{ctx.doc(r)}\n\n{summary}\n\n{ctx.used_by(r.ref)}"
            )
    return Page("reasons.md", "Reasons", front_matter("Reasons") + "\n".join(parts))


def _activities(ctx: Context) -> list[Activity]:
    return sorted(ctx.catalog.of(Activity), key=lambda a: (a.area or "", a.id))


# Above this many cells one activities × roles table is mostly empty and too wide to read
# (an enterprise catalog: 420 × 84); it is then split by area, each with its own roles.
RACI_SINGLE_TABLE_CELLS = 2_000


def raci_table(ctx: Context) -> str:
    """Activities × roles, each activity linked to its detail on the RACI page; one table
    per area, with only the roles that area involves, when a single one would be huge."""
    activities = _activities(ctx)
    roles = sorted({r for a in activities for r in a.raci} | {r.id for r in ctx.catalog.of(Role)})
    if len(activities) * len(roles) <= RACI_SINGLE_TABLE_CELLS:
        return _raci_grid(ctx, activities, roles)
    areas: dict[str, list[Activity]] = {}
    for activity in activities:
        areas.setdefault(activity.area or "other", []).append(activity)
    return "\n".join(
        f"## {esc(area.replace('_', ' ').capitalize())}\n\n"
        + _raci_grid(ctx, group, sorted({r for a in group for r in a.raci}))
        for area, group in areas.items()
    )


def _raci_grid(ctx: Context, activities: list[Activity], roles: list[str]) -> str:
    header = ["Activity"] + [ctx.link(f"role:{r}", _short(ctx, r)) for r in roles]
    rows = [
        [ctx.link(a.ref)] + [f"**{esc(a.raci[r])}**" if r in a.raci else "" for r in roles]
        for a in activities
    ]
    return table(header, rows)


def raci_page(ctx: Context) -> Page:
    ctx = ctx.at("raci.md")
    activities = _activities(ctx)
    parts = [
        "# RACI matrix\n",
        "**R** responsible (does the work) · **A** accountable (exactly one) · **C** consulted · **I** informed\n",
        raci_table(ctx),
        "## Activities\n",
    ]
    for a in activities:
        who = table(
            ["Role", "Letter"],
            [[ctx.link(f"role:{r}"), esc(letter)] for r, letter in sorted(a.raci.items())],
        )
        stage = f"Stage: {ctx.link(f'stage:{a.stage}')}\n\n" if a.stage else ""
        parts.append(f"### {esc(a.name)} {{ #{a.id} }}\n\n{ctx.doc(a)}\n\n{stage}{who}")
    return Page("raci.md", "RACI matrix", front_matter("RACI matrix") + "\n".join(parts))


def _short(ctx: Context, role_id: str) -> str:
    role = ctx.catalog.get(f"role:{role_id}")
    if isinstance(role, Role) and role.aliases and len(role.aliases[0]) <= 5:
        return role.aliases[0]
    return role.name if isinstance(role, Role) else role_id


def playbook_page(ctx: Context, playbook: Playbook) -> Page:
    path = f"playbooks/{playbook.role}.md"
    ctx = ctx.at(path)
    role = ctx.catalog.get(f"role:{playbook.role}")
    role_name = role.name if isinstance(role, Role) else playbook.role
    aliases = ", ".join(role.aliases) if isinstance(role, Role) else ""
    catalog = ctx.catalog
    owned = sorted(
        (s for s in catalog.of(Stage) if s.owner == playbook.role), key=lambda s: (s.model, s.order)
    )
    slas = sorted((s for s in catalog.of(Sla) if s.role == playbook.role), key=lambda s: s.id)
    escalated = sorted(
        {s.id for s in catalog.of(Sla) for e in s.escalations if e.notify == playbook.role}
    )
    queues = sorted((q for q in catalog.of(Queue) if q.role == playbook.role), key=lambda q: q.id)
    duties = sorted(
        (a for a in catalog.of(Activity) if playbook.role in a.raci), key=lambda a: a.id
    )
    reasons = sorted({r for s in owned for t in s.transitions for r in t.reasons})
    parts = [
        f"# {esc(playbook.title if role_name.lower() in playbook.title.lower() else f'{playbook.title}: {role_name}')}\n",
        f"For **{esc(role_name)}**" + (f" ({esc(aliases)})" if aliases else "") + ".\n",
        ctx.md(playbook.summary) + "\n" if playbook.summary else "",
    ]
    parts.append(
        "## Stages you own\n\n"
        + (
            table(
                ["Stage", "Definition"],
                [[ctx.link(s.ref), ctx.md(s.definition, inline=True)] for s in owned],
            )
        )
    )
    if playbook.stages:
        parts.append(
            "**You also work in:** "
            + ctx.links([s for s in playbook.stages if s not in {o.id for o in owned}], "stage")
            + "\n"
        )
    sla_rows = [
        [
            ctx.link(s.ref),
            f"**{esc(human(s.target))}**",
            "; ".join(
                f"after {esc(human(e.after))} → {ctx.link(f'role:{e.notify}')}"
                for e in s.escalations
            )
            or "—",
        ]
        for s in slas
    ]
    parts.append("## SLAs you must meet\n\n" + table(["SLA", "Target", "Escalations"], sla_rows))
    if escalated:
        parts.append("**Escalations you receive:** " + ctx.links(escalated, "sla") + "\n")
    parts.append(
        "## Queues you work\n\n" + (", ".join(ctx.link(q.ref) for q in queues) or "—") + "\n"
    )
    parts.append(
        "## Your RACI duties\n\n"
        + table(
            ["Activity", "Your part"],
            [[ctx.link(a.ref), esc(a.raci[playbook.role])] for a in duties],
        )
    )
    parts.append("## Plays\n")
    for play in playbook.plays:
        steps = "\n".join(
            f"{i}. {ctx.md(step, inline=True)}" for i, step in enumerate(play.steps, 1)
        )
        meta = []
        if play.sla:
            meta.append(f"SLA: {ctx.link(f'sla:{play.sla}')}")
        if play.systems:
            meta.append("Systems: " + ctx.links(play.systems, "system"))
        if play.fields:
            meta.append("Fields: " + ", ".join(ctx.link(f"field:{f}", f) for f in play.fields))
        parts.append(
            f"### {esc(play.title)}\n\n"
            + (f"**When:** {ctx.md(play.when, inline=True)}\n\n" if play.when else "")
            + steps
            + "\n\n"
            + "  \n".join(meta)
            + "\n"
        )
    touched_fields = sorted({f for p in playbook.plays for f in p.fields})
    touched_systems = sorted({s for p in playbook.plays for s in p.systems})
    parts.append(
        "## Fields and systems you touch\n\n"
        + f"Fields: {', '.join(ctx.link(f'field:{f}', f) for f in touched_fields) or '—'}  \nSystems: {ctx.links(touched_systems, 'system')}\n"
    )
    parts.append(
        "## Reasons you can choose\n\n" + (ctx.links(reasons, "reason") if reasons else "—") + "\n"
    )
    if ctx.urls.has("changelog/index.md"):
        from leadarch.wiki.render.changes import for_role_section

        parts.append(for_role_section(ctx, playbook.role))
    # The nav and search title is the role, so people find their playbook by what they are.
    short = (
        role.aliases[0]
        if isinstance(role, Role) and role.aliases and len(role.aliases[0]) <= 5
        else ""
    )
    title = f"{role_name} ({short})" if short else role_name
    return Page(
        path,
        title,
        front_matter(title, boost=3, description=f"{playbook.title}: {role_name} {aliases}")
        + "\n".join(parts),
    )


def kpis_page(ctx: Context) -> Page:
    ctx = ctx.at("kpis.md")
    metrics = sorted(ctx.catalog.of(Metric), key=lambda m: m.id)
    rows = [
        [f"[{esc(m.name)}](#{m.id})", esc(_target(m)), ctx.link(f"role:{m.owner}")] for m in metrics
    ]
    parts = ["# KPIs\n", table(["KPI", "Target", "Owner"], rows)]
    for m in metrics:
        measured = (
            f"Measured from CRM history: {_measure_text(ctx, m.measure)}.\n\n"
            + pages_measured.kpi_actual(ctx, m)
            if m.measure
            else ""
        )
        parts.append(
            f"## {esc(m.name)} {{ #{m.id} }}\n\n{ctx.md(m.definition)}\n\nFormula: {code(m.formula or '—')} · Target: **{esc(_target(m))}** · Stages: {ctx.links(m.stages, 'stage')}\n\n{measured}{ctx.used_by(m.ref)}"
        )
    logs = sorted(ctx.catalog.of(EventLog), key=lambda e: e.id)
    if logs:
        parts.append(
            "## Event log mappings\n\nEvent logs (XES) name activities, not CRM values; "
            "these say what each activity means for the lead process.\n"
        )
    for log in logs:
        rows = [
            [
                esc(e.activity),
                esc(e.lifecycle or "any"),
                ctx.link(f"stage:{e.stage}") if e.stage else ("touch" if e.touch else "assignment"),
            ]
            for e in log.events
        ]
        ignored = ", ".join(code(p) for p in log.ignore) or "none"
        parts.append(
            f"### {esc(log.name)} {{ #event-log-{log.id} }}\n\n{ctx.doc(log)}\n\n"
            + table(["Activity", "Lifecycle", "Means"], rows)
            + f"\nIgnored activities: {ignored}. Any other activity is reported as an unknown value.\n"
        )
    return Page("kpis.md", "KPIs", front_matter("KPIs") + "\n".join(parts))


def _measure_text(ctx: Context, measure: Measure) -> str:
    if measure.conversion is not None:
        c = measure.conversion
        within = f" within {esc(human(c.horizon))}" if c.horizon else ""
        return f"share of the records entering {ctx.link(f'stage:{c.from_stage}')} that reach {ctx.link(f'stage:{c.to}')}{within}"
    if measure.time is not None:
        t = measure.time
        until = "their first touch" if t.first_touch else ctx.link(f"stage:{t.to}")
        kind = "business time" if t.business_hours else "time"
        return f"{esc(t.statistic)} {kind} from entering {ctx.link(f'stage:{t.from_stage}')} to {until}"
    if measure.sla is not None:
        return f"attainment of {ctx.link(f'sla:{measure.sla}')} (met ÷ (met + breached))"
    if measure.count is not None:
        return f"records entering {ctx.link(f'stage:{measure.count.stage}')} per {esc(measure.count.per)}"
    return "—"


def _target(m: Metric) -> str:
    if m.target is None:
        return "—"
    if m.unit == "duration":
        return human(str(m.target))
    arrow = {"higher_is_better": "≥ ", "lower_is_better": "≤ "}.get(m.direction or "", "")
    suffix = {"percent": "%", "currency": " USD"}.get(m.unit or "", "")
    return f"{arrow}{m.target}{suffix}"


def _bar(level: int) -> str:
    return "●" * level + "○" * (5 - level)


def maturity_page(ctx: Context) -> Page:
    ctx = ctx.at("maturity.md")
    caps = sorted(
        ctx.catalog.of(Capability), key=lambda c: (c.target - c.current, c.id), reverse=True
    )
    rows = [
        [
            f"[{esc(c.name)}](#{c.id})",
            f"{_bar(c.current)} {c.current}",
            f"{_bar(c.target)} {c.target}",
            f"+{c.target - c.current}" if c.target > c.current else "on target",
            ctx.link(f"role:{c.owner}"),
        ]
        for c in caps
    ]
    parts = [
        "# Maturity matrix\n",
        "Where each capability is today (1 ad hoc … 5 optimized), where we want it, and the gap. Biggest gaps first.\n",
        table(["Capability", "Current", "Target", "Gap", "Owner"], rows),
    ]
    for c in sorted(ctx.catalog.of(Capability), key=lambda c: c.id):
        steps = "\n".join(f"- {ctx.md(s, inline=True)}" for s in c.next_steps) or "—"
        parts.append(
            f"## {esc(c.name)} {{ #{c.id} }}\n\n"
            + table(
                ["From (ad hoc)", "To (operationalized)"],
                [[ctx.md(c.ad_hoc, inline=True), ctx.md(c.operationalized, inline=True)]],
            )
            + f"\nCurrent **{c.current}** · target **{c.target}** · KPIs: {ctx.links(c.kpis, 'metric')}\n\n**Evidence:** {ctx.md(c.evidence, inline=True) if c.evidence else '—'}\n\n**Next steps**\n\n{steps}\n"
        )
    return Page(
        "maturity.md", "Maturity matrix", front_matter("Maturity matrix") + "\n".join(parts)
    )
