"""Stopping leadarch's writing commands from outside, at a chosen commit point, with strace:
shared by the crash tests and the long fuzz run (bench/fuzz.py)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DESCRIBE = (
    REPO / "tests" / "fixtures" / "realdata" / "salesforce" / "describe" / "Lead.describe.raw.json"
)
ENV = {**os.environ, "LEADARCH_NO_SERVER": "1", "PYTHONDONTWRITEBYTECODE": "1"}
RENAMES = "rename,renameat,renameat2"


COMMANDS = {
    "rename": ["rename", "queue:sdr_na", "sdr_north_america"],
    "release": ["release", "1.3.0", "--date", "2026-12-01"],
    "changelog": ["changelog", "add", "--type", "changed", "--ref", "stage:mql", "Threshold 110"],
    "import": ["import", "salesforce", str(DESCRIBE)],
    "fmt": ["fmt"],
}


def copy_catalog(tmp_path: Path, name: str, command: str) -> Path:
    work = tmp_path / name
    shutil.copytree(REPO / "catalog", work / "catalog")
    if command == "fmt":
        fmt_work(work / "catalog")
    return work


def fmt_work(catalog: Path) -> None:
    for path in sorted(catalog.glob("*.yaml"))[:3]:
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        for i in range(len(lines) - 1):  # swap the first two keys of the first block entity
            a, b = lines[i], lines[i + 1]
            if (
                a.startswith("  - ")
                and b.startswith("    ")
                and not b.startswith("     ")
                and ":" in a
                and ":" in b
            ):
                lines[i], lines[i + 1] = "  - " + b[4:], "    " + a[4:]
                break
        path.write_text("".join(lines), encoding="utf-8")


def snapshot(work: Path) -> dict[str, bytes]:
    """Every file in the catalog folder, hidden ones included."""
    return {
        p.relative_to(work).as_posix(): p.read_bytes()
        for p in sorted((work / "catalog").rglob("*"))
        if p.is_file()
    }


def run_leadarch(
    work: Path, *args: str, inject: str | None = None
) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "leadarch", *args]
    if inject is not None:
        command = [
            "strace",
            "-f",
            "-qq",
            "-o",
            os.devnull,
            "-e",
            inject,  # no `trace=none`: it turns injection off too
            *command,
        ]
    return subprocess.run(command, cwd=work, env=ENV, capture_output=True, text=True, timeout=120)


def commit_points(work: Path, args: list[str]) -> int:
    trace = work / "renames.txt"
    subprocess.run(
        [
            "strace",
            "-f",
            "-qq",
            "-o",
            str(trace),
            "-e",
            f"trace={RENAMES}",
            sys.executable,
            "-m",
            "leadarch",
            *args,
        ],
        cwd=work,
        env=ENV,
        capture_output=True,
        check=True,
        timeout=120,
    )
    return sum(1 for line in trace.read_text().splitlines() if "rename" in line)
