"""The one error that stops a command: a usage or environment problem (exit code 2).

Everything else a command finds is a finding, reported and counted; this is caught once,
at the top of the command line (`leadarch.cli`), and by the MkDocs plugin.
"""

from __future__ import annotations


class CannotRun(Exception):
    """A usage or environment problem: nothing can be checked (exit code 2).

    The message is one line; `details` are further lines to print under it (each shown
    on its own, so no text inside either can start a line of its own)."""

    def __init__(self, message: str, details: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.details = details
