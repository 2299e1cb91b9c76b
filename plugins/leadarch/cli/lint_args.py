"""The arguments of `leadarch lint`, defined once: the command parses them, and so does the
front door (`leadarch.client`) to find which catalog, and so which lint server, a command
line means. Standard library only."""

from __future__ import annotations

import argparse
from collections.abc import Iterable, Mapping, Sequence


def codes(value: str) -> tuple[str, ...]:
    return tuple(c.strip().upper() for c in value.split(",") if c.strip())


def add_lint_arguments(parser: argparse.ArgumentParser, formats: Iterable[str] | None) -> None:
    """`formats`: the reporter names (None: any value, for a parser that only looks)."""
    parser.add_argument(
        "catalog",
        nargs="?",
        help="catalog folder (default: [tool.leadarch] catalog, else ./catalog)",
    )
    parser.add_argument(
        "--format",
        choices=None if formats is None else sorted(formats),
        default="text",
        help="output format (default: text)",
    )
    parser.add_argument(
        "--select",
        type=codes,
        default=None,
        metavar="CODES",
        help="only these rule codes or prefixes, comma-separated",
    )
    parser.add_argument(
        "--ignore",
        type=codes,
        default=None,
        metavar="CODES",
        help="skip these rule codes or prefixes, comma-separated",
    )
    parser.add_argument(
        "--no-cache",
        action="store_true",
        help="parse every file again instead of using .leadarch_cache/",
    )
    base = parser.add_mutually_exclusive_group()
    base.add_argument(
        "--base",
        metavar="REV",
        help="also report changes since this git revision that the unreleased changelog does not mention (LA110)",
    )
    base.add_argument(
        "--merge-base",
        metavar="BRANCH",
        help="like --base, against the merge base of BRANCH and HEAD",
    )


class _Quiet(argparse.ArgumentParser):
    """Says nothing and exits nothing: a command line it cannot read is the command's to report."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise ValueError(message)

    def exit(self, status: int = 0, message: str | None = None) -> None:  # type: ignore[override]
        raise ValueError(message or "exit")


def read_lint_arguments(args: list[str]) -> argparse.Namespace | None:
    """The lint arguments of `args` (after `lint`), or None if the command would not accept them."""
    parser = _Quiet(prog="leadarch lint", add_help=False)
    add_lint_arguments(parser, None)
    try:
        return parser.parse_args(args)
    except ValueError:
        return None


def lint_to_send(args: Sequence[str], env: Mapping[str, str]) -> argparse.Namespace | None:
    """The lint arguments when the command line may go to a server: only `lint`, not when
    told to read every file afresh, nor when it runs git, nor one the real parser refuses
    (that message is printed by the command itself)."""
    if args[:1] != ["lint"] or env.get("LEADARCH_NO_SERVER"):
        return None
    parsed = read_lint_arguments(list(args[1:]))
    if parsed is None or parsed.no_cache or parsed.base or parsed.merge_base:
        return None
    return parsed
