"""Every writing command, stopped from outside at every commit point: the catalog is all old
or all new after the next command, byte for byte, and no temporary file is left in it.

`strace -e inject=rename,renameat,renameat2:signal=SIG:when=N` delivers SIG at the N-th
rename of the command: the journal's own renames, then each file's. SIGKILL cannot be
caught (only the journal saves the catalog); SIGINT, SIGTERM and SIGHUP wait until the
renames are done. The next command (`leadarch lint`) finds the journal and settles it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

pytestmark = pytest.mark.slow

if shutil.which("strace") is None:
    if os.environ.get("CI"):
        raise RuntimeError("CI must run the fault-injection tests: ./setup.sh installs strace")
    pytest.skip("strace is not installed", allow_module_level=True)

DESCRIBE = (
    REPO / "tests" / "fixtures" / "realdata" / "salesforce" / "describe" / "Lead.describe.raw.json"
)
ENV = {**os.environ, "LEADARCH_NO_SERVER": "1", "PYTHONDONTWRITEBYTECODE": "1"}
RENAMES = "rename,renameat,renameat2"


def _unordered(catalog: Path) -> None:
    """Keys out of schema order in three files, so that fmt has three files to write."""
    for name, old, new in (
        (
            "teams.yaml",
            "  - id: marketing\n    name: Marketing\n",
            "  - name: Marketing\n    id: marketing\n",
        ),
        ("roles.yaml", "  - id: sdr\n    name: ", "  - name: SDRX\n    id: sdr\n    nameX: "),
        ("slas.yaml", "  - id: ", "  - id: "),
    ):
        path = catalog / name
        text = path.read_text(encoding="utf-8")
        assert old in text, (name, old)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")


COMMANDS = {
    "rename": ["rename", "queue:sdr_na", "sdr_north_america"],
    "release": ["release", "1.3.0", "--date", "2026-12-01"],
    "changelog": ["changelog", "add", "--type", "changed", "--ref", "stage:mql", "Threshold 110"],
    "import": ["import", "salesforce", str(DESCRIBE)],
    "fmt": ["fmt"],
}


def _copy(tmp_path: Path, name: str, command: str) -> Path:
    work = tmp_path / name
    shutil.copytree(REPO / "catalog", work / "catalog")
    if command == "fmt":
        _fmt_work(work / "catalog")
    return work


def _fmt_work(catalog: Path) -> None:
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


def _snapshot(work: Path) -> dict[str, bytes]:
    """Every file in the catalog folder, hidden ones included."""
    return {
        p.relative_to(work).as_posix(): p.read_bytes()
        for p in sorted((work / "catalog").rglob("*"))
        if p.is_file()
    }


def _leadarch(
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


def _commit_points(work: Path, args: list[str]) -> int:
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


@pytest.fixture(scope="module", params=sorted(COMMANDS))
def sides(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> tuple[str, dict[str, bytes], dict[str, bytes], int]:
    """A command, the catalog before and after it, and how many renames it makes."""
    name = request.param
    tmp = tmp_path_factory.mktemp(f"sides-{name}")
    old = _snapshot(_copy(tmp, "old", name))
    done = _copy(tmp, "new", name)
    points = _commit_points(done, COMMANDS[name])
    new = _snapshot(done)
    assert new != old, f"{name} changed nothing"
    assert points >= 3, (name, points)  # the journal twice, then at least one file
    return name, old, new, points


@pytest.mark.parametrize("signal_name", ["SIGKILL", "SIGTERM", "SIGHUP", "SIGINT"])
def test_stopped_at_every_commit_point_the_catalog_is_all_old_or_all_new(
    sides: tuple[str, dict[str, bytes], dict[str, bytes], int], tmp_path: Path, signal_name: str
) -> None:
    name, old, new, points = sides
    seen = set()
    for n in range(1, points + 1):
        work = _copy(tmp_path, f"{signal_name}-{n}", name)
        stopped = _leadarch(
            work, *COMMANDS[name], inject=f"inject={RENAMES}:signal={signal_name}:when={n}"
        )
        assert "Traceback" not in stopped.stderr, stopped.stderr
        after = _leadarch(work, "lint")
        assert "Traceback" not in after.stderr, after.stderr
        state = _snapshot(work)
        assert state in (old, new), (name, signal_name, n, sorted(set(state) ^ set(old)))
        side = "new" if state == new else "old"
        seen.add(side)
        if signal_name != "SIGKILL" and n > 2:  # a file rename: the signal waited for the rest
            assert side == "new", (name, signal_name, n, stopped.stderr)
            assert "the change was written in full" in stopped.stderr
        if side == "old" and n > 2:
            assert "was undone: the catalog is as before it" in after.stderr, after.stderr
    if signal_name == "SIGKILL":
        assert seen == {"old"} or points > 3, seen  # with several files, some kills land late


def test_a_kill_during_recovery_is_recovered_the_same_way(tmp_path: Path) -> None:
    old = _snapshot(_copy(tmp_path, "old", "rename"))
    work = _copy(tmp_path, "work", "rename")
    # killed after the first file was renamed: half new, half old, journal committing
    stopped = _leadarch(work, *COMMANDS["rename"], inject=f"inject={RENAMES}:signal=SIGKILL:when=3")
    assert stopped.returncode != 0
    assert _snapshot(work) != old
    # the next command is killed while restoring the first file, then another one finishes
    _leadarch(work, "lint", inject=f"inject={RENAMES}:signal=SIGKILL:when=1")
    settled = _leadarch(work, "lint")
    assert "was undone" in settled.stderr
    assert _snapshot(work) == old


def test_a_kill_at_the_commit_itself_keeps_the_finished_change(tmp_path: Path) -> None:
    """Every file renamed, the process killed as it removes the journal (the commit point)
    or the backups: the change is complete, and is kept."""
    new = _snapshot(_done(tmp_path / "done"))
    for n in range(1, 4):
        work = _copy(tmp_path, f"unlink-{n}", "rename")
        stopped = _leadarch(
            work, *COMMANDS["rename"], inject=f"inject=unlink,unlinkat:signal=SIGKILL:when={n}"
        )
        after = _leadarch(work, "lint")
        assert _snapshot(work) == new, (n, stopped.returncode, after.stderr)
        if stopped.returncode == -9:
            assert "had finished: it is kept" in after.stderr or not after.stderr, after.stderr


def _done(root: Path) -> Path:
    work = _copy(root, "w", "rename")
    assert _leadarch(work, *COMMANDS["rename"]).returncode == 0
    return work
