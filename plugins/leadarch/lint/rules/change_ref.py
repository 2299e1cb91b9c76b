"""A changelog entry refers to an entity that does not exist.

What it checks:
    Every `ref` in a release's `changes` names an existing entity as `kind:id`,
    except for changes of type `removed` (the entity is gone by design).

Why it matters:
    The changelog links each change to the page of what changed; a wrong ref
    sends readers nowhere and hides the change from impact analysis.

Example:
    - type: changed
      ref: stage:mqll

Fix:
    Correct the ref (the message suggests the closest id), or use `type: removed`
    if the entity was removed.
"""

from __future__ import annotations

from collections.abc import Iterator

from leadarch.core.catalog import Catalog
from leadarch.core.findings import Finding, Severity
from leadarch.core.hints import did_you_mean
from leadarch.core.model import Release
from leadarch.lint.options import Inputs, NoOptions

CODE = "LA082"
NAME = "changelog-ref"
SUMMARY = "A changelog entry refers to an entity that does not exist."
SEVERITY = Severity.ERROR


def check(catalog: Catalog, options: NoOptions, inputs: Inputs) -> Iterator[Finding]:
    for release in catalog.of(Release):
        for i, change in enumerate(release.changes):
            if change.type == "removed" or catalog.exists(change.ref):
                continue
            kind, _, ident = change.ref.partition(":")
            yield Finding(
                f"release {release.version}: change refers to {change.ref}, which does not exist",
                release.at("changes", i, "ref"),
                did_you_mean(ident, catalog.ids(kind))
                or "fix the ref, or use `type: removed` for a removed entity",
                release.ref,
            )
