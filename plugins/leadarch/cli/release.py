"""`leadarch release`: turn the unreleased changes into a released version."""

from __future__ import annotations

import argparse
from typing import Any

from leadarch.cli.invocation import CATALOG_HELP, Invocation

NAME = "release"


def add_parser(sub: Any) -> None:
    parser = sub.add_parser(NAME, help="turn the unreleased changes into a released version")
    parser.add_argument(
        "version", metavar="VERSION", help="MAJOR.MINOR.PATCH, greater than every earlier release"
    )
    parser.add_argument("--date", help="release date YYYY-MM-DD (default: today)")
    parser.add_argument("--catalog", help=CATALOG_HELP)


def run(args: argparse.Namespace, here: Invocation) -> int:
    from leadarch.core.printable import printable
    from leadarch.governance.changelog import cut_release

    config = here.config()
    path = cut_release(here.writer(config), here.catalog_dir(args, config), args.version, args.date)
    here.say(printable(f"Released {args.version} in {path}; a new unreleased entry is open."))
    return 0
