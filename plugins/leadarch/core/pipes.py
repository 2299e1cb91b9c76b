"""A closed pipe ends a command quietly (`leadarch schema | head`), as SIGPIPE ends other
Unix tools. Standard library only: the front door uses it too."""

from __future__ import annotations

import os
from typing import TextIO

CLOSED_PIPE_EXIT = 141  # 128 + SIGPIPE: what a shell reports for a tool ended by it


def quiet_closed_pipe(stream: TextIO) -> None:
    """After the reader of `stream` went away: what is still buffered goes nowhere, so
    that the interpreter's last flush cannot print a traceback of its own."""
    try:
        fd = stream.fileno()
    except (AttributeError, OSError, ValueError):  # a StringIO: the lint server's own
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, fd)
    finally:
        os.close(devnull)
