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
from leadarch.domain.links import broken_link
from leadarch.lint.options import Inputs, NoOptions

CODE = "LA022"
NAME = "broken-wiki-link"
SUMMARY = "A `[[kind:id]]` wiki link in Markdown text points nowhere."
SEVERITY = Severity.ERROR


def check(catalog: Catalog, options: NoOptions, inputs: Inputs) -> Iterator[Finding]:
    for ref in catalog.index.references:
        if ref.via != "wiki":
            continue
        problem = broken_link(catalog, ref.target)
        if problem is not None:
            yield Finding(problem[0], ref.where, problem[1], ref.source)
