"""Which changes touch whom: the "What changed for you" sections and before/after maps."""

from __future__ import annotations

from leadarch.model import Activity, Change, Playbook, Queue, Release, Role, RoutingRule, Sla, Stage
from leadarch.render.context import Context
from leadarch.render.diagrams import journey
from leadarch.render.text import esc
from leadarch.rules.release_order import version_key


def touches(ctx: Context, role: str) -> set[str]:
    """Refs of everything a role works with: its stages, SLAs, queues, RACI rows, playbooks."""
    catalog = ctx.catalog
    playbooks = [p for p in catalog.of(Playbook) if p.role == role]
    refs = {f"role:{role}"} | {p.ref for p in playbooks}
    refs |= {s.ref for s in catalog.of(Stage) if s.owner == role}
    refs |= {f"stage:{s}" for p in playbooks for s in p.stages}
    refs |= {
        s.ref
        for s in catalog.of(Sla)
        if s.role == role or any(e.notify == role for e in s.escalations)
    }
    queues = {q.id for q in catalog.of(Queue) if q.role == role}
    refs |= {f"queue:{q}" for q in queues}
    refs |= {
        r.ref
        for r in catalog.of(RoutingRule)
        if r.assign.get("queue") in queues or r.assign.get("role") == role
    }
    refs |= {a.ref for a in catalog.of(Activity) if role in a.raci}
    return refs


def roles_touched(ctx: Context, changes: tuple[Change, ...]) -> list[tuple[Role, list[Change]]]:
    out = []
    for role in sorted(ctx.catalog.of(Role), key=lambda r: r.name):
        mine = touches(ctx, role.id)
        hits = [c for c in changes if c.ref in mine]
        if hits:
            out.append((role, hits))
    return out


def change_line(ctx: Context, release: Release, change: Change) -> str:
    what = (
        ctx.link(change.ref, change.ref)
        if ctx.catalog.exists(change.ref)
        else f"`{esc(change.ref)}`"
    )
    version = "unreleased" if release.status == "unreleased" else release.version
    text = f"**{esc(change.type)}** {what}: {ctx.md(change.summary, inline=True) if change.summary else ''}"
    if change.impact:
        text += f" — *{ctx.md(change.impact, inline=True)}*"
    return text + f" ({ctx.link(release.ref, version)})"


def for_role_section(ctx: Context, role: str, limit: int = 8) -> str:
    """Recent changes that touch a role, newest release first (for the playbook page)."""
    mine = touches(ctx, role)
    releases = sorted(ctx.catalog.of(Release), key=lambda r: version_key(r.version), reverse=True)
    lines = [change_line(ctx, r, c) for r in releases for c in r.changes if c.ref in mine][:limit]
    return (
        "## What changed for you\n\n"
        + ("\n".join(f"- {line}" for line in lines) if lines else "Nothing yet.")
        + "\n"
    )


def journey_versions(ctx: Context, release: Release) -> str:
    """The journey map as of this release beside the previous one, reconstructed from the
    changelog: stages added by later releases are left out of "after", stages added by this
    release are left out of "before"; added and changed stages are coloured."""
    stage_changes = [c for c in release.changes if c.ref.startswith("stage:")]
    if not stage_changes:
        return ""
    current = {s.id for s in ctx.catalog.of(Stage)}
    later = [
        r for r in ctx.catalog.of(Release) if version_key(r.version) > version_key(release.version)
    ]
    added_later = {
        c.ref[6:]
        for r in later
        for c in r.changes
        if c.type == "added" and c.ref.startswith("stage:")
    }
    after = current - added_later
    added = {c.ref[6:] for c in stage_changes if c.type == "added"} & after
    changed = {c.ref[6:] for c in stage_changes if c.type != "added"} & after
    before = after - added
    first = not [
        r for r in ctx.catalog.of(Release) if version_key(r.version) < version_key(release.version)
    ]
    models = sorted({s.model for s in ctx.catalog.of(Stage) if s.id in added | changed})
    parts = [
        "## The journey map in this release\n",
        "Stages added in this release are green, changed ones amber.\n",
    ]
    for model in models:
        title = "Lifecycle" if model == "lifecycle" else "Opportunity pipeline"
        if not first and before:
            parts.append(
                f"### {title}: before\n\n"
                + journey(ctx, model, before, dict.fromkeys(changed & before, "changed"))
            )
        marks = {**dict.fromkeys(changed, "changed"), **dict.fromkeys(added, "added")}
        parts.append(f"### {title}: after\n\n" + journey(ctx, model, after, marks))
    return "\n".join(parts)
