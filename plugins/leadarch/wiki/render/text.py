"""Catalog text into safe Markdown: literal text escaped, Markdown text defused, wiki links resolved.

Catalog text is untrusted: it is shown, never executed. Literal text (names, ids,
values) is escaped so Markdown and HTML have no effect. Markdown text (descriptions,
definitions) keeps its Markdown, but raw HTML and attribute lists are defused and
`[[kind:id]]` becomes a link; the HTML it becomes is then cleaned by allow-list
(`leadarch.wiki.sanitize`), which is what keeps link schemes and attributes safe. Jinja is kept out by the pages' front matter
(`render_macros: false`), never by rewriting `{{`.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable

from leadarch.core.printable import code, inert  # noqa: F401 - the renderers' own Markdown helpers
from leadarch.core.refslots import WIKI_LINK

_MD_SPECIAL = re.compile(r"([\\`*_\[\]{}()#+!|~^$])")
_WIKI = re.compile(r"\[\[([a-z_]+):([A-Za-z0-9_.\-]+)(?:\|([^\]]*))?\]\]")

Resolver = Callable[[str], "tuple[str, str] | None"]  # ref → (href, title)


def esc(value: object) -> str:
    """Literal text, safe anywhere inline in Markdown (tables included)."""
    text = html.escape(str(value), quote=True)
    text = _MD_SPECIAL.sub(r"\\\1", text)
    return " ".join(text.split())


def markdown(text: object, resolve: Resolver, inline: bool = False) -> str:
    """Author Markdown with raw HTML and attribute lists defused, wiki links resolved.

    Outside code, `<` becomes `&lt;` (no tag can open: HTML shows as written) and `{`/`}`
    become entities (an attribute list `{: onfocus=…}` is never read as one; an entity,
    unlike `\\{`, survives a backslash the author typed before it). Links keep their
    Markdown: their URLs are judged on the final HTML by `leadarch.wiki.sanitize`.
    """
    if text is None:
        return ""

    def link(match: re.Match[str]) -> str:
        ref = f"{match.group(1)}:{match.group(2)}"
        found = resolve(ref)
        label = match.group(3)
        if found is None:
            return esc(label or ref)
        href, title = found
        return f"[{esc(label or title)}]({href})"

    def prose(part: str) -> str:
        out, last = [], 0
        for found in _WIKI.finditer(part):
            out += [_defuse(part[last : found.start()]), link(found)]
            last = found.end()
        out.append(_defuse(part[last:]))
        return "".join(out)

    value = _outside_code(str(text), prose)
    if inline:
        value = " ".join(value.split()).replace("|", "\\|")
    return value


_DEFUSED = str.maketrans({"<": "&lt;", "{": "&#123;", "}": "&#125;"})


def _defuse(part: str) -> str:
    return part.translate(_DEFUSED)


def plain(text: object) -> str:
    """Markdown text stripped to a one-line plain summary (for tables and titles)."""
    value = WIKI_LINK.sub(lambda m: m.group(2), str(text or ""))
    return " ".join(value.split())


# Fenced blocks and code spans (a run of backticks closed by a run of the same length),
# as Python-Markdown reads them: their text is shown verbatim, so nothing in it is rewritten.
_CODE = re.compile(
    r"(?ms)^[ \t]*(`{3,}|~{3,}).*?^[ \t]*\1[^\n]*$|(?<![\\`])(`+)(?!`).+?(?<!`)\2(?!`)"
)


def _outside_code(text: str, change: Callable[[str], str]) -> str:
    """`text` with `change` applied to every part that is not code."""
    out, last = [], 0
    for found in _CODE.finditer(text):
        out += [change(text[last : found.start()]), found.group(0)]
        last = found.end()
    out.append(change(text[last:]))
    return "".join(out)


def wiki_links(text: str, resolve: Resolver) -> str:
    """Only `[[kind:id]]` → link, outside code: for hand-written pages, which are trusted
    Markdown (their HTML is the author's own) and may show wiki-link syntax as code."""

    def link(match: re.Match[str]) -> str:
        found = resolve(f"{match.group(1)}:{match.group(2)}")
        if found is None:
            return match.group(0)
        return f"[{esc(match.group(3) or found[1])}]({found[0]})"

    return _outside_code(text, lambda part: _WIKI.sub(link, part))
