"""`leadarch init`: from an empty folder to a working leadarch repository in one command."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any

from leadarch.cli.invocation import Invocation

NAME = "init"
READS_CATALOG = False

DESCRIPTION = """\
Start a leadarch repository in DIR (default: this folder): a catalog that lints clean,
the wiki's mkdocs.yml and a welcome page, the editor schema, pre-commit hooks, a CI
workflow, .gitignore and leadarch.toml. Nothing here needs a network: everything comes
from the installed leadarch. A file that already exists is never overwritten; it is
listed as skipped."""


def add_parser(sub: Any) -> None:
    from leadarch.crm.readers import SOURCES

    parser = sub.add_parser(
        NAME,
        help="start a leadarch repository: catalog, wiki, hooks and CI (never overwrites)",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("dir", nargs="?", default=".", help="the repository folder (default: .)")
    start = parser.add_mutually_exclusive_group()
    start.add_argument(
        "--example",
        action="store_true",
        help="the full example lead process instead of the small starter",
    )
    start.add_argument(
        "--from",
        dest="source",
        nargs="+",
        metavar=("SOURCE", "EXPORT"),
        help=f"the starter plus the field catalog imported from each EXPORT; SOURCE is one "
        f"of {', '.join(SOURCES)} (put DIR before --from)",
    )
    parser.add_argument("--site-name", help="the wiki's title (default: Our lead engine)")


def run(args: argparse.Namespace, here: Invocation) -> int:
    from leadarch.core.printable import printable
    from leadarch.crm.readers import SOURCES
    from leadarch.errors import CannotRun
    from leadarch.scaffold import Start, scaffold

    source, *exports = args.source or [None]
    if source is not None and source not in SOURCES:
        raise CannotRun(f"--from {source}: not a kind of export; choose from {', '.join(SOURCES)}")
    if source is not None and not exports:
        raise CannotRun(f"--from {source} needs at least one export file or folder after it")
    args.source, args.exports = source, exports
    start = Start(
        example=args.example,
        source=source,
        exports=tuple(Path(e) for e in exports),
        site_name=args.site_name,
    )
    target = here.cwd / args.dir
    result = scaffold(target, start, _importer(args, here) if args.source else None)
    shown = "." if args.dir == "." else printable(args.dir)
    for path in result.written:
        here.say(f"  created  {printable(path)}")
    for path in result.skipped:
        here.say(f"  skipped  {printable(path)} (already there; left as it is)")
    for line in result.notes:
        here.say(printable(line))
    here.say("")
    here.say("Next steps:")
    steps = [] if shown == "." else [f"cd {shown}"]
    if not result.in_git:
        steps.append("git init")
    steps += [
        "leadarch lint                 # check the catalog",
        "mkdocs serve                  # the wiki at http://127.0.0.1:8000",
        "pre-commit install && pre-commit install -t pre-push",
    ]
    for step in steps:
        here.say(f"  {step}")
    return 0


def _importer(args: argparse.Namespace, here: Invocation) -> Callable[[Path], list[str]]:
    """Reads every export now (a bad one stops init before it writes anything) and returns
    what merges their fields into the new catalog, each import checked with every rule of
    the new repository's configuration before it writes."""
    from leadarch.crm.readers import read_export

    read = [(export, read_export(args.source, Path(export), here.cwd)) for export in args.exports]

    def imported(catalog: Path) -> list[str]:
        from leadarch.crm.importer import import_fields
        from leadarch.lint.config import load_config

        writer = here.writer(load_config(catalog))
        said = []
        for export, fields in read:
            result = import_fields(writer, catalog, fields)
            said.append(
                f"  imported {result.path}: {len(result.added)} field(s) added, "
                f"{len(result.updated)} updated, from {export}"
            )
        return said

    return imported
