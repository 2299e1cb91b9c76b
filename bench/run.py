"""Benchmarks measured as ratios against baselines in the same run.

    python bench/run.py [--quick] [--check]

Every figure is the median of several whole-process runs after a warm-up. Writes
bench/results.json and bench/results.md and prints each target with pass/fail;
with --check it exits 1 when a target is missed by more than 25% (machines are noisy).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PY = sys.executable
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1767225600"}


def timed(cmd: list[str], cwd: Path, runs: int) -> tuple[float, int]:
    """Median wall seconds over `runs` (after one warm-up) and peak RSS in KB."""
    rss = 0
    subprocess.run(cmd, cwd=cwd, env=ENV, capture_output=True)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        result = subprocess.run(
            ["/usr/bin/time", "-f", "%M", *cmd], cwd=cwd, env=ENV, capture_output=True, text=True
        )
        times.append(time.perf_counter() - start)
        with contextlib.suppress(ValueError, IndexError):
            rss = max(rss, int(result.stderr.strip().splitlines()[-1]))
    return statistics.median(times), rss


def _warm(work: Path, scale: str, runs: int) -> float:
    """Lint with the parse cache filled, after editing one file each time."""
    cmd = [PY, "-m", "leadarch", "lint", scale]
    subprocess.run(cmd, cwd=work, env=ENV, capture_output=True)
    target = sorted((work / scale).rglob("*.yaml"))[0]
    times = []
    for n in range(runs):
        target.write_text(target.read_text() + f"# edit {n}\n")
        start = time.perf_counter()
        subprocess.run(cmd, cwd=work, env=ENV, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _works(cmd: list[str], cwd: Path) -> bool:
    """A peer only counts when it really validates (it must not fail on its own setup)."""
    return subprocess.run(cmd, cwd=cwd, env=ENV, capture_output=True).returncode == 0


FLOOR = "import glob, sys, yaml\nfor f in sorted(glob.glob(sys.argv[1] + '/**/*.y*ml', recursive=True)):\n    yaml.load(open(f, 'rb'), Loader=yaml.CSafeLoader)\n"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "--quick", action="store_true", help="medium instead of enterprise, fewer runs"
    )
    parser.add_argument(
        "--check", action="store_true", help="exit 1 when a target is missed by more than 25%%"
    )
    args = parser.parse_args()
    runs = 3 if args.quick else 5
    big = "medium" if args.quick else "enterprise"
    results: dict[str, float] = {}
    rss: dict[str, int] = {}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for scale in ("example", big):
            subprocess.run(
                [PY, str(REPO / "bench" / "generate.py"), "--scale", scale, str(work / scale)],
                check=True,
            )
        (work / "floor.py").write_text(FLOOR)
        results["python -c pass"], _ = timed([PY, "-c", "pass"], work, runs)
        results["python -c 'import yaml'"], _ = timed([PY, "-c", "import yaml"], work, runs)
        for scale in ("example", big):
            results[f"lint {scale}"], rss[f"lint {scale}"] = timed(
                [PY, "-m", "leadarch", "lint", "--no-cache", scale], work, runs
            )
            results[f"CSafeLoader load {scale}"], _ = timed([PY, "floor.py", scale], work, runs)
        results[f"lint {big} warm, one file changed"] = _warm(work, big, runs)
        files = [str(p) for p in sorted((work / big).rglob("*.yaml"))]
        if shutil.which("check-jsonschema") and _works(
            [
                "check-jsonschema",
                "--schemafile",
                str(REPO / "schemas" / "catalog.schema.json"),
                files[0],
            ],
            work,
        ):
            results[f"check-jsonschema {big}"], _ = timed(
                [
                    "check-jsonschema",
                    "--schemafile",
                    str(REPO / "schemas" / "catalog.schema.json"),
                    *files,
                ],
                work,
                max(1, runs - 2),
            )
        if shutil.which("yamllint"):
            results[f"yamllint {big}"], _ = timed(["yamllint", "-d", "relaxed", *files], work, runs)
        site = work / "site"
        shutil.copy(REPO / "mkdocs.yml", site.parent / "mkdocs.yml")
        shutil.copytree(REPO / "docs", work / "docs")
        shutil.copytree(REPO / "catalog", work / "catalog")
        results["mkdocs build example"], rss["mkdocs build example"] = timed(
            [PY, "-m", "mkdocs", "build", "-q", "-d", str(site)], work, max(1, runs - 2)
        )
        largest = max(p.stat().st_size for p in site.rglob("*.html"))
    ratios = {
        f"lint {big} warm / cold": results[f"lint {big} warm, one file changed"]
        / results[f"lint {big}"],
        f"lint {big} / CSafeLoader load": results[f"lint {big}"]
        / results[f"CSafeLoader load {big}"],
        "lint example / python -c 'import yaml'": results["lint example"]
        / results["python -c 'import yaml'"],
    }
    if f"check-jsonschema {big}" in results:
        ratios[f"lint {big} / check-jsonschema"] = (
            results[f"lint {big}"] / results[f"check-jsonschema {big}"]
        )
    targets = {
        f"lint {big} warm / cold": 0.25,
        f"lint {big} / CSafeLoader load": 1.0,
        f"lint {big} / check-jsonschema": 0.2,
        "lint example / python -c 'import yaml'": 4.0,
    }
    lines = ["| Measure | Seconds (median) |", "|---|---|"] + [
        f"| {k} | {v:.3f} |" for k, v in results.items()
    ]
    lines += ["", "| Ratio | Value | Target | Result |", "|---|---|---|---|"]
    failed = []
    for name, value in ratios.items():
        target = targets.get(name)
        verdict = (
            "—"
            if target is None
            else ("pass" if value <= target else ("miss" if value <= target * 1.25 else "FAIL"))
        )
        if verdict == "FAIL":
            failed.append(name)
        lines.append(
            f"| {name} | {value:.2f}× | ≤ {target}× | {verdict} |"
            if target
            else f"| {name} | {value:.2f}× | — | — |"
        )
    lines += [
        "",
        "Peak RSS: " + ", ".join(f"{k} {v / 1024:.0f} MB" for k, v in rss.items()),
        f"Largest HTML page: {largest / 1024:.0f} KB",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
    ]
    table = "\n".join(lines)
    out = {
        "results": results,
        "ratios": ratios,
        "rss_kb": rss,
        "largest_html_bytes": largest,
        "quick": args.quick,
    }
    (REPO / "bench" / "results.json").write_text(json.dumps(out, indent=2) + "\n")
    (REPO / "bench" / "results.md").write_text(table + "\n")
    print(table)
    return 1 if args.check and failed else 0


if __name__ == "__main__":
    sys.exit(main())
