"""What `leadarch route` and `leadarch score` share: their arguments and their run."""

from __future__ import annotations

import argparse
from typing import Any

from leadarch.cli.invocation import CATALOG_HELP, Invocation


def add_simulation_parser(sub: Any, name: str, what: str) -> None:
    parser = sub.add_parser(name, help=f"simulate: {what}")
    parser.add_argument(
        "leads",
        metavar="LEADS",
        help="sample leads (field id → value): CSV or JSON Lines (streamed; - for standard "
        "input), or a JSON or YAML list",
    )
    parser.add_argument(
        "--input-format",
        choices=("csv", "jsonl", "json", "yaml"),
        help="the format of LEADS (default: from its suffix)",
    )
    parser.add_argument(
        "--coverage",
        action="store_true",
        help="also list rules or criteria that no example or sample exercises",
    )
    parser.add_argument("--catalog", help=CATALOG_HELP)


def run_simulation(args: argparse.Namespace, here: Invocation, scoring: bool) -> int:
    from leadarch.core.catalog import build
    from leadarch.core.printable import printable
    from leadarch.governance.simulate import read_leads, simulate_routing, simulate_scoring

    catalog = build(here.catalog_dir(args), cwd=here.cwd)
    leads = read_leads(args.leads, args.input_format, here.cwd, here.stdin)
    simulate = simulate_scoring if scoring else simulate_routing
    write = here.stdout.write
    for line in simulate(catalog, leads, args.coverage):  # streamed: one lead at a time
        write(printable(line) + "\n")
    return 0
