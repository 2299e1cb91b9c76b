"""An entity changed since the base revision but the unreleased changelog does not mention it.

What it checks:
    With `leadarch lint --base REV`, every entity added, removed or changed since
    `REV` is named (as `kind:id`) by a change in the `unreleased` release. Edits
    to releases themselves are the changelog and are not counted. Without `--base`
    the rule does nothing.

Why it matters:
    "Anyone can change workflows without documentation" is how routing silently
    breaks. Making every change name itself in the changelog means each pull
    request says what it changes, and each release note is complete.

Example:
    # stage:mql's SLA changed in this branch, but releases.yaml's unreleased
    # entry has no change with `ref: stage:mql`

Fix:
    Run `leadarch changelog add --type changed --ref stage:mql "what changed"`
    (or add the change to the `unreleased` entry by hand).
"""

from __future__ import annotations

from collections.abc import Iterator

from leadarch.core.catalog import Catalog
from leadarch.core.findings import Finding, Location, Severity
from leadarch.core.model import Release
from leadarch.lint.options import Inputs, NoOptions

CODE = "LA110"
NAME = "undocumented-change"
SUMMARY = (
    "An entity changed since the base revision but the unreleased changelog does not mention it."
)
SEVERITY = Severity.ERROR


def check(catalog: Catalog, options: NoOptions, inputs: Inputs) -> Iterator[Finding]:
    if inputs.base_changes is None:
        return
    unreleased = next((r for r in catalog.of(Release) if r.status == "unreleased"), None)
    mentioned = {c.ref for c in unreleased.changes} if unreleased else set()
    for ref, status in inputs.base_changes:
        if ref.startswith("release:") or ref in mentioned:
            continue
        entity = catalog.get(ref)
        where = (
            entity.at("id")
            if entity is not None and ref.partition(":")[0] != "field"
            else (entity.at("name") if entity else _fallback(catalog, unreleased))
        )
        yield Finding(
            f"{ref} was {status} since {inputs.base_label} but no change in the unreleased release mentions it",
            where,
            f'run: leadarch changelog add --type {_type(status)} --ref {ref} "what changed and why"',
            ref,
        )


def _type(status: str) -> str:
    return {"added": "added", "removed": "removed"}.get(status, "changed")


def _fallback(catalog: Catalog, unreleased: Release | None) -> Location:
    if unreleased is not None:
        return unreleased.at("changes")
    release = next(iter(catalog.of(Release)), None)
    if release is not None:
        return release.where
    first = next(iter(catalog.files), "catalog")
    return Location(first, line=1, column=1)
