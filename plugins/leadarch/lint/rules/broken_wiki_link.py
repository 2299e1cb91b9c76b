"""A `[[kind:id]]` wiki link in Markdown text points nowhere.

What it checks:
    Every `[[kind:id]]` in a description, definition, summary or any other text
    names an existing kind and entity.

Why it matters:
    Wiki links are how readers move between stages, fields and playbooks; a broken
    one is a dead end in the wiki and usually a sign that something was renamed.

Example:
    definition: Comes after [[stage:mqll]].

Fix:
    Correct the link (the message suggests the closest id) or remove it.
"""

from __future__ import annotations

from collections.abc import Iterator

from leadarch.core.catalog import Catalog
from leadarch.core.findings import Finding, Severity
from leadarch.core.hints import did_you_mean
from leadarch.core.kinds import BY_NAME
from leadarch.lint.options import Inputs, NoOptions

CODE = "LA022"
NAME = "broken-wiki-link"
SUMMARY = "A `[[kind:id]]` wiki link in Markdown text points nowhere."
SEVERITY = Severity.ERROR


def check(catalog: Catalog, options: NoOptions, inputs: Inputs) -> Iterator[Finding]:
    for ref in catalog.index.references:
        if ref.via != "wiki" or catalog.exists(ref.target):
            continue
        kind, ident = ref.target_kind, ref.target_id
        if kind not in BY_NAME:
            hint = did_you_mean(kind, BY_NAME) or "kinds: " + ", ".join(BY_NAME)
            yield Finding(
                f"wiki link [[{ref.target}]]: '{kind}' is not a kind", ref.where, hint, ref.source
            )
            continue
        hint = did_you_mean(ident, catalog.ids(kind)) or f"no {kind} has the id '{ident}'"
        yield Finding(
            f"wiki link [[{ref.target}]] points to a {kind} that does not exist",
            ref.where,
            hint,
            ref.source,
        )
