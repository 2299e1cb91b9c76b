"""The synthetic catalogs of bench/generate.py are valid, lint-clean and as big as promised."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from leadarch.lint.config import Config
from leadarch.lint.engine import lint

from tests.conftest import REPO


@pytest.mark.slow
@pytest.mark.parametrize("scale", ["example", "medium", "enterprise"])
def test_generated_catalog_lints_clean(tmp_path: Path, scale: str) -> None:
    out = tmp_path / scale
    subprocess.run(
        [sys.executable, str(REPO / "bench" / "generate.py"), "--scale", scale, str(out)],
        check=True,
    )
    catalog, diagnostics = lint(out, Config())
    assert [str(d) for d in diagnostics] == []
    if scale == "enterprise":
        kinds = Counter(ref.partition(":")[0] for ref in catalog.entities)
        assert kinds["stage"] >= 60 and kinds["field"] >= 5000 and len(catalog.objects) >= 12
        assert kinds["routing"] >= 500 and all(
            r.examples
            for r in catalog.of(type(catalog.get("routing:rule_0")))
            if r.id != "fallback"
        )
        assert kinds["role"] >= 80 and kinds["activity"] >= 400 and kinds["release"] >= 200
        assert kinds["system"] + kinds["integration"] >= 100
        assert len(catalog.files) >= 20  # split over files as a team would


@pytest.mark.slow
def test_generation_is_deterministic(tmp_path: Path) -> None:
    for name in ("a", "b"):
        subprocess.run(
            [
                sys.executable,
                str(REPO / "bench" / "generate.py"),
                "--scale",
                "medium",
                str(tmp_path / name),
            ],
            check=True,
        )
    files = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*.yaml"))
    assert files and all(
        (tmp_path / "a" / f).read_bytes() == (tmp_path / "b" / f).read_bytes() for f in files
    )


def _build(project: Path, config: str, out: Path) -> set[str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1767225600"}
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", config, "-d", str(out)],
        cwd=project,
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return {p.relative_to(out).as_posix() for p in out.rglob("*.html")}


@pytest.mark.slow
def test_the_build_floor_has_exactly_the_pages_of_the_real_wiki(tmp_path: Path) -> None:
    """The floor is only fair if it builds the same pages: same count, same paths, same
    diagrams, with both the mermaid2 and the native Mermaid configuration."""
    sys.path.insert(0, str(REPO / "bench"))
    from history import walks

    walks(REPO / "catalog", tmp_path / "history.csv", 300)
    subprocess.run(
        [
            sys.executable,
            str(REPO / "bench" / "sites.py"),
            str(REPO / "catalog"),
            str(tmp_path / "p"),
            str(tmp_path / "history.csv"),
        ],
        check=True,
    )
    for config in ("mkdocs.yml", "native.yml"):
        real = _build(tmp_path / "p" / "real", config, tmp_path / f"real-{config}")
        floor = _build(tmp_path / "p" / "floor", config, tmp_path / f"floor-{config}")
        assert real == floor and len(real) > 50
        assert {"funnel/index.html", "conformance/index.html"} <= set(real)  # measured, both
        journey = [
            (tmp_path / f"{kind}-{config}" / "journey" / "index.html").read_text(encoding="utf-8")
            for kind in ("real", "floor")
        ]
        assert journey[0].count('class="mermaid"') == journey[1].count('class="mermaid"') >= 1
    native = (tmp_path / "p" / "real" / "native.yml").read_text(encoding="utf-8")
    assert "mermaid2" not in native and "pymdownx.superfences" in native


def test_targets_pass_miss_and_fail_with_a_quarter_of_tolerance() -> None:
    sys.path.insert(0, str(REPO / "bench"))
    from run import Target

    assert Target("t", 1.0, 1.0).verdict == "pass"
    assert Target("t", 1.2, 1.0).verdict == "miss"
    assert Target("t", 1.3, 1.0).verdict == "FAIL"
    assert Target("t", 1.3, 1.0, known="warm").verdict == "FAIL (known)"


@pytest.mark.slow
def test_a_measure_and_its_baseline_take_turns_run_by_run(tmp_path: Path) -> None:
    sys.path.insert(0, str(REPO / "bench"))
    from run import Bench, Command

    log = tmp_path / "log"
    bench = Bench(tmp_path, runs=3)
    bench.measure({name: Command(["sh", "-c", f"echo {name} >> {log}"]) for name in "AB"})
    # one warm-up each, then A B, B A, A B
    assert log.read_text().split() == ["A", "B", "A", "B", "B", "A", "A", "B"]
    assert set(bench.seconds) == {"A", "B"} and bench.rss_mb["A"] > 0


@pytest.mark.slow
def test_a_failed_target_is_measured_again_before_it_counts(tmp_path: Path) -> None:
    sys.path.insert(0, str(REPO / "bench"))
    from run import Bench, Command, Target, confirmed

    log = tmp_path / "log"
    bench = Bench(tmp_path, runs=1)
    bench.measure({"lint": Command(["sh", "-c", f"echo lint >> {log}"])})
    bench.measure({"other": Command(["sh", "-c", f"echo other >> {log}"])})
    readings = iter([3.0, 0.9])  # a noisy first reading, then the real one

    def spell() -> list[Target]:
        return [Target("lint / floor", next(readings), 1.0, measures=("lint",))]

    found = confirmed(bench, spell)
    assert [t.verdict for t in found] == ["pass"]
    assert log.read_text().split() == ["lint", "lint", "other", "other", "lint", "lint"]
    assert bench.notes == ["lint / floor read 3.00× at first and was measured again"]

    def regression() -> list[Target]:
        return [Target("lint / floor", 3.0, 1.0, measures=("lint",))]

    assert [t.verdict for t in confirmed(bench, regression)] == ["FAIL"]
    assert len(bench.notes) == 3  # measured again twice, then believed


def test_the_full_run_rewrites_only_the_table_of_the_performance_page(tmp_path: Path) -> None:
    sys.path.insert(0, str(REPO / "bench"))
    from run import write_performance_page

    page = tmp_path / "performance.md"
    page.write_text("intro\n<!-- results:start -->\nold\n<!-- results:end -->\noutro\n")
    write_performance_page("| new | table |\n", page)
    text = page.read_text()
    assert text.startswith("intro\n") and text.endswith("<!-- results:end -->\noutro\n")
    assert "| new | table |" in text and "old" not in text
    assert (REPO / "docs" / "performance.md").read_text().count("<!-- results:") == 2


@pytest.mark.slow
def test_an_enterprise_raci_matrix_is_split_by_area_with_only_the_roles_involved(
    tmp_path: Path,
) -> None:
    from leadarch.core.catalog import build
    from leadarch.core.model import Activity, Role
    from leadarch.wiki.render.site import build_site

    out = tmp_path / "enterprise"
    subprocess.run(
        [sys.executable, str(REPO / "bench" / "generate.py"), "--scale", "enterprise", str(out)],
        check=True,
    )
    catalog = build(out)
    page = next(p for p in build_site(catalog, ["raci", "playbooks"]).pages if p.path == "raci.md")
    matrix = page.content.split("## Activities")[0]
    areas = {a.area or "other" for a in catalog.of(Activity)}
    assert matrix.count("\n## ") == len(areas) > 1
    widest = max(line.count("|") for line in matrix.splitlines())
    assert widest - 2 < len(catalog.of(Role))  # no table carries every role
    assert len(page.content) < 600_000


def test_the_performance_page_shows_every_target_and_the_readme_links_it() -> None:
    sys.path.insert(0, str(REPO / "bench"))
    from run import SIMULATED_LEADS, Bench, measure_targets, targets

    bench = Bench(REPO, runs=1)

    class Every(dict):  # every measure the targets ask for, read as one second
        def __missing__(self, key: str) -> float:
            return 1.0

        def __contains__(self, key: object) -> bool:
            return True

    bench.seconds = Every()
    bench.rss_mb = Every()
    page = (REPO / "docs" / "performance.md").read_text(encoding="utf-8")
    found = targets(
        bench,
        "enterprise",
        "enterprise",
        1,
        {f"journey map render {s}": 1.0 for s in ("example", "enterprise")},
        SIMULATED_LEADS,
    )
    assert len(found) >= 17
    recorded = json.loads((REPO / "bench" / "results.json").read_text(encoding="utf-8"))
    sizes = [
        k.split("(", 1)[1].rstrip(")")
        for k in recorded["seconds"]
        if k.startswith("leadarch measure LeadHistory (")
    ]
    assert sizes, "the last full run measured leadarch measure"
    found += measure_targets(bench, sizes[0])
    assert {t.name for t in found} >= {
        "measure peak RSS",
        "measure BPIC 2012 / PM4Py import + token replay",
    }
    for target in found:
        assert f"| {target.name} |" in page, target.name  # from the last full run
    assert "| lint enterprise warm (parse cache), one file changed |" in page
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "(docs/performance.md)" in readme and "(bench/README.md)" in readme


def test_the_reliability_page_shows_the_last_long_run_and_names_real_tests() -> None:
    run = json.loads((REPO / "bench" / "reliability.json").read_text(encoding="utf-8"))
    page = (REPO / "docs" / "reliability.md").read_text(encoding="utf-8")
    row = page.split("<!-- fuzz:start -->")[1].split("<!-- fuzz:end -->")[0].splitlines()[3]
    cells = [c.strip() for c in row.strip("|").split("|")]
    keys = ("cases", "clean", "findings", "crashes", "hangs", "rendered", "unsafe_html")
    keys += ("built_and_opened", "script_executions", "stopped_writes", "partial_writes")
    assert cells[: len(keys)] == [f"{run[k]:,}" for k in keys]
    bad = ("crashes", "hangs", "unsafe_html", "script_executions", "partial_writes")
    assert [run[k] for k in bad] == [0] * len(bad) and run["built_and_opened"] > 0
    assert run["cases"] >= 10_000 and run["stopped_writes"] >= 100
    for name in set(re.findall(r"`(test_[a-z_]+\.py)`", page)):
        assert (REPO / "tests" / name).is_file(), name
