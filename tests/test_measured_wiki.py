"""The measured process in the wiki: pages made from a measurement, hostile history
escaped everywhere it appears, and the measurement kept by content (a rebuild that
changed nothing computes nothing)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import markdown
import pytest
from bs4 import BeautifulSoup
from leadarch.core.catalog import build
from leadarch.measure import cached
from leadarch.measure.design import design
from leadarch.measure.engine import Window, measure
from leadarch.wiki.render.site import build_site

from tests.conftest import REPO

EXAMPLE = REPO / "catalog"
EXPORTS = [
    REPO / "exports" / n
    for n in ("LeadHistory.csv", "Task.csv", "OpportunityFieldHistory.csv", "contacts_history.json")
]


@pytest.fixture(scope="module")
def measured() -> dict[str, Any]:
    return measure(design(build(EXAMPLE)), [(p, p.name) for p in EXPORTS], with_trend=True)


def test_funnel_conformance_and_numbers_on_every_page_family(measured: dict[str, Any]) -> None:
    site = build_site(build(EXAMPLE), measured=measured)
    paths = {p.path for p in site.pages}
    assert {"funnel.md", "conformance.md"} <= paths
    when = "as of 2026-03-25 09:00 UTC"
    funnel = site.page("funnel.md").content
    for section in (
        "## The real journey",
        "sankey-beta",
        "xychart-beta",
        "## Conversion",
        "## Velocity",
        "## SLA attainment",
    ):
        assert section in funnel, section
    assert when in funnel and "**Transitions the design does not allow**" in funnel
    conformance = site.page("conformance.md").content
    assert "`transition-not-allowed`" in conformance and "**Fitness: 92.9%**" in conformance
    mql = site.page("stages/mql.md").content
    assert "## In numbers" in mql and when in mql and "**SLA attainment:** 98.3%" in mql
    assert "**Actual:" in site.page("kpis.md").content
    assert "**Attainment:" in site.page("slas.md").content
    assert "funnel.md" not in {
        p.path for p in build_site(build(EXAMPLE)).pages
    }  # only when measured


HOSTILE = [
    "<script>alert(1)</script>",
    "x\n```\n<img src=x onerror=alert(2)>",
    '"]; click n0 call alert(3) %% ',
    "a,b,9999\nevil,,1",
    "[[stage:mql]]{: onclick=alert(4)}",
]


def test_hostile_history_is_escaped_wherever_it_shows(tmp_path: Path) -> None:
    import csv

    rows = [["record_id", "timestamp", "stage"]]
    for i, text in enumerate(HOSTILE):
        rows += [
            [text, f"2026-03-0{i + 2}T09:00:00Z", "lead"],
            [text, f"2026-03-0{i + 2}T10:00:00Z", text],
        ]
    with (tmp_path / "h.csv").open("w", newline="") as handle:
        csv.writer(handle).writerows(rows)
    m = measure(design(build(EXAMPLE)), [(tmp_path / "h.csv", "h.csv")], with_trend=True)
    site = build_site(build(EXAMPLE), measured=m)
    for page in ("funnel.md", "conformance.md", "stages/lead.md"):
        html = markdown.markdown(site.page(page).body, extensions=["attr_list", "tables"])
        soup = BeautifulSoup(html, "html.parser")
        assert not soup.find_all(["script", "img", "iframe"]), page
        assert not [a for tag in soup.find_all(True) for a in tag.attrs if a.startswith("on")], page
    funnel = site.page("funnel.md").content
    real = funnel.split("## The real journey", 1)[1]
    chart = real.split("```mermaid\n", 1)[1].split("```", 1)[0]
    allowed = re.compile(
        r"^(flowchart LR|n\d+[\[(]\".*\"[\])]|n\d+ -[-.]+>\|\"[0-9,]+\"\| n\d+|linkStyle \d+ .*|classDef \w+ .*|class n\d+ \w+|%% link n\d+ [\w/.#-]+)$"
    )
    assert all(allowed.match(line.strip()) for line in chart.strip().splitlines()), chart
    for line in chart.splitlines():  # a label's only quotes are its own
        if line.strip().startswith("n") and "[" in line:
            assert line.count('"') == 2, line
    # Sankey names are catalog stage names: CSV metacharacters in one cannot add a row
    catalog = tmp_path / "catalog"
    shutil.copytree(EXAMPLE, catalog)
    stages = catalog / "stages" / "lifecycle.yaml"
    stages.write_text(
        stages.read_text().replace(
            "name: Marketing Qualified Lead", 'name: "MQL, \\"x\\"\\nevil,lead,99999"'
        )
    )
    (tmp_path / "ok.csv").write_text(
        "record_id,timestamp,stage\nL1,2026-03-02T09:00:00Z,lead\nL1,2026-03-02T10:00:00Z,mql\n"
    )
    hostile = build(catalog)
    site = build_site(
        hostile,
        measured=measure(design(hostile), [(tmp_path / "ok.csv", "ok.csv")], with_trend=True),
    )
    sankey = site.page("funnel.md").content.split("sankey-beta", 1)[1].split("```", 1)[0]
    rows = sankey.strip().splitlines()
    assert len(rows) == 1 and rows[0].count(",") == 2 and rows[0].endswith(",1"), rows


def test_a_rebuild_that_changed_nothing_computes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan = design(build(EXAMPLE))
    exports = [(p, p.name) for p in EXPORTS]
    first = cached.measured(plan, exports, Window(), EXAMPLE, tmp_path)
    assert len(list(tmp_path.glob("*.json"))) == 1

    def no(*args: object, **kwargs: object) -> dict[str, Any]:
        raise AssertionError("measured again")

    monkeypatch.setattr(cached, "measure", no)
    assert cached.measured(plan, exports, Window(), EXAMPLE, tmp_path) == first
    copies = []
    for path, name in exports:
        shutil.copy(path, tmp_path / name)
        copies.append((tmp_path / name, name))
    lead_history = tmp_path / "LeadHistory.csv"
    lead_history.write_bytes(
        lead_history.read_bytes()
        + b"017X,005X,2026-03-25T09:00:00.000+0000,Text,Status,false,SQL,SAL,00QNEW\n"
    )
    with pytest.raises(AssertionError, match="measured again"):  # other bytes, another key
        cached.measured(plan, copies, Window(), EXAMPLE, tmp_path / "cache")


def test_release_pages_compare_the_kpis_before_and_after_with_sample_sizes() -> None:
    from leadarch.measure.engine import release_windows

    catalog = build(EXAMPLE)
    plan = design(catalog)
    windows = release_windows(catalog, plan.default_zone, 30)
    assert set(windows) == {
        f"{v}:{side}" for v in ("1.0.0", "1.1.0", "1.2.0") for side in ("before", "after")
    }
    m = measure(plan, [(p, p.name) for p in EXPORTS], with_trend=True, windows=windows)
    assert set(m["windows"]["1.0.0:before"]) == {"since", "until", "kpis", "samples"}
    site = build_site(catalog, measured=m)
    first = site.page("changelog/1.0.0.md").content  # released 2026-03-02, inside the history
    assert (
        "## KPIs before and after" in first and "98.4% (n=185)" in first and "−1.1 points" in first
    )
    assert "not over yet" in first and '!!! warning "Small samples"' in first
    later = site.page("changelog/1.2.0.md").content  # released after the history ends
    assert "— (n=0)" in later and "Small samples" in later
    assert "KPIs before and after" not in site.page("changelog/unreleased.md").content
