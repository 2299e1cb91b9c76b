"""`leadarch rules`: every lint rule with its code, severity and summary."""

from __future__ import annotations

import argparse
import json
from typing import Any

from leadarch.cli.invocation import Invocation

NAME = "rules"
READS_CATALOG = False


def add_parser(sub: Any) -> None:
    parser = sub.add_parser(NAME, help="list every lint rule with its code, severity and summary")
    parser.add_argument("--format", choices=("text", "json"), default="text")


def run(args: argparse.Namespace, here: Invocation) -> int:
    from leadarch.lint.rules import RULES

    if args.format == "json":
        data = [
            {"code": r.CODE, "name": r.NAME, "severity": r.SEVERITY.value, "summary": r.SUMMARY}
            for r in RULES
        ]
        here.say(json.dumps(data, indent=2))
        return 0
    for rule in RULES:
        here.say(f"{rule.CODE}  {rule.SEVERITY.value:<7}  {rule.NAME:<32}  {rule.SUMMARY}")
    return 0
