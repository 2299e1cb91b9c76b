"""`leadarch measure`: the real process from CRM history, against the designed one."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from leadarch.cli.invocation import CATALOG_HELP, FORMAT_HELP, Invocation
from leadarch.errors import CannotRun

NAME = "measure"


def add_parser(sub: Any) -> None:
    from leadarch.report import formats

    parser = sub.add_parser(
        NAME,
        help="measure funnel, velocity, SLA attainment and conformance from CRM history",
        description="Reads history exports (generic events CSV/Parquet, Salesforce LeadHistory, "
        "OpportunityFieldHistory, OpportunityHistory and Task as CSV or REST JSON, HubSpot v3 "
        "propertiesWithHistory JSON or property-history tables, XES event logs) and computes "
        "the numbers of the measurement guide against the catalog's design.",
    )
    parser.add_argument("exports", metavar="EXPORT", nargs="*", help="history files to read")
    parser.add_argument("--since", help="count from this date or time (ISO 8601)")
    parser.add_argument("--until", help="count up to this date or time (ISO 8601)")
    parser.add_argument(
        "--as-of", help="the snapshot time (default: the latest timestamp in the exports)"
    )
    parser.add_argument(
        "--event-log",
        metavar="ID|FILE",
        help="the event_logs mapping for XES files: an id in the catalog (default: the only "
        "one), or a YAML file holding one `event_logs:` entry",
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="exit 1 when a KPI misses its target or fitness is below [measure] min_fitness",
    )
    parser.add_argument(
        "--min-fitness", type=float, help="fitness threshold for --check (overrides the config)"
    )
    parser.add_argument(
        "--emit-sql",
        metavar="DIR",
        help="write the definitions as dbt-ready SQL models and seeds into DIR instead",
    )
    parser.add_argument(
        "--dialect",
        default="duckdb",
        help="--emit-sql: duckdb (default), postgres, snowflake, bigquery or spark",
    )
    parser.add_argument(
        "--events-table",
        help="--emit-sql: the warehouse table of events (default: {{ source('crm', 'events') }})",
    )
    parser.add_argument("--format", choices=formats("measure"), default="text", help=FORMAT_HELP)
    parser.add_argument("--catalog", help=CATALOG_HELP)


def run(args: argparse.Namespace, here: Invocation) -> int:
    from leadarch.core.catalog import build
    from leadarch.measure.check import findings
    from leadarch.measure.design import design
    from leadarch.measure.engine import Window, measure, moment
    from leadarch.report import Report, render

    config = here.config()
    catalog = build(here.catalog_dir(args, config), cwd=here.cwd)
    plan = design(catalog)
    if args.emit_sql:
        from leadarch.measure.emit import emit

        order = emit(plan, Path(here.cwd, args.emit_sql), args.dialect, args.events_table)
        here.say(f"{args.emit_sql}: {len(order)} models ({args.dialect}) and the design as seeds")
        return 0
    if not args.exports:
        raise CannotRun("name the history exports to measure (or --emit-sql DIR)")
    if args.event_log is not None:
        plan = _with_event_log(plan, args.event_log, here)
    window = Window(
        moment(args.since, "--since", plan.default_zone),
        moment(args.until, "--until", plan.default_zone),
        moment(args.as_of, "--as-of", plan.default_zone),
    )
    exports = [(Path(here.cwd, e), e) for e in args.exports]
    progress = _progress(here) if _is_terminal(here.stderr) else None
    result = measure(plan, exports, window, progress)
    if progress:
        here.stderr.write("\r\x1b[K")
    threshold = args.min_fitness if args.min_fitness is not None else config.min_fitness
    found = findings(catalog, plan, result, threshold) if args.check else []
    here.stdout.write(render(Report("measure", tuple(found), data=result), args.format))
    return 1 if found else 0


def _with_event_log(plan: Any, given: str, here: Invocation) -> Any:
    """The plan reading XES with the mapping `given` names: a catalog id, or a file."""
    if not given.endswith((".yaml", ".yml")):
        if given not in plan.event_logs:
            known = ", ".join(sorted(plan.event_logs)) or "none"
            raise CannotRun(
                f"--event-log {given!r}: no such event_logs mapping (the catalog has: {known})"
            )
        return plan.using_event_log(given)
    import shutil
    import tempfile

    from leadarch.core.catalog import build
    from leadarch.core.model import EventLog

    path = Path(here.cwd, given)
    if not path.is_file():
        raise CannotRun(f"--event-log {given}: no such file")
    with tempfile.TemporaryDirectory(prefix="leadarch-event-log-") as tmp:
        shutil.copyfile(path, Path(tmp, path.name))
        mapping = build(Path(tmp))
        problems = [
            f"{given}:{f.where.line}:{f.where.column}: {f.message}" for f in mapping.findings
        ]
        logs = mapping.of(EventLog)
    if problems:
        raise CannotRun(f"--event-log {given}: not a valid event log mapping", tuple(problems[:10]))
    if len(logs) != 1:
        raise CannotRun(
            f"--event-log {given}: must hold exactly one `event_logs:` entry, not {len(logs)}"
        )
    unknown = sorted({e.stage for e in logs[0].events if e.stage and e.stage not in plan.stage_ids})
    if unknown:
        raise CannotRun(
            f"--event-log {given}: no such stage(s) in the catalog: {', '.join(unknown)}"
        )
    return plan.using_event_log(logs[0].id, logs[0])


def _is_terminal(stream: Any) -> bool:
    """A progress line only for a person watching: never into a log, a pipe or a file."""
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


def _progress(here: Invocation) -> Any:
    def say(step: str) -> None:
        here.stderr.write(f"\r\x1b[Kmeasure: {step}…")
        here.stderr.flush()

    return say
