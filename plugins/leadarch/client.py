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

import os
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

from leadarch import __version__
from leadarch.server.protocol import FORWARDED_ENV, SOCKET_NAME, ask, environment


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    path = server_for(args, Path.cwd(), os.environ)
    answer = ask(path, request(args)) if path is not None else None
    if answer is not None and "code" in answer:
        try:
            sys.stdout.write(answer["stdout"])
            sys.stdout.flush()
        except BrokenPipeError:  # `leadarch lint | head`: end quietly, as SIGPIPE would
            from leadarch.core.pipes import CLOSED_PIPE_EXIT, quiet_closed_pipe

            quiet_closed_pipe(sys.stdout)
            return CLOSED_PIPE_EXIT
        sys.stderr.write(answer["stderr"])
        return int(answer["code"])
    from leadarch.cli import main as run_here

    return run_here(args)


def server_for(args: Sequence[str], cwd: Path, env: Mapping[str, str]) -> Path | None:
    """The socket of the server that is this command's, exactly where `leadarch server
    start` puts it for the catalog the command names; None when it is not a lint to send."""
    from leadarch.cli.lint_args import lint_to_send
    from leadarch.core.paths import cache_folder, catalog_dir, find_project

    parsed = lint_to_send(args, env)
    if parsed is None:
        return None
    found = find_project(cwd.resolve())
    folder, config = found if found is not None else (None, None)
    configured = configured_catalog(config) if config is not None else "catalog"
    if configured is None:
        return None  # the command itself explains what is wrong with its configuration
    root = catalog_dir(parsed.catalog, configured, folder, cwd)
    return cache_folder(cwd / root, env) / SOCKET_NAME


def configured_catalog(config: Path) -> str | None:
    """The `catalog` a leadarch.toml or a pyproject's `[tool.leadarch]` sets, "catalog"
    when unset, None when unreadable."""
    from leadarch.core.paths import CONFIG_FILE

    if sys.version_info >= (3, 11):
        import tomllib
    else:  # tomli is tomllib before it joined the standard library
        import tomli as tomllib

    try:
        table = tomllib.loads(config.read_text(encoding="utf-8"))
        if config.name != CONFIG_FILE:
            table = table.get("tool", {}).get("leadarch", {})
        value = table.get("catalog", "catalog")
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
