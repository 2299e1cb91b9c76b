"""`leadarch route`: which routing rule and queue each sample lead gets."""

from __future__ import annotations

import argparse
from typing import Any

from leadarch.cli.invocation import Invocation
from leadarch.cli.simulation import add_simulation_parser, run_simulation

NAME = "route"


def add_parser(sub: Any) -> None:
    add_simulation_parser(sub, NAME, "which routing rule and queue each sample lead gets")


def run(args: argparse.Namespace, here: Invocation) -> int:
    return run_simulation(args, here, scoring=False)
