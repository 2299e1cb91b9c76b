"""The command line: every command in one explicit registry, one parser, one place where a
run's errors become messages and exit codes."""

from __future__ import annotations

import argparse
import contextvars
import functools
import importlib
import sys
from types import ModuleType
from typing import TYPE_CHECKING, Any

from leadarch import __version__
from leadarch.cli.invocation import Invocation
from leadarch.core.printable import printable
from leadarch.errors import CannotRun

if TYPE_CHECKING:
    from _typeshed import SupportsWrite

# Command name → its module in leadarch.cli, in the order `leadarch --help` lists them.
# A run imports the module of its own command only: the others cost nothing.
COMMANDS: dict[str, str] = {
    "init": "init",
    "lint": "lint",
    "diff": "diff",
    "impact": "impact",
    "release": "release",
    "changelog": "changelog",
    "rename": "rename",
    "fmt": "fmt",
    "route": "route",
    "score": "score",
    "import": "importing",
    "drift": "drift",
    "measure": "measure",
    "server": "server",
    "rules": "rules",
    "schema": "schema",
}


def command_module(name: str) -> ModuleType:
    module = importlib.import_module(f"leadarch.cli.{COMMANDS[name]}")
    assert name == module.NAME, module
    return module


_CURRENT: contextvars.ContextVar[Invocation] = contextvars.ContextVar("invocation")


class _Parser(argparse.ArgumentParser):
    """argparse, writing its usage, help and errors to the invocation's streams."""

    def _print_message(self, message: str, file: SupportsWrite[str] | None = None) -> None:
        if not message:
            return
        here = _CURRENT.get()
        (here.stderr if file is sys.stderr else here.stdout).write(message)


def parser_for(argv: list[str]) -> argparse.ArgumentParser:
    """The parser of the command `argv` names (the first word that is not an option);
    with every command when it names none it knows, for `--help` and usage errors."""
    named = next((a for a in argv if not a.startswith("-")), None)
    return build_parser(named if named in COMMANDS else None)


@functools.cache  # the lint server parses many command lines with one parser
def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    parser = _Parser(prog="leadarch", description="Lead process architecture as code.")
    parser.add_argument("--version", action="version", version=f"leadarch {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in [only] if only is not None else COMMANDS:
        command_module(name).add_parser(sub)
    return parser


def run(argv: list[str], here: Invocation) -> int:
    token = _CURRENT.set(here)
    try:
        return _run(argv, here)
    finally:
        _CURRENT.reset(token)


def _run(argv: list[str], here: Invocation) -> int:
    try:
        args = parser_for(argv).parse_args(argv)
        command = command_module(args.command)
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
    except BrokenPipeError:  # `leadarch schema | head`: the reader has all it wanted
        from leadarch.core.pipes import CLOSED_PIPE_EXIT

        here.quiet_stdout()
        return CLOSED_PIPE_EXIT
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
