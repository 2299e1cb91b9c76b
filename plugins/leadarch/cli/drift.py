"""`leadarch drift`: where the catalog and a CRM export disagree (exit 1 when they do)."""

from __future__ import annotations

import argparse
from typing import Any

from leadarch.cli.exports import add_export_arguments, read_fields
from leadarch.cli.invocation import CATALOG_HELP, FORMAT_HELP, Invocation

NAME = "drift"


def add_parser(sub: Any) -> None:
    from leadarch.report import formats

    parser = sub.add_parser(
        NAME, help="report where the catalog and a CRM export disagree (exit 1 when they do)"
    )
    add_export_arguments(parser)
    parser.add_argument(
        "--object",
        help="Salesforce: the object the export must be (a metadata folder: only that object); "
        "HubSpot: the object name (default contacts)",
    )
    parser.add_argument(
        "--system", help="catalog system id the export comes from (default: salesforce / hubspot)"
    )
    parser.add_argument("--include-hidden", action="store_true")
    parser.add_argument(
        "--scope",
        choices=("documented", "all"),
        default="documented",
        help="documented (default): the fields the catalog documents and custom fields it "
        "lacks, undocumented standard fields counted in one line per object; all: every field",
    )
    parser.add_argument("--format", choices=formats("drift"), default="text", help=FORMAT_HELP)
    parser.add_argument("--catalog", help=CATALOG_HELP)


def run(args: argparse.Namespace, here: Invocation) -> int:
    from leadarch.core.catalog import build
    from leadarch.crm.drift import drift, system_for
    from leadarch.report import Report, render

    catalog = build(here.catalog_dir(args), cwd=here.cwd)
    system = args.system or system_for(catalog, args.source)
    found = drift(catalog, read_fields(args, here), system, args.export, args.scope)
    here.stdout.write(render(Report("drift", tuple(found), source=args.export), args.format))
    return 1 if found else 0
