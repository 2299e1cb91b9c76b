"""Catalog text cannot run: Markdown defused at the source, the final HTML cleaned by allow-list,
and generated front matter that MkDocs always reads (so `render_macros: false` holds)."""

from __future__ import annotations

from html.parser import HTMLParser

import markdown as python_markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from leadarch.wiki.render.context import front_matter
from leadarch.wiki.render.text import markdown
from leadarch.wiki.sanitize import Marks, clean
from mkdocs.utils.meta import get_data

from tests.html_audit import scheme
from tests.payloads import PAYLOADS, TOKENS

EXTENSIONS = ["attr_list", "tables", "toc", "admonition", "fenced_code"]
UNSAFE_ATTRIBUTES = {"autofocus", "style", "srcdoc", "formaction", "tabindex", "target"}


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, dict(attrs)))


def elements(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Elements()
    parser.feed(html)
    return parser.found


def rendered(text: str) -> str:
    """Catalog Markdown as a generated page renders it, before cleaning."""
    return python_markdown.markdown(markdown(text, lambda ref: None), extensions=EXTENSIONS)


@pytest.mark.parametrize("payload", PAYLOADS, ids=TOKENS)
def test_attribute_lists_never_apply_to_catalog_text(payload: str) -> None:
    for tag, attributes in elements(rendered(payload)):
        assert not any(a.startswith("on") for a in attributes), (tag, attributes)
        assert not UNSAFE_ATTRIBUTES & set(attributes), (tag, attributes)
        assert attributes.get("id") != "__md_scope" and "class" not in attributes, attributes


@pytest.mark.parametrize("payload", PAYLOADS, ids=TOKENS)
def test_cleaned_html_keeps_no_way_to_run_and_the_payload_readable(payload: str) -> None:
    html = clean(rendered(payload))
    for tag, attributes in elements(html):
        assert tag not in {"script", "iframe", "svg", "math", "style", "form", "button"}
        assert not any(a.startswith("on") for a in attributes), (tag, attributes)
        assert scheme(attributes.get("href") or "") in {None, "http", "https", "mailto"}
        assert scheme(attributes.get("src") or "") is None  # images only from the wiki itself
    assert TOKENS[PAYLOADS.index(payload)] in html


@pytest.mark.parametrize(
    "attack",
    [
        '<a href="java&#115;cript:alert(1)">x</a>',
        '<a href="javascript&colon;alert(1)">x</a>',
        '<a href="&#x6A;avascript:alert(1)">x</a>',
        '<a href="JaVaScRiPt:alert(1)">x</a>',
        '<a href="java\tscript:alert(1)">x</a>',
        '<a href="&#14;javascript:alert(1)">x</a>',
        '<a href=" javascript:alert(1)">x</a>',
        '<a href="vbscript:msgbox(1)">x</a>',
        '<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>',
        '<a href="file:///etc/passwd">x</a>',
    ],
)
def test_link_schemes_are_judged_after_entities_are_decoded(attack: str) -> None:
    assert clean(attack) == "<a>x</a>"


def test_leadarchs_own_markup_survives_cleaning() -> None:
    ours = (
        '<h2 id="lead-status">Status<a class="headerlink" href="#lead-status" title="Permanent link">¶</a></h2>'
        '<p data-search-exclude="">Nothing refers to this yet.</p>'
        '<table><thead><tr><th style="text-align:right">n</th></tr></thead>'
        '<tbody><tr><td style="text-align:right">1</td></tr></tbody></table>'
        '<pre><code class="language-mermaid">flowchart LR\nn0["#60;b#62;"]</code></pre>'
        '<div class="admonition warning"><p class="admonition-title">T</p></div>'
        '<a href="../stages/mql/">MQL</a> <a href="https://example.com/">x</a> <a href="mailto:ops@example.com">m</a>'
    )
    assert clean(ours) == ours


def test_styles_keep_only_column_alignment_and_images_only_local_sources() -> None:
    assert (
        clean(
            '<table><tr><td style="text-align: right; position: fixed; inset: 0">1</td></tr></table>'
        )
        == '<table><tbody><tr><td style="text-align:right">1</td></tr></tbody></table>'
    )
    assert clean('<img src="https://tracker.example/p.png" alt="a">') == '<img alt="a">'
    assert clean('<img src="//tracker.example/p.png" alt="a">') == '<img alt="a">'
    assert clean('<img src="../img/map.png" alt="a">') == '<img src="../img/map.png" alt="a">'


def test_marked_regions_are_cleaned_and_the_rest_of_a_hand_written_page_is_not() -> None:
    marks = Marks("n0nce")
    page = (
        '<iframe src="https://authors.own/embed"></iframe>'
        + marks.begin
        + '<p onclick="x()">catalog <script>y()</script></p>'
        + marks.end
        + "<p>after</p>"
    )
    assert marks.clean(page) == (
        '<iframe src="https://authors.own/embed"></iframe><p>catalog </p><p>after</p>'
    )


def test_markers_cannot_be_forged_from_catalog_text() -> None:
    marks = Marks()
    forged = "<!--leadarch:0:end-->"
    html = marks.begin + f"<p>{forged}<img src=x onerror=y()></p>" + marks.end
    assert "onerror" not in marks.clean(html)
    assert marks.nonce != Marks().nonce


def test_code_stays_verbatim_while_prose_around_it_is_defused() -> None:
    out = markdown("`{: x}` and `a<b` then {: onfocus=y} <b>", lambda ref: None)
    assert out == "`{: x}` and `a<b` then &#123;: onfocus=y&#125; &lt;b>"
    assert (
        markdown("```\n{: x}\n```\n{: y}", lambda ref: None) == "```\n{: x}\n```\n&#123;: y&#125;"
    )


@settings(max_examples=300, derandomize=True)
@given(st.text())
def test_front_matter_always_reads_back_with_macros_off(title: str) -> None:
    _, meta = get_data(front_matter(title, description=title or None) + "body\n")
    assert meta["render_macros"] is False
    assert isinstance(meta["title"], str)
    assert isinstance(meta.get("description"), str) or not title


def test_front_matter_of_an_emoji_title_reads_back() -> None:
    """A surrogate-pair escape used to make MkDocs drop the whole front matter."""
    _, meta = get_data(front_matter("MQL 😀 {{ 7*7 }}") + "body\n")
    assert meta == {"title": "MQL 😀 {{ 7*7 }}", "render_macros": False}
