"""The `leadarch` command's front door: a lint goes to a running lint server, if one is
found, else everything runs in this process.

A lint in a fresh process spends most of its time importing leadarch and building every
file of the catalog; a resident server (`leadarch server start`) has done both and
rebuilds only the files whose bytes changed. This module therefore imports nothing but
the standard library until it knows the server cannot answer, and any trouble on the way
(no server, a dead socket, another leadarch version) means: run here, as if there were no
server. The answer is the same bytes and exit code either way; tests hold both to that.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Sequence
from typing import Any

from leadarch import __version__

SOCKET_NAME = "server.sock"
CACHE_FOLDER = ".leadarch_cache"
ANSWER_TIMEOUT = 120.0  # seconds; a lint of the largest catalog takes about one


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if forwardable(args):
        path = find_socket(os.getcwd())
        answer = ask(path, request(args)) if path else None
        if answer is not None and "code" in answer:
            sys.stdout.write(answer["stdout"])
            sys.stdout.flush()
            sys.stderr.write(answer["stderr"])
            return int(answer["code"])
    from leadarch.cli import main as run_here

    return run_here(args)


def forwardable(args: list[str]) -> bool:
    """Only `lint` goes to the server, and not when told to read every file afresh."""
    return (
        args[:1] == ["lint"]
        and "--no-cache" not in args
        and not os.environ.get("LEADARCH_NO_SERVER")
    )


def find_socket(start: str) -> str | None:
    """The server socket in LEADARCH_CACHE_DIR, else in the nearest `.leadarch_cache/`
    from `start` upwards (where `leadarch server start` puts it: beside the catalog)."""
    folder = os.environ.get("LEADARCH_CACHE_DIR")
    if folder:
        path = os.path.join(folder, SOCKET_NAME)
        return path if os.path.exists(path) else None
    current = os.path.abspath(start)
    while True:
        path = os.path.join(current, CACHE_FOLDER, SOCKET_NAME)
        if os.path.exists(path):
            return path
        parent = os.path.dirname(current)
        if parent == current:
            return None
        current = parent


def request(args: list[str]) -> dict[str, object]:
    return {
        "argv": args,
        "cwd": os.getcwd(),
        "env": dict(os.environ),
        "version": __version__,
        "environment": environment(),
    }


def environment() -> str:
    """Which Python installation or virtual environment runs leadarch: a server answers
    only its own (a path to the interpreter is not enough: venvs link to one binary)."""
    return f"{sys.prefix}|{sys.version}"


def ask(
    path: str, message: dict[str, object], timeout: float = ANSWER_TIMEOUT
) -> dict[str, Any] | None:
    """The server's answer, or None when there is no usable server at `path`."""
    import socket  # only when a server may answer

    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
            conn.settimeout(timeout)
            conn.connect(path)
            conn.sendall(json.dumps(message).encode())
            conn.shutdown(socket.SHUT_WR)
            chunks = []
            while chunk := conn.recv(1 << 16):
                chunks.append(chunk)
        answer = json.loads(b"".join(chunks))
    except (OSError, ValueError, AttributeError):  # AttributeError: no AF_UNIX here
        return None  # no server, a dead socket, a server gone mid-answer: run here
    return answer if isinstance(answer, dict) else None
