"""Business time as the definitions read it (`sql/work_buckets.sql`, an equality join on
buckets) equals the calendar's own overlap with working hours (`WorkingTime`), across
lunch breaks, touching and very short breaks, weekends, holidays and daylight-saving
changes."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from tests.conftest import REPO

pytest.importorskip("duckdb")

UTC = dt.timezone.utc


def _calendars() -> dict[str, object]:
    from zoneinfo import ZoneInfo

    from leadarch.core.catalog import build
    from leadarch.domain.working_time import WorkingTime
    from leadarch.measure.design import design

    example = design(build(REPO / "catalog", cwd=REPO))
    found: dict[str, object] = dict(example.calendars)
    t = dt.time
    found["short_breaks"] = WorkingTime(
        "short_breaks",
        ZoneInfo("Europe/London"),
        frozenset({0, 1, 2, 3, 4, 5}),
        # 12:00 touches 12:00 (one span); a five-minute break inside the hour, at 12:50
        ((t(7, 45), t(12, 0)), (t(12, 0), t(12, 50)), (t(12, 55), t(18, 10))),
        frozenset({dt.date(2026, 3, 27)}),
    )
    return {"example": example, **found}


def _instants(rng: random.Random, n: int) -> list[dt.datetime]:
    start = dt.datetime(2026, 3, 1, tzinfo=UTC)  # both daylight-saving changes of March
    out = [start + dt.timedelta(seconds=rng.randrange(0, 40 * 86400)) for _ in range(n)]
    # and instants on the edges of working hours
    out += [dt.datetime(2026, 3, d, h, m, tzinfo=UTC) for d in (9, 30) for h in (7, 8, 11, 12, 16, 17) for m in (0, 30, 45, 55)]  # fmt: skip
    return out


@pytest.mark.parametrize("calendar", ["emea_office", "americas_office", "short_breaks"])
def test_bucketed_business_time_is_the_overlap_with_working_hours(calendar: str) -> None:
    import duckdb
    from leadarch.core.records import replace
    from leadarch.measure.engine import Window, _define, bucket_seconds, design_tables, to_sql
    from leadarch.measure.load import EVENTS_DDL

    found = _calendars()
    example = found.pop("example")
    hours = found[calendar]
    plan = replace(example, calendars={calendar: hours}, default_calendar=calendar, slas=())
    rng = random.Random(calendar)
    instants = _instants(rng, 400)
    pairs = [tuple(sorted(rng.sample(instants, 2))) for _ in range(600)]
    con = duckdb.connect(":memory:")
    con.execute("SET TimeZone = 'UTC'")
    con.execute(EVENTS_DDL)
    con.executemany(
        "INSERT INTO events VALUES (?, CAST(? AS TIMESTAMPTZ), 'stage', '', '', 'lead', 0, 0)",
        [[i, to_sql(t)] for i, t in enumerate(instants)],
    )
    earliest, latest = min(instants), max(instants)
    _define(con, plan, Window(), latest, earliest)
    width = bucket_seconds(design_tables(plan, earliest, latest))
    assert width == {"emea_office": 1800, "americas_office": 3600, "short_breaks": 300}[calendar]
    con.execute("CREATE TABLE pairs (a TIMESTAMPTZ, b TIMESTAMPTZ, n INTEGER)")
    con.executemany(
        "INSERT INTO pairs VALUES (CAST(? AS TIMESTAMPTZ), CAST(? AS TIMESTAMPTZ), ?)",
        [[to_sql(a), to_sql(b), i] for i, (a, b) in enumerate(pairs)],
    )
    rows = con.execute(
        """
        SELECT p.n,
               (b1.cum + least(greatest(epoch(p.b - b1.lo), 0), b1.len_s))
             - (b0.cum + least(greatest(epoch(p.a - b0.lo), 0), b0.len_s))
        FROM pairs p
        LEFT JOIN work_buckets b0
               ON b0.bucket = CAST(floor(epoch(p.a) / (SELECT bucket_s FROM params)) AS BIGINT)
        LEFT JOIN work_buckets b1
               ON b1.bucket = CAST(floor(epoch(p.b) / (SELECT bucket_s FROM params)) AS BIGINT)
        ORDER BY p.n
        """
    ).fetchall()
    assert [n for n, _ in rows] == list(range(len(pairs)))
    for (n, seconds), (a, b) in zip(rows, pairs, strict=True):
        assert seconds == pytest.approx(hours.seconds_between(a, b), abs=1e-6), (n, a, b)  # type: ignore[attr-defined]
    assert any(s for _, s in rows) and any(s == 0 for _, s in rows)


def test_the_tables_the_definitions_read_hold_no_calendar_they_do_not_use() -> None:
    from leadarch.core.records import replace
    from leadarch.measure.engine import design_tables

    example = _calendars()["example"]
    tables = dict(design_tables(replace(example, slas=()), dt.datetime(2026, 3, 2, tzinfo=UTC), dt.datetime(2026, 3, 3, tzinfo=UTC)))  # type: ignore[arg-type]  # fmt: skip
    spans = next(rows for ddl, rows in tables.items() if ddl.startswith("work_spans("))
    assert {row[0] for row in spans} == {"emea_office"}  # the default calendar alone
    # 08:30–12:30 and 13:00–17:30 Amsterdam on Monday 2 March: two spans, 8.5 h
    assert [row[1:] for row in spans if row[1].startswith("2026-03-02")] == [
        ("2026-03-02T07:30:00+00:00", "2026-03-02T11:30:00+00:00", 0.0),
        ("2026-03-02T12:00:00+00:00", "2026-03-02T16:30:00+00:00", 14400.0),
    ]
