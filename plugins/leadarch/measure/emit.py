"""The governed definitions for a warehouse: every statement of `sql/` as a dbt-ready
model in another SQL dialect, and the design as seeds — so the CLI, the wiki and the
warehouse compute the same numbers from the same definitions.

    DIR/models/<name>.sql       one SELECT each, reading `{{ ref('…') }}` and the history
                                as `{{ source('crm', 'events') }}` (or a table you name)
    DIR/seeds/<table>.csv       the catalog's stages, CRM values, transitions, SLAs, KPIs
                                and business calendars as rows; DIR/seeds/column_types.json
    DIR/run_order.txt           the models in the order they depend on each other

The definitions are written for DuckDB in portable SQL (business time is an equality join
on `work_buckets`, not an ASOF join) and transpiled with sqlglot.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

from leadarch.core.files import write_whole
from leadarch.errors import CannotRun
from leadarch.measure.design import Design
from leadarch.measure.engine import (
    OUT_OF_ORDER_TOLERANCE_S,
    bucket_seconds,
    design_tables,
    statements,
)

DIALECTS = ("duckdb", "postgres", "snowflake", "bigquery", "spark")

# (model, definition file, statement index): in dependency order.
MODELS = (
    ("work_buckets", "work_buckets", 0),
    ("stage_events", "stage_events", 0),
    ("visits", "visits", 0),
    ("stages", "stages", 0),
    ("transitions", "transitions", 0),
    ("conversion", "conversion", 0),
    ("sla_clocks", "slas", 0),
    ("slas", "slas", 1),
    ("deviations", "conformance", 0),
    ("out_of_order", "conformance", 1),
    ("conformance", "conformance", 2),
    ("deviation_examples", "deviation_examples", 0),
    ("fitness", "fitness", 0),
    ("stuck", "stuck", 0),
    ("kpi_time", "kpi_time", 0),
    ("kpi_count", "kpi_count", 0),
    ("trend", "trend", 0),
)
PARAMS = (
    "SELECT max(ts) AS as_of, CAST(NULL AS TIMESTAMP WITH TIME ZONE) AS since, "
    "CAST(NULL AS TIMESTAMP WITH TIME ZONE) AS until, "
    f"CAST({OUT_OF_ORDER_TOLERANCE_S} AS DOUBLE) AS tolerance_s, "
    "CAST({bucket_s} AS DOUBLE) AS bucket_s FROM events"
)
TYPES = {"VARCHAR": "text", "INTEGER": "integer", "BOOLEAN": "boolean", "DOUBLE": "double precision",
         "TIMESTAMPTZ": "timestamp with time zone"}  # fmt: skip
_REF = "leadarch_ref__"


def _sqlglot() -> Any:
    try:
        import sqlglot
    except ImportError:
        raise CannotRun(
            "emitting SQL for other engines needs sqlglot", ("pip install 'leadarch[measure]'",)
        ) from None
    return sqlglot


# An instant as whole microseconds since the epoch: durations are their differences, exact
# in every engine (DuckDB's epoch_us; the others spell it their own way).
EPOCH_US = {
    "postgres": "CAST(EXTRACT(EPOCH FROM leadarch_x) * 1000000 AS BIGINT)",
    "snowflake": "DATE_PART(EPOCH_MICROSECOND, leadarch_x)",
    "bigquery": "UNIX_MICROS(leadarch_x)",
    "spark": "UNIX_MICROS(leadarch_x)",
}


def _epoch_us_in(tree: Any, dialect: str) -> Any:
    sqlglot = _sqlglot()
    from sqlglot import exp

    if dialect not in EPOCH_US:
        return tree
    template = sqlglot.parse_one(EPOCH_US[dialect], read=dialect)
    for call in list(tree.find_all(exp.Anonymous)):
        if str(call.this).lower() == "epoch_us" and len(call.expressions) == 1:
            spelled = template.copy()
            for column in spelled.find_all(exp.Column):
                if column.name == "leadarch_x":
                    column.replace(call.expressions[0].copy())
            call.replace(spelled)
    return tree


def _series_as_table(tree: Any) -> Any:
    """`UNNEST(generate_series(a, b)) AS g(x)` → `generate_series(a, b) AS g(x)`: PostgreSQL's
    generate_series already returns rows, and it has no unnest of a scalar."""
    from sqlglot import exp

    for unnest in list(tree.find_all(exp.Unnest)):
        series = unnest.expressions[0] if len(unnest.expressions) == 1 else None
        if isinstance(series, exp.GenerateSeries):
            call = exp.Anonymous(
                this="generate_series",
                expressions=[series.args["start"].copy(), series.args["end"].copy()],
            )
            alias = unnest.args.get("alias")
            unnest.replace(exp.Table(this=call, alias=alias.copy() if alias else None))
    return tree


def _select_of(statement: str) -> Any:
    sqlglot = _sqlglot()
    from sqlglot import exp

    tree = sqlglot.parse_one(statement, read="duckdb")
    if isinstance(tree, exp.Create):
        tree = tree.expression
    return tree


def model_sql(
    name: str, file: str, index: int, dialect: str, models: set[str], seeds: set[str]
) -> str:
    """One model's SELECT in `dialect`, its relations as `leadarch_ref__<name>` markers."""
    from sqlglot import exp

    tree = _select_of(statements(file)[index])
    tree = _epoch_us_in(tree, dialect)
    if dialect == "postgres":
        tree = _series_as_table(tree)
    elif dialect != "duckdb":  # `AS NOT MATERIALIZED` is DuckDB's and PostgreSQL's spelling
        for cte in tree.find_all(exp.CTE):
            cte.set("materialized", None)
    ctes = {c.alias_or_name for c in tree.find_all(exp.CTE)}
    for table in tree.find_all(exp.Table):
        if table.name in ctes:
            continue
        if table.name in models | seeds | {"events", "params"}:
            table.set("this", exp.to_identifier(_REF + table.name))
    return str(tree.sql(dialect=dialect, pretty=True))


def _jinja(sql: str, relations: dict[str, str]) -> str:
    for name, target in sorted(relations.items(), key=lambda kv: -len(kv[0])):
        sql = sql.replace(f'"{_REF}{name}"', target).replace(f"`{_REF}{name}`", target)
        sql = sql.replace(_REF + name, target)
    return sql


def emit(
    design: Design,
    out: Path,
    dialect: str,
    events_table: str | None = None,
    span: tuple[dt.date, dt.date] = (dt.date(2015, 1, 1), dt.date(2035, 12, 31)),
) -> list[str]:
    """Writes the models and seeds; returns the model names in run order."""
    if dialect not in DIALECTS:
        raise CannotRun(f"--dialect {dialect!r}: choose from {', '.join(DIALECTS)}")
    tables = design_tables(
        design,
        dt.datetime(span[0].year, span[0].month, span[0].day, tzinfo=dt.timezone.utc),
        dt.datetime(span[1].year, span[1].month, span[1].day, tzinfo=dt.timezone.utc),
    )
    seeds = {ddl.split("(", 1)[0] for ddl, _ in tables}
    models = {name for name, _, _ in MODELS} | {"params"}
    relations = {m: "{{ ref('" + m + "') }}" for m in models | seeds}
    relations["events"] = events_table or "{{ source('crm', 'events') }}"
    column_types: dict[str, dict[str, str]] = {}
    for ddl, rows in tables:
        name, columns = ddl.split("(", 1)
        cols = [c.strip().rsplit(" ", 1) for c in columns.rstrip(")").split(",")]
        column_types[name] = {n.strip('"'): TYPES[t] for n, t in cols}
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow([n.strip('"') for n, _ in cols])
        writer.writerows(
            [
                ["" if v is None else str(v).lower() if isinstance(v, bool) else v for v in row]
                for row in rows
            ]
        )
        write_whole(out / "seeds" / f"{name}.csv", buffer.getvalue())
    write_whole(out / "seeds" / "column_types.json", json.dumps(column_types, indent=2) + "\n")
    sqlglot = _sqlglot()
    params = sqlglot.transpile(
        PARAMS.format(bucket_s=bucket_seconds(tables)).replace("FROM events", f"FROM {_REF}events"),
        read="duckdb",
        write=dialect,
    )[0]
    order = ["params"]
    write_whole(out / "models" / "params.sql", _jinja(params, relations) + "\n")
    for name, file, index in MODELS:
        sql = model_sql(name, file, index, dialect, models, seeds)
        write_whole(
            out / "models" / f"{name}.sql", f"-- leadarch: {file}.sql\n{_jinja(sql, relations)}\n"
        )
        order.append(name)
    write_whole(out / "run_order.txt", "\n".join(order) + "\n")
    return order
