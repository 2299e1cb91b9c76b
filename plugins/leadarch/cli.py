"""The `leadarch` command: builds objects from arguments and runs them; nothing more."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from leadarch import __version__
from leadarch.config import Config, load_config
from leadarch.diagnostics import Severity
from leadarch.loader import CannotRun


def _codes(value: str) -> tuple[str, ...]:
    return tuple(c.strip().upper() for c in value.split(",") if c.strip())


def build_parser() -> argparse.ArgumentParser:
    from leadarch.reporters import REPORTERS

    parser = argparse.ArgumentParser(
        prog="leadarch", description="Lead process architecture as code."
    )
    parser.add_argument("--version", action="version", version=f"leadarch {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    lint = sub.add_parser("lint", help="check the catalog and report every defect at its line")
    lint.add_argument(
        "catalog",
        nargs="?",
        help="catalog folder (default: [tool.leadarch] catalog, else ./catalog)",
    )
    lint.add_argument(
        "--format", choices=sorted(REPORTERS), default="text", help="output format (default: text)"
    )
    lint.add_argument(
        "--select",
        type=_codes,
        default=None,
        metavar="CODES",
        help="only these rule codes or prefixes, comma-separated",
    )
    lint.add_argument(
        "--ignore",
        type=_codes,
        default=None,
        metavar="CODES",
        help="skip these rule codes or prefixes, comma-separated",
    )

    rules = sub.add_parser("rules", help="list every lint rule with its code, severity and summary")
    rules.add_argument("--format", choices=("text", "json"), default="text")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
        if args.command == "rules":
            return _rules(args.format)
        return _lint(args)
    except CannotRun as exc:
        print(f"leadarch: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # a bug of ours: say so plainly, never a bare traceback
        if os.environ.get("LEADARCH_DEBUG"):
            raise
        print(
            f"leadarch: internal error: {type(exc).__name__}: {exc} (set LEADARCH_DEBUG=1 for details)",
            file=sys.stderr,
        )
        return 2


def _catalog_dir(args: argparse.Namespace, config: Config) -> Path:
    if args.catalog:
        return Path(args.catalog)
    if config.source is not None:
        candidate = config.source.parent / config.catalog
        return (
            Path(os.path.relpath(candidate)) if candidate.is_relative_to(Path.cwd()) else candidate
        )
    return Path(config.catalog)


def _lint(args: argparse.Namespace) -> int:
    from leadarch.engine import lint
    from leadarch.reporters import REPORTERS, Summary

    config = load_config()
    if args.select is not None:
        config = replace(config, select=args.select)
    if args.ignore is not None:
        config = replace(config, ignore=(*config.ignore, *args.ignore))
    catalog, diagnostics = lint(_catalog_dir(args, config), config)
    summary = Summary(files=len(catalog.files), entities=len(catalog.raw))
    sys.stdout.write(REPORTERS[args.format](diagnostics, summary))
    return 1 if any(d.severity is Severity.ERROR for d in diagnostics) else 0


def _rules(fmt: str) -> int:
    from leadarch.rules import RULES

    if fmt == "json":
        data = [
            {"code": r.CODE, "name": r.NAME, "severity": r.SEVERITY.value, "summary": r.SUMMARY}
            for r in RULES
        ]
        print(json.dumps(data, indent=2))
        return 0
    for rule in RULES:
        print(f"{rule.CODE}  {rule.SEVERITY.value:<7}  {rule.NAME:<32}  {rule.SUMMARY}")
    return 0
