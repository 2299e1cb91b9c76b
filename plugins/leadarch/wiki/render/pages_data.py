"""Field catalog (one page per object, one section per field), systems, capture sources."""

from __future__ import annotations

from collections import defaultdict

from leadarch.core.model import CatalogField, Integration, Source, System
from leadarch.wiki.render.context import NOT_INDEXED, Context, Page, facts, front_matter, table
from leadarch.wiki.render.diagrams import data_flow
from leadarch.wiki.render.text import code, esc
from leadarch.wiki.render.urls import field_anchor, object_page


def fields_by_object(ctx: Context) -> dict[str, list[CatalogField]]:
    out: dict[str, list[CatalogField]] = defaultdict(list)
    for field in ctx.catalog.of(CatalogField):
        out[field.object].append(field)
    return {
        obj: sorted(fields, key=lambda f: f.name.lower())
        for obj, fields in sorted(out.items(), key=lambda kv: kv[0].lower())
    }


def field_index(ctx: Context) -> Page:
    ctx = ctx.at("fields/index.md")
    rows = []
    for obj, fields in fields_by_object(ctx).items():
        rows.append(
            [
                f"[{esc(obj)}]({object_page(obj).removeprefix('fields/')})",
                str(len(fields)),
                str(sum(f.pii for f in fields)),
                str(sum(f.required for f in fields)),
            ]
        )
    body = "# Field catalog\n\nEvery CRM and marketing automation field the lead process depends on, by object.\n\n"
    body += table(["Object", "Fields", "PII", "Required"], rows)
    return Page("fields/index.md", "Field catalog", front_matter("Field catalog") + body)


def object_page_content(ctx: Context, obj: str, fields: list[CatalogField]) -> Page:
    path = object_page(obj)
    ctx = ctx.at(path)
    rows = [
        [
            f"[{esc(f.label)}](#{field_anchor(f.name)})",
            code(f.name),
            esc(f.type),
            "yes" if f.required else "",
            "PII" if f.pii else "",
            ctx.link(f"role:{f.owner}") if f.owner else "—",
        ]
        for f in fields
    ]
    parts = [
        f"# {esc(obj)} fields\n",
        table(["Label", "API name", "Type", "Required", "PII", "Owner"], rows),
    ]
    parts += [field_section(ctx, f, level=2) for f in fields]
    return Page(path, f"{obj} fields", front_matter(f"{obj} fields", boost=1.5) + "\n".join(parts))


def field_section(ctx: Context, field: CatalogField, level: int = 2) -> str:
    hashes = "#" * level
    anchor = f" {{ #{field_anchor(field.name)} }}" if level == 2 else ""
    lines = [
        f"{hashes} {esc(field.label)} · {esc(field.name)}{anchor}\n",
        ctx.drift_banner(field.ref),
        ctx.doc(field) + "\n",
    ]
    details = [
        ["API name", code(field.id)],
        [
            "Type",
            esc(field.type)
            + (f" → {esc(', '.join(field.reference_to))}" if field.reference_to else ""),
        ],
        ["Required", "yes" if field.required else "no"],
        ["Owner", ctx.link(f"role:{field.owner}") if field.owner else "—"],
        [
            "Source of truth",
            ctx.link(f"system:{field.source_of_truth}") if field.source_of_truth else "—",
        ],
        ["Synced to", ctx.links(field.synced_to, "system")],
        ["Personal data (PII)", "**yes**" if field.pii else "no"],
        ["Change control", ctx.links(field.change_control, "role")],
    ]
    if field.validation:
        details.append(["Validation", ctx.md(field.validation, inline=True)])
    for system, mapping in sorted(field.mappings.items()):
        name = (
            f"{mapping.get('object')}.{mapping['name']}"
            if mapping.get("object")
            else mapping["name"]
        )
        shown = code(name)
        if mapping.get("values"):
            shown += (
                " ("
                + ", ".join(f"{code(k)} → {code(v)}" for k, v in mapping["values"].items())
                + ")"
            )
        details.append([f"In {ctx.link(f'system:{system}')}", shown])
    # The object page's table already makes these facts searchable: repeating them for
    # every field would flood results for "owner" or "required" and grow the index that
    # every page loads (by a third for 5,000 fields).
    lines.append(facts(details) + NOT_INDEXED + "\n")
    if field.values:
        rows = []
        for v in field.values:
            notes = []
            if v.deprecated:
                notes.append("**deprecated**")
            if not v.active:
                notes.append("inactive")
            if v.default:
                notes.append("default")
            if v.converted:
                notes.append("converts the lead")
            rows.append(
                [
                    code(v.value),
                    esc(v.label or ""),
                    ", ".join(notes),
                    ctx.md(v.description, inline=True) if v.description else "",
                ]
            )
        lines.append(
            "**Picklist values**\n\n" + table(["Value", "Label", "Status", "Meaning"], rows)
        )
    lines.append(ctx.used_by(field.ref))
    return "\n".join(lines)


def systems_index(ctx: Context) -> Page:
    ctx = ctx.at("systems/index.md")
    rows = [
        [ctx.link(s.ref), esc(s.category), esc(s.vendor or ""), ctx.link(f"role:{s.owner}")]
        for s in sorted(ctx.catalog.of(System), key=lambda s: s.id)
    ]
    parts = [
        "# Systems and data flow\n",
        "How data moves between the tools of the revenue stack.\n",
        data_flow(ctx),
        "## Systems\n",
        table(["System", "Category", "Product", "Owner"], rows),
        "## Integrations\n",
    ]
    for integration in sorted(ctx.catalog.of(Integration), key=lambda i: i.id):
        parts.append(_integration(ctx, integration))
    return Page(
        "systems/index.md", "Systems", front_matter("Systems and data flow") + "\n".join(parts)
    )


def _carried(ctx: Context, item: str) -> str:
    return (
        ctx.link(f"field:{item}", item)
        if "." in item
        else ctx.link(f"object:{item}", f"{item} (whole object)")
    )


def _integration(ctx: Context, integration: Integration) -> str:
    arrow = "⇄" if integration.direction == "two_way" else "→"
    title = integration.name or integration.id
    info = facts(
        [
            [
                "Flow",
                f"{ctx.link(f'system:{integration.source}')} {arrow} {ctx.link(f'system:{integration.target}')}",
            ],
            ["Mechanism", esc(integration.mechanism or "—")],
            ["Frequency", esc(integration.frequency or "—")],
            ["Owner", ctx.link(f"role:{integration.owner}") if integration.owner else "—"],
            ["Carries", ", ".join(_carried(ctx, c) for c in integration.carries) or "—"],
        ]
    )
    return f"### {esc(title)} {{ #{integration.id} }}\n\n{ctx.doc(integration)}\n\n{info}"


def system_page(ctx: Context, system: System) -> Page:
    path = f"systems/{system.id}.md"
    ctx = ctx.at(path)
    owned = sorted(
        (f for f in ctx.catalog.of(CatalogField) if f.source_of_truth == system.id),
        key=lambda f: f.id,
    )
    synced = sorted(
        (f for f in ctx.catalog.of(CatalogField) if system.id in f.synced_to), key=lambda f: f.id
    )
    flows = sorted(
        (i for i in ctx.catalog.of(Integration) if system.id in (i.source, i.target)),
        key=lambda i: i.id,
    )
    parts = [
        f"# {esc(system.name)}\n",
        ctx.doc(system) + "\n",
        facts(
            [
                ["Category", esc(system.category)],
                ["Product", esc(system.vendor or "—")],
                ["Owner", ctx.link(f"role:{system.owner}")],
            ]
        ),
        "## Source of truth for\n\n"
        + (", ".join(ctx.link(f.ref, f.id) for f in owned) or "—")
        + "\n",
        "## Receives copies of\n\n"
        + (", ".join(ctx.link(f.ref, f.id) for f in synced) or "—")
        + "\n",
        "## Data flows\n\n"
        + ("\n".join(f"- {ctx.link(i.ref, i.name or i.id)}" for i in flows) or "—")
        + "\n",
        "## Where used\n\n" + ctx.used_by(system.ref, "Referred to by"),
    ]
    return Page(path, system.name, front_matter(system.name) + "\n".join(parts))


def sources_page(ctx: Context) -> Page:
    ctx = ctx.at("sources.md")
    parts = [
        "# Capture sources\n",
        "Every way leads enter, with the tracking convention each must follow.\n",
    ]
    rows = []
    for s in sorted(ctx.catalog.of(Source), key=lambda s: s.id):
        utm = ", ".join(f"{k}={code(v)}" for k, v in sorted(s.utm.items())) or "—"
        rows.append(
            [f"[{esc(s.name)}](#{s.id})", esc(s.channel), utm, ctx.link(f"stage:{s.enters}")]
        )
    parts.append(table(["Source", "Channel", "UTM", "Enters"], rows))
    for s in sorted(ctx.catalog.of(Source), key=lambda s: s.id):
        sets = []
        for item in s.sets:
            if isinstance(item, str):
                sets.append(ctx.link(f"field:{item}", item))
            else:
                sets.append(
                    f"{ctx.link('field:' + item['field'], item['field'])} = {code(item.get('value', ''))}"
                )
        info = facts(
            [
                ["Channel", esc(s.channel)],
                ["Captured in", ctx.link(f"system:{s.system}") if s.system else "—"],
                ["Owner", ctx.link(f"role:{s.owner}") if s.owner else "—"],
                ["Enters", ctx.link(f"stage:{s.enters}")],
                ["UTM", ", ".join(f"utm_{k}={code(v)}" for k, v in sorted(s.utm.items())) or "—"],
                ["Sets", ", ".join(sets) or "—"],
            ]
        )
        parts.append(f"## {esc(s.name)} {{ #{s.id} }}\n\n{ctx.doc(s)}\n\n{info}")
    return Page("sources.md", "Capture sources", front_matter("Capture sources") + "\n".join(parts))
