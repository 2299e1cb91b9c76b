"""`leadarch import`: CRM fields into the field catalog, merged into the files that hold them."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from leadarch.cli.exports import add_export_arguments, read_fields
from leadarch.cli.invocation import CATALOG_HELP, Invocation

NAME = "import"


def add_parser(sub: Any) -> None:
    parser = sub.add_parser(
        NAME, help="import CRM fields into the field catalog (merging into existing files)"
    )
    add_export_arguments(parser)
    parser.add_argument(
        "--object",
        help="Salesforce: the object the describe must be; HubSpot: the object name (default contacts)",
    )
    parser.add_argument(
        "--into", help="catalog file to merge into (default: fields/<object>.yaml in the catalog)"
    )
    parser.add_argument(
        "--include-hidden", action="store_true", help="HubSpot: also hidden and deleted properties"
    )
    parser.add_argument("--catalog", help=CATALOG_HELP)


def run(args: argparse.Namespace, here: Invocation) -> int:
    from leadarch.core.printable import printable
    from leadarch.crm.importer import import_fields

    fields = read_fields(args, here)
    config = here.config()
    into = Path(args.into) if args.into else None
    result = import_fields(here.writer(config), here.catalog_dir(args, config), fields, into)
    here.say(
        printable(
            f"{result.path}: {len(result.added)} field(s) added, {len(result.updated)} updated."
        )
    )
    for field_id in result.missing_in_crm:
        here.say(f"  not in the export (kept): {printable(field_id)}")
    for value in result.values_missing_in_crm:
        here.say(f"  value not in the export (kept): {printable(value)}")
    for field_id in result.type_unknown:
        here.say(f"  not imported, the export does not say its type: {printable(field_id)}")
    return 0
