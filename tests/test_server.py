"""The lint server and the workspace it keeps: the same answers as a fresh process, faster.

Every comparison here is against the real thing: a fresh `python -m leadarch lint`
process (LEADARCH_NO_SERVER=1), or a build without a workspace.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import stat
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from leadarch import __version__
from leadarch.core.catalog import Workspace, build
from leadarch.lint.config import Config
from leadarch.lint.engine import lint_catalog
from leadarch.server.daemon import Resident
from leadarch.server.protocol import environment

from tests.conftest import REPO, run_cli

HERE = {"LEADARCH_NO_SERVER": "1"}


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


# Each step changes the catalog the way an author would, the last one undoing the first.
EDITS: list[tuple[str, Callable[[Path], None]]] = [
    ("nothing changed", lambda root: None),
    (
        "a description edited",
        lambda root: _edit(
            root / "stages" / "lifecycle.yaml", "description: ", "description: Now "
        ),
    ),
    (
        "a reference broken",
        lambda root: _edit(root / "routing.yaml", "queue: ", "queue: no_such_queue_"),
    ),
    ("a syntax error", lambda root: _append(root / "slas.yaml", "\n  - [unclosed\n")),
    (
        "a file deleted",
        lambda root: (root / "maturity.yaml").unlink(),
    ),
    (
        "a stage defined again in another file",
        lambda root: (root / "more.yaml").write_text(
            "stages:\n  - id: mql\n    name: Copy\n    team: marketing\n", encoding="utf-8"
        ),
    ),
    (
        "an id defined twice within one file",
        lambda root: _append(
            root / "more.yaml", "  - id: twin\n    name: A\n  - id: twin\n    name: B\n"
        ),
    ),
    (
        "the syntax error fixed",
        lambda root: _edit(root / "slas.yaml", "\n  - [unclosed\n", "\n"),
    ),
]


@pytest.fixture
def catalog_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    shutil.copytree(REPO / "catalog", tmp_path / "catalog")
    return Path("catalog")


def test_a_workspace_builds_what_a_fresh_build_builds_after_every_kind_of_edit(
    catalog_copy: Path,
) -> None:
    workspace = Workspace()
    build(catalog_copy, workspace=workspace)
    for step, edit in EDITS:
        before = dict(workspace.units)
        edit(catalog_copy)
        kept = build(catalog_copy, workspace=workspace)
        fresh = build(catalog_copy)
        assert lint_catalog(kept, Config()) == lint_catalog(fresh, Config()), step
        assert list(kept.entities) == list(fresh.entities), step
        assert kept.entities == fresh.entities, step
        assert kept.index.references == fresh.index.references, step
        assert kept.findings == fresh.findings, step
        assert kept.objects == fresh.objects and kept.known == fresh.known, step
        # what did not change was not read again: the very same unit objects
        untouched = [p for p, u in before.items() if workspace.units.get(p) is u]
        changed = {p for p in before if p not in untouched}
        assert len(changed) <= 1, (step, changed)
    assert "catalog/maturity.yaml" not in workspace.units  # a deleted file leaves nothing


def _lint_both(cwd: Path, *args: str) -> tuple[subprocess.CompletedProcess[str], ...]:
    served = run_cli("lint", *args, cwd=cwd)
    here = run_cli("lint", *args, cwd=cwd, env=HERE)
    return served, here


def _answered(cwd: Path) -> int:
    status = run_cli("server", "status", "catalog", cwd=cwd)
    assert status.returncode == 0, status.stdout + status.stderr
    return int(status.stdout.split("answered ")[1].split()[0])


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Path]:
    """A running server for a copy of the example catalog in `tmp_path`."""
    shutil.copytree(REPO / "catalog", tmp_path / "catalog")
    started = run_cli("server", "start", "catalog", cwd=tmp_path)
    assert started.returncode == 0, started.stdout + started.stderr
    yield tmp_path
    run_cli("server", "stop", "catalog", cwd=tmp_path)


@pytest.mark.slow
def test_the_server_answers_byte_for_byte_as_a_fresh_process(server: Path) -> None:
    root = server / "catalog"
    commands = [
        (),
        ("catalog",),
        ("--format", "json"),
        ("--format", "sarif"),
        ("--format", "github", "--select", "LA02"),
        ("--ignore", "LA020,LA110"),
        ("--select", "LA999"),  # an unknown code: exit 2 with a message
        ("--format", "nonsense"),  # argparse: usage on stderr, exit 2
        ("no_such_folder",),
    ]
    answered = _answered(server)
    for step, edit in EDITS:
        edit(root)
        for args in commands:
            served, here = _lint_both(server, *args)
            assert (served.stdout, served.stderr, served.returncode) == (
                here.stdout,
                here.stderr,
                here.returncode,
            ), (step, args)
        assert _answered(server) == answered + len(commands), step
        answered += len(commands)
    # from a subfolder, the socket is found above it and paths are shown from there
    sub = server / "catalog" / "stages"
    served, here = _lint_both(sub, "..")
    assert (served.stdout, served.returncode) == (here.stdout, here.returncode)
    assert served.returncode == 1 and "../routing.yaml:" in served.stdout  # the broken reference
    assert _answered(server) == answered + 1


@pytest.mark.slow
def test_the_server_runs_start_status_stop_and_keeps_its_socket_private(server: Path) -> None:
    socket = server / ".leadarch_cache" / "server.sock"
    assert stat.S_ISSOCK(socket.stat().st_mode)
    assert stat.S_IMODE(socket.stat().st_mode) == 0o600
    again = run_cli("server", "start", "catalog", cwd=server)
    assert again.returncode == 0 and "already running" in again.stdout
    stopped = run_cli("server", "stop", "catalog", cwd=server)
    assert stopped.returncode == 0 and "stopped" in stopped.stdout
    assert not socket.exists()
    status = run_cli("server", "status", "catalog", cwd=server)
    assert status.returncode == 1 and "not running" in status.stdout
    assert run_cli("lint", cwd=server).returncode == 0  # no server: linted here
    missing = run_cli("server", "start", "no_such_catalog", cwd=server)
    assert missing.returncode == 2 and "no catalog folder at no_such_catalog" in missing.stderr
    assert "Traceback" not in missing.stderr and not socket.exists()


@pytest.mark.slow
def test_a_killed_server_leaves_lint_working_and_is_replaced_by_the_next_start(
    server: Path,
) -> None:
    status = run_cli("server", "status", "catalog", cwd=server)
    pid = int(status.stdout.split("pid ")[1].split(",")[0])
    os.kill(pid, signal.SIGKILL)
    _wait_gone(pid)
    socket = server / ".leadarch_cache" / "server.sock"
    assert socket.exists()  # left behind: nobody listens on it
    served, here = _lint_both(server)
    assert (
        (served.stdout, served.returncode)
        == (here.stdout, here.returncode)
        == (
            here.stdout,
            0,
        )
    )
    assert run_cli("server", "status", "catalog", cwd=server).returncode == 1
    restarted = run_cli("server", "start", "catalog", cwd=server)
    assert restarted.returncode == 0 and "started" in restarted.stdout
    assert _answered(server) == 0


def _wait_gone(pid: int) -> None:
    for _ in range(500):
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        if Path(f"/proc/{pid}/stat").read_text().split()[2] == "Z":
            return  # a zombie: dead, waiting for its parent
        os.sched_yield()
    raise AssertionError(f"process {pid} still alive")


def test_the_server_refuses_other_versions_and_stops_when_its_code_changes(
    tmp_path: Path,
) -> None:
    resident = Resident()
    request = {
        "argv": ["lint"],
        "cwd": str(tmp_path),
        "env": {},
        "version": __version__,
        "environment": environment(),
    }
    reply = resident.answer({**request, "version": "0.0.0-other"})
    assert reply is not None and "refused" in reply and not resident.stopping.is_set()
    reply = resident.answer({**request, "environment": "/other/venv|3.11.7"})
    assert reply is not None and "refused" in reply and not resident.stopping.is_set()
    resident.stamp = ()  # as if leadarch's files had changed since the server started
    reply = resident.answer(request)
    assert reply is not None and "refused" in reply and resident.stopping.is_set()


def test_a_request_runs_in_the_clients_folder_and_environment_and_leaves_the_servers_alone(
    tmp_path: Path,
) -> None:
    shutil.copytree(REPO / "catalog", tmp_path / "catalog")
    resident = Resident()
    cwd, env = os.getcwd(), dict(os.environ)
    cache = tmp_path / "elsewhere"
    reply = resident.lint(
        ["lint", "--format", "json"], str(tmp_path), {"LEADARCH_CACHE_DIR": str(cache)}
    )
    assert reply["code"] == 0 and json.loads(reply["stdout"]) is not None
    assert cache.is_dir()  # the client's variable was the one in force
    assert os.getcwd() == cwd and dict(os.environ) == env


@pytest.mark.slow
def test_an_idle_server_stops_by_itself_and_removes_its_socket(tmp_path: Path) -> None:
    shutil.copytree(REPO / "catalog", tmp_path / "catalog")
    started = run_cli("server", "start", "catalog", "--idle-minutes", "0.02", cwd=tmp_path)
    assert started.returncode == 0, started.stdout + started.stderr
    socket = tmp_path / ".leadarch_cache" / "server.sock"
    for _ in range(300):  # 1.2 s of idleness, then it stops
        if not socket.exists():
            break
        time.sleep(0.05)
    assert not socket.exists()
    assert "idle, stopping" in (tmp_path / ".leadarch_cache" / "server.log").read_text()


@pytest.mark.slow
def test_a_server_whose_leadarch_changed_says_so_and_start_replaces_it(server: Path) -> None:
    import leadarch.client

    module = Path(leadarch.client.__file__)
    before = module.stat()
    old_pid = run_cli("server", "status", "catalog", cwd=server).stdout.split("pid ")[1]
    try:  # as an upgrade or a checkout would: leadarch's files change on disk
        os.utime(module, ns=(before.st_atime_ns, before.st_mtime_ns + 1_000_000_000))
        status = run_cli("server", "status", "catalog", cwd=server)
        assert status.returncode == 0 and "restart it" in status.stdout
        restarted = run_cli("server", "start", "catalog", cwd=server)
        assert restarted.returncode == 0 and "started" in restarted.stdout, restarted.stdout
        status = run_cli("server", "status", "catalog", cwd=server)
        assert "restart it" not in status.stdout
        assert status.stdout.split("pid ")[1] != old_pid
        served, here = _lint_both(server)
        assert (served.stdout, served.returncode) == (here.stdout, here.returncode)
        assert _answered(server) == 1
    finally:
        os.utime(module, ns=(before.st_atime_ns, before.st_mtime_ns))


@pytest.mark.slow
def test_sigterm_stops_the_server_cleanly_and_a_second_server_leaves_the_first_alone(
    server: Path,
) -> None:
    folder = server / ".leadarch_cache"
    second = subprocess.run(
        [sys.executable, "-m", "leadarch.server.daemon", str(folder / "server.sock")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert second.returncode == 0 and "another server holds this folder" in second.stdout
    assert _answered(server) == 0  # the first still answers, on its own socket
    pid = int(
        run_cli("server", "status", "catalog", cwd=server).stdout.split("pid ")[1].split(",")[0]
    )
    os.kill(pid, signal.SIGTERM)
    for _ in range(200):
        if not (folder / "server.sock").exists():
            break
        time.sleep(0.05)
    assert not (folder / "server.sock").exists()
    log = (folder / "server.log").read_text()
    assert "terminated, stopping" in log and "Traceback" not in log
