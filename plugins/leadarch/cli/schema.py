"""`leadarch schema`: the JSON Schema of a catalog file as one self-contained document."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from leadarch.cli.invocation import Invocation

NAME = "schema"
READS_CATALOG = False

DESCRIPTION = """\
Print the JSON Schema (draft 2020-12) that every catalog file follows, as one
self-contained document: every kind's schema is embedded, so editors and validators
need neither the network nor leadarch's source.

Editors find it through the first line of each catalog file:

    # yaml-language-server: $schema=../schemas/catalog.schema.json

`leadarch init` writes the copy to schemas/catalog.schema.json; after upgrading
leadarch, refresh it with `leadarch schema --write schemas` (the lint warns, LA006,
while the copy is older than the installed leadarch). The wiki publishes the same file
at <site>/schemas/catalog.schema.json."""


def add_parser(sub: Any) -> None:
    parser = sub.add_parser(
        NAME,
        help="print the JSON Schema of a catalog file as one self-contained document",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--write",
        metavar="DIR",
        help="write it to DIR/catalog.schema.json instead (the repository's editor copy)",
    )


def run(args: argparse.Namespace, here: Invocation) -> int:
    from leadarch.core.editor_schema import schema_text

    if args.write is None:
        here.stdout.write(schema_text())
        return 0
    from leadarch.core.files import write_whole

    target = Path(here.cwd, args.write) / "catalog.schema.json"
    if target.is_file() and target.read_text(encoding="utf-8") == schema_text():
        here.say(f"{Path(args.write) / 'catalog.schema.json'}: already current")
        return 0
    write_whole(target, schema_text())
    here.say(f"{Path(args.write) / 'catalog.schema.json'}: written")
    return 0
