"""`leadarch changelog add`: append a change to the unreleased release."""

from __future__ import annotations

import argparse
from typing import Any

from leadarch.cli.invocation import CATALOG_HELP, Invocation

NAME = "changelog"
CHANGE_TYPES = ("added", "changed", "deprecated", "removed", "fixed")


def add_parser(sub: Any) -> None:
    parser = sub.add_parser(NAME, help="edit the changelog")
    actions = parser.add_subparsers(dest="changelog_command", required=True, metavar="ACTION")
    add = actions.add_parser("add", help="append a change to the unreleased release")
    add.add_argument("summary", help="what changed, in one sentence")
    add.add_argument("--type", required=True, choices=CHANGE_TYPES)
    add.add_argument("--ref", required=True, help="the entity changed, as kind:id")
    add.add_argument("--impact", help="who is affected and what they must do")
    add.add_argument("--catalog", help=CATALOG_HELP)


def run(args: argparse.Namespace, here: Invocation) -> int:
    from leadarch.core.printable import printable
    from leadarch.governance.changelog import add_change

    config = here.config()
    path = add_change(
        here.writer(config),
        here.catalog_dir(args, config),
        args.type,
        args.ref,
        args.summary,
        args.impact,
    )
    here.say(printable(f"Added {args.type} {args.ref} to the unreleased changes in {path}."))
    return 0
