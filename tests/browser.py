"""Headless Debian Chromium driven by Selenium against a site served on 127.0.0.1."""

from __future__ import annotations

import functools
import http.server
import json
import os
import shutil
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"


def available() -> bool:
    return Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@contextmanager
def serve(root: Path) -> Iterator[str]:
    handler = functools.partial(_Quiet, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def chromium() -> Iterator[object]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="leadarch-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-quic",
        "--no-first-run",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1280,900",
        f"--user-data-dir={profile}",
        # Nothing may leave the machine: every host but the test server resolves nowhere.
        "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
    ):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def requested_urls(driver: object) -> list[str]:
    urls = []
    for entry in driver.get_log("performance"):  # type: ignore[attr-defined]
        message = json.loads(entry["message"])["message"]
        if message.get("method") == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


def screenshot(driver: object, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    driver.save_screenshot(str(path))  # type: ignore[attr-defined]
    return path


def ci() -> bool:
    return bool(os.environ.get("CI"))


def require() -> None:
    """Skip a browser test module where Chromium is missing; in CI, fail instead."""
    import pytest

    if not available():
        if ci():
            raise RuntimeError("CI must run the browser tests: ./setup.sh installs Debian chromium")
        pytest.skip("Debian chromium and chromedriver are not installed", allow_module_level=True)


def record_scripts(driver: object) -> None:
    """Install RECORDER in every page the driver opens from now on, before its own scripts."""
    driver.execute_cdp_cmd(  # type: ignore[attr-defined]
        "Page.addScriptToEvaluateOnNewDocument", {"source": RECORDER}
    )


# Installed before any page script (Page.addScriptToEvaluateOnNewDocument): a payload that
# ever runs calls `__xss(n)` or a dialog, and leaves a trace in `window.__xssHits`.
RECORDER = """
(function () {
  var hits = [];
  Object.defineProperty(window, "__xssHits", {value: hits});
  window.__xss = function (n) { hits.push("__xss(" + n + ")"); };
  ["alert", "confirm", "prompt", "print"].forEach(function (name) {
    window[name] = function (arg) { hits.push(name + "(" + arg + ")"); };
  });
})();
"""

AUDIT = """
var bad = [], safe = {"http:": 1, "https:": 1, "mailto:": 1, "blob:": 1};
var urlish = ["href", "src", "action", "formaction", "xlink:href", "data", "poster", "background"];
document.querySelectorAll("*").forEach(function (el) {
  Array.prototype.forEach.call(el.attributes, function (a) {
    var name = a.name.toLowerCase();
    if (name.indexOf("on") === 0 || name === "autofocus" || name === "srcdoc" || name === "formaction")
      bad.push(el.tagName + "[" + name + "]");
    if (urlish.indexOf(name) >= 0) {
      var url; try { url = new URL(a.value, location.href); } catch (e) { return; }
      if (!safe[url.protocol]) bad.push(el.tagName + "[" + name + "=" + a.value.slice(0, 60) + "]");
    }
  });
});
document.querySelectorAll("article iframe, article object, article embed, article form, " +
    "article script, article base, article meta, article link, article style, article input, " +
    "article button").forEach(function (el) {
  // the zoom bar and the SVG that leadarch.js and Mermaid draw around each diagram
  if (!el.closest(".leadarch-diagram, svg")) bad.push("article " + el.tagName);
});
document.querySelectorAll("article [style]").forEach(function (el) {
  if (el.closest("svg, .leadarch-diagram")) return;  // Mermaid's own drawing
  var left = el.getAttribute("style").replace(/text-align:\\s*\\w+;?/g, "").trim();
  if (left) bad.push(el.tagName + "[style=" + left.slice(0, 60) + "]");
});
var events = ["mouseover", "mouseenter", "pointerover", "focus", "focusin", "toggle", "error",
              "load", "animationstart", "transitionend", "input", "change", "wheel"];
document.querySelectorAll("article *").forEach(function (el) {
  events.forEach(function (type) { el.dispatchEvent(new Event(type)); });
});
var text = document.body.innerText;
document.querySelectorAll("svg").forEach(function (svg) { text += "\\n" + svg.textContent; });
return {bad: bad, hits: window.__xssHits.slice(), text: text};
"""


def wait_rendered(driver: object, timeout: float = 15) -> None:
    """Until every Mermaid diagram of the page is drawn as SVG."""
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, timeout).until(
        lambda d: d.execute_script(
            "var ds = document.querySelectorAll('div.mermaid');"
            "return ds.length === 0 || Array.prototype.every.call(ds, function (x) { return x.querySelector('svg'); });"
        )
    )


def diagram_state(driver: object) -> list[dict[str, object]]:
    """Each diagram of the page: drawn or not, errors, size, theme, nodes and links."""
    return driver.execute_script(
        "return Array.prototype.map.call(document.querySelectorAll('div.mermaid'), function (d) {"
        "  var svg = d.querySelector('svg'); var box = svg ? svg.getBoundingClientRect() : {width: 0, height: 0};"
        "  return {svg: !!svg, error: !!d.querySelector('.error-icon, .error-text') || /Syntax error/.test(d.textContent),"
        "          width: box.width, height: box.height, theme: d.dataset.leadarchTheme, nodes: d.querySelectorAll('g.node').length,"
        "          links: d.querySelectorAll('g.leadarch-link').length};"
        "});"
    )
