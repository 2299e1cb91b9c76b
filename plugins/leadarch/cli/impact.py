"""`leadarch impact`: everything that depends on an entity, directly and transitively."""

from __future__ import annotations

import argparse
from typing import Any

from leadarch.cli.invocation import CATALOG_HELP, Invocation

NAME = "impact"


def add_parser(sub: Any) -> None:
    parser = sub.add_parser(
        NAME, help="everything that depends on an entity, directly and transitively"
    )
    parser.add_argument("ref", metavar="REF", help="kind:id, e.g. field:Lead.Status or role:sdr")
    parser.add_argument("--catalog", help=CATALOG_HELP)
    parser.add_argument("--format", choices=("text", "json"), default="text")


def run(args: argparse.Namespace, here: Invocation) -> int:
    from leadarch.core.catalog import build
    from leadarch.core.printable import printable_lines
    from leadarch.governance.impact import impact_report

    catalog = build(here.catalog_dir(args), cwd=here.cwd)
    text, found = impact_report(catalog, args.ref, args.format)
    here.stdout.write(printable_lines(text) if args.format == "text" else text)
    return 0 if found else 2
