"""The generated wiki, built with the real MkDocs: page families, links, where-used, safety."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from leadarch.core.catalog import build
from leadarch.core.model import Playbook, Release, Stage, System
from leadarch.lint.rules import RULES

from tests.catalogs import write_catalog
from tests.conftest import REPO, build_wiki

pytestmark = pytest.mark.slow  # builds, subprocesses or servers in every test

EXAMPLE = build(REPO / "catalog")


def page(site: Path, url: str) -> BeautifulSoup:
    path = site / url / "index.html" if not url.endswith(".html") else site / url
    assert path.is_file(), f"missing page {url}"
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def content(soup: BeautifulSoup) -> BeautifulSoup:
    return soup.select_one("article.md-content__inner")


def hrefs(soup: BeautifulSoup) -> list[str]:
    return [a["href"] for a in content(soup).find_all("a", href=True)]


FAMILIES = [
    "",
    "journey/",
    "stages/",
    "fields/",
    "teams/",
    "raci/",
    "routing/",
    "systems/",
    "slas/",
    "scoring/",
    "nurtures/",
    "sources/",
    "reasons/",
    "kpis/",
    "maturity/",
    "changelog/",
    "rules/",
    "guides/how-we-work/",
    "fields/lead/",
    "fields/contact/",
    "fields/account/",
    "fields/opportunity/",
]


@pytest.mark.parametrize("url", FAMILIES)
def test_every_page_family_exists(example_site: Path, url: str) -> None:
    soup = page(example_site, url)
    assert content(soup).find("h1").get_text(strip=True)


def test_one_page_per_entity_of_the_paged_kinds(example_site: Path) -> None:
    for stage in EXAMPLE.of(Stage):
        assert page(example_site, f"stages/{stage.id}/")
    for playbook in EXAMPLE.of(Playbook):
        assert page(example_site, f"playbooks/{playbook.role}/")
    for system in EXAMPLE.of(System):
        assert page(example_site, f"systems/{system.id}/")
    for release in EXAMPLE.of(Release):
        assert page(example_site, f"changelog/{release.version}/")
    for rule in RULES:
        assert (
            rule.SUMMARY.split("`")[0][:20]
            in content(page(example_site, f"rules/{rule.CODE}/")).get_text()
        )


def test_stage_page_links_to_what_it_references(example_site: Path) -> None:
    soup = page(example_site, "stages/mql/")
    links = hrefs(soup)
    assert "../../playbooks/sdr/" in links  # owner
    assert "../../fields/lead/#lead_score__c" in links  # entry criterion field
    assert "../../slas/#sla_mql_first_touch" in links  # SLA
    assert "../sal/" in links and "../recycled/" in links  # transitions out
    assert "../../reasons/#no_response" in links  # reasons of a recycle
    assert "../../systems/hubspot/" in links  # CRM values per system
    assert "../../kpis/#speed_to_lead" in links
    assert "../../raci/#first_touch" in links  # RACI rows
    text = " ".join(content(soup).get_text(" ").split())
    assert "is at least 100" in text  # criteria as sentences
    assert "15 minutes" in text  # SLA in words


def test_where_used_back_links(example_site: Path) -> None:
    lead = page(example_site, "fields/lead/")
    section = lead.find(id="status")
    assert section is not None and section.name == "h2"
    used = []
    for sibling in section.find_next_siblings():
        if sibling.name == "h2":
            break
        used += [a["href"] for a in sibling.find_all("a", href=True)]
    for stage in ("mql", "sal", "sql", "lead", "recycled", "disqualified"):
        assert f"../../stages/{stage}/" in used, stage
    assert "../../playbooks/sdr/" in used  # a play that touches the field
    sdr_used = hrefs(page(example_site, "slas/"))
    assert "../routing/#queue-sdr_na" in sdr_used  # SLA → queues that use it


def test_field_sections_are_deep_linkable_and_searchable(example_site: Path) -> None:
    soup = page(example_site, "fields/lead/")
    heading = soup.find(id="lead_score__c")
    assert heading.name == "h2" and "Lead_Score__c" in heading.get_text()
    index = json.loads((example_site / "search" / "search_index.json").read_text())
    locations = {d["location"] for d in index["docs"]}
    assert "fields/lead/#lead_score__c" in locations
    assert "Lead_Score__c" in json.dumps(index)
    assert any(
        "hs_lead_status" in d["text"] or "hs_lead_status" in d["title"] for d in index["docs"]
    )


def test_diagrams_are_mermaid_with_generated_ids_and_links(example_site: Path) -> None:
    soup = page(example_site, "journey/")
    diagrams = soup.select("div.mermaid")
    assert len(diagrams) == 2
    source = diagrams[0].get_text()
    assert source.startswith("flowchart LR")
    assert 'subgraph g0["Marketing"]' in source
    assert "%% link n1 ../stages/mql/" in source
    assert '"Marketing Qualified Lead #40;MQL#41;"' in source
    assert "mql" not in source.replace("stages/mql", "")  # ids are generated, never data
    scripts = [s.get("src") for s in soup.find_all("script") if s.get("src")]
    assert "../assets/leadarch/mermaid.min.js" in scripts
    assert not [s for s in scripts if s.startswith("http")]  # nothing from a CDN


def test_routing_decision_flow_and_queues(example_site: Path) -> None:
    soup = page(example_site, "routing/")
    rows = content(soup).find("table").find_all("tr")[1:]
    priorities = [int(r.find("td").get_text()) for r in rows]
    assert priorities == sorted(priorities) and priorities[-1] == 999
    flow = soup.select_one("div.mermaid").get_text()
    assert "%% link" in flow and "#rule-fallback" in flow
    assert soup.find(id="queue-lead_review") is not None


def test_macros_in_hand_written_pages(example_site: Path) -> None:
    soup = page(example_site, "guides/how-we-work/")
    links = hrefs(soup)
    assert "../../stages/mql/" in links  # wiki link in hand-written Markdown
    assert soup.select("div.mermaid")  # journey_map()
    text = content(soup).get_text(" ")
    assert "Sales Accepted Lead" in text and "Lead Status" in text


def test_no_external_font_or_cdn(example_site: Path) -> None:
    for html in example_site.rglob("*.html"):
        text = html.read_text(encoding="utf-8")
        assert (
            "fonts.googleapis" not in text and "unpkg.com" not in text and "jsdelivr" not in text
        ), html


HOSTILE = '<script>alert(1)</script> <img src=x onerror=alert(2)> {{ 7*7 }} {% raw %} "];end;click n0 call x() C# notes; & [link](javascript:alert(3))'


def _hostile_catalog(root: Path) -> None:
    write_catalog(
        root / "catalog",
        {
            "x.yaml": (
                "teams:\n"
                f"  - id: t2\n    name: {json.dumps(HOSTILE)}\n    description: {json.dumps(HOSTILE)}\n"
                "roles:\n"
                f"  - id: r2\n    name: {json.dumps('Role ' + HOSTILE)}\n    team: t2\n    description: {json.dumps(HOSTILE)}\n"
                "playbooks:\n"
                f"  - id: r2_book\n    role: r2\n    title: {json.dumps('Book ' + HOSTILE)}\n    summary: {json.dumps(HOSTILE)}\n"
                "stages:\n"
                f"  - id: hostile\n    name: {json.dumps('Stage ' + HOSTILE)}\n    model: lifecycle\n    order: 9\n    owner: r2\n"
                f"    definition: {json.dumps(HOSTILE)}\n    transitions: [{{to: won, type: advance, when: {json.dumps(HOSTILE)}}}]\n"
            ),
            "stages.yaml": (REPO / "tests" / "catalogs.py").exists() and None,
        },
    )
    from tests.catalogs import BASE

    (root / "catalog" / "stages.yaml").write_text(
        BASE["stages.yaml"].replace(
            "- {to: mql, type: advance}",
            "- {to: mql, type: advance}\n      - {to: hostile, type: advance}",
        )
    )


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("hostile-wiki")
    _hostile_catalog(root)
    result = build_wiki(root)
    assert result.returncode == 0, result.stderr
    return root / "site"


def test_hostile_text_is_shown_literally_and_never_executed(hostile_site: Path) -> None:
    soup = page(hostile_site, "stages/hostile/")
    body = content(soup)
    assert not body.find("img"), "raw HTML from the catalog must not become markup"
    assert [s for s in soup.find_all("script") if "alert" in (s.string or "")] == []
    schemes = {
        a["href"].split(":")[0].strip().lower()
        for a in soup.find_all("a", href=True)
        if ":" in a["href"]
    }
    assert not schemes & {"javascript", "vbscript", "data"}
    text = " ".join(body.get_text(" ").split())
    assert "<script>alert(1)</script>" in text
    assert "{{ 7*7 }}" in text and " 49 " not in text
    assert "{% raw %}" in text
    for html in hostile_site.rglob("*.html"):
        raw = html.read_text(encoding="utf-8")
        assert "<script>alert(1)" not in raw and "onerror=alert" not in raw.replace(
            "onerror=alert(2)&gt;", ""
        ), html


def test_hostile_text_in_diagrams_is_escaped(hostile_site: Path) -> None:
    source = page(hostile_site, "journey/").select_one("div.mermaid").get_text()
    assert "<" not in source.replace("<-->", "")
    assert not [
        line for line in source.splitlines() if line.strip().startswith(("click", "end;", "style"))
    ]
    assert "#60;script#62;alert#40;1#41;" in source


def test_same_catalog_same_site_byte_for_byte(tmp_path: Path, example_site: Path) -> None:
    again = build_wiki(tmp_path, REPO / "catalog")
    assert again.returncode == 0, again.stderr

    def digest(site: Path) -> dict[str, str]:
        return {
            p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*"))
            if p.is_file()
        }

    assert digest(tmp_path / "site") == digest(example_site)


def test_release_pages_show_impact_maps_and_what_changed_for_you(example_site: Path) -> None:
    soup = page(example_site, "changelog/1.1.0/")
    body = content(soup)
    headings = [h.get_text().rstrip("¶") for h in body.select("h2, h3")]
    assert headings[:4] == [
        "Changes",
        "The journey map in this release",
        "Lifecycle: before",
        "Lifecycle: after",
    ]
    before, after = [d.get_text() for d in soup.select("div.mermaid")]
    assert "Sales Accepted Lead" not in before
    assert "Sales Accepted Lead #40;SAL#41; #183; added" in after
    assert "Recycled #183; changed" in before
    assert "classDef added" in after
    assert "Sales Development Representative" in headings  # What changed for you, per role
    assert "../../stages/sal/" in hrefs(soup)
    # Releases without stage changes have no maps; the newest first on the index.
    assert not page(example_site, "changelog/1.2.0/").select("div.mermaid")
    index_links = [
        a for a in hrefs(page(example_site, "changelog/")) if a.startswith(("unreleased", "1."))
    ]
    assert index_links == ["unreleased/", "1.2.0/", "1.1.0/", "1.0.0/"]


def test_playbook_lists_what_changed_for_the_role(example_site: Path) -> None:
    soup = page(example_site, "playbooks/sdr/")
    section = soup.find(id="what-changed-for-you")
    text = " ".join(section.find_next("ul").get_text(" ").split())
    assert "stage:sal" in text and "sla:sla_mql_first_touch" in text
    assert "capability" not in text


def test_hand_written_pages_keep_wiki_link_syntax_in_code(example_site: Path) -> None:
    soup = page(example_site, "guides/editing-the-catalog/")
    codes = [c.get_text() for c in content(soup).find_all("code")]
    assert "[[stage:mql]]" in codes
    assert "../../stages/mql/" in hrefs(page(example_site, "guides/how-we-work/"))


def test_catalog_text_never_becomes_a_template_even_with_an_emoji(tmp_path: Path) -> None:
    """MkDocs drops a front matter it cannot read (an emoji used to be written as a
    surrogate-pair escape YAML refuses), and with it `render_macros: false`: the page
    then went through mkdocs-macros, whose Jinja reaches Python's globals."""
    from tests.catalogs import BASE

    name = "MQL 😀 {{ 7*7 }} {{ lipsum.__globals__.os.getcwd() }}"
    stages = BASE["stages.yaml"].replace(
        "name: MQL\n", f"name: {json.dumps(name, ensure_ascii=False)}\n"
    )
    stages = stages.replace("definition: Captured.", "definition: 'Captured. 😀 {{ 6*7 }}'")
    write_catalog(tmp_path / "catalog", {"stages.yaml": stages})
    result = build_wiki(tmp_path)
    assert result.returncode == 0, result.stderr
    for url in ("stages/mql/", "stages/new/", "stages/", "journey/"):
        html = (tmp_path / "site" / url / "index.html").read_text(encoding="utf-8")
        assert str(tmp_path) not in html and " 49 " not in html and " 42" not in html, url
    text = content(page(tmp_path / "site", "stages/mql/")).get_text(" ")
    assert name in " ".join(text.split())
    assert "Captured. 😀 {{ 6*7 }}" in content(page(tmp_path / "site", "stages/new/")).get_text(" ")
