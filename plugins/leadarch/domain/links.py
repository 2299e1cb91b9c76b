"""What is wrong with a `[[kind:id]]` wiki link, in the words the lint (for catalog text)
and the wiki (for hand-written pages) both use."""

from __future__ import annotations

from leadarch.core.catalog import Catalog
from leadarch.core.hints import did_you_mean
from leadarch.core.kinds import BY_NAME


def broken_link(catalog: Catalog, target: str) -> tuple[str, str] | None:
    """(message, hint) when `[[target]]` names no kind or no entity of the catalog; None
    when it names one."""
    if catalog.exists(target):
        return None
    kind, _, ident = target.partition(":")
    if kind not in BY_NAME:
        hint = did_you_mean(kind, BY_NAME) or "kinds: " + ", ".join(BY_NAME)
        return f"wiki link [[{target}]]: '{kind}' is not a kind", hint
    hint = did_you_mean(ident, catalog.ids(kind)) or f"no {kind} has the id '{ident}'"
    return f"wiki link [[{target}]] points to a {kind} that does not exist", hint
