"""The `leadarch` command: builds objects from arguments and runs them; nothing more."""

from __future__ import annotations

import argparse
import functools
import json
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from leadarch import __version__
from leadarch.core.cache import default_folder
from leadarch.core.findings import Severity
from leadarch.core.printable import printable, printable_lines
from leadarch.errors import CannotRun
from leadarch.lint.config import Config, load_config
from leadarch.lintargs import add_lint_arguments

if TYPE_CHECKING:
    from leadarch.core.catalog import Workspace


@functools.cache  # the lint server parses many command lines with one parser
def build_parser() -> argparse.ArgumentParser:
    from leadarch.lint.reporters import REPORTERS

    parser = argparse.ArgumentParser(
        prog="leadarch", description="Lead process architecture as code."
    )
    parser.add_argument("--version", action="version", version=f"leadarch {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    lint = sub.add_parser("lint", help="check the catalog and report every defect at its line")
    add_lint_arguments(lint, REPORTERS)

    diff = sub.add_parser(
        "diff",
        help="semantic diff of the catalog between two revisions (default: HEAD and the working tree)",
    )
    diff.add_argument(
        "old", nargs="?", default="HEAD", help="git revision or catalog folder (default: HEAD)"
    )
    diff.add_argument(
        "new",
        nargs="?",
        default=None,
        help="git revision or catalog folder (default: the working tree)",
    )
    diff.add_argument(
        "--catalog", help="catalog folder in the working tree (default: from [tool.leadarch])"
    )
    diff.add_argument("--format", choices=("text", "json", "markdown"), default="text")

    impact = sub.add_parser(
        "impact", help="everything that depends on an entity, directly and transitively"
    )
    impact.add_argument("ref", metavar="REF", help="kind:id, e.g. field:Lead.Status or role:sdr")
    impact.add_argument("--catalog", help="catalog folder (default: from [tool.leadarch])")
    impact.add_argument("--format", choices=("text", "json"), default="text")

    release = sub.add_parser("release", help="turn the unreleased changes into a released version")
    release.add_argument(
        "version", metavar="VERSION", help="MAJOR.MINOR.PATCH, greater than every earlier release"
    )
    release.add_argument("--date", help="release date YYYY-MM-DD (default: today)")
    release.add_argument("--catalog", help="catalog folder (default: from [tool.leadarch])")

    changelog = sub.add_parser("changelog", help="edit the changelog")
    changelog_sub = changelog.add_subparsers(
        dest="changelog_command", required=True, metavar="ACTION"
    )
    add = changelog_sub.add_parser("add", help="append a change to the unreleased release")
    add.add_argument("summary", help="what changed, in one sentence")
    add.add_argument(
        "--type", required=True, choices=("added", "changed", "deprecated", "removed", "fixed")
    )
    add.add_argument("--ref", required=True, help="the entity changed, as kind:id")
    add.add_argument("--impact", help="who is affected and what they must do")
    add.add_argument("--catalog", help="catalog folder (default: from [tool.leadarch])")

    rename = sub.add_parser("rename", help="rename an entity and every reference to it")
    rename.add_argument("ref", metavar="REF", help="kind:id of the entity, e.g. queue:sdr_na")
    rename.add_argument(
        "new_id", metavar="NEW_ID", help="the new id (for a field: the new API name)"
    )
    rename.add_argument("--catalog", help="catalog folder (default: from [tool.leadarch])")

    fmt = sub.add_parser("fmt", help="order keys within entities as the schema does")
    fmt.add_argument(
        "--check", action="store_true", help="report files that would change; exit 1 if any"
    )
    fmt.add_argument("--catalog", help="catalog folder (default: from [tool.leadarch])")

    for name, what in (
        ("route", "which routing rule and queue each sample lead gets"),
        ("score", "each sample lead's score breakdown and stage"),
    ):
        sim = sub.add_parser(name, help=f"simulate: {what}")
        sim.add_argument(
            "leads",
            metavar="LEADS",
            help="sample leads (field id → value): CSV or JSON Lines (streamed; - for standard "
            "input), or a JSON or YAML list",
        )
        sim.add_argument(
            "--input-format",
            choices=("csv", "jsonl", "json", "yaml"),
            help="the format of LEADS (default: from its suffix)",
        )
        sim.add_argument(
            "--coverage",
            action="store_true",
            help="also list rules or criteria that no example or sample exercises",
        )
        sim.add_argument("--catalog", help="catalog folder (default: from [tool.leadarch])")

    importer = sub.add_parser(
        "import", help="import CRM fields into the field catalog (merging into existing files)"
    )
    _export_args(importer)
    importer.add_argument(
        "--object",
        help="Salesforce: the object the describe must be; HubSpot: the object name (default contacts)",
    )
    importer.add_argument(
        "--into", help="catalog file to merge into (default: fields/<object>.yaml in the catalog)"
    )
    importer.add_argument(
        "--include-hidden", action="store_true", help="HubSpot: also hidden and deleted properties"
    )
    importer.add_argument("--catalog", help="catalog folder (default: from [tool.leadarch])")

    drift = sub.add_parser(
        "drift", help="report where the catalog and a CRM export disagree (exit 1 when they do)"
    )
    _export_args(drift)
    drift.add_argument("--object", help="HubSpot: the object name (default contacts)")
    drift.add_argument(
        "--system", help="catalog system id the export comes from (default: salesforce / hubspot)"
    )
    drift.add_argument("--include-hidden", action="store_true")
    drift.add_argument("--format", choices=("text", "json", "markdown"), default="text")
    drift.add_argument("--catalog", help="catalog folder (default: from [tool.leadarch])")

    server = sub.add_parser(
        "server", help="a resident lint process: `leadarch lint` answers in a fraction of the time"
    )
    server.add_argument("action", choices=("start", "stop", "status"))
    server.add_argument("catalog", nargs="?", help="catalog folder (default: from [tool.leadarch])")
    server.add_argument(
        "--idle-minutes",
        type=float,
        default=120,
        metavar="MINUTES",
        help="stop after this long without a request (default: 120)",
    )

    rules = sub.add_parser("rules", help="list every lint rule with its code, severity and summary")
    rules.add_argument("--format", choices=("text", "json"), default="text")
    sub.add_parser(
        "schema",
        help="print the JSON Schema of a catalog file as one self-contained document",
    )
    return parser


def _export_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("source", choices=("salesforce", "salesforce-metadata", "hubspot"))
    parser.add_argument(
        "export",
        metavar="EXPORT",
        help="describe JSON, Metadata API folder, or HubSpot properties JSON",
    )


def main(
    argv: Sequence[str] | None = None, *, workspace: Callable[[Path], Workspace] | None = None
) -> int:
    """Run one command line; `workspace` (from the lint server) gives a catalog's kept files."""
    try:
        args = build_parser().parse_args(argv)
        if args.command not in ("rules", "schema"):
            _finish_interrupted_write(args)
        if args.command == "rules":
            return _rules(args.format)
        if args.command == "schema":
            from leadarch.core.schemas import bundled

            print(json.dumps(bundled(), indent=2, ensure_ascii=False))
            return 0
        if args.command == "diff":
            return _diff(args)
        if args.command == "impact":
            return _impact(args)
        if args.command == "import":
            return _import(args)
        if args.command == "drift":
            return _drift(args)
        if args.command in ("route", "score"):
            return _simulate(args)
        if args.command == "rename":
            return _rename(args)
        if args.command == "fmt":
            return _fmt(args)
        if args.command == "release":
            return _release(args)
        if args.command == "changelog":
            return _changelog(args)
        if args.command == "server":
            return _server(args)
        return _lint(args, workspace)
    except CannotRun as exc:
        print(f"leadarch: {printable(str(exc))}", file=sys.stderr)
        for detail in exc.details:
            print(printable(detail), file=sys.stderr)
        return 2
    except OSError as exc:
        said = f"{exc.strerror or exc}: {exc.filename or ''}".rstrip(": ")
        print(f"leadarch: {printable(said)}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("leadarch: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug of ours: say so plainly, never a bare traceback
        if os.environ.get("LEADARCH_DEBUG"):
            raise
        print(
            f"leadarch: internal error: {type(exc).__name__}: {printable(str(exc))} "
            "(set LEADARCH_DEBUG=1 for details)",
            file=sys.stderr,
        )
        return 2


def _catalog_dir(args: argparse.Namespace, config: Config) -> Path:
    from leadarch.core.paths import catalog_dir

    return catalog_dir(getattr(args, "catalog", None), config.catalog, config.source, Path.cwd())


def _finish_interrupted_write(args: argparse.Namespace) -> None:
    """A write stopped half-way (a kill, a power cut) is finished or undone before the
    command reads the catalog; one `stat` when there is none."""
    from leadarch.core.paths import JOURNAL_NAME

    cache = default_folder(_catalog_dir(args, load_config()))
    if (cache / JOURNAL_NAME).exists():
        from leadarch.governance.journal import recover

        said = recover(cache)
        if said:
            print(f"leadarch: {said}", file=sys.stderr)


def _server(args: argparse.Namespace) -> int:
    from leadarch.server import command

    root = _catalog_dir(args, load_config())
    return command(args.action, default_folder(root), args.idle_minutes, root)


def _lint(args: argparse.Namespace, workspace: Callable[[Path], Workspace] | None = None) -> int:
    from leadarch.core.catalog import build
    from leadarch.lint.engine import lint_catalog
    from leadarch.lint.reporters import REPORTERS, Summary, cap

    config = load_config()
    if args.select is not None:
        config = replace(config, select=args.select)
    if args.ignore is not None:
        config = replace(config, ignore=(*config.ignore, *args.ignore))
    root = _catalog_dir(args, config)
    from leadarch.core.cache import ParseCache, default_folder

    catalog = build(
        root,
        cache=None if args.no_cache else ParseCache(default_folder(root)),
        workspace=workspace(root) if workspace is not None else None,
        limits=config.limits,
    )
    if args.base or args.merge_base:
        from leadarch.core import gitcat
        from leadarch.core.revisions import catalog_at
        from leadarch.governance.diff import diff

        rev = args.base or gitcat.merge_base(root if root.is_dir() else Path.cwd(), args.merge_base)
        label = args.base or f"the merge base with {args.merge_base}"
        base, _ = catalog_at(rev, root)
        changes = tuple((c.ref, c.status) for c in diff(base, catalog).changes)
        config = replace(
            config, options=replace(config.options, base_changes=changes, base_label=label)
        )
    diagnostics = lint_catalog(catalog, config)
    shown, truncated = cap(diagnostics, config.limits.max_findings_per_code)
    summary = Summary(files=len(catalog.files), entities=len(catalog.raw), truncated=truncated)
    sys.stdout.write(REPORTERS[args.format](shown, summary))
    return 1 if any(d.severity is Severity.ERROR for d in diagnostics) else 0


def _rules(fmt: str) -> int:
    from leadarch.lint.rules import RULES

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


def _diff(args: argparse.Namespace) -> int:
    from leadarch.core.revisions import catalog_at
    from leadarch.governance.diff import diff
    from leadarch.governance.diff_report import DIFF_REPORTERS

    root = _catalog_dir(args, load_config())
    old, _ = catalog_at(args.old, root)
    new, _ = catalog_at(args.new, root)
    sys.stdout.write(DIFF_REPORTERS[args.format](diff(old, new)))
    return 0


def _impact(args: argparse.Namespace) -> int:
    from leadarch.core.catalog import build
    from leadarch.governance.impact import impact_report

    catalog = build(_catalog_dir(args, load_config()))
    text, found = impact_report(catalog, args.ref, args.format)
    sys.stdout.write(printable_lines(text) if args.format == "text" else text)
    return 0 if found else 2


def _release(args: argparse.Namespace) -> int:
    from leadarch.governance.changelog import cut_release

    path = cut_release(_catalog_dir(args, load_config()), args.version, args.date)
    print(printable(f"Released {args.version} in {path}; a new unreleased entry is open."))
    return 0


def _changelog(args: argparse.Namespace) -> int:
    from leadarch.governance.changelog import add_change

    path = add_change(
        _catalog_dir(args, load_config()), args.type, args.ref, args.summary, args.impact
    )
    print(printable(f"Added {args.type} {args.ref} to the unreleased changes in {path}."))
    return 0


def _rename(args: argparse.Namespace) -> int:
    from leadarch.governance.refactor import rename

    files = rename(_catalog_dir(args, load_config()), args.ref, args.new_id)
    print(
        printable(
            f"Renamed {args.ref} to {args.new_id} in {len(files)} file(s): {', '.join(files)}; "
            "logged in the unreleased changes."
        )
    )
    return 0


def _fmt(args: argparse.Namespace) -> int:
    from leadarch.governance.refactor import fmt

    files = fmt(_catalog_dir(args, load_config()), check=args.check)
    for path in files:
        print(f"{'would reformat' if args.check else 'reformatted'} {printable(path)}")
    if not files:
        print("Nothing to reformat.")
    return 1 if args.check and files else 0


def _simulate(args: argparse.Namespace) -> int:
    from leadarch.core.catalog import build
    from leadarch.governance.simulate import read_leads, simulate_routing, simulate_scoring

    catalog = build(_catalog_dir(args, load_config()))
    leads = read_leads(args.leads, args.input_format)
    run = simulate_routing if args.command == "route" else simulate_scoring
    write = sys.stdout.write
    for line in run(catalog, leads, args.coverage):  # streamed: one lead at a time
        write(printable(line) + "\n")
    return 0


def _crm_fields(args: argparse.Namespace) -> list:
    from leadarch.crm import hubspot, salesforce

    export = Path(args.export)
    if args.source == "salesforce":
        return salesforce.read_describe(export, getattr(args, "object", None))
    if args.source == "salesforce-metadata":
        return salesforce.read_metadata(export)
    return hubspot.read_properties(export, args.object or "contacts", args.include_hidden)


def _import(args: argparse.Namespace) -> int:
    from leadarch.crm.importer import import_fields

    fields = _crm_fields(args)
    if args.source == "salesforce-metadata" and args.object:
        fields = [f for f in fields if f.object == args.object]
    result = import_fields(
        _catalog_dir(args, load_config()), fields, Path(args.into) if args.into else None
    )
    print(
        printable(
            f"{result.path}: {len(result.added)} field(s) added, {len(result.updated)} updated."
        )
    )
    for field_id in result.missing_in_crm:
        print(f"  not in the export (kept): {printable(field_id)}")
    for value in result.values_missing_in_crm:
        print(f"  value not in the export (kept): {printable(value)}")
    return 0


def _drift(args: argparse.Namespace) -> int:
    from leadarch.core.catalog import build
    from leadarch.crm.drift import drift, report, system_for

    catalog = build(_catalog_dir(args, load_config()))
    system = args.system or system_for(catalog, args.source)
    findings = drift(catalog, _crm_fields(args), system)
    sys.stdout.write(report(catalog, findings, args.format, args.export))
    return 1 if findings else 0
