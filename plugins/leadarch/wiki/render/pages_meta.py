"""The changelog (one page per release) and the lint rule reference."""

from __future__ import annotations

from collections.abc import Sequence

from leadarch.core.model import Release
from leadarch.core.records import fields
from leadarch.core.ruledocs import RuleDoc, doc_sections
from leadarch.domain.versions import version_key
from leadarch.wiki.render import pages_measured
from leadarch.wiki.render.context import Context, Page, facts, front_matter, table
from leadarch.wiki.render.drift import OVERVIEW, Export, kinds_cell
from leadarch.wiki.render.text import code, esc
from leadarch.wiki.render.urls import relative

CHANGE_ORDER = ("removed", "changed", "deprecated", "added", "fixed")


def releases(ctx: Context) -> list[Release]:
    return sorted(ctx.catalog.of(Release), key=lambda r: version_key(r.version), reverse=True)


def changelog_index(ctx: Context) -> Page:
    ctx = ctx.at("changelog/index.md")
    rows = [
        [
            ctx.link(r.ref, "Unreleased" if r.status == "unreleased" else r.version),
            esc(r.date or "—"),
            ctx.md(r.summary, inline=True) if r.summary else "—",
            str(len(r.changes)),
        ]
        for r in releases(ctx)
    ]
    body = (
        "# Changelog\n\nEvery change to the lead process architecture, newest first.\n\n"
        + table(["Release", "Date", "Summary", "Changes"], rows)
    )
    return Page("changelog/index.md", "Changelog", front_matter("Changelog") + body)


def release_page(ctx: Context, release: Release) -> Page:
    from leadarch.wiki.render.changes import journey_versions, roles_touched

    path = f"changelog/{release.version}.md"
    ctx = ctx.at(path)
    title = release.title
    info = facts(
        [
            ["Status", esc(release.status)],
            ["Date", esc(release.date or "—")],
            ["Approved by", ctx.links(release.approved_by, "role")],
            ["Tested in sandbox", "yes" if release.sandbox_tested else "no"],
        ]
    )
    ordered = sorted(
        release.changes,
        key=lambda c: (CHANGE_ORDER.index(c.type) if c.type in CHANGE_ORDER else 9, c.ref),
    )
    rows = []
    for change in ordered:
        exists = ctx.catalog.exists(change.ref)
        kind = change.ref.partition(":")[0]
        target = f"{ctx.link(change.ref)} ({esc(kind)})" if exists else code(change.ref)
        users = (
            [u for u in ctx.catalog.index.used_by(change.ref) if not u.startswith("release:")]
            if exists
            else []
        )
        touched = ", ".join(ctx.link(u) for u in users[:5]) + (
            f" and {len(users) - 5} more" if len(users) > 5 else ""
        )
        rows.append(
            [
                f"**{esc(change.type)}**",
                target,
                ctx.md(change.summary, inline=True) if change.summary else "",
                ctx.md(change.impact, inline=True) if change.impact else "—",
                touched or "—",
            ]
        )
    parts = [f"# {esc(title)}\n", ctx.md(release.summary) + "\n" if release.summary else "", info]
    parts.append("## Changes\n\n" + table(["Type", "What", "Change", "Impact", "Used by"], rows))
    parts.append(journey_versions(ctx, release, ctx.at_version))
    measured = pages_measured.release_kpis(ctx, release.version)
    if measured:
        parts.append(measured)
    parts.append("## What changed for you\n")
    touched_roles = roles_touched(ctx, release.changes)
    for role, changes in touched_roles:
        lines = "\n".join(
            f"- **{esc(c.type)}** {ctx.link(c.ref, c.ref) if ctx.catalog.exists(c.ref) else code(c.ref)}: {ctx.md(c.summary, inline=True) if c.summary else ''}"
            for c in changes
        )
        parts.append(
            f"### {esc(role.name)}\n\nSee {ctx.link(role.ref, 'your playbook')}.\n\n{lines}\n"
        )
    if not touched_roles:
        parts.append("No role's stages, SLAs, queues, RACI rows or playbooks changed.\n")
    return Page(path, title, front_matter(title) + "\n".join(parts))


def rules_index(ctx: Context, rules: Sequence[RuleDoc]) -> Page:
    rows = [
        [f"[{r.CODE}]({r.CODE}.md)", code(r.NAME), esc(r.SEVERITY.value), esc(r.SUMMARY)]
        for r in rules
    ]
    body = (
        "# Lint rules\n\n`leadarch lint` checks the catalog with these rules on every commit and every wiki build. "
        "Select or ignore them with `--select` / `--ignore` or in `[tool.leadarch]`.\n\n"
        + table(["Code", "Name", "Severity", "Summary"], rows)
    )
    return Page("rules/index.md", "Lint rules", front_matter("Lint rules") + body)


def rule_page(ctx: Context, rule: RuleDoc) -> Page:
    sections = doc_sections(rule)
    parts = [
        f"# {rule.CODE} {esc(rule.NAME)}\n",
        f"{esc(rule.SUMMARY)}\n",
        f"Default severity: **{rule.SEVERITY.value}**\n",
    ]
    for name in ("What it checks", "Why it matters"):
        parts.append(f"## {name}\n\n{esc(sections.get(name, ''))}\n")
    parts.append(
        "## Example\n\n```yaml\n" + sections.get("Example", "").replace("```", "'''") + "\n```\n"
    )
    parts.append(f"## Fix\n\n{esc(sections.get('Fix', ''))}\n")
    parts += _options_section(rule)
    title = f"{rule.CODE} {rule.NAME}"
    return Page(f"rules/{rule.CODE}.md", title, front_matter(title) + "\n".join(parts))


def _options_section(rule: RuleDoc) -> list[str]:
    """The rule's settings, from its Options dataclass: where to set them, each with its
    default, and the older `[tool.leadarch]` keys that still work."""
    options = getattr(rule, "Options", None)
    if options is None or not fields(options):
        return []
    rows = [
        [code(f.name), code(_toml(f.default)), esc(f.metadata.get("help", ""))]
        for f in fields(options)
    ]
    example = "\n".join(
        f"{f.name} = {_toml(f.default)}" for f in fields(options) if f.default is not None
    )
    legacy = getattr(rule, "LEGACY", {})
    also = (
        "Also accepted, as before: "
        + ", ".join(f"`{key}` in `[tool.leadarch]`" for key in legacy)
        + ".\n"
        if legacy
        else ""
    )
    return [
        "## Options\n",
        f"Set in `pyproject.toml` under `[tool.leadarch.rules.{rule.CODE}]`:\n",
        table(["Option", "Default", "What it does"], rows),
        f"```toml\n[tool.leadarch.rules.{rule.CODE}]\n{example}\n```\n",
        also,
    ]


def _toml(value: object) -> str:
    if value is None:
        return "(not set)"
    if isinstance(value, tuple):
        return "[" + ", ".join(f'"{v}"' for v in value) + "]"
    return (
        repr(value)
        if isinstance(value, str)
        else f"{value:g}"
        if isinstance(value, float)
        else str(value)
    )


def drift_pages(ctx: Context, found: Sequence[Export]) -> list[Page]:
    """The overview of every CRM export configured for the build, then one page each."""
    return [drift_overview(ctx, found), *(drift_export_page(ctx, e) for e in found)]


def drift_overview(ctx: Context, found: Sequence[Export]) -> Page:
    ctx = ctx.at(OVERVIEW)
    rows = [
        [
            f"[{esc(e.source)}]({relative(OVERVIEW, e.page)})",
            code(e.export),
            str(len(e.findings)),
            kinds_cell(e.kinds()),
        ]
        for e in found
    ]
    body = [
        "# CRM drift\n",
        "Where the catalog and the CRM disagree, export by export, from the exports "
        "configured for this build.\n",
        table(["Source", "Export", "Differences", "By kind"], rows),
    ]
    return Page(OVERVIEW, "CRM drift", front_matter("CRM drift") + "\n".join(body))


def drift_export_page(ctx: Context, export: Export) -> Page:
    ctx = ctx.at(export.page)
    rows = []
    for f in export.findings:
        field = f.detail["field"]
        target = f.entity or f"field:{field}"
        where = ctx.link(target, target) if ctx.catalog.exists(target) else code(field)
        rows.append([code(f.detail["kind"]), where, esc(f.message)])
    counts = table(
        ["Kind", "Differences"], [[code(k), str(n)] for k, n in sorted(export.kinds().items())]
    )
    body = [
        f"# {esc(export.title)}\n",
        f"**{len(export.findings)}** difference(s) between the catalog and the "
        f"{esc(export.source)} export {code(export.export)}.\n",
        counts,
        "## Every difference\n",
        table(["Kind", "Where", "Difference"], rows) if rows else "None.\n",
    ]
    return Page(export.page, export.title, front_matter(export.title) + "\n".join(body))
