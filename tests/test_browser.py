"""End to end in headless Chromium: diagrams render, nodes link, dark mode, search, safety."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests import browser
from tests.browser import diagram_state, wait_rendered
from tests.conftest import build_wiki
from tests.fuzzing import METACHARACTERS, catalog_with_text, hostile_text, lint_ok, write_files
from tests.test_site import _hostile_catalog

browser.require()

from selenium.common.exceptions import NoAlertPresentException, TimeoutException  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

pytestmark = pytest.mark.slow  # builds, subprocesses or servers in every test


@pytest.fixture(scope="module")
def driver() -> Iterator[object]:
    with browser.chromium() as d:
        yield d


@pytest.fixture(scope="module")
def base_url(example_site: Path) -> Iterator[str]:
    with browser.serve(example_site) as url:
        yield url


def test_every_diagram_on_every_page_renders(
    driver: object, base_url: str, example_site: Path
) -> None:
    pages = sorted(
        p
        for p in example_site.rglob("index.html")
        if 'class="mermaid"' in p.read_text(encoding="utf-8")
    )
    assert len(pages) >= 3
    for path in pages:
        url = base_url + path.parent.relative_to(example_site).as_posix() + "/"
        driver.get(url.replace("/./", "/"))
        wait_rendered(driver)
        states = diagram_state(driver)
        assert states, url
        for state in states:
            assert state["svg"] and not state["error"], (url, state)
            assert state["width"] > 100 and state["height"] > 50, (url, state)
        errors = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
        assert errors == [], (url, errors)


def test_release_before_and_after_maps_render(driver: object, base_url: str) -> None:
    driver.get(base_url + "changelog/1.1.0/")
    wait_rendered(driver)
    states = diagram_state(driver)
    assert len(states) == 2 and all(s["svg"] and not s["error"] and s["nodes"] >= 6 for s in states)
    browser.screenshot(driver, "release-1.1.0")


def test_journey_nodes_open_stage_pages(driver: object, base_url: str) -> None:
    driver.get(base_url + "journey/")
    wait_rendered(driver)
    browser.screenshot(driver, "journey-map")
    state = diagram_state(driver)[0]
    assert state["links"] == state["nodes"] == 8
    node = driver.find_element(
        By.CSS_SELECTOR,
        "div.mermaid g.leadarch-link[data-id='n1'], div.mermaid g.leadarch-link[id*='flowchart-n1-']",
    )
    node.click()
    WebDriverWait(driver, 10).until(lambda d: d.current_url.endswith("/stages/mql/"))
    assert "Marketing Qualified Lead" in driver.find_element(By.TAG_NAME, "h1").text


def test_dark_mode_toggle_re_renders_diagrams(driver: object, base_url: str) -> None:
    driver.get(base_url)
    wait_rendered(driver)
    assert diagram_state(driver)[0]["theme"] == "default"
    before = driver.execute_script("return document.querySelector('div.mermaid svg').innerHTML")
    driver.find_element(By.CSS_SELECTOR, "label.md-header__button[for^='__palette']").click()
    WebDriverWait(driver, 10).until(lambda d: diagram_state(d)[0]["theme"] == "dark")
    wait_rendered(driver)
    after = driver.execute_script("return document.querySelector('div.mermaid svg').innerHTML")
    assert after != before
    assert (
        driver.execute_script("return document.body.getAttribute('data-md-color-scheme')")
        == "slate"
    )
    browser.screenshot(driver, "home-dark")
    driver.find_element(
        By.CSS_SELECTOR, "label.md-header__button[for^='__palette']:not([hidden])"
    ).click()
    WebDriverWait(driver, 10).until(lambda d: diagram_state(d)[0]["theme"] == "default")


def test_diagrams_zoom(driver: object, base_url: str) -> None:
    driver.get(base_url + "journey/")
    wait_rendered(driver)
    width = diagram_state(driver)[0]["width"]
    driver.find_element(By.CSS_SELECTOR, ".leadarch-zoom button[title='Zoom in']").click()
    assert diagram_state(driver)[0]["width"] > width * 1.2


def search(driver: object, base_url: str, query: str) -> str:
    driver.get(base_url)
    box = driver.find_element(By.CSS_SELECTOR, "input.md-search__input")
    driver.find_element(By.CSS_SELECTOR, "label.md-search__icon, .md-search__input").click()
    box.clear()
    box.send_keys(query)
    try:
        WebDriverWait(driver, 15).until(
            lambda d: d.find_elements(
                By.CSS_SELECTOR, ".md-search-result__item a.md-search-result__link"
            )
        )
    except TimeoutException:
        pytest.fail(f"no search result for {query!r}")
    time.sleep(0.3)
    return driver.find_elements(
        By.CSS_SELECTOR, ".md-search-result__item a.md-search-result__link"
    )[0].get_attribute("href")


@pytest.mark.parametrize(
    "query, expected",
    [
        ("MQL", "stages/mql/"),
        ("SAL", "stages/sal/"),
        ("Lead_Score__c", "fields/lead/"),
        ("hs_lead_status", "fields/contacts/"),
        ("Sales Development Representative", "playbooks/sdr/"),
        ("Account Executive", "playbooks/ae/"),
        ("No budget this period", "reasons/"),
    ],
)
def test_search_puts_the_page_first(
    driver: object, base_url: str, query: str, expected: str
) -> None:
    href = search(driver, base_url, query)
    path = href.removeprefix(base_url).partition("?")[0].partition("#")[0]
    assert path == expected


def test_screenshots_for_people(driver: object, base_url: str) -> None:
    for name, url in [
        ("home", ""),
        ("stage-mql", "stages/mql/"),
        ("playbook-sdr", "playbooks/sdr/"),
        ("field-catalog", "fields/lead/"),
        ("routing", "routing/"),
    ]:
        driver.get(base_url + url)
        wait_rendered(driver)
        assert browser.screenshot(driver, name).stat().st_size > 10_000


def test_no_request_leaves_the_machine(driver: object, base_url: str) -> None:
    driver.get_log("performance")
    for url in ("", "journey/", "stages/mql/", "routing/"):
        driver.get(base_url + url)
        wait_rendered(driver)
    urls = browser.requested_urls(driver)
    assert urls and all(u.startswith(("http://127.0.0.1:", "data:", "blob:")) for u in urls), [
        u for u in urls if not u.startswith("http://127.0.0.1")
    ]


@pytest.fixture(scope="module")
def hostile_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("hostile-browser")
    _hostile_catalog(root)
    result = build_wiki(root)
    assert result.returncode == 0, result.stderr
    with browser.serve(root / "site") as url:
        yield url


@pytest.mark.parametrize("url", ["stages/hostile/", "journey/", "", "teams/", "playbooks/r2/"])
def test_hostile_catalog_executes_nothing(driver: object, hostile_url: str, url: str) -> None:
    driver.get(hostile_url + url)
    wait_rendered(driver)
    time.sleep(0.3)
    with pytest.raises(NoAlertPresentException):
        driver.switch_to.alert.text  # noqa: B018
    for state in diagram_state(driver):
        assert state["svg"] and not state["error"], state
    body = driver.find_element(By.TAG_NAME, "body").text
    if url in ("stages/hostile/", "teams/"):
        assert "<script>alert(1)</script>" in body and "{{ 7*7 }}" in body
    if url == "journey/":
        labels = driver.execute_script(
            "return document.querySelector('div.mermaid svg').textContent"
        )
        assert "<script>alert(1)</script>" in labels and "C# notes;" in labels


@settings(derandomize=True, deadline=None, max_examples=4, suppress_health_check=list(HealthCheck))
@given(
    text=st.one_of(st.sampled_from(METACHARACTERS[:12]), hostile_text.filter(lambda t: t.strip())),
    slot=st.integers(0, 6),
)
def test_generated_hostile_catalogs_build_and_execute_nothing(
    driver: object, tmp_path_factory: pytest.TempPathFactory, text: str, slot: int
) -> None:
    root = tmp_path_factory.mktemp("generated-wiki")
    write_files(root / "catalog", catalog_with_text(text, slot, raw=False))
    if lint_ok(root / "catalog")[0] != 0:
        return  # only clean catalogs are built; the rest are the lint's business
    result = build_wiki(root)
    assert result.returncode == 0, result.stderr
    print(f"built a wiki for {text[:40]!r} in slot {slot}")
    with browser.serve(root / "site") as url:
        driver.get_log("performance")
        for page in ("", "journey/", "stages/mql/", "teams/", "fields/lead/"):
            driver.get(url + page)
            wait_rendered(driver)
            with pytest.raises(NoAlertPresentException):
                driver.switch_to.alert.text  # noqa: B018
            assert driver.execute_script("return window.__pwned === undefined")
            for state in diagram_state(driver):
                assert state["svg"] and not state["error"], (page, state)
        urls = browser.requested_urls(driver)
        assert all(u.startswith(("http://127.0.0.1:", "data:", "blob:")) for u in urls)
