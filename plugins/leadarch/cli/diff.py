"""`leadarch diff`: the semantic diff of the catalog between two revisions or folders."""

from __future__ import annotations

import argparse
from typing import Any

from leadarch.cli.invocation import FORMAT_HELP, Invocation

NAME = "diff"


def add_parser(sub: Any) -> None:
    from leadarch.report import formats

    parser = sub.add_parser(
        NAME,
        help="semantic diff of the catalog between two revisions (default: HEAD and the working tree)",
    )
    parser.add_argument(
        "old", nargs="?", default="HEAD", help="git revision or catalog folder (default: HEAD)"
    )
    parser.add_argument(
        "new",
        nargs="?",
        default=None,
        help="git revision or catalog folder (default: the working tree)",
    )
    parser.add_argument(
        "--catalog", help="catalog folder in the working tree (default: from [tool.leadarch])"
    )
    parser.add_argument("--format", choices=formats("diff"), default="text", help=FORMAT_HELP)


def run(args: argparse.Namespace, here: Invocation) -> int:
    from leadarch.core.revisions import catalog_at
    from leadarch.governance.diff import diff, findings
    from leadarch.report import Report, render

    root = here.catalog_dir(args)
    old, _ = catalog_at(args.old, root, here.cwd)
    new, _ = catalog_at(args.new, root, here.cwd)
    report = Report("diff", tuple(findings(diff(old, new), old, new)))
    here.stdout.write(render(report, args.format))
    return 0
