"""The diagrams people read, measured in Chromium as they see them: at a 1400×900 window,
at a 390 px phone width and in dark mode, every label of every diagram on the home and
journey and funnel pages is at least 12 CSS px tall, no lane or node title is clipped, and a
diagram wider than the column scrolls at its natural size instead of shrinking its text."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests import browser
from tests.browser import wait_rendered

browser.require()

pytestmark = pytest.mark.slow

MEASURE = """
var out = [];
document.querySelectorAll('div.mermaid').forEach(function (frame, i) {
  var svg = frame.querySelector('svg');
  var labels = [];
  svg.querySelectorAll('.nodeLabel, .cluster-label span, .edgeLabel span, text').forEach(function (l) {
    var text = l.textContent.trim();
    if (!text) return;
    var box = l.getBoundingClientRect();
    if (box.width === 0) return;
    labels.push({text: text.slice(0, 40), height: box.height,
                 font: parseFloat(getComputedStyle(l).fontSize)});
  });
  var clipped = [];
  svg.querySelectorAll('foreignObject').forEach(function (fo) {
    var inner = fo.firstElementChild;
    if (inner && fo.textContent.trim() && (inner.scrollWidth > fo.width.baseVal.value + 1 ||
        inner.scrollHeight > fo.height.baseVal.value + 1)) clipped.push(fo.textContent.trim());
  });
  svg.querySelectorAll('g.cluster').forEach(function (c) {
    var rect = c.querySelector('rect'), title = c.querySelector('.cluster-label');
    if (!rect || !title) return;
    var a = rect.getBoundingClientRect(), b = title.getBoundingClientRect();
    if (b.left < a.left - 1 || b.right > a.right + 1) clipped.push(c.textContent.trim());
  });
  var box = svg.getBoundingClientRect();
  out.push({labels: labels, clipped: clipped, width: box.width,
            natural: svg.viewBox.baseVal.width, column: frame.clientWidth,
            scrolls: frame.scrollWidth > frame.clientWidth});
});
return out;
"""


@pytest.fixture(scope="module")
def base_url(example_site: Path) -> Iterator[str]:
    with browser.serve(example_site) as url:
        yield url


@pytest.fixture(scope="module")
def driver() -> Iterator[Any]:
    with browser.chromium() as d:
        yield d


def _dark(driver: Any) -> None:
    before = driver.execute_script("return document.body.dataset.leadarchRendered")
    driver.execute_script("document.body.setAttribute('data-md-color-scheme', 'slate')")
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, 15).until(
        lambda d: d.execute_script("return document.body.dataset.leadarchRendered") != before
    )


@pytest.mark.parametrize(
    ("width", "height", "scheme"),
    [(1400, 900, "light"), (1400, 900, "dark"), (390, 844, "light")],
    ids=["desktop", "desktop-dark", "phone"],
)
@pytest.mark.parametrize("page", ["", "journey/", "funnel/"], ids=["home", "journey", "funnel"])
def test_every_label_is_readable_and_nothing_is_clipped(
    driver: Any, base_url: str, page: str, width: int, height: int, scheme: str
) -> None:
    driver.set_window_size(width, height)
    driver.get(base_url + page)
    wait_rendered(driver)
    if scheme == "dark":
        _dark(driver)
    diagrams = driver.execute_script(MEASURE)
    assert diagrams, page
    for d in diagrams:
        small = [
            (label["text"], round(label["height"], 1))
            for label in d["labels"]
            if label["height"] < 12 or label["font"] < 12
        ]
        assert d["labels"] and small == [], (page, width, scheme, small[:5])
        assert d["clipped"] == [], (page, width, scheme, d["clipped"])
        assert abs(d["width"] - d["natural"]) < 2, "drawn at its natural size, not shrunk"
        if d["natural"] > d["column"]:
            assert d["scrolls"], "a diagram wider than the column scrolls"
