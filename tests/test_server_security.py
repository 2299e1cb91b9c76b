"""The lint server trusts only its owner, and no client can stall, crash or misuse it.

The other user on a shared host is played by a child process that drops to uid 65534
(the tests run as root in CI); it listens where a socket could be planted and records
every byte it receives. The client must send it none and lint by itself.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import pytest
from leadarch import __version__
from leadarch.server.protocol import FORWARDED_ENV, environment

from tests.catalogs import write_catalog
from tests.conftest import REPO, run_cli

pytestmark = pytest.mark.slow

OTHER_UID = 65534
# The other user cannot reach an interpreter under /root: the planted server needs only the
# standard library, so the system's Python runs it.
SYSTEM_PYTHON = "/usr/bin/python3"
if os.getuid() != 0 or not os.access(SYSTEM_PYTHON, os.X_OK):
    pytest.skip("playing another user needs root and a system Python", allow_module_level=True)

# A planted server: answers every request with "all clean", exit 0, and keeps what it got.
FAKE_SERVER = r"""
import json, os, socket, sys
path, record = sys.argv[1], sys.argv[2]
listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
old = os.umask(0o177)
listener.bind(path)
os.umask(old)
listener.listen(8)
open(record + ".ready", "w").close()
while True:
    conn, _ = listener.accept()
    got = b""
    conn.settimeout(2)
    try:
        while chunk := conn.recv(65536):
            got += chunk
    except OSError:
        pass
    with open(record, "ab") as out:
        out.write(got)
    try:
        conn.sendall(json.dumps({"stdout": "All checks passed (planted).\n", "stderr": "", "code": 0,
                                 "pid": 1, "answered": 0, "current": True}).encode())
    except OSError:
        pass
    conn.close()
"""


@pytest.fixture
def shared() -> Iterator[Path]:
    """A world-writable folder with the sticky bit, like the system temporary folder."""
    folder = Path(tempfile.mkdtemp(prefix="leadarch-shared-", dir="/tmp"))
    folder.chmod(0o1777)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def _broken_catalog(root: Path) -> Path:
    write_catalog(
        root / "catalog", {"routing.yaml": "queues: [{id: q, name: Q, role: nobody_here}]\n"}
    )
    return root


@contextmanager
def _plant(path: Path, record: Path, uid: int = OTHER_UID) -> Iterator[None]:
    """A server of user `uid` listening on `path`, recording what it receives in `record`."""
    process = subprocess.Popen(
        [SYSTEM_PYTHON, "-c", FAKE_SERVER, str(path), str(record)], user=uid, group=uid
    )
    try:
        for _ in range(500):
            if Path(str(record) + ".ready").exists():
                break
            time.sleep(0.01)
        else:
            raise AssertionError("the planted server did not start")
        yield
    finally:
        process.kill()
        process.wait()


def _received(record: Path) -> bytes:
    return record.read_bytes() if record.exists() else b""


def _other_users_folder(path: Path) -> Path:
    path.mkdir()
    os.chown(path, OTHER_UID, OTHER_UID)
    return path


def test_a_socket_in_a_shared_parent_folder_is_never_asked(shared: Path) -> None:
    """The old client walked up to any `.leadarch_cache/server.sock`, /tmp's included."""
    cache = _other_users_folder(shared / ".leadarch_cache")
    record = _other_users_folder(shared / "loot") / "got"
    project = shared / "project"
    project.mkdir()
    _broken_catalog(project)
    with _plant(cache / "server.sock", record):
        result = run_cli("lint", cwd=project, env={"CI_TOKEN": "s3cret"})
        assert result.returncode == 1 and "LA020" in result.stdout, result.stdout
        assert "planted" not in result.stdout
        assert _received(record) == b""


def test_a_cache_folder_made_by_another_user_is_not_trusted(shared: Path) -> None:
    """The catalog sits in a shared folder; its cache folder was created by someone else."""
    _broken_catalog(shared)
    cache = _other_users_folder(shared / ".leadarch_cache")
    record = _other_users_folder(shared / "loot") / "got"
    with _plant(cache / "server.sock", record):
        result = run_cli("lint", cwd=shared, env={"CI_TOKEN": "s3cret"})
        assert result.returncode == 1 and "planted" not in result.stdout
        status = run_cli("server", "status", cwd=shared)
        assert status.returncode == 1 and "not a folder of yours" in status.stdout
        started = run_cli("server", "start", cwd=shared)
        assert started.returncode == 2 and "belongs to another user" in started.stderr
        assert _received(record) == b""


def test_a_cache_folder_others_can_write_to_is_not_trusted(shared: Path) -> None:
    tmp_path = shared / "project"
    tmp_path.mkdir()
    _broken_catalog(tmp_path)
    cache = tmp_path / ".leadarch_cache"
    cache.mkdir(mode=0o777)
    cache.chmod(0o777)
    tmp_path.chmod(0o755)  # let the other user reach it
    record = _other_users_folder(tmp_path / "loot") / "got"
    with _plant(cache / "server.sock", record):
        result = run_cli("lint", cwd=tmp_path)
        assert result.returncode == 1 and "planted" not in result.stdout
        assert "writable by others" in run_cli("server", "status", cwd=tmp_path).stdout
        assert _received(record) == b""


def test_the_peer_is_checked_before_a_single_byte_is_sent(shared: Path) -> None:
    """A socket file that looks like ours, in a private folder of ours, with another
    user's process behind it: SO_PEERCRED tells, and nothing is sent."""
    tmp_path = shared / "project"
    tmp_path.mkdir()
    _broken_catalog(tmp_path)
    tmp_path.chmod(0o755)
    theirs = _other_users_folder(tmp_path / "theirs")
    record = theirs / "got"
    cache = tmp_path / ".leadarch_cache"
    cache.mkdir(mode=0o700)
    with _plant(theirs / "s.sock", record):
        os.rename(theirs / "s.sock", cache / "server.sock")
        os.chown(cache / "server.sock", 0, 0)
        result = run_cli("lint", cwd=tmp_path)
        assert result.returncode == 1 and "planted" not in result.stdout
        assert run_cli("server", "status", cwd=tmp_path).returncode == 1
        assert _received(record) == b""


def test_a_request_carries_only_the_variables_leadarch_reads(tmp_path: Path) -> None:
    _broken_catalog(tmp_path)
    cache = tmp_path / ".leadarch_cache"
    cache.mkdir(mode=0o700)
    record = tmp_path / "got"
    with _plant(cache / "server.sock", record, uid=os.getuid()):  # our own: trusted
        result = run_cli("lint", cwd=tmp_path, env={"CI_TOKEN": "s3cret", "LEADARCH_DEBUG": "1"})
        assert "planted" in result.stdout  # it was asked: it is ours
        sent = json.loads(_received(record))
        assert set(sent["env"]) <= set(FORWARDED_ENV) and sent["env"]["LEADARCH_DEBUG"] == "1"
        assert b"s3cret" not in _received(record)
        for args in (("--base", "HEAD"), ("--merge-base", "main"), ("--no-cache",)):
            before = _received(record)
            run_cli("lint", *args, cwd=tmp_path)  # git-reading or fresh lints run here
            assert _received(record) == before, args


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Path]:
    shutil.copytree(REPO / "catalog", tmp_path / "catalog")
    started = run_cli("server", "start", cwd=tmp_path)
    assert started.returncode == 0, started.stdout + started.stderr
    yield tmp_path
    run_cli("server", "stop", cwd=tmp_path)


def _answered(cwd: Path) -> int:
    status = run_cli("server", "status", cwd=cwd)
    assert status.returncode == 0, status.stdout + status.stderr
    return int(status.stdout.split("answered ")[1].split()[0])


def _connect(cwd: Path) -> socket.socket:
    conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    conn.connect(str(cwd / ".leadarch_cache" / "server.sock"))
    return conn


def _timed_lint(cwd: Path) -> tuple[float, subprocess.CompletedProcess[str]]:
    started = time.monotonic()
    result = run_cli("lint", cwd=cwd)
    return time.monotonic() - started, result


def test_silent_and_trickling_clients_hold_no_one_up(served: Path) -> None:
    quick, _ = _timed_lint(served)
    silent = _connect(served)
    trickle = _connect(served)
    trickle.sendall(b"{")
    answered = _answered(served)
    took, result = _timed_lint(served)
    assert result.returncode == 0 and _answered(served) == answered + 1
    assert took < quick + 2.0, (took, quick)
    started = time.monotonic()
    with pytest.raises(OSError):  # dropped by the server at its deadline
        for _ in range(100):
            trickle.sendall(b" ")
            time.sleep(0.1)
            if trickle.recv(1, socket.MSG_DONTWAIT) == b"":
                raise OSError("closed")
    assert time.monotonic() - started < 3.0
    silent.settimeout(3)
    assert silent.recv(1) == b""  # closed by the server, unanswered
    silent.close()
    trickle.close()


@pytest.mark.parametrize(
    "payload",
    [
        b"[" * 200_000,
        b"\xff\xfe",
        b'{"argv": 1}',
        b"[]",
        b'"ping"',
        b"{" + b" " * 900_000,
        b"x" * 2_000_000,
    ],
    ids=["deep", "not-utf8", "wrong-types", "a-list", "a-string", "large", "too-large"],
)
def test_malformed_requests_are_dropped_and_the_server_lives_on(
    served: Path, payload: bytes
) -> None:
    conn = _connect(served)
    try:
        conn.sendall(payload)
        conn.shutdown(socket.SHUT_WR)
    except OSError:
        pass  # the server may close a too-large request while it is being sent
    conn.settimeout(5)
    reply = b""
    with suppress(ConnectionResetError):
        while chunk := conn.recv(1 << 16):
            reply += chunk
    conn.close()
    assert reply == b"" or "refused" in json.loads(reply), reply[:200]  # never an answer
    answered = _answered(served)
    assert run_cli("lint", cwd=served).returncode == 0
    assert _answered(served) == answered + 1


def test_the_server_answers_lint_and_nothing_else(served: Path) -> None:
    releases = served / "catalog" / "releases.yaml"
    before = releases.read_bytes()
    for argv in (
        ["changelog", "add", "--type", "changed", "--ref", "stage:mql", "pwned"],
        ["release", "9.9.9"],
        ["lint", "--base", "HEAD"],
        ["lint", "--no-cache"],
    ):
        conn = _connect(served)
        message = {
            "argv": argv,
            "cwd": str(served),
            "env": {},
            "version": __version__,
            "environment": environment(),
        }
        conn.sendall(json.dumps(message).encode())
        conn.shutdown(socket.SHUT_WR)
        reply = json.loads(conn.recv(1 << 16))
        conn.close()
        assert "refused" in reply and "code" not in reply, argv
    assert releases.read_bytes() == before
    assert _answered(served) == 0


def test_status_and_stop_work_while_a_lint_runs(tmp_path: Path) -> None:
    for n in range(3):  # about a second each to build: a lint of several seconds
        rows = [
            f"  - {{object: Lead, name: F{n}x{i}, label: F {i}, type: string, description: D {i}.}}"
            for i in range(20_000)
        ]
        path = tmp_path / "catalog" / f"big{n}.yaml"
        path.parent.mkdir(exist_ok=True)
        path.write_text("fields:\n" + "\n".join(rows) + "\n", encoding="utf-8")
    assert run_cli("server", "start", cwd=tmp_path).returncode == 0
    for n in range(3):  # every file changed: the server builds them all again
        path = tmp_path / "catalog" / f"big{n}.yaml"
        path.write_text(path.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    lint = subprocess.Popen(
        [sys.executable, "-m", "leadarch", "lint"],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        for _ in range(200):
            status = run_cli("server", "status", cwd=tmp_path)
            assert status.returncode == 0, status.stdout
            if "linting now" in status.stdout:
                break
            time.sleep(0.02)
        assert "linting now" in status.stdout
        started = time.monotonic()
        stopped = run_cli("server", "stop", cwd=tmp_path)
        assert stopped.returncode == 0 and "stopped" in stopped.stdout
        assert not (tmp_path / ".leadarch_cache" / "server.sock").exists()
        assert time.monotonic() - started < 30
        out, _ = lint.communicate(timeout=60)
        assert lint.returncode == 0 and "All checks passed (3 files, 60000 entities)." in out
    finally:
        lint.kill()
    assert run_cli("server", "status", cwd=tmp_path).returncode == 1


def test_nested_catalogs_agree_on_which_server_is_theirs(tmp_path: Path) -> None:
    outer = tmp_path
    shutil.copytree(REPO / "catalog", outer / "catalog")
    inner = outer / "team"
    write_catalog(inner / "catalog")
    assert run_cli("server", "start", cwd=outer).returncode == 0
    try:
        assert run_cli("lint", cwd=outer).returncode == 0
        assert _answered(outer) == 1
        assert run_cli("lint", cwd=inner).returncode == 0  # its own catalog, no server of its own
        assert _answered(outer) == 1
        status = run_cli("server", "status", cwd=inner)
        assert status.returncode == 1 and "not running" in status.stdout
        (inner / "pyproject.toml").write_text('[tool.leadarch]\ncatalog = "../catalog"\n')
        assert run_cli("lint", cwd=inner).returncode == 0  # configured: the outer catalog
        assert _answered(outer) == 2
        assert run_cli("server", "status", cwd=inner).returncode == 0
    finally:
        run_cli("server", "stop", cwd=outer)
