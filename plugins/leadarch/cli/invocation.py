"""What one command line runs with: its folder, its environment, its streams — given, never
taken from the process, so the lint server can run command lines side by side with its own
state untouched (`leadarch.cli.run`)."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import IO, TYPE_CHECKING, TextIO

from leadarch.core.paths import catalog_dir
from leadarch.core.pipes import quiet_closed_pipe
from leadarch.core.records import dataclass

if TYPE_CHECKING:
    from leadarch.core.catalog import Workspace
    from leadarch.governance.edit import Writer
    from leadarch.lint.config import Config


@dataclass(frozen=True)
class Invocation:
    cwd: Path
    env: Mapping[str, str]
    stdout: TextIO
    stderr: TextIO
    stdin: IO[bytes] | None = None  # None: this process's standard input
    workspace: Callable[[Path], Workspace] | None = None  # from the lint server: kept files

    def config(self) -> Config:
        from leadarch.lint.config import load_config

        return load_config(self.cwd)

    def catalog_dir(self, args: argparse.Namespace, config: Config | None = None) -> Path:
        """The catalog folder the command names (relative to `cwd`, as the user gave it)."""
        config = config or self.config()
        return catalog_dir(getattr(args, "catalog", None), config.catalog, config.folder, self.cwd)

    def writer(self, config: Config) -> Writer:
        """How a writing command writes: checked with every rule of `config` first."""
        from leadarch.governance.edit import Writer
        from leadarch.lint.engine import checker

        return Writer(checker(config), config.limits, self.cwd, self.env)

    def say(self, line: str) -> None:
        self.stdout.write(line + "\n")

    def warn(self, line: str) -> None:
        self.stderr.write(line + "\n")

    def quiet_stdout(self) -> None:
        """After the reader of stdout went away: what is still buffered goes nowhere, so
        that the interpreter's last flush cannot print a traceback of its own."""
        quiet_closed_pipe(self.stdout)


CATALOG_HELP = "catalog folder (default: from leadarch.toml or [tool.leadarch], else ./catalog)"
FORMAT_HELP = "output format (default: text)"
