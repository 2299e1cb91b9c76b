"""Anything in HTML that could run or reach out: for the fuzz run's rendered pages and the
sanitiser's tests. A page passes when `unsafe(html)` is empty."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import markdown as python_markdown

# What MkDocs renders a generated page with: its defaults and what the plugin adds.
EXTENSIONS = ["attr_list", "tables", "admonition", "fenced_code", "toc"]
EXTENSION_CONFIGS = {"toc": {"permalink": True}}
RUNNABLE = {
    *("script", "iframe", "frame", "object", "embed", "form", "input", "button", "style"),
    *("base", "meta", "link", "svg", "math", "template", "noscript"),
}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster"}
SAFE_SCHEMES = {None, "http", "https", "mailto"}


def scheme(url: str) -> str | None:
    """The scheme a browser reads (WHATWG URL: outer C0 controls and spaces stripped, tabs
    and newlines removed anywhere), or None for a relative URL."""
    cleaned = re.sub(r"[\t\n\r]", "", url.strip("".join(map(chr, range(33)))))
    found = re.match(r"([A-Za-z][A-Za-z0-9+.\-]*):", cleaned)
    return found.group(1).lower() if found else None


class _Audit(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in RUNNABLE:
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on") or name in ("autofocus", "srcdoc", "formaction"):
                self.found.append(f"<{tag} {name}>")
            elif name in URL_ATTRIBUTES and scheme(value or "") not in SAFE_SCHEMES:
                self.found.append(f"<{tag} {name}={value!r}>")
            elif name == "style" and re.sub(r"text-align:\s*\w+;?", "", value or "").strip():
                self.found.append(f"<{tag} style={value!r}>")


def unsafe(html: str) -> list[str]:
    audit = _Audit()
    audit.feed(html)
    audit.close()
    return audit.found


def final_html(markdown_text: str) -> str:
    """A generated page's Markdown as the wiki serves it: rendered, then cleaned."""
    from leadarch.wiki.sanitize import clean

    rendered = python_markdown.markdown(
        markdown_text, extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIGS
    )
    return clean(rendered)
