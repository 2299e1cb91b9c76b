"""Home, journey map, stage pages and teams."""

from __future__ import annotations

from leadarch.core.model import Activity, Metric, Nurture, Playbook, Role, Sla, Stage, Team
from leadarch.domain.durations import human
from leadarch.domain.queries import coverage
from leadarch.wiki.render import pages_measured
from leadarch.wiki.render.context import Context, Page, facts, front_matter, table
from leadarch.wiki.render.diagrams import journey, journey_legend, playbook_roles
from leadarch.wiki.render.text import code, esc

COUNTED = [
    ("stages", Stage, "stages/index.md"),
    ("fields", None, "fields/index.md"),
    ("roles", Role, "teams.md"),
    ("routing rules", None, "routing.md"),
    ("SLAs", Sla, "slas.md"),
    ("KPIs", Metric, "kpis.md"),
    ("RACI activities", Activity, "raci.md"),
]


def home(ctx: Context) -> Page:
    ctx = ctx.at("index.md")
    catalog = ctx.catalog
    _, share = coverage(catalog)
    kinds: dict[str, int] = {}
    for ref in catalog.entities:
        kinds[ref.partition(":")[0]] = kinds.get(ref.partition(":")[0], 0) + 1
    listed = [
        ("Stages", "stages/index.md", "stage"),
        ("Fields", "fields/index.md", "field"),
        ("Roles", "teams.md", "role"),
        ("Routing rules", "routing.md", "routing"),
        ("SLAs", "slas.md", "sla"),
        ("KPIs", "kpis.md", "metric"),
        ("RACI activities", "raci.md", "activity"),
        ("Releases", "changelog/index.md", "release"),
    ]
    counts = [
        [f"[{name}]({target})" if ctx.urls.has(target) else name, str(kinds.get(kind, 0))]
        for name, target, kind in listed
    ]
    playbooks = "\n".join(f"- {ctx.link(f'role:{p.role}', p.title)}" for p in playbook_roles(ctx))
    body = f"""# Our lead engine

This wiki describes how a lead moves through our revenue engine: how it is captured,
scored, routed and worked, which stages it passes, which fields hold its data, who is
responsible at every step, and how fast they must act. It is generated from the lead
process catalog, so it changes only through reviewed, versioned releases.

## The journey

{journey(ctx, "lifecycle")}
{journey_legend()}
{"See the [journey map](journey.md) for the opportunity pipeline too." if ctx.urls.has("journey.md") else ""}

## Find your playbook

{playbooks}

## In numbers

{table(["What", "How many"], counts)}
Documentation coverage: **{share:.0f}%** of the catalog's entities are described.
"""
    return Page("index.md", "Home", front_matter("Home") + body)


def journey_page(ctx: Context) -> Page:
    ctx = ctx.at("journey.md")
    body = f"""# Journey map

Every lifecycle stage in the swimlane of the team that owns it. Click a stage to open
its page.

## Lifecycle

{journey(ctx, "lifecycle")}
{journey_legend()}
## Opportunity pipeline

{journey(ctx, "opportunity")}
"""
    return Page("journey.md", "Journey map", front_matter("Journey map", boost=2) + body)


def stage_index(ctx: Context) -> Page:
    ctx = ctx.at("stages/index.md")
    parts = ["# Stages\n"]
    for model, title in (("lifecycle", "Lifecycle"), ("opportunity", "Opportunity pipeline")):
        stages = sorted(
            (s for s in ctx.catalog.of(Stage) if s.model == model), key=lambda s: (s.order, s.id)
        )
        rows = [
            [
                ctx.link(s.ref),
                esc(s.acronym or ""),
                ctx.link(f"role:{s.owner}"),
                ctx.md(s.definition, inline=True),
            ]
            for s in stages
        ]
        parts.append(f"## {title}\n\n" + table(["Stage", "Acronym", "Owner", "Definition"], rows))
    return Page("stages/index.md", "Stages", front_matter("Stages") + "\n".join(parts))


def stage_page(ctx: Context, stage: Stage) -> Page:
    path = f"stages/{stage.id}.md"
    ctx = ctx.at(path)
    title = f"{stage.name} ({stage.acronym})" if stage.acronym else stage.name
    parts = [
        f"# {esc(title)}\n",
        ctx.drift_banner(stage.ref),
        ctx.doc(stage) + "\n",
        _facts(ctx, stage),
    ]
    parts.append(_criteria(ctx, "Entry criteria", stage.entry_criteria))
    parts.append(_criteria(ctx, "Exit criteria", stage.exit_criteria))
    parts.append(_transitions(ctx, stage))
    parts.append(_sla(ctx, stage))
    numbers = pages_measured.stage_numbers(ctx, stage)
    if numbers:
        parts.append(numbers)
    parts.append(_crm(ctx, stage))
    parts.append(_people(ctx, stage))
    parts.append("## Where used\n\n" + ctx.used_by(stage.ref, "Referred to by"))
    aliases = ", ".join([*(stage.aliases or ())])
    description = f"{title}. {aliases}".strip()
    return Page(
        path, title, front_matter(title, boost=3, description=description) + "\n".join(parts)
    )


def _facts(ctx: Context, stage: Stage) -> str:
    rows = [
        ["Model", "Lifecycle" if stage.model == "lifecycle" else "Opportunity pipeline"],
        ["Owner", ctx.link(f"role:{stage.owner}")],
        [
            "Kind",
            "Entry stage"
            if stage.entry
            else ("End stage" + (f" ({stage.outcome})" if stage.outcome else ""))
            if stage.terminal
            else "Working stage",
        ],
    ]
    if stage.aliases:
        rows.append(["Also called", esc(", ".join(stage.aliases))])
    if stage.kpis:
        rows.append(["KPIs", ctx.links(stage.kpis, "metric")])
    return facts(rows)


def _criteria(ctx: Context, title: str, criteria: tuple) -> str:
    if not criteria:
        return ""
    return f"## {title}\n\n" + "\n".join(f"- {ctx.criterion(c)}" for c in criteria) + "\n"


def _transitions(ctx: Context, stage: Stage) -> str:
    out_rows = [
        [
            esc(t.type),
            ctx.link(f"stage:{t.to}"),
            ctx.md(t.when, inline=True) if t.when else "—",
            ctx.links(t.reasons, "reason") if t.reasons else "—",
            "automatic" if t.automated else "a person",
        ]
        for t in stage.transitions
    ]
    in_rows = []
    for other in sorted(ctx.catalog.of(Stage), key=lambda s: (s.model, s.order, s.id)):
        for t in other.transitions:
            if t.to == stage.id:
                in_rows.append(
                    [
                        ctx.link(other.ref),
                        esc(t.type),
                        ctx.md(t.when, inline=True) if t.when else "—",
                    ]
                )
    for nurture in sorted(ctx.catalog.of(Nurture), key=lambda n: n.id):
        for e in nurture.exit:
            if e.to == stage.id:
                in_rows.append(
                    [
                        ctx.link(nurture.ref),
                        "nurture exit",
                        ctx.md(e.when, inline=True) if e.when else "—",
                    ]
                )
    return (
        "## How records leave\n\n"
        + table(["Move", "To", "When", "Reasons", "Made by"], out_rows)
        + "\n## How records arrive\n\n"
        + table(["From", "Move", "When"], in_rows)
    )


def _sla(ctx: Context, stage: Stage) -> str:
    if not stage.sla:
        return ""
    sla = ctx.catalog.get(f"sla:{stage.sla}")
    if not isinstance(sla, Sla):
        return ""
    lines = [
        f"## SLA\n\n{ctx.link(sla.ref)}: {ctx.link(f'role:{sla.role}')} must act within **{esc(human(sla.target))}**"
        + (" (business hours)" if sla.business_hours else "")
        + ".\n"
    ]
    for esc_step in sla.escalations:
        lines.append(
            f"- after {esc(human(esc_step.after))}: {ctx.link(f'role:{esc_step.notify}')} — {esc(esc_step.action or 'notified')}"
        )
    return "\n".join(lines) + "\n"


def _crm(ctx: Context, stage: Stage) -> str:
    rows = []
    for system, spec in sorted(stage.crm.items()):
        name = spec.get("field") or spec.get("property")
        field_ref = f"field:{spec['object']}.{name}"
        rows.append(
            [
                ctx.link(f"system:{system}"),
                ctx.link(field_ref, f"{spec['object']}.{name}"),
                code(spec["value"]),
            ]
        )
    return "## CRM values\n\n" + table(["System", "Field", "Value"], rows) if rows else ""


def _people(ctx: Context, stage: Stage) -> str:
    activities = sorted(
        (a for a in ctx.catalog.of(Activity) if a.stage == stage.id), key=lambda a: a.id
    )
    rows = [
        [
            ctx.link(a.ref),
            ", ".join(
                f"{ctx.link(f'role:{r}')} {esc(letter)}" for r, letter in sorted(a.raci.items())
            ),
        ]
        for a in activities
    ]
    playbooks = sorted(
        (p for p in ctx.catalog.of(Playbook) if stage.id in p.stages), key=lambda p: p.id
    )
    text = "## Who does what\n\n" + table(["Activity", "RACI"], rows)
    text += (
        "\n**Playbooks that cover this stage:** "
        + (", ".join(ctx.link(f"role:{p.role}", p.title) for p in playbooks) or "—")
        + "\n"
    )
    return text


def teams_page(ctx: Context) -> Page:
    ctx = ctx.at("teams.md")
    parts = ["# Teams and roles\n"]
    roles = sorted(ctx.catalog.of(Role), key=lambda r: r.id)
    for team in sorted(
        ctx.catalog.of(Team), key=lambda t: (t.order if t.order is not None else 999, t.id)
    ):
        parts.append(f"## {esc(team.name)} {{ #{team.id} }}\n\n{ctx.doc(team)}\n")
        for role in (r for r in roles if r.team == team.id):
            aka = f" (also: {esc(', '.join(role.aliases))})" if role.aliases else ""
            parts.append(
                f"### {esc(role.name)} {{ #role-{role.id} }}\n\n{ctx.doc(role)}{aka}\n\nPlaybook: {ctx.link(role.ref)}\n"
            )
    return Page("teams.md", "Teams and roles", front_matter("Teams and roles") + "\n".join(parts))
