"""Every generated page of the example catalog, as Markdown, byte for byte as recorded.

The renderers need no MkDocs: this is the fast check of what every page family says (the
built site's hashes are the slow one, in test_golden.py). On purpose, record every golden
file again with

    LEADARCH_REFRESH_GOLDEN=1 python -m pytest -m golden
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from leadarch.core.catalog import build
from leadarch.crm.drift import drift, system_for
from leadarch.crm.readers import read_export
from leadarch.lint.rules import RULES
from leadarch.measure.design import design
from leadarch.measure.engine import measure, release_windows
from leadarch.wiki.render.site import FAMILIES, Site, build_site

from tests.golden import DESCRIBE, GOLDEN, REFRESH, REPO, compare_or_refresh

pytestmark = pytest.mark.golden
PAGES = GOLDEN / "pages" / "example"
EXPORTS = ("LeadHistory.csv", "Task.csv", "OpportunityFieldHistory.csv", "contacts_history.json")


@pytest.fixture(scope="module")
def site() -> Site:
    catalog = build(Path("catalog"), cwd=REPO)
    fields = read_export("salesforce", DESCRIBE, REPO, None)
    found = drift(catalog, fields, system_for(catalog, "salesforce"))
    exports = [REPO / "exports" / n for n in EXPORTS]
    plan = design(catalog)
    windows = release_windows(catalog, plan.default_zone, 30)
    measured = measure(plan, [(p, p.name) for p in exports], with_trend=True, windows=windows)
    return build_site(
        catalog, FAMILIES, None, [("salesforce", "Lead.describe.json", found)], RULES, measured
    )


RECORDED = sorted(p.relative_to(PAGES).as_posix() for p in PAGES.rglob("*.md"))


def test_every_page_family_has_pages(site: Site) -> None:
    made = [page.path for page in site.pages]
    assert len(set(made)) == len(made), "two pages with one path"
    assert {"index.md", "journey.md", "drift.md", "funnel.md", "conformance.md"} <= set(made)
    assert len(made) > 3 * len(FAMILIES)


def test_the_pages_made_are_the_pages_recorded(site: Site) -> None:
    if REFRESH:  # record them all again; pages no longer made go
        shutil.rmtree(PAGES, ignore_errors=True)
        for page in site.pages:
            compare_or_refresh(PAGES / page.path, page.content)
        return
    assert sorted(page.path for page in site.pages) == RECORDED


@pytest.mark.parametrize("path", RECORDED)
def test_each_page_is_as_recorded(site: Site, path: str) -> None:
    made = {page.path: page for page in site.pages}
    if REFRESH or path not in made:
        pytest.skip("refreshing" if REFRESH else "not made: the test above fails")
    compare_or_refresh(PAGES / path, made[path].content)


def test_pages_do_not_depend_on_the_order_of_files(tmp_path: Path) -> None:
    """The same catalog under other file names (so read in another order) gives the
    same pages: what the wiki says cannot depend on how authors split their files."""
    files = sorted((REPO / "catalog").rglob("*.yaml"))
    for n, path in enumerate(reversed(files)):
        shutil.copy(path, tmp_path / f"{n:02d}-{path.name}")
    pages = [
        {p.path: p.content for p in build_site(catalog, FAMILIES, None, None, RULES).pages}
        for catalog in (build(Path("catalog"), cwd=REPO), build(tmp_path))
    ]
    assert pages[0] == pages[1]
