"""Impact analysis: what depends on an entity, from the same index as the wiki's where-used."""

from __future__ import annotations

import json
from collections import defaultdict

from leadarch.core.catalog import Catalog
from leadarch.core.hints import did_you_mean
from leadarch.errors import CannotRun


def impact_report(catalog: Catalog, ref: str, fmt: str) -> tuple[str, bool]:
    if ":" not in ref:
        raise CannotRun(
            f"'{ref}' is not a reference: write kind:id, e.g. field:Lead.Status or role:sdr"
        )
    if not catalog.exists(ref):
        kind = ref.partition(":")[0]
        hint = did_you_mean(ref.partition(":")[2], catalog.ids(kind))
        raise CannotRun(f"{ref} does not exist in the catalog" + (f"; {hint}" if hint else ""))
    direct = [r for r in catalog.index.where_used(ref) if r.source != ref]
    direct_sources = catalog.index.used_by(ref)
    transitive = [d for d in catalog.index.dependents(ref) if d not in direct_sources]
    if fmt == "json":
        payload = {
            "entity": ref,
            "direct": [
                {
                    "entity": r.source,
                    "via": r.via,
                    "path": r.where.file,
                    "line": catalog.position(r.where)[0],
                    "column": catalog.position(r.where)[1],
                }
                for r in direct
            ],
            "transitive": transitive,
        }
        return json.dumps(payload, indent=2) + "\n", True
    lines = [
        f"{ref}: {len(direct_sources)} direct, {len(transitive)} transitive dependents",
        "",
        "Direct:",
    ]
    for r in direct:
        line, column = catalog.position(r.where)
        lines.append(
            f"  {r.source:<40} {r.where.file}:{line}:{column} ({'.'.join(str(p) for p in r.where.pointer[2:]) or r.via})"
        )
    if transitive:
        grouped: dict[str, list[str]] = defaultdict(list)
        for item in transitive:
            grouped[item.partition(":")[0]].append(item)
        lines += ["", "Transitive:"]
        lines += [
            f"  {kind}: {', '.join(sorted(items))}" for kind, items in sorted(grouped.items())
        ]
    return "\n".join(lines) + "\n", True
