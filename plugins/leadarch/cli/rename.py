"""`leadarch rename`: rename an entity and every reference to it."""

from __future__ import annotations

import argparse
from typing import Any

from leadarch.cli.invocation import CATALOG_HELP, Invocation

NAME = "rename"


def add_parser(sub: Any) -> None:
    parser = sub.add_parser(NAME, help="rename an entity and every reference to it")
    parser.add_argument("ref", metavar="REF", help="kind:id of the entity, e.g. queue:sdr_na")
    parser.add_argument(
        "new_id", metavar="NEW_ID", help="the new id (for a field: the new API name)"
    )
    parser.add_argument("--catalog", help=CATALOG_HELP)


def run(args: argparse.Namespace, here: Invocation) -> int:
    from leadarch.core.printable import printable
    from leadarch.governance.refactor import rename

    config = here.config()
    files = rename(here.writer(config), here.catalog_dir(args, config), args.ref, args.new_id)
    here.say(
        printable(
            f"Renamed {args.ref} to {args.new_id} in {len(files)} file(s): {', '.join(files)}; "
            "logged in the unreleased changes."
        )
    )
    return 0
