"""The command line: every command in one explicit registry, one parser, one place where a
run's errors become messages and exit codes."""

from __future__ import annotations

import argparse
import contextvars
import functools
import sys
from types import ModuleType
from typing import TYPE_CHECKING, Any

from leadarch import __version__
from leadarch.cli import (
    changelog,
    diff,
    drift,
    fmt,
    impact,
    importing,
    lint,
    release,
    rename,
    route,
    rules,
    schema,
    score,
    server,
)
from leadarch.cli.invocation import Invocation
from leadarch.core.printable import printable
from leadarch.errors import CannotRun

if TYPE_CHECKING:
    from _typeshed import SupportsWrite

# In the order `leadarch --help` lists them.
COMMANDS: tuple[ModuleType, ...] = (
    lint,
    diff,
    impact,
    release,
    changelog,
    rename,
    fmt,
    route,
    score,
    importing,
    drift,
    server,
    rules,
    schema,
)
BY_NAME = {command.NAME: command for command in COMMANDS}
_CURRENT: contextvars.ContextVar[Invocation] = contextvars.ContextVar("invocation")


class _Parser(argparse.ArgumentParser):
    """argparse, writing its usage, help and errors to the invocation's streams."""

    def _print_message(self, message: str, file: SupportsWrite[str] | None = None) -> None:
        if not message:
            return
        here = _CURRENT.get()
        (here.stderr if file is sys.stderr else here.stdout).write(message)


@functools.cache  # the lint server parses many command lines with one parser
def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="leadarch", description="Lead process architecture as code.")
    parser.add_argument("--version", action="version", version=f"leadarch {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for command in COMMANDS:
        command.add_parser(sub)
    return parser


def run(argv: list[str], here: Invocation) -> int:
    token = _CURRENT.set(here)
    try:
        return _run(argv, here)
    finally:
        _CURRENT.reset(token)


def _run(argv: list[str], here: Invocation) -> int:
    try:
        args = build_parser().parse_args(argv)
        command = BY_NAME[args.command]
        if getattr(command, "READS_CATALOG", True):
            _finish_interrupted_write(args, here)
        return int(command.run(args, here))
    except SystemExit as exc:  # argparse: usage errors, --help, --version
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
    except CannotRun as exc:
        here.warn(f"leadarch: {printable(str(exc))}")
        for detail in exc.details:
            here.warn(printable(detail))
        return 2
    except OSError as exc:
        said = f"{exc.strerror or exc}: {exc.filename or ''}".rstrip(": ")
        here.warn(f"leadarch: {printable(said)}")
        return 2
    except KeyboardInterrupt:
        here.warn("leadarch: interrupted")
        return 130
    except Exception as exc:  # a bug of ours: say so plainly, never a bare traceback
        if here.env.get("LEADARCH_DEBUG"):
            raise
        here.warn(
            f"leadarch: internal error: {type(exc).__name__}: {printable(str(exc))} "
            "(set LEADARCH_DEBUG=1 for details)"
        )
        return 2


def _finish_interrupted_write(args: Any, here: Invocation) -> None:
    """A write stopped half-way (a kill, a power cut) is finished or undone before the
    command reads the catalog; one `stat` when there is none."""
    from leadarch.core.cache import default_folder
    from leadarch.core.paths import JOURNAL_NAME

    cache = default_folder(here.catalog_dir(args), here.env, here.cwd)
    if (cache / JOURNAL_NAME).exists():
        from leadarch.governance.journal import recover

        said = recover(cache)
        if said:
            here.warn(f"leadarch: {said}")
