"""Which changes touch whom: the "What changed for you" sections and before/after maps."""

from __future__ import annotations

from collections.abc import Callable

from leadarch.core.catalog import Catalog
from leadarch.core.model import (
    Activity,
    Change,
    Playbook,
    Queue,
    Release,
    Role,
    RoutingRule,
    Sla,
    Stage,
)
from leadarch.domain.versions import version_key
from leadarch.wiki.render.context import Context
from leadarch.wiki.render.diagrams import journey
from leadarch.wiki.render.text import esc


def touches(ctx: Context, role: str) -> frozenset[str]:
    """Refs of everything a role works with: its stages, SLAs, queues, RACI rows, playbooks."""
    key = ("touches", role)
    if key not in ctx.memo:  # every release page asks for every role
        ctx.memo[key] = frozenset(_touches(ctx, role))
    return ctx.memo[key]  # type: ignore[no-any-return]


def _touches(ctx: Context, role: str) -> set[str]:
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


VersionLookup = Callable[[str], "Catalog | None"]


def journey_versions(
    ctx: Context, release: Release, at_version: VersionLookup | None = None
) -> str:
    """The journey map as of this release beside the previous one.

    From git when both releases are tagged (`v1.2.0` or `1.2.0`): the real catalogs, with
    added, changed and removed stages marked. Otherwise reconstructed from the changelog:
    stages added by later releases are left out of "after", stages added by this release
    are left out of "before".
    """
    previous = _previous(ctx, release)
    if at_version is not None and previous is not None and release.status == "released":
        after_cat, before_cat = at_version(release.version), at_version(previous.version)
        if after_cat is not None and before_cat is not None:
            return _from_git(ctx, release, previous, before_cat, after_cat)
    return _from_changelog(ctx, release, previous is None)


def _previous(ctx: Context, release: Release) -> Release | None:
    older = [
        r
        for r in ctx.catalog.of(Release)
        if r.status == "released" and version_key(r.version) < version_key(release.version)
    ]
    return max(older, key=lambda r: version_key(r.version)) if older else None


def _from_git(
    ctx: Context, release: Release, previous: Release, before_cat: Catalog, after_cat: Catalog
) -> str:
    from leadarch.governance.diff import diff

    changes = {
        c.ref: c.status for c in diff(before_cat, after_cat).changes if c.ref.startswith("stage:")
    }
    if not changes:
        return ""
    ids = lambda status: {ref[6:] for ref, s in changes.items() if s == status}  # noqa: E731
    before_ctx, after_ctx = (
        Context(before_cat, ctx.urls, ctx.page),
        Context(after_cat, ctx.urls, ctx.page),
    )
    models = sorted(
        {s.model for c in (before_cat, after_cat) for s in c.of(Stage) if s.ref in changes}
    )
    parts = [
        "## The journey map in this release\n",
        f"From the catalog tagged {esc(previous.version)} and {esc(release.version)} in git. Added stages are green, changed amber, removed red.\n",
    ]
    for model in models:
        title = "Lifecycle" if model == "lifecycle" else "Opportunity pipeline"
        before_marks = {
            **dict.fromkeys(ids("changed"), "changed"),
            **dict.fromkeys(ids("removed"), "removed"),
        }
        after_marks = {
            **dict.fromkeys(ids("changed"), "changed"),
            **dict.fromkeys(ids("added"), "added"),
        }
        parts.append(
            f"### {title}: before ({esc(previous.version)})\n\n"
            + journey(before_ctx, model, None, before_marks)
        )
        parts.append(
            f"### {title}: after ({esc(release.version)})\n\n"
            + journey(after_ctx, model, None, after_marks)
        )
    return "\n".join(parts)


def _from_changelog(ctx: Context, release: Release, first: bool) -> str:
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
    models = sorted({s.model for s in ctx.catalog.of(Stage) if s.id in added | changed})
    parts = [
        "## The journey map in this release\n",
        "Reconstructed from the changelog. Stages added in this release are green, changed ones amber.\n",
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
