"""Catalog text into safe Markdown: literal text escaped, Markdown text defused, wiki links resolved.

Catalog text is untrusted: it is shown, never executed. Literal text (names, ids,
values) is escaped so Markdown and HTML have no effect. Markdown text (descriptions,
definitions) keeps its Markdown, but raw HTML is escaped, dangerous link schemes are
broken, and `[[kind:id]]` becomes a link. Jinja is kept out by the pages' front matter
(`render_macros: false`), never by rewriting `{{`.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable

from leadarch.refslots import WIKI_LINK

_MD_SPECIAL = re.compile(r"([\\`*_\[\]{}()#+!|~^$])")
_BAD_SCHEME = re.compile(r"(?i)\b(javascript|vbscript|data|file)(\s*):")
_WIKI = re.compile(r"\[\[([a-z_]+):([A-Za-z0-9_.\-]+)(?:\|([^\]]*))?\]\]")

Resolver = Callable[[str], "tuple[str, str] | None"]  # ref → (href, title)


def esc(value: object) -> str:
    """Literal text, safe anywhere inline in Markdown (tables included)."""
    text = html.escape(str(value), quote=True)
    text = _MD_SPECIAL.sub(r"\\\1", text)
    return " ".join(text.split())


def code(value: object) -> str:
    """Inline code span for an API name or id (backticks inside are handled)."""
    text = " ".join(str(value).split())
    fence = "``" if "`" in text else "`"
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def markdown(text: object, resolve: Resolver, inline: bool = False) -> str:
    """Author Markdown with raw HTML escaped, unsafe schemes broken, wiki links resolved."""
    if text is None:
        return ""
    value = str(text).replace("<", "&lt;")  # no raw HTML: every tag starts with <
    value = _BAD_SCHEME.sub(r"\1-blocked\2:", value)

    def link(match: re.Match[str]) -> str:
        ref = f"{match.group(1)}:{match.group(2)}"
        found = resolve(ref)
        label = match.group(3)
        if found is None:
            return esc(label or ref)
        href, title = found
        return f"[{esc(label or title)}]({href})"

    value = _WIKI.sub(link, value)
    if inline:
        value = " ".join(value.split()).replace("|", "\\|")
    return value


def plain(text: object) -> str:
    """Markdown text stripped to a one-line plain summary (for tables and titles)."""
    value = WIKI_LINK.sub(lambda m: m.group(2), str(text or ""))
    return " ".join(value.split())


_CODE = re.compile(r"(?ms)^(```|~~~).*?^\1[^\n]*$|`[^`]+`")


def wiki_links(text: str, resolve: Resolver) -> str:
    """Only `[[kind:id]]` → link, outside code: for hand-written pages, which are trusted
    Markdown (their HTML is the author's own) and may show wiki-link syntax as code."""

    def link(match: re.Match[str]) -> str:
        found = resolve(f"{match.group(1)}:{match.group(2)}")
        if found is None:
            return match.group(0)
        return f"[{esc(match.group(3) or found[1])}]({found[0]})"

    out, last = [], 0
    for code in _CODE.finditer(text):
        out.append(_WIKI.sub(link, text[last : code.start()]))
        out.append(code.group(0))
        last = code.end()
    out.append(_WIKI.sub(link, text[last:]))
    return "".join(out)
