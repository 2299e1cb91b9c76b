"""`leadarch schema`: the JSON Schema of a catalog file as one self-contained document."""

from __future__ import annotations

import argparse
import json
from typing import Any

from leadarch.cli.invocation import Invocation

NAME = "schema"
READS_CATALOG = False


def add_parser(sub: Any) -> None:
    sub.add_parser(
        NAME, help="print the JSON Schema of a catalog file as one self-contained document"
    )


def run(args: argparse.Namespace, here: Invocation) -> int:
    from leadarch.core.schemas import bundled

    here.say(json.dumps(bundled(), indent=2, ensure_ascii=False))
    return 0
