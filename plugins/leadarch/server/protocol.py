"""How the lint server and its clients talk, and whom a client trusts: standard library
only (the `leadarch` front door uses it before anything else is imported).

A socket is trusted only if it and its folder belong to this user and no one else can
write to them, and only after the peer's uid (SO_PEERCRED) is this user's. A request
carries the command line, the folder and the few environment variables leadarch reads.
"""

from __future__ import annotations

import json
import os
import stat
import sys
from pathlib import Path
from typing import Any

SOCKET_NAME = "server.sock"
ANSWER_TIMEOUT = 120.0  # seconds; a lint of the largest catalog takes about one
# Every environment variable a lint reads. Lints that run git (`--base`, `--merge-base`)
# are not sent at all: git reads much of the environment, so they run in the caller.
FORWARDED_ENV = ("LEADARCH_CACHE_DIR", "LEADARCH_DEBUG")


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
