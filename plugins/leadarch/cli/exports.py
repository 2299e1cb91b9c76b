"""What `leadarch import` and `leadarch drift` share: the export they read."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from leadarch.cli.invocation import Invocation


def add_export_arguments(parser: argparse.ArgumentParser) -> None:
    from leadarch.crm.readers import SOURCES

    parser.add_argument("source", choices=SOURCES)
    parser.add_argument(
        "export",
        metavar="EXPORT",
        help="describe JSON, Metadata API folder, or HubSpot properties JSON",
    )


def read_fields(args: argparse.Namespace, here: Invocation) -> list[Any]:
    from leadarch.crm.readers import read_export

    return read_export(
        args.source,
        Path(args.export),
        here.cwd,
        getattr(args, "object", None),
        getattr(args, "include_hidden", False),
    )
