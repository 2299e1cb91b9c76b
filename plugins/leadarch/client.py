"""The `leadarch` command's front door: a lint goes to the catalog's own lint server, if
one runs and can be trusted, else everything runs in this process.

A lint in a fresh process spends most of its time importing leadarch and building every
file of the catalog; a resident server (`leadarch server start`) has done both and
rebuilds only the files whose bytes changed. This module therefore imports nothing but
the standard library until it knows the server cannot answer, and any trouble on the way
(no server, a dead socket, another leadarch version) means: run here, as if there were no
server. The answer is the same bytes and exit code either way; tests hold both to that.

Trust: a socket is used only where `server start` puts it for this very catalog (never a
socket found in some parent folder), only if it and its folder belong to this user and no
one else can write to them, and only after the peer's uid (SO_PEERCRED) is this user's.
A request carries the command line, the folder and the few environment variables leadarch
reads, nothing else: never the caller's whole environment.
"""

from __future__ import annotations

import argparse
import json
import os
import stat
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from leadarch import __version__

SOCKET_NAME = "server.sock"
ANSWER_TIMEOUT = 120.0  # seconds; a lint of the largest catalog takes about one
# Every environment variable a lint reads. Lints that run git (`--base`, `--merge-base`)
# are not sent at all: git reads much of the environment, so they run here.
FORWARDED_ENV = ("LEADARCH_CACHE_DIR", "LEADARCH_DEBUG")


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    path = server_for(args, Path.cwd(), os.environ)
    answer = ask(path, request(args)) if path is not None else None
    if answer is not None and "code" in answer:
        sys.stdout.write(answer["stdout"])
        sys.stdout.flush()
        sys.stderr.write(answer["stderr"])
        return int(answer["code"])
    from leadarch.cli import main as run_here

    return run_here(args)


def lint_to_send(args: Sequence[str], env: Mapping[str, str]) -> argparse.Namespace | None:
    """The lint arguments when the command line may go to a server: only `lint`, not when
    told to read every file afresh, nor when it runs git, nor one the real parser refuses
    (that message is printed by the command itself)."""
    from leadarch.cli.lint_args import read_lint_arguments

    if args[:1] != ["lint"] or env.get("LEADARCH_NO_SERVER"):
        return None
    parsed = read_lint_arguments(list(args[1:]))
    if parsed is None or parsed.no_cache or parsed.base or parsed.merge_base:
        return None
    return parsed


def server_for(args: Sequence[str], cwd: Path, env: Mapping[str, str]) -> Path | None:
    """The socket of the server that is this command's, exactly where `leadarch server
    start` puts it for the catalog the command names; None when it is not a lint to send."""
    from leadarch.core.paths import cache_folder, catalog_dir, find_pyproject

    parsed = lint_to_send(args, env)
    if parsed is None:
        return None
    source = find_pyproject(cwd.resolve())
    configured = configured_catalog(source) if source is not None else "catalog"
    if configured is None:
        return None  # the command itself explains what is wrong with its configuration
    root = catalog_dir(parsed.catalog, configured, source, cwd)
    return cache_folder(cwd / root, env) / SOCKET_NAME


def configured_catalog(pyproject: Path) -> str | None:
    """`[tool.leadarch] catalog` of `pyproject`, "catalog" when unset, None when unreadable."""
    try:
        import tomllib
    except ImportError:  # Python 3.10: the command reads it with tomli
        return None
    try:
        table = tomllib.loads(pyproject.read_text(encoding="utf-8"))
        value = table.get("tool", {}).get("leadarch", {}).get("catalog", "catalog")
    except (OSError, ValueError, AttributeError):
        return None
    return value if isinstance(value, str) else None


def request(args: list[str]) -> dict[str, object]:
    return {
        "argv": args,
        "cwd": os.getcwd(),
        "env": {k: os.environ[k] for k in FORWARDED_ENV if k in os.environ},
        "version": __version__,
        "environment": environment(),
    }


def environment() -> str:
    """Which Python installation or virtual environment runs leadarch: a server answers
    only its own (a path to the interpreter is not enough: venvs link to one binary)."""
    return f"{sys.prefix}|{sys.version}"


def distrust(path: Path) -> str | None:
    """Why the socket at `path` cannot be trusted, or None when it can: it and its folder
    must be this user's own (not links) and writable by no one else."""
    me = os.getuid()
    try:
        folder, sock = os.lstat(path.parent), os.lstat(path)
    except OSError:
        return "it does not exist"
    if not stat.S_ISDIR(folder.st_mode) or folder.st_uid != me:
        return f"its folder {path.parent} is not a folder of yours"
    if folder.st_mode & 0o022:
        return f"its folder {path.parent} is writable by others"
    if not stat.S_ISSOCK(sock.st_mode) or sock.st_uid != me or sock.st_mode & 0o077:
        return "it is not a private socket of yours"
    return None


def peer_uid(conn: Any) -> int | None:
    """The uid of the process at the other end of a Unix socket, where the system says."""
    import socket
    import struct

    option = getattr(socket, "SO_PEERCRED", None)
    if option is None:
        return None
    credentials = conn.getsockopt(socket.SOL_SOCKET, option, struct.calcsize("3i"))
    return int(struct.unpack("3i", credentials)[1])


def ask(
    path: Path, message: dict[str, object], timeout: float = ANSWER_TIMEOUT
) -> dict[str, Any] | None:
    """The server's answer, or None when there is no server at `path` this user can trust."""
    if distrust(path) is not None:
        return None
    import socket  # only when a server may answer

    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
            conn.settimeout(timeout)
            conn.connect(str(path))
            if peer_uid(conn) not in (None, os.getuid()):
                return None  # someone else listens there: not a byte for them
            conn.sendall(json.dumps(message).encode())
            conn.shutdown(socket.SHUT_WR)
            chunks = []
            while chunk := conn.recv(1 << 16):
                chunks.append(chunk)
        answer = json.loads(b"".join(chunks))
    except (OSError, ValueError, AttributeError, RecursionError):  # AttributeError: no AF_UNIX
        return None  # no server, a dead socket, a server gone mid-answer: run here
    return answer if isinstance(answer, dict) else None
