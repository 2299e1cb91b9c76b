"""The lint server's process: a socket beside the catalog, a thread per connection, one
lint at a time, each answered by `leadarch.cli.run` with the client's folder and variables
(the process's own stay as they are)."""

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
import threading
import time
import traceback
from collections import OrderedDict
from pathlib import Path
from typing import Any

from leadarch import __version__
from leadarch.cli.lint_args import lint_to_send
from leadarch.core.catalog import Workspace
from leadarch.errors import CannotRun
from leadarch.server.protocol import FORWARDED_ENV, environment, peer_uid

DEFAULT_IDLE_MINUTES = 120
MAX_REQUEST_BYTES = 1 << 20  # a command line, a folder and two variables: far less
REQUEST_DEADLINE = 2.0  # seconds to send a whole request; a client still sending is dropped
MAX_CONNECTIONS = 32  # read at once; more are closed unread
POLL = 0.2  # seconds between looks at the stop flag and the idle clock
ANSWER_GRACE = 30.0  # seconds a lint under way may take to finish when the server stops
KEPT_CATALOGS = 4  # workspaces kept, least recently linted dropped first
FULL_COLLECTION_EVERY = 100  # answers; in between, the collector sees only what is new


class Resident:
    """The server's state: a workspace per catalog, a stamp of leadarch's own files, and
    the lock that lets one lint run at a time (a lint borrows the process's folder)."""

    def __init__(self) -> None:
        self.workspaces: OrderedDict[str, Workspace] = OrderedDict()
        self.stamp = code_stamp()
        self.answered = 0
        self.linting = threading.Lock()
        self.stopping = threading.Event()

    def workspace(self, root: Path) -> Workspace:
        key = str(root.resolve())
        found = self.workspaces.pop(key, None) or Workspace()
        self.workspaces[key] = found
        while len(self.workspaces) > KEPT_CATALOGS:
            self.workspaces.popitem(last=False)
        return found

    def answer(self, message: Any) -> dict[str, Any] | None:
        """The reply to one request (None: not a request this server answers)."""
        if not isinstance(message, dict):
            return None
        if message.get("ping") is True:
            current = code_stamp() == self.stamp
            busy = self.linting.locked()
            return {"pid": os.getpid(), "answered": self.answered, "current": current, "busy": busy}
        if message.get("stop") is True:
            self.stopping.set()
            return {"pid": os.getpid()}
        if code_stamp() != self.stamp:  # first: an upgrade also brings a new version
            self.stopping.set()
            return {"refused": "leadarch changed on disk since the server started"}
        if message.get("version") != __version__ or message.get("environment") != environment():
            return {"refused": "another leadarch version or Python environment"}
        request = _lint_request(message)
        if request is None:
            return {"refused": "the server answers only lint command lines a client would send"}
        with self.linting:
            self.answered += 1
            return self.lint(*request)

    def collect_garbage(self) -> None:
        """After a lint: what it allocated is collected; what the server keeps stays frozen."""
        with self.linting:
            if self.answered % FULL_COLLECTION_EVERY == 0:
                gc.unfreeze()
            gc.collect()
            gc.freeze()

    def lint(self, argv: list[str], cwd: str, env: dict[str, str]) -> dict[str, Any]:
        """Run the command line as the client's process would: its folder, its variables,
        given to `leadarch.cli.run` (this process's own are never touched)."""
        from leadarch.cli import run

        out, err = io.StringIO(), io.StringIO()
        try:
            code = run(
                argv, cwd=Path(cwd), env=env, stdout=out, stderr=err, workspace=self.workspace
            )
        except Exception:  # only with LEADARCH_DEBUG set does run let one through
            traceback.print_exc(file=err)
            code = 2
        return {"stdout": out.getvalue(), "stderr": err.getvalue(), "code": code}


def _lint_request(message: dict[str, Any]) -> tuple[list[str], str, dict[str, str]] | None:
    """The command line, folder and variables of a well-formed lint request, exactly of the
    kind `leadarch.client` sends; None for anything else."""
    argv, cwd, env = message.get("argv"), message.get("cwd"), message.get("env")
    if not isinstance(argv, list) or not all(isinstance(a, str) for a in argv):
        return None
    if not isinstance(cwd, str) or not os.path.isabs(cwd) or not isinstance(env, dict):
        return None
    variables = {k: v for k, v in env.items() if isinstance(v, str) and k in FORWARDED_ENV}
    args = [str(a) for a in argv]
    if len(variables) != len(env) or lint_to_send(args, variables) is None:
        return None
    return args, cwd, variables


def code_stamp() -> tuple[tuple[str, int, int], ...]:
    """Names, sizes and change times of leadarch's modules and schemas."""
    from leadarch.core.schemas import schema_dir

    package = Path(__file__).parents[1]  # all of leadarch, not only this folder
    paths = sorted([*package.rglob("*.py"), *schema_dir().glob("*.json")])
    stamp = []
    for path in paths:
        with contextlib.suppress(OSError):
            info = path.stat()
            stamp.append((str(path), info.st_size, info.st_mtime_ns))
    return tuple(stamp)


def serve(path: Path, idle_minutes: float, warm: tuple[Path, Path] | None = None) -> None:
    """Answer requests on `path` until stopped, replaced or idle.

    `warm` (a catalog and the folder its paths are shown from) is built before the first
    request, so that the first lint is as quick as the next ones.
    """
    lock = _lock(path.with_name("server.lock"))
    if lock is None:
        print("leadarch server: another server holds this folder; leaving", flush=True)
        return
    signal.signal(signal.SIGTERM, _terminate)
    for module in (
        "leadarch.cli",
        "leadarch.lint.engine",
        "leadarch.report",
        "leadarch.lint.rules",
    ):
        importlib.import_module(module)  # every import paid before the first request

    resident = Resident()
    if warm is not None:
        _warm_up(resident, *warm)
    # The catalog's objects hold no cycles and live as long as the server: the collector
    # would only re-scan them. It runs after each lint, over what that lint allocated.
    gc.disable()
    gc.collect()
    gc.freeze()
    listener = _listen(path)
    inode = path.stat().st_ino
    print(f"leadarch server {__version__}: pid {os.getpid()} on {path}", flush=True)
    try:
        _accept(listener, resident, idle_minutes * 60)
    except Terminated:  # wherever it struck: between requests or within one
        print("leadarch server: terminated, stopping", flush=True)
    finally:
        listener.close()
        with contextlib.suppress(OSError):
            if path.stat().st_ino == inode:  # not a newer server's socket
                path.unlink()


def _listen(path: Path) -> socket.socket:
    old = os.umask(0o177)  # the socket file: read and write for its owner only
    try:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()  # a dead server's socket (start checked that none answers)
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        listener.bind(str(path))
    finally:
        os.umask(old)
    listener.listen(MAX_CONNECTIONS)
    listener.settimeout(POLL)
    return listener


def _accept(listener: socket.socket, resident: Resident, idle_seconds: float) -> None:
    """Hand each connection to a thread of its own until told to stop or left idle; then
    let the connections under way (a lint, the stop request itself) send their answers."""
    last = time.monotonic()
    slots = threading.BoundedSemaphore(MAX_CONNECTIONS)
    threads: list[threading.Thread] = []
    while not resident.stopping.is_set():
        try:
            conn, _ = listener.accept()
        except TimeoutError:
            if time.monotonic() - last > idle_seconds and not resident.linting.locked():
                print("leadarch server: idle, stopping", flush=True)
                return
            continue
        last = time.monotonic()
        if not slots.acquire(blocking=False):
            conn.close()  # too many at once: that client lints by itself
            continue
        thread = threading.Thread(target=_serve, args=(conn, resident, slots), daemon=True)
        thread.start()
        threads = [t for t in threads if t.is_alive()] + [thread]
    print("leadarch server: stopping on request", flush=True)
    for thread in threads:
        thread.join(timeout=ANSWER_GRACE)


def _serve(conn: socket.socket, resident: Resident, slots: threading.BoundedSemaphore) -> None:
    try:
        with conn:
            reply = _handle(conn, resident)
        if reply is not None and "code" in reply:
            resident.collect_garbage()
    finally:
        slots.release()


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
    from leadarch.core.cache import ParseCache, default_folder
    from leadarch.core.catalog import build

    try:
        build(
            catalog,
            cache=ParseCache(default_folder(catalog, os.environ, cwd)),
            workspace=resident.workspace(catalog),
            cwd=cwd,
        )
    except (OSError, CannotRun) as exc:
        print(f"leadarch server: could not build {catalog} ahead: {exc}", flush=True)


def _handle(conn: socket.socket, resident: Resident) -> dict[str, Any] | None:
    """Answer one connection, or drop it: nothing a client sends can stop the server."""
    try:
        if not _same_user(conn):
            return None
        message = json.loads(_read_request(conn))
        reply = resident.answer(message)
        if reply is not None:
            conn.settimeout(REQUEST_DEADLINE)
            conn.sendall(json.dumps(reply).encode())
        return reply
    except Exception as exc:  # a broken request of any kind, RecursionError included
        print(f"leadarch server: dropped a request: {type(exc).__name__}: {exc}"[:300], flush=True)
        return None


def _read_request(conn: socket.socket) -> bytes:
    """The whole request within REQUEST_DEADLINE and MAX_REQUEST_BYTES, or OSError."""
    deadline = time.monotonic() + REQUEST_DEADLINE
    chunks: list[bytes] = []
    size = 0
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError("the request took longer than its deadline")
        conn.settimeout(left)
        chunk = conn.recv(1 << 16)
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > MAX_REQUEST_BYTES:
            raise OSError(f"the request is larger than {MAX_REQUEST_BYTES:,} bytes")
        chunks.append(chunk)


def _same_user(conn: socket.socket) -> bool:
    uid = peer_uid(conn)
    return uid is None or uid == os.getuid()  # None: the socket file's mode keeps others out


def _main() -> None:
    parser = argparse.ArgumentParser(prog="python -m leadarch.server.daemon")
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
