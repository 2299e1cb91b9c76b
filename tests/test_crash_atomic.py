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
from pathlib import Path

import pytest

from tests.faults import COMMANDS, RENAMES, commit_points, copy_catalog, run_leadarch, snapshot

pytestmark = pytest.mark.slow

if shutil.which("strace") is None:
    if os.environ.get("CI"):
        raise RuntimeError("CI must run the fault-injection tests: ./setup.sh installs strace")
    pytest.skip("strace is not installed", allow_module_level=True)


@pytest.fixture(scope="module", params=sorted(COMMANDS))
def sides(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> tuple[str, dict[str, bytes], dict[str, bytes], int]:
    """A command, the catalog before and after it, and how many renames it makes."""
    name = request.param
    tmp = tmp_path_factory.mktemp(f"sides-{name}")
    old = snapshot(copy_catalog(tmp, "old", name))
    done = copy_catalog(tmp, "new", name)
    points = commit_points(done, COMMANDS[name])
    new = snapshot(done)
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
        work = copy_catalog(tmp_path, f"{signal_name}-{n}", name)
        stopped = run_leadarch(
            work, *COMMANDS[name], inject=f"inject={RENAMES}:signal={signal_name}:when={n}"
        )
        assert "Traceback" not in stopped.stderr, stopped.stderr
        after = run_leadarch(work, "lint")
        assert "Traceback" not in after.stderr, after.stderr
        state = snapshot(work)
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
    old = snapshot(copy_catalog(tmp_path, "old", "rename"))
    work = copy_catalog(tmp_path, "work", "rename")
    # killed after the first file was renamed: half new, half old, journal committing
    stopped = run_leadarch(
        work, *COMMANDS["rename"], inject=f"inject={RENAMES}:signal=SIGKILL:when=3"
    )
    assert stopped.returncode != 0
    assert snapshot(work) != old
    # the next command is killed while restoring the first file, then another one finishes
    run_leadarch(work, "lint", inject=f"inject={RENAMES}:signal=SIGKILL:when=1")
    settled = run_leadarch(work, "lint")
    assert "was undone" in settled.stderr
    assert snapshot(work) == old


def test_a_kill_at_the_commit_itself_keeps_the_finished_change(tmp_path: Path) -> None:
    """Every file renamed, the process killed as it removes the journal (the commit point)
    or the backups: the change is complete, and is kept."""
    new = snapshot(_done(tmp_path / "done"))
    for n in range(1, 4):
        work = copy_catalog(tmp_path, f"unlink-{n}", "rename")
        stopped = run_leadarch(
            work, *COMMANDS["rename"], inject=f"inject=unlink,unlinkat:signal=SIGKILL:when={n}"
        )
        after = run_leadarch(work, "lint")
        assert snapshot(work) == new, (n, stopped.returncode, after.stderr)
        if stopped.returncode == -9:
            assert "had finished: it is kept" in after.stderr or not after.stderr, after.stderr


def _done(root: Path) -> Path:
    work = copy_catalog(root, "w", "rename")
    assert run_leadarch(work, *COMMANDS["rename"]).returncode == 0
    return work
