"""`leadarch score`: each sample lead's score breakdown and stage."""

from __future__ import annotations

import argparse
from typing import Any

from leadarch.cli.invocation import Invocation
from leadarch.cli.simulation import add_simulation_parser, run_simulation

NAME = "score"


def add_parser(sub: Any) -> None:
    add_simulation_parser(sub, NAME, "each sample lead's score breakdown and stage")


def run(args: argparse.Namespace, here: Invocation) -> int:
    return run_simulation(args, here, scoring=True)
