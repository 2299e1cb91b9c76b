"""`leadarch server start|stop|status`: the lint server's controls, as the command line
uses them. The server itself (`leadarch.server.daemon`) runs in a process of its own."""

from __future__ import annotations

import os
import socket
import stat
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from leadarch.errors import CannotRun
from leadarch.server.protocol import SOCKET_NAME, ask, distrust

if TYPE_CHECKING:
    from leadarch.cli.invocation import Invocation

START_TIMEOUT = 30.0


def command(action: str, folder: Path, idle_minutes: float, catalog: Path, here: Invocation) -> int:
    """`leadarch server start|stop|status` for the server whose socket lives in `folder`."""
    path = folder / SOCKET_NAME
    if action == "status":
        answer = _ping(path)
        if answer is None:
            here.say(f"leadarch server: not running ({path}{_untrusted(path)})")
            return 1
        stale = "" if answer["current"] else " (leadarch changed since it started: restart it)"
        busy = ", linting now" if answer.get("busy") else ""
        here.say(
            f"leadarch server: running, pid {answer['pid']}, answered {answer['answered']} "
            f"lints{busy}, socket {path}{stale}"
        )
        return 0
    if action == "stop":
        answer = _stop(path)
        if answer is None:
            here.say(f"leadarch server: not running ({path}{_untrusted(path)})")
            return 0
        here.say(f"leadarch server: stopped pid {answer.get('pid')}")
        return 0
    return _start(path, idle_minutes, catalog, here)


def _untrusted(path: Path) -> str:
    reason = distrust(path)
    return "" if reason in (None, "it does not exist") else f"; a socket is there, but {reason}"


def _stop(path: Path) -> dict[str, Any] | None:
    """Ask the server to stop and wait until its socket is gone; None if none answered."""
    answer = ask(path, {"stop": True}, timeout=10)
    if answer is not None:
        _wait(lambda: not path.exists(), START_TIMEOUT)
    return answer


def _private_folder(folder: Path) -> None:
    """The socket's folder must be the user's own and writable by no one else: the client
    trusts no socket in any other (a group-writable umask would otherwise lock it out)."""
    folder.mkdir(parents=True, exist_ok=True)
    info = os.lstat(folder)
    if info.st_uid != os.getuid() or not stat.S_ISDIR(info.st_mode):
        raise CannotRun(
            f"{folder} belongs to another user; set LEADARCH_CACHE_DIR to a folder of yours"
        )
    if info.st_mode & 0o022:
        os.chmod(folder, stat.S_IMODE(info.st_mode) & ~0o022)


def _start(path: Path, idle_minutes: float, catalog: Path, here: Invocation) -> int:
    folder = Path(here.cwd, catalog)
    if not folder.is_dir():
        raise CannotRun(f"no catalog folder at {catalog}")
    running = _ping(path)
    if running is not None and running["current"]:
        here.say(f"leadarch server: already running, pid {running['pid']}, socket {path}")
        return 0
    if running is not None:  # its leadarch was replaced on disk: make way for a new one
        _stop(path)
    if not hasattr(socket, "AF_UNIX"):
        raise CannotRun("the lint server needs Unix sockets, which this system lacks")
    if len(os.fsencode(path)) > 100:  # sockaddr_un holds about 108 bytes
        raise CannotRun(
            f"the socket path {path} is too long for a Unix socket; "
            "set LEADARCH_CACHE_DIR to a shorter folder"
        )
    _private_folder(path.parent)
    log = path.parent / "server.log"
    with open(log, "ab") as out:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "leadarch.server.daemon",
                str(path),
                "--idle",
                str(idle_minutes),
                "--warm",
                str(folder.resolve()),
                "--cwd",
                str(here.cwd),
            ],
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=out,
            cwd=path.parent,
            start_new_session=True,  # outlives the shell, the hook or the test that started it
        )
    if not _wait(lambda: _ping(path) is not None or process.poll() is not None, START_TIMEOUT):
        process.kill()
        raise CannotRun(f"the server did not start within {START_TIMEOUT:.0f} s; see {log}")
    if process.poll() is not None and _ping(path) is not None:
        here.say(f"leadarch server: already running, socket {path}")  # a racing start won
        return 0
    if process.poll() is not None:
        raise CannotRun(f"the server stopped at start (exit code {process.returncode}); see {log}")
    here.say(f"leadarch server: started, pid {process.pid}, socket {path}")
    return 0


def _ping(path: Path) -> dict[str, Any] | None:
    answer = ask(path, {"ping": True}, timeout=10)
    return answer if answer is not None and "pid" in answer else None


def _wait(done: Callable[[], bool], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if done():
            return True
        time.sleep(0.02)
    return bool(done())
