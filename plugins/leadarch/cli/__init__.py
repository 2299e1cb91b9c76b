"""The `leadarch` command line: one module per command (`add_parser` and `run`), listed in
`leadarch.cli.app`, and a pure entry point:

    run(argv, cwd=…, env=…, stdout=…, stderr=…) -> exit code

which reads its folder, environment and streams from its arguments only, so the lint
server answers a lint without touching its own process. This package's `__init__` imports
nothing heavy: the front door (`leadarch.client`) reads `lint_args` from here first.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from leadarch.core.catalog import Workspace


def run(
    argv: Sequence[str],
    *,
    cwd: Path,
    env: Mapping[str, str],
    stdout: TextIO,
    stderr: TextIO,
    stdin: IO[bytes] | None = None,
    workspace: Callable[[Path], Workspace] | None = None,
) -> int:
    """Run one command line and return its exit code (0 clean, 1 findings, 2 cannot run)."""
    from leadarch.cli.app import run as run_app
    from leadarch.cli.invocation import Invocation

    return run_app(list(argv), Invocation(cwd, env, stdout, stderr, stdin, workspace))


def main(argv: Sequence[str] | None = None) -> int:
    """The command as a process runs it: this folder, this environment, these streams."""
    code = run(
        sys.argv[1:] if argv is None else argv,
        cwd=Path.cwd(),
        env=os.environ,
        stdout=sys.stdout,
        stderr=sys.stderr,
    )
    return flushed(code)


def flushed(code: int) -> int:
    """`code`, once stdout is flushed; a reader that went away (`leadarch … | head`) ends
    the command quietly, as SIGPIPE ends other tools."""
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        from leadarch.core.pipes import CLOSED_PIPE_EXIT, quiet_closed_pipe

        quiet_closed_pipe(sys.stdout)
        return CLOSED_PIPE_EXIT
    return code
