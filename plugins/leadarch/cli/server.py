"""`leadarch server start|stop|status`: the resident lint process beside the catalog."""

from __future__ import annotations

import argparse
from typing import Any

from leadarch.cli.invocation import Invocation

NAME = "server"


def add_parser(sub: Any) -> None:
    parser = sub.add_parser(
        NAME, help="a resident lint process: `leadarch lint` answers in a fraction of the time"
    )
    parser.add_argument("action", choices=("start", "stop", "status"))
    parser.add_argument("catalog", nargs="?", help="catalog folder (default: from [tool.leadarch])")
    parser.add_argument(
        "--idle-minutes",
        type=float,
        default=120,
        metavar="MINUTES",
        help="stop after this long without a request (default: 120)",
    )


def run(args: argparse.Namespace, here: Invocation) -> int:
    from leadarch.core.cache import default_folder
    from leadarch.server.control import command

    root = here.catalog_dir(args)
    folder = default_folder(root, here.env, here.cwd)
    return command(args.action, folder, args.idle_minutes, root, here)
