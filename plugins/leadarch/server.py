"""`leadarch server`: a resident lint process for the commit loop, like mypy's daemon.

    leadarch server start    # beside the catalog: .leadarch_cache/server.sock
    leadarch lint            # unchanged: answered by the server while it runs
    leadarch server status
    leadarch server stop

A lint in a fresh process pays for the interpreter, leadarch's imports and building every
file of the catalog. The server pays for those once and keeps a `Workspace`: a request
re-reads every file but parses, checks and builds again only those whose bytes changed,
then runs all rules as a cold lint would. The answer is byte for byte what `leadarch
lint` prints in a fresh process, with the same exit code.

Safety: the socket is the user's own (mode 0600 in the cache folder, peers checked with
SO_PEERCRED where the system has it); a request from another leadarch version or
Python environment is refused and run by the client itself; when leadarch's code or schemas
change on disk the server refuses and exits, so it never answers with stale rules. It
exits by itself after a quiet spell (two hours unless told otherwise).
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import importlib
import io
import json
import os
import signal
import socket
import struct
import subprocess
import sys
import time
import traceback
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from leadarch import __version__
from leadarch.catalog import Workspace
from leadarch.client import SOCKET_NAME, ask, environment
from leadarch.loader import CannotRun

DEFAULT_IDLE_MINUTES = 120
MAX_REQUEST_BYTES = 16 << 20
KEPT_CATALOGS = 4  # workspaces kept, least recently linted dropped first
START_TIMEOUT = 30.0
FULL_COLLECTION_EVERY = 100  # answers; in between, the collector sees only what is new


def command(action: str, folder: Path, idle_minutes: float, catalog: Path) -> int:
    """`leadarch server start|stop|status` for the server whose socket lives in `folder`."""
    path = folder / SOCKET_NAME
    if action == "status":
        answer = _ping(path)
        if answer is None:
            print(f"leadarch server: not running ({path})")
            return 1
        stale = "" if answer["current"] else " (leadarch changed since it started: restart it)"
        print(
            f"leadarch server: running, pid {answer['pid']}, answered {answer['answered']} "
            f"lints, socket {path}{stale}"
        )
        return 0
    if action == "stop":
        answer = _stop(path)
        if answer is None:
            print(f"leadarch server: not running ({path})")
            return 0
        print(f"leadarch server: stopped pid {answer.get('pid')}")
        return 0
    return _start(path, idle_minutes, catalog)


def _stop(path: Path) -> dict[str, Any] | None:
    """Ask the server to stop and wait until its socket is gone; None if none answered."""
    answer = ask(str(path), {"stop": True}, timeout=10)
    if answer is not None:
        _wait(lambda: not path.exists(), START_TIMEOUT)
    return answer


def _start(path: Path, idle_minutes: float, catalog: Path) -> int:
    if not catalog.is_dir():
        raise CannotRun(f"no catalog folder at {catalog}")
    running = _ping(path)
    if running is not None and running["current"]:
        print(f"leadarch server: already running, pid {running['pid']}, socket {path}")
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
    path.parent.mkdir(parents=True, exist_ok=True)
    log = path.parent / "server.log"
    with open(log, "ab") as out:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "leadarch.server",
                str(path),
                "--idle",
                str(idle_minutes),
                "--warm",
                str(catalog.resolve()),
                "--cwd",
                os.getcwd(),
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
        print(f"leadarch server: already running, socket {path}")  # a racing start won
        return 0
    if process.poll() is not None:
        raise CannotRun(f"the server stopped at start (exit code {process.returncode}); see {log}")
    print(f"leadarch server: started, pid {process.pid}, socket {path}")
    return 0


def _ping(path: Path) -> dict[str, Any] | None:
    if not path.exists():
        return None
    answer = ask(str(path), {"ping": True}, timeout=10)
    return answer if answer is not None and "pid" in answer else None


def _wait(done: Callable[[], bool], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if done():
            return True
        time.sleep(0.02)
    return bool(done())


class Resident:
    """The server's state: a workspace per catalog and a stamp of leadarch's own files."""

    def __init__(self) -> None:
        self.workspaces: OrderedDict[str, Workspace] = OrderedDict()
        self.stamp = code_stamp()
        self.answered = 0

    def workspace(self, root: Path) -> Workspace:
        key = str(root.resolve())
        found = self.workspaces.pop(key, None) or Workspace()
        self.workspaces[key] = found
        while len(self.workspaces) > KEPT_CATALOGS:
            self.workspaces.popitem(last=False)
        return found

    def answer(self, message: dict[str, Any]) -> tuple[dict[str, Any], bool]:
        """The reply to one request, and whether the server must stop after sending it."""
        if message.get("ping"):
            current = code_stamp() == self.stamp
            reply = {"pid": os.getpid(), "answered": self.answered, "current": current}
            return reply, False
        if message.get("stop"):
            return {"pid": os.getpid()}, True
        if code_stamp() != self.stamp:  # first: an upgrade also brings a new version
            return {"refused": "leadarch changed on disk since the server started"}, True
        if message.get("version") != __version__ or message.get("environment") != environment():
            return {"refused": "another leadarch version or Python environment"}, False
        self.answered += 1
        return self.lint(message["argv"], message["cwd"], message["env"]), False

    def lint(self, argv: list[str], cwd: str, env: dict[str, str]) -> dict[str, Any]:
        """Run the command line as the client's process would: its folder, its environment."""
        from leadarch.cli import main

        out, err = io.StringIO(), io.StringIO()
        saved_env, saved_cwd = dict(os.environ), os.getcwd()
        try:
            os.environ.clear()
            os.environ.update(env)
            os.chdir(cwd)
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                try:
                    code = main(argv, workspace=self.workspace)
                except SystemExit as exc:  # argparse: usage errors and --help
                    code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
                except Exception:  # only with LEADARCH_DEBUG set does main let one through
                    traceback.print_exc()
                    code = 2
        finally:
            os.environ.clear()
            os.environ.update(saved_env)
            os.chdir(saved_cwd)
        return {"stdout": out.getvalue(), "stderr": err.getvalue(), "code": code}


def code_stamp() -> tuple[tuple[str, int, int], ...]:
    """Names, sizes and change times of leadarch's modules and schemas."""
    from leadarch.schemas import schema_dir

    package = Path(__file__).parent
    paths = sorted([*package.rglob("*.py"), *schema_dir().glob("*.json")])
    stamp = []
    for path in paths:
        with contextlib.suppress(OSError):
            info = path.stat()
            stamp.append((str(path), info.st_size, info.st_mtime_ns))
    return tuple(stamp)


def serve(path: Path, idle_minutes: float, warm: tuple[Path, Path] | None = None) -> None:
    """Answer requests on `path` one at a time until stopped, replaced or idle.

    `warm` (a catalog and the folder its paths are shown from) is built before the first
    request, so that the first lint is as quick as the next ones.
    """
    lock = _lock(path.with_name("server.lock"))
    if lock is None:
        print("leadarch server: another server holds this folder; leaving", flush=True)
        return
    signal.signal(signal.SIGTERM, _terminate)
    for module in ("leadarch.cli", "leadarch.engine", "leadarch.reporters", "leadarch.rules"):
        importlib.import_module(module)  # every import paid before the first request

    resident = Resident()
    if warm is not None:
        _warm_up(resident, *warm)
    # The catalog's objects hold no cycles and live as long as the server: the collector
    # would only re-scan them. It runs after each answer, over what that answer allocated.
    gc.disable()
    gc.collect()
    gc.freeze()
    old = os.umask(0o177)  # the socket file: read and write for its owner only
    try:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()  # a dead server's socket (start checked that none answers)
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        listener.bind(str(path))
    finally:
        os.umask(old)
    listener.listen(8)
    listener.settimeout(idle_minutes * 60)
    inode = path.stat().st_ino
    print(f"leadarch server {__version__}: pid {os.getpid()} on {path}", flush=True)
    answered = 0
    try:
        while True:
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                print("leadarch server: idle, stopping", flush=True)
                return
            with conn:
                stop = _handle(conn, resident)
            if stop:
                return
            answered += 1
            if answered % FULL_COLLECTION_EVERY == 0:
                gc.unfreeze()
            gc.collect()
            gc.freeze()
    except Terminated:  # wherever it struck: between requests or within one
        print("leadarch server: terminated, stopping", flush=True)
    finally:
        listener.close()
        with contextlib.suppress(OSError):
            if path.stat().st_ino == inode:  # not a newer server's socket
                path.unlink()


class Terminated(BaseException):
    """SIGTERM: not an Exception, so that no handler on the way swallows it."""


def _terminate(signum: int, frame: object) -> None:
    raise Terminated


def _lock(path: Path) -> int | None:
    """An exclusive lock on `path` held for the server's life: one server per folder,
    even when two `start`s race. None when another process holds it."""
    import fcntl

    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        return None
    return fd


def _warm_up(resident: Resident, catalog: Path, cwd: Path) -> None:
    from leadarch.cache import ParseCache, default_folder
    from leadarch.catalog import build

    saved = os.getcwd()
    try:
        os.chdir(cwd)
        build(
            catalog,
            cache=ParseCache(default_folder(catalog)),
            workspace=resident.workspace(catalog),
        )
    except (OSError, CannotRun) as exc:
        print(f"leadarch server: could not build {catalog} ahead: {exc}", flush=True)
    finally:
        os.chdir(saved)


def _handle(conn: socket.socket, resident: Resident) -> bool:
    """Answer one connection; True when the server must stop."""
    conn.settimeout(60)
    try:
        if not _same_user(conn):
            return False
        chunks, size = [], 0
        while chunk := conn.recv(1 << 16):
            size += len(chunk)
            if size > MAX_REQUEST_BYTES:
                return False
            chunks.append(chunk)
        message = json.loads(b"".join(chunks))
        if not isinstance(message, dict):
            return False
        reply, stop = resident.answer(message)
        conn.sendall(json.dumps(reply).encode())
        return stop
    except (OSError, ValueError, KeyError, TypeError) as exc:
        print(f"leadarch server: dropped a request: {type(exc).__name__}: {exc}", flush=True)
        return False


def _same_user(conn: socket.socket) -> bool:
    option = getattr(socket, "SO_PEERCRED", None)
    if option is None:
        return True  # the socket file's mode already keeps other users out
    credentials = conn.getsockopt(socket.SOL_SOCKET, option, struct.calcsize("3i"))
    _, uid, _ = struct.unpack("3i", credentials)
    return uid == os.getuid()


def _main() -> None:
    parser = argparse.ArgumentParser(prog="python -m leadarch.server")
    parser.add_argument("socket", type=Path)
    parser.add_argument("--idle", type=float, default=DEFAULT_IDLE_MINUTES, metavar="MINUTES")
    parser.add_argument("--warm", type=Path, help="a catalog to build before the first request")
    parser.add_argument(
        "--cwd", type=Path, default=Path.cwd(), help="where its paths are shown from"
    )
    args = parser.parse_args()
    serve(args.socket, args.idle, None if args.warm is None else (args.warm.resolve(), args.cwd))


if __name__ == "__main__":
    _main()
