"""Catalog HTML through an allow-list, on the final HTML: nothing from the catalog runs.

Catalog text reaches pages as Markdown, and Markdown is not a safe boundary: the
`attr_list` extension turns `{: onfocus=… autofocus}` into attributes, and entities
(`java&#115;cript:`) are decoded only after any filter of the source text has run. So
the HTML that Python-Markdown produced from catalog text is cleaned by nh3 (Rust's
`ammonia`, an HTML5 parser): tags, attributes, classes, style properties and URL
schemes by allow-list; every URL judged after its entities are decoded.

Generated pages are cleaned whole. Hand-written pages are the authors' own trusted
Markdown: only what leadarch puts into them (macro output, the serve-error banner) is
cleaned, between two markers that carry a per-build nonce catalog text cannot guess.
"""

from __future__ import annotations

import functools
import re
import secrets

import nh3

TAGS = {
    *("a", "abbr", "b", "blockquote", "br", "caption", "code", "dd", "del", "details"),
    *("div", "dl", "dt", "em", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "ins"),
    *("kbd", "li", "mark", "ol", "p", "pre", "s", "span", "strong", "sub", "summary"),
    *("sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul"),
}
# Classes cannot run script, and the Markdown that could set them from catalog text
# (attribute lists) is defused before rendering; themes and fences need them
# (`headerlink`, `language-mermaid`, `admonition warning`).
CLASSED = ("a", "code", "div", "p", "pre", "span", "table", "td", "th")
ATTRIBUTES: dict[str, set[str]] = {
    "*": {"id", "title"},
    "a": {"href"},
    "abbr": set(),
    "img": {"src", "alt"},
    "ol": {"start"},
    "p": {"data-search-exclude"},  # leadarch's own marker for Material's search
    "td": {"colspan", "rowspan", "style"},
    "th": {"colspan", "rowspan", "style"},
}
for _tag in CLASSED:
    ATTRIBUTES.setdefault(_tag, set()).add("class")
URL_SCHEMES = {"http", "https", "mailto"}  # and relative URLs
STYLE_PROPERTIES = {"text-align"}  # table column alignment, nothing that can overlay a page


@functools.cache
def _cleaner(images: bool) -> nh3.Cleaner:
    return nh3.Cleaner(
        tags=TAGS | ({"img"} if images else set()),
        attributes=ATTRIBUTES,
        attribute_filter=_local_images_only if images else None,
        url_schemes=URL_SCHEMES,
        filter_style_properties=STYLE_PROPERTIES,
        link_rel=None,  # links keep their own attributes: most point inside the wiki
        strip_comments=True,
    )


def _local_images_only(tag: str, attribute: str, value: str) -> str | None:
    """An image from the catalog may come from the wiki itself, never from another host
    (a tracking pixel, or a request to an internal address made by each reader)."""
    if tag == "img" and attribute == "src" and (":" in value or value.startswith("//")):
        return None
    return value


def clean(html: str) -> str:
    """HTML made from untrusted text, reduced to what cannot run or reach out."""
    return _cleaner("<img" in html).clean(html)


class Marks:
    """Markers around leadarch's output in a hand-written page, and their cleaning."""

    def __init__(self, nonce: str | None = None) -> None:
        self.nonce = nonce or secrets.token_hex(12)
        self.begin = f"<!--leadarch:{self.nonce}:begin-->"
        self.end = f"<!--leadarch:{self.nonce}:end-->"
        self._region = re.compile(re.escape(self.begin) + "(.*?)" + re.escape(self.end), re.DOTALL)

    def wrap(self, markdown: str) -> str:
        """Block-level Markdown between markers (each alone on its line: raw HTML blocks)."""
        return f"\n\n{self.begin}\n\n{markdown}\n\n{self.end}\n\n"

    def clean(self, html: str) -> str:
        """Every marked region of `html` cleaned, the markers removed."""
        if self.begin not in html:
            return html
        return self._region.sub(lambda m: clean(m.group(1)), html).replace(self.begin, "")
