"""`leadarch fmt`: order keys within entities as the schema does."""

from __future__ import annotations

import argparse
from typing import Any

from leadarch.cli.invocation import CATALOG_HELP, Invocation

NAME = "fmt"


def add_parser(sub: Any) -> None:
    parser = sub.add_parser(NAME, help="order keys within entities as the schema does")
    parser.add_argument(
        "--check", action="store_true", help="report files that would change; exit 1 if any"
    )
    parser.add_argument("--catalog", help=CATALOG_HELP)


def run(args: argparse.Namespace, here: Invocation) -> int:
    from leadarch.core.printable import printable
    from leadarch.governance.refactor import fmt

    config = here.config()
    files = fmt(here.writer(config), here.catalog_dir(args, config), check=args.check)
    for path in files:
        here.say(f"{'would reformat' if args.check else 'reformatted'} {printable(path)}")
    if not files:
        here.say("Nothing to reformat.")
    return 1 if args.check and files else 0
