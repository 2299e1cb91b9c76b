"""The governed definitions in a real warehouse: `leadarch measure --emit-sql` for
PostgreSQL, run on a PostgreSQL server this test starts (Debian's `postgresql`, a
private cluster on a Unix socket), over generated CRM history, gives exactly the numbers
of the embedded DuckDB run. The other dialects are transpiled and parse back."""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REPO

pytestmark = pytest.mark.slow
PG_BIN = Path("/usr/lib/postgresql/15/bin")
EXAMPLE = REPO / "catalog"
ZONE = "Europe/Amsterdam"


def _as_postgres(argv: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *argv] if os.geteuid() == 0 else argv


@pytest.fixture(scope="module")
def postgres() -> Iterator[Any]:
    if not (PG_BIN / "initdb").exists():
        pytest.fail("PostgreSQL is not installed: ./setup.sh test installs Debian's postgresql")
    psycopg = pytest.importorskip("psycopg")
    folder = Path(tempfile.mkdtemp(prefix="leadarch-pg-"))
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
    data, port = folder / "data", "54331"
    subprocess.run(_as_postgres([str(PG_BIN / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres"]),
                   check=True, capture_output=True)  # fmt: skip
    options = f"-k {folder} -p {port} -c listen_addresses=''"
    subprocess.run(_as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(data), "-o", options, "-w", "-l", str(folder / "log"), "start"]),
                   check=True, capture_output=True)  # fmt: skip
    try:
        with psycopg.connect(
            host=str(folder), port=port, user="postgres", dbname="postgres", autocommit=True
        ) as con:
            yield con
    finally:
        subprocess.run(
            _as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]),
            capture_output=True,
        )
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any], Path]:
    """Generated exports, what DuckDB measures of them, and their events as CSV."""
    import duckdb
    from leadarch.core.catalog import build
    from leadarch.measure.design import design
    from leadarch.measure.engine import measure
    from leadarch.measure.inputs import sniff
    from leadarch.measure.load import lit, load

    out = tmp_path_factory.mktemp("history")
    spec = importlib.util.spec_from_file_location("bench_history", REPO / "bench" / "history.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.write_history(out, 600, seed=23)
    names = ["LeadHistory.csv", "Task.csv", "OpportunityFieldHistory.csv", "contacts_history.json"]
    plan = design(build(EXAMPLE))
    measured = measure(plan, [(out / n, n) for n in names], with_trend=True)
    con = duckdb.connect()
    con.execute(f"SET TimeZone = {lit(plan.default_zone)}")
    load(con, [sniff(out / n, n) for n in names], plan, out)
    con.execute(
        f"COPY (SELECT r.rid, strftime(e.ts AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%S.%fZ') AS ts, e.kind, e.system, e.channel, e.value, e.src, e.seq FROM events e JOIN records r ON r.code = e.rid) TO '{out / 'events.csv'}' (HEADER)"  # the record ids, not their numbers
    )
    return out, measured, out / "events.csv"


def _run_models(postgres: Any, folder: Path, events: Path) -> None:
    cur = postgres.cursor()
    cur.execute(f"SET TIME ZONE '{ZONE}'")
    cur.execute(
        "DROP SCHEMA IF EXISTS leadarch CASCADE; CREATE SCHEMA leadarch; SET search_path TO leadarch"
    )
    cur.execute(
        "CREATE TABLE events (rid text NOT NULL, ts timestamptz, kind text NOT NULL, system text NOT NULL,"
        " channel text NOT NULL, value text, src integer NOT NULL, seq double precision NOT NULL)"
    )
    with cur.copy("COPY events FROM STDIN (FORMAT csv, HEADER true)") as copy:
        copy.write(events.read_bytes())
    types = json.loads((folder / "seeds" / "column_types.json").read_text())
    for table, columns in types.items():
        cur.execute(
            f"CREATE TABLE {table} ({', '.join(f'{json.dumps(c)} {t}' for c, t in columns.items())})"
        )
        with cur.copy(f"COPY {table} FROM STDIN (FORMAT csv, HEADER true)") as copy:
            copy.write((folder / "seeds" / f"{table}.csv").read_bytes())
    for model in (folder / "run_order.txt").read_text().split():
        sql = (folder / "models" / f"{model}.sql").read_text()
        for name in [*types, *(folder / "run_order.txt").read_text().split()]:
            sql = sql.replace("{{ ref('" + name + "') }}", name)
        cur.execute(f"CREATE TABLE {model} AS {sql}")


def _rows(postgres: Any, sql: str) -> list[tuple[Any, ...]]:
    return list(postgres.execute(sql).fetchall())


def _close(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return a is b
    return abs(float(a) - float(b)) <= 1e-6 * max(1.0, abs(float(b)))


def test_postgres_gives_the_numbers_of_duckdb(
    postgres: Any, history: tuple[Path, dict[str, Any], Path], tmp_path: Path
) -> None:
    from leadarch.core.catalog import build
    from leadarch.measure.design import design
    from leadarch.measure.emit import emit

    _, measured, events = history
    emit(design(build(EXAMPLE)), tmp_path / "pg", "postgres", events_table="events")
    _run_models(postgres, tmp_path / "pg", events)

    stages = {r[0]: r[1:] for r in _rows(postgres, "SELECT * FROM stages")}
    for sid, s in measured["stages"].items():
        entered, visits, open_, median, p90, cumulative = stages[sid]
        assert (entered, visits, open_) == (s["entered"], s["visits"], s["open"]), sid
        assert _close(median, s["time_in_stage"]["median_s"]) and _close(
            p90, s["time_in_stage"]["p90_s"]
        ), sid
        assert _close(cumulative, s["cumulative"]["median_s"]), sid
    transitions = [
        (a, b, n, ok)
        for a, b, n, ok in _rows(
            postgres, 'SELECT * FROM transitions ORDER BY count DESC, "from", "to"'
        )
    ]
    assert transitions == [
        (t["from"], t["to"], t["count"], t["allowed"]) for t in measured["transitions"]
    ]
    conversion = [
        (a, b, h, c, r, x) for _, a, b, h, c, r, x in _rows(postgres, "SELECT * FROM conversion")
    ]
    assert conversion == [
        (c["from"], c["to"], c["horizon"], c["cohort"], c["reached"], c["censored"])
        for c in measured["conversion"]
    ]
    for sid, measured_, met, breached, open_, median, p90 in _rows(postgres, "SELECT * FROM slas"):
        s = measured["slas"][sid]
        assert (measured_, met, breached, open_) == (
            s["measured"],
            s["met"],
            s["breached"],
            s["open"],
        ), sid
        assert _close(median, s["median_s"]) and _close(p90, s["p90_s"]), sid
    deviations = sorted(
        (k, a, b, st, v, n, r)
        for k, a, b, st, v, n, r in _rows(postgres, "SELECT * FROM conformance")
    )
    assert deviations == sorted(
        (
            d["kind"],
            d.get("from"),
            d.get("to"),
            d.get("stage"),
            d.get("value"),
            d["count"],
            d["records"],
        )
        for d in measured["conformance"]["deviations"]
    )
    examples: dict[tuple[Any, ...], list[str]] = {}
    for *key, rid in _rows(postgres, "SELECT * FROM deviation_examples"):
        examples.setdefault(tuple(key), []).append(rid)
    for d in measured["conformance"]["deviations"]:
        key = (d["kind"], d.get("from"), d.get("to"), d.get("stage"), d.get("value"))
        assert sorted(examples[key]) == d["examples"], key
    records, fitting = _rows(postgres, "SELECT * FROM fitness")[0]
    assert fitting / records == pytest.approx(measured["conformance"]["fitness"], abs=1e-12)
    assert [r[0] for r in _rows(postgres, "SELECT rid FROM stuck ORDER BY rid")] == sorted(
        s["record"] for s in measured["stuck"]
    )
    for kid, n, median, p90 in _rows(postgres, "SELECT * FROM kpi_time"):
        value = measured["kpis"][kid]["value"]
        assert n > 0 and (_close(median, value) or _close(p90, value)), kid
    for kid, entries, periods in _rows(postgres, "SELECT * FROM kpi_count"):
        value = measured["kpis"][kid]["value"]
        assert _close(float(entries) / float(periods), value) if periods else value is None, kid
    trend = sorted((m, s, n) for m, s, n in _rows(postgres, "SELECT * FROM trend"))
    assert trend == sorted((t["month"], t["stage"], t["entered"]) for t in measured["trend"])


@pytest.mark.parametrize("dialect", ["duckdb", "snowflake", "bigquery", "spark"])
def test_other_dialects_are_transpiled_and_parse_back(tmp_path: Path, dialect: str) -> None:
    import sqlglot
    from leadarch.core.catalog import build
    from leadarch.measure.design import design
    from leadarch.measure.emit import emit

    order = emit(design(build(EXAMPLE)), tmp_path, dialect)
    assert order[0] == "params" and "stages" in order and "conformance" in order
    for model in order:
        sql = (tmp_path / "models" / f"{model}.sql").read_text()
        assert "{{ source('crm', 'events') }}" in sql or "{{ ref(" in sql, model
        plain = sql.replace("{{ source('crm', 'events') }}", "events")
        for name in order + [p.stem for p in (tmp_path / "seeds").glob("*.csv")]:
            plain = plain.replace("{{ ref('" + name + "') }}", name)
        assert sqlglot.parse_one(plain, read=dialect) is not None, model
        if dialect != "duckdb":
            assert "ASOF" not in plain.upper(), model
            # DuckDB's and PostgreSQL's hint: the others have no such syntax
            assert "MATERIALIZED" not in plain.upper(), model
