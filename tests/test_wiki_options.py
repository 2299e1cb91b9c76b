"""Plugin options, diagram splitting, macros with hostile text, and `mkdocs serve` reloads."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from leadarch.core.catalog import build
from leadarch.wiki.render.context import Context
from leadarch.wiki.render.diagrams import MAX_NODES, routing_flows
from leadarch.wiki.render.urls import Urls

from tests.catalogs import write_catalog
from tests.conftest import build_wiki, mkdocs_build


def _with_plugin_options(root: Path, options: str) -> None:
    config = (root / "mkdocs.yml").read_text()
    config = config.replace(
        "  - leadarch:\n      catalog: catalog\n",
        "  - leadarch:\n      catalog: catalog\n" + options,
    )
    (root / "mkdocs.yml").write_text(config)


@pytest.mark.slow
def test_page_families_and_nav_section(tmp_path: Path) -> None:
    write_catalog(tmp_path / "catalog")
    build_wiki(tmp_path)  # copies mkdocs.yml and docs/
    _with_plugin_options(
        tmp_path, "      pages: [home, stages, fields]\n      nav_section: Lead process\n"
    )
    result = mkdocs_build(tmp_path, tmp_path / "site2")
    # Only the chosen families exist; links to pages that are not generated stay plain text.
    assert result.returncode == 0, result.stderr
    site = tmp_path / "site2"
    assert (site / "stages" / "mql" / "index.html").is_file()
    assert (site / "fields" / "lead" / "index.html").is_file()
    assert not (site / "routing").exists() and not (site / "raci").exists()
    home = (site / "index.html").read_text()
    assert "Lead process" in home  # the nav section


@pytest.mark.slow
def test_unknown_page_family_is_a_clear_error(tmp_path: Path) -> None:
    write_catalog(tmp_path / "catalog")
    build_wiki(tmp_path)
    _with_plugin_options(tmp_path, "      pages: [home, stagez]\n")
    result = mkdocs_build(tmp_path, tmp_path / "site2")
    assert result.returncode != 0
    assert "unknown page families ['stagez']" in result.stderr
    assert "Traceback" not in result.stderr


def test_large_routing_is_split_into_readable_diagrams(tmp_path: Path) -> None:
    rules = "".join(
        f"  - {{id: r{i}, name: R{i}, priority: {i}, description: D., when: {{all: [{{field: Lead.Score, op: gte, value: {100 - i}}}]}}, assign: {{queue: q_na}}}}\n"
        for i in range(1, 41)
    )
    root = write_catalog(tmp_path / "catalog", {"x.yaml": "routing:\n" + rules})
    catalog = build(root)
    flows = routing_flows(Context(catalog, Urls(catalog), "routing.md"))
    assert len(flows) >= 3
    for _, diagram in flows:
        nodes = [
            line
            for line in diagram.splitlines()
            if line.strip().startswith("n")
            and ("[" in line or "{" in line or "(" in line)
            and "-->" not in line
        ]
        assert len(nodes) <= MAX_NODES


@pytest.mark.slow
def test_macros_never_evaluate_catalog_text(tmp_path: Path) -> None:
    write_catalog(
        tmp_path / "catalog",
        {
            "x.yaml": 'teams:\n  - {id: t2, name: "{{ 7*7 }} {{ config.site_name }}", description: "{% raw %}x"}\n'
        },
    )
    stages = (
        (tmp_path / "catalog" / "stages.yaml")
        .read_text()
        .replace("definition: Captured.", 'definition: "Captured {{ 7*7 }} {{ config.site_name }}"')
    )
    (tmp_path / "catalog" / "stages.yaml").write_text(stages)
    result = build_wiki(tmp_path)
    assert result.returncode == 0, result.stderr
    guide = (tmp_path / "site" / "guides" / "how-we-work" / "index.html").read_text()
    assert "Captured {{ 7*7 }} {{ config.site_name }}" in guide
    assert "Captured 49" not in guide and "Captured Lead engine architecture" not in guide
    teams = (tmp_path / "site" / "teams" / "index.html").read_text()
    assert "{{ 7*7 }}" in teams and "{% raw %}x" in teams


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode()


@pytest.mark.slow
def test_serve_rebuilds_when_the_catalog_changes(tmp_path: Path) -> None:
    write_catalog(tmp_path / "catalog")
    build_wiki(tmp_path)
    port = _free_port()
    log_path = tmp_path / "serve.log"
    with log_path.open("w") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
            cwd=tmp_path,
            stdout=log,
            stderr=subprocess.STDOUT,
            text=True,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        )
        try:
            url = f"http://127.0.0.1:{port}/stages/mql/"
            deadline = time.time() + 60
            while True:
                try:
                    assert "Qualified, see" in _get(url)
                    break
                except OSError:
                    assert time.time() < deadline, log_path.read_text()
                    time.sleep(0.3)
            stages = tmp_path / "catalog" / "stages.yaml"
            stages.write_text(
                stages.read_text().replace(
                    "definition: Qualified, see", "definition: Freshly edited, see"
                )
            )
            deadline = time.time() + 60
            while "Freshly edited" not in _get(url):
                assert time.time() < deadline, log_path.read_text()
                time.sleep(0.3)
            # A broken save: located diagnostics in the log, and the server keeps running.
            stages.write_text(stages.read_text().replace("owner: sdr", "owner: sdrr"))
            deadline = time.time() + 30
            while "The catalog has errors" not in _get(url):
                assert time.time() < deadline, log_path.read_text()
                time.sleep(0.3)
            assert "stages.yaml:18:12: LA020 error" in _get(url)  # on the page, too
            assert server.poll() is None
            stages.write_text(stages.read_text().replace("owner: sdrr", "owner: sdr"))
            deadline = time.time() + 30
            while "The catalog has errors" in _get(url):  # the next good save rebuilds
                assert time.time() < deadline, log_path.read_text()
                time.sleep(0.3)
        finally:
            server.terminate()
            server.wait(timeout=20)
    output = log_path.read_text()
    assert "Watching paths for changes" in output and "catalog" in output
    assert "stages.yaml:18:12: LA020 error" in output


@pytest.mark.slow
def test_enterprise_data_flow_is_split_into_readable_diagrams(tmp_path: Path) -> None:
    from leadarch.wiki.render.diagrams import data_flow

    subprocess.run(
        [
            sys.executable,
            str(Path(__file__).parents[1] / "bench" / "generate.py"),
            "--scale",
            "enterprise",
            str(tmp_path / "ent"),
        ],
        check=True,
    )
    catalog = build(tmp_path / "ent")
    text = data_flow(Context(catalog, Urls(catalog), "systems/index.md"))
    diagrams = text.count("```mermaid")
    assert diagrams >= 2
    for chunk in text.split("```mermaid")[1:]:
        assert chunk.count('["') <= MAX_NODES


def test_a_very_long_lifecycle_is_split(tmp_path: Path) -> None:
    from leadarch.wiki.render.diagrams import journey

    stages = "stages:\n" + "".join(
        f"  - {{id: s{i}, name: S{i}, model: opportunity, order: {i}, owner: ops, sla: sla_review, definition: D., "
        + ("entry: true, " if i == 0 else "")
        + (
            f"transitions: [{{to: s{i + 1}, type: advance}}]}}\n"
            if i < 59
            else "terminal: true, outcome: won}\n"
        )
        for i in range(60)
    )
    root = write_catalog(tmp_path / "catalog", {"x.yaml": stages})
    catalog = build(root)
    text = journey(Context(catalog, Urls(catalog), "journey.md"), "opportunity")
    assert text.count("```mermaid") == 2
    assert '"#8594; S30"' in text  # the first part points to where the second one starts
