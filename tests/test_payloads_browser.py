"""The payload corpus in every catalog text slot, every page opened in Chromium: nothing runs.

Two wikis are built with `mkdocs build --strict` from the example catalog: one with a
payload in each text value in turn, one with the whole corpus in the first value of each
text slot of each kind. Before any page script, an init script installs `__xss` and hooks
`alert` & co.; every page is then loaded, its diagrams rendered, inline-handler events
dispatched to everything in its content, and audited for anything that could run (event
attributes, `autofocus`, `srcdoc`, `formaction`, URL schemes other than http(s), mailto
and relative, frames, forms and scripts in the content, styles beyond `text-align`).
Every payload must stay readable as text on some page. Material's search is queried too.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests import browser
from tests.browser import AUDIT
from tests.conftest import build_wiki
from tests.payloads import TOKENS, hostile_example

pytestmark = pytest.mark.slow

browser.require()

from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402


@pytest.fixture(scope="module")
def driver() -> Iterator[object]:
    with browser.chromium() as d:
        browser.record_scripts(d)
        yield d


def _site(tmp_path_factory: pytest.TempPathFactory, each: bool) -> Path:
    root = tmp_path_factory.mktemp("payloads-each" if each else "payloads-all")
    assert hostile_example(root / "catalog", each) > 60
    result = build_wiki(root)
    assert result.returncode == 0, result.stderr[-3000:]
    return root / "site"


def _pages(site: Path) -> list[str]:
    pages = (p.parent.relative_to(site).as_posix() + "/" for p in site.rglob("index.html"))
    return ["", *sorted(p for p in pages if p != "./")]


def _open_all(driver: object, site: Path) -> str:
    """Every page opened and audited; their visible text, joined."""
    texts = []
    with browser.serve(site) as url:
        driver.get_log("performance")  # type: ignore[attr-defined]
        for page in _pages(site):
            driver.get(url + page)  # type: ignore[attr-defined]
            WebDriverWait(driver, 20).until(
                lambda d: d.execute_script(
                    "return Array.prototype.every.call(document.querySelectorAll('div.mermaid'),"
                    " function (x) { return x.querySelector('svg'); });"
                )
            )
            time.sleep(0.05)  # a focus or load handler would have fired by now
            found = driver.execute_script(AUDIT)  # type: ignore[attr-defined]
            assert found["hits"] == [], (page, found["hits"])
            assert found["bad"] == [], (page, found["bad"][:10])
            texts.append(found["text"])
        requested = browser.requested_urls(driver)
        assert all(u.startswith(("http://127.0.0.1:", "data:", "blob:")) for u in requested), [
            u for u in requested if not u.startswith("http://127.0.0.1:")
        ]
        _search(driver, url)
    return "\n".join(texts)


def _search(driver: object, url: str) -> None:
    """Material's search renders results from the index: they must be as inert."""
    driver.get(url)  # type: ignore[attr-defined]
    box = driver.find_element(By.CSS_SELECTOR, "input.md-search__input")  # type: ignore[attr-defined]
    box.click()
    box.send_keys("PWN07Z")
    WebDriverWait(driver, 20).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, ".md-search-result__item")
    )
    found = driver.execute_script(AUDIT)  # type: ignore[attr-defined]
    assert found["hits"] == [] and found["bad"] == [], found["bad"][:10]


@pytest.mark.parametrize("each", [True, False], ids=["one-per-value", "all-per-slot"])
def test_no_payload_runs_on_any_page_and_every_payload_reads_as_text(
    driver: object, tmp_path_factory: pytest.TempPathFactory, each: bool
) -> None:
    site = _site(tmp_path_factory, each)
    text = _open_all(driver, site)
    assert [t for t in TOKENS if t not in text] == []
