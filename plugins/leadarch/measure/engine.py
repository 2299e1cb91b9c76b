"""Runs the governed definitions (`sql/`) over the history, in embedded DuckDB, and returns
the numbers of the measurement spec (§5) as one JSON-ready object (§6).

DuckDB reads the files in place, out of core (it spills to a private temporary folder
beyond its memory limit) and on every core; Python only ever holds the catalog, the
file heads and the result rows.
"""

from __future__ import annotations

import datetime as dt
import importlib.resources
import itertools
import tempfile
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from leadarch.core.records import dataclass
from leadarch.domain.durations import parse_duration
from leadarch.errors import CannotRun
from leadarch.measure.design import Design
from leadarch.measure.duck import duckdb_module
from leadarch.measure.inputs import HistoryFile, sniff
from leadarch.measure.load import OUTSIDE_YEARS, YEARS, lit, load

UTC = dt.timezone.utc
MEMORY_LIMIT = "1280MB"  # DuckDB spills beyond it: peak memory stays bounded whatever the export
OUT_OF_ORDER_TOLERANCE_S = 300.0

Progress = Callable[[str], None]


def sql_text(name: str) -> str:
    folder = importlib.resources.files("leadarch.measure") / "sql"
    return (folder / f"{name}.sql").read_text("utf-8")


def statements(name: str) -> list[str]:
    """The statements of one definition file, in order (the last one gives its rows)."""
    body = "\n".join(
        line for line in sql_text(name).splitlines() if not line.lstrip().startswith("--")
    )
    return [s.strip() for s in body.split(";\n") if s.strip().rstrip(";").strip()]


def moment(text: object, option: str, zone: str) -> dt.datetime | None:
    """A date or time the user gave (`--since 2026-03-01`), in the default calendar's zone
    when it names none."""
    if text is None:
        return None
    from zoneinfo import ZoneInfo

    try:
        found = dt.datetime.fromisoformat(str(text).strip().replace("Z", "+00:00"))
    except ValueError:
        raise CannotRun(
            f"{option} {str(text)!r} is not a date or time; write e.g. 2026-03-01 or "
            "2026-03-01T09:30:00Z"
        ) from None
    if not YEARS[0] <= found.year <= YEARS[1]:
        raise CannotRun(f"{option} {str(text)!r} {OUTSIDE_YEARS}")
    return found if found.tzinfo else found.replace(tzinfo=ZoneInfo(zone))


@dataclass(frozen=True)
class Window:
    since: dt.datetime | None = None
    until: dt.datetime | None = None
    as_of: dt.datetime | None = None


def release_windows(catalog: Any, zone: str, days: int) -> dict[str, Window]:
    """`<version>:before` and `<version>:after`: the `days` before and after each
    released release's date (from midnight of that date in `zone`)."""
    from zoneinfo import ZoneInfo

    from leadarch.core.model import Release

    out = {}
    for release in catalog.of(Release):
        if release.status != "released" or not release.date:
            continue
        try:
            day = dt.date.fromisoformat(str(release.date))
        except ValueError:
            continue  # the lint reports it
        start = dt.datetime(day.year, day.month, day.day, tzinfo=ZoneInfo(zone))
        span = dt.timedelta(days=days)
        out[f"{release.version}:before"] = Window(
            start - span, start - dt.timedelta(microseconds=1)
        )
        out[f"{release.version}:after"] = Window(start, start + span - dt.timedelta(microseconds=1))
    return out


def measure(
    design: Design,
    exports: Sequence[tuple[Path, str]],
    window: Window | None = None,
    progress: Progress | None = None,
    *,
    with_trend: bool = False,
    windows: Mapping[str, Window] | None = None,
) -> dict[str, Any]:
    """The numbers of the spec (§6), exactly its keys; `with_trend` adds `trend` (entries
    per stage and month) for the wiki's charts, `windows` the KPIs (and their sample
    sizes) over each named window of the same history, read once."""
    window = window or Window()
    files = [sniff(path, shown) for path, shown in exports]
    duckdb = duckdb_module()
    with tempfile.TemporaryDirectory(prefix="leadarch-measure-") as work:
        con = duckdb.connect(
            ":memory:",
            config={"temp_directory": str(Path(work, "spill")), "memory_limit": MEMORY_LIMIT},
        )
        try:
            con.execute(f"SET TimeZone = {lit(design.default_zone)}")
            load(con, files, design, Path(work), progress)
            if progress:
                progress("computing")
            result = _numbers(con, design, files, window)
            if with_trend:
                result["trend"] = [
                    {"month": month, "stage": stage, "entered": n}
                    for month, stage, n in _last(con, "trend")
                ]
            if windows:
                result["windows"] = {}
                for name, part in windows.items():
                    found = _numbers(con, design, files, part, with_samples=True)
                    result["windows"][name] = {
                        "since": found["window"]["since"],
                        "until": found["window"]["until"],
                        "kpis": found["kpis"],
                        "samples": found["samples"],
                    }
            return result
        finally:
            con.close()


def _record_ids(con: Any, codes: Sequence[int]) -> dict[int, str]:
    if not codes:
        return {}
    found = con.execute(
        "SELECT code, rid FROM records WHERE code IN (SELECT unnest(?))", [sorted(set(codes))]
    ).fetchall()
    return dict(found)


def _numbers(
    con: Any,
    design: Design,
    files: Sequence[HistoryFile],
    window: Window,
    with_samples: bool = False,
) -> dict[str, Any]:
    # Instants cross between DuckDB and Python as epoch microseconds, never as aware
    # datetimes (DuckDB 1.x needs pytz for those).
    events, latest_us, earliest_us = con.execute(
        "SELECT count(*), epoch_us(max(ts)), epoch_us(min(ts)) FROM events"
    ).fetchone()
    latest, earliest = from_us(latest_us), from_us(earliest_us)
    if not events:
        raise CannotRun(
            "the exports hold no events: "
            + ", ".join(f.shown for f in files)
            + " (is stage history tracked, and do the stages' crm: values name these fields?)"
        )
    as_of = window.as_of or latest
    if as_of is None:
        raise CannotRun("no event in the exports has a timestamp")
    _define(con, design, window, as_of, earliest or as_of)
    for name in ("stage_events", "visits"):
        for statement in statements(name):
            con.execute(statement)
    records = con.execute("SELECT count(DISTINCT rid) FROM visits WHERE counted").fetchone()[0]
    result: dict[str, Any] = {
        "as_of": iso(as_of),
        "window": {"since": iso(window.since), "until": iso(window.until)},
        "records": records,
        "events": events,
        "stages": _stages(con),
        "transitions": _transitions(con),
        "conversion": [],
        "slas": _slas(con),
        "conformance": _conformance(con),
        "stuck": _stuck(con),
        "kpis": {},
    }
    conversions = _conversions(con)
    result["conversion"] = [row for _, row in conversions]
    result["kpis"], samples = _kpis(con, design, dict(conversions), result["slas"])
    if with_samples:
        result["samples"] = samples
    return result


def from_us(micros: int | None) -> dt.datetime | None:
    if micros is None:
        return None
    return dt.datetime(1970, 1, 1, tzinfo=UTC) + dt.timedelta(microseconds=micros)


def to_sql(moment: dt.datetime | None) -> str | None:
    """An instant as text DuckDB casts exactly (ISO 8601 with its offset)."""
    return None if moment is None else moment.astimezone(UTC).isoformat()


def iso(moment: dt.datetime | None) -> str | None:
    if moment is None:
        return None
    text = moment.astimezone(UTC).isoformat()
    return text.replace("+00:00", "Z")


def _define(
    con: Any, design: Design, window: Window, as_of: dt.datetime, earliest: dt.datetime
) -> None:
    """The catalog as tables: the only thing the definitions know of the design."""
    span = (
        min(earliest, as_of) - dt.timedelta(days=2),
        max(earliest, as_of) + dt.timedelta(days=2),
    )
    tables = design_tables(design, *span)
    con.execute(
        "CREATE OR REPLACE TEMP TABLE params AS SELECT CAST(? AS TIMESTAMPTZ) AS as_of, "
        "CAST(? AS TIMESTAMPTZ) AS since, CAST(? AS TIMESTAMPTZ) AS until, "
        "CAST(? AS DOUBLE) AS tolerance_s, CAST(? AS DOUBLE) AS bucket_s",
        [
            to_sql(as_of),
            to_sql(window.since),
            to_sql(window.until),
            OUT_OF_ORDER_TOLERANCE_S,
            bucket_seconds(tables),
        ],
    )
    for ddl, rows in tables:
        _table(con, ddl.replace(" TIMESTAMPTZ", " VARCHAR"), rows)
    con.execute(
        "ALTER TABLE work_spans ALTER lo TYPE TIMESTAMPTZ; ALTER TABLE work_spans ALTER hi TYPE TIMESTAMPTZ"
    )
    for statement in statements("work_buckets"):
        con.execute(statement)


BUCKET_WIDTHS = (3600, 1800, 900, 600, 300, 60)  # seconds; whole divisors of an hour


def bucket_seconds(tables: Sequence[tuple[str, Sequence[tuple[Any, ...]]]]) -> float:
    """The width of the buckets business time is looked up in (`sql/work_buckets.sql`): the
    widest that is no wider than the shortest break between two working spans, so that a
    bucket holds at most one working part and an equality join finds an instant's span."""
    rows = next((rows for ddl, rows in tables if ddl.startswith("work_spans(")), [])
    shortest = float(BUCKET_WIDTHS[0])
    for before, after in itertools.pairwise(rows):
        if before[0] == after[0]:  # the same calendar: spans ascending, disjoint
            gap = dt.datetime.fromisoformat(after[1]) - dt.datetime.fromisoformat(before[2])
            shortest = min(shortest, gap.total_seconds())
    return float(next((w for w in BUCKET_WIDTHS if w <= shortest), max(1, int(shortest))))


def design_tables(
    design: Design, span_from: dt.datetime, span_to: dt.datetime
) -> list[tuple[str, list[tuple[Any, ...]]]]:
    """(`name(column TYPE, …)`, rows) of every table the definitions read besides the
    events and `params`; business time as working spans from `span_from` to `span_to`.
    Instants are ISO 8601 text, so the rows load into any engine."""
    default = design.default_calendar
    used = {s.calendar for s in design.slas if s.calendar} | ({default} if default else set())
    spans = []
    for calendar_id in sorted(c for c in used if c in design.calendars):
        merged: list[list[dt.datetime]] = []  # periods that touch or overlap are one span
        for lo, hi in design.calendars[calendar_id].spans(span_from, span_to):
            if merged and lo <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], hi)
            else:
                merged.append([lo, hi])
        cumulative = 0.0
        for lo, hi in merged:
            spans.append((calendar_id, to_sql(lo), to_sql(hi), cumulative))
            cumulative += (hi - lo).total_seconds()
    generic = [(s.id, s.id) for s in design.stages] + [(v, st) for _, _, v, st in design.values]
    return [
        (
            "stage_defs(id VARCHAR, ord INTEGER, entry BOOLEAN, terminal BOOLEAN, sla VARCHAR)",
            [(s.id, i, s.entry, s.terminal, s.sla) for i, s in enumerate(design.stages)],
        ),
        (
            "value_map(system VARCHAR, channel VARCHAR, value VARCHAR, stage VARCHAR, converted BOOLEAN)",
            _first_per_key(
                [
                    (sys, key, v, stage, (sys, key, v) in design.converted)
                    for sys, key, v, stage in design.values
                ],
                3,
            ),
        ),
        ("generic_map(value VARCHAR, stage VARCHAR)", _first_per_key(generic, 1)),
        (
            "pii_channels(system VARCHAR, channel VARCHAR)",
            sorted(
                {("salesforce", f) for f in design.pii_fields}
                | {("hubspot", f.split(".", 1)[-1]) for f in design.pii_fields}
            ),
        ),
        ('allowed_transitions("from" VARCHAR, "to" VARCHAR)', sorted(design.allowed)),
        (
            'conversion_defs(id VARCHAR, ord INTEGER, "from" VARCHAR, "to" VARCHAR, horizon VARCHAR, horizon_s DOUBLE)',
            [
                (d[0], i, d[1], d[2], d[3], parse_duration(d[3]) if d[3] else None)
                for i, d in enumerate(_conversion_defs(design))
            ],
        ),
        (
            "sla_defs(id VARCHAR, stage VARCHAR, target_s DOUBLE, start_on VARCHAR, stop_on VARCHAR, calendar VARCHAR)",
            [(s.id, s.stage, s.target_s, s.start, s.stop, s.calendar) for s in design.slas],
        ),
        (
            'kpi_time_defs(id VARCHAR, "from" VARCHAR, "to" VARCHAR, statistic VARCHAR, calendar VARCHAR)',
            [
                (
                    k.id,
                    k.params["from"],
                    k.params["to"],
                    k.params["statistic"],
                    default if k.params["business_hours"] else None,
                )
                for k in design.kpis
                if k.computation == "time"
            ],
        ),
        (
            "kpi_count_defs(id VARCHAR, stage VARCHAR, per VARCHAR)",
            [
                (k.id, k.params["stage"], k.params["per"])
                for k in design.kpis
                if k.computation == "count"
            ],
        ),
        ("work_spans(calendar VARCHAR, lo TIMESTAMPTZ, hi TIMESTAMPTZ, cum DOUBLE)", spans),
    ]


def _first_per_key(rows: list[tuple[Any, ...]], width: int) -> list[tuple[Any, ...]]:
    """The first row for each key (the first `width` columns): a CRM value two stages
    claim means the first stage in catalog order (the lint reports the clash)."""
    seen: dict[tuple[Any, ...], tuple[Any, ...]] = {}
    for row in rows:
        seen.setdefault(row[:width], row)
    return list(seen.values())


def _table(con: Any, ddl: str, rows: Sequence[tuple[Any, ...]]) -> None:
    con.execute(f"CREATE OR REPLACE TEMP TABLE {ddl}")
    if rows:
        name = ddl.split("(", 1)[0]
        marks = ", ".join("?" for _ in rows[0])
        con.executemany(f"INSERT INTO {name} VALUES ({marks})", [list(r) for r in rows])


def _conversion_defs(design: Design) -> list[tuple[str, str, str, str | None]]:
    """One row per advance transition (no horizon) and per conversion KPI; a KPI asking
    exactly what an advance row already answers shares its row."""
    out: dict[tuple[str, str, str | None], str] = {}
    for a, b in design.advances:
        out.setdefault((a, b, None), f"advance:{a}:{b}")
    for kpi in design.kpis:
        if kpi.computation == "conversion":
            key = (kpi.params["from"], kpi.params["to"], kpi.params["horizon"])
            out.setdefault(key, f"kpi:{kpi.id}")
    return [(ident, a, b, h) for (a, b, h), ident in out.items()]


def _num(value: Any) -> float | None:
    return None if value is None else float(value)


def _stages(con: Any) -> dict[str, Any]:
    rows = _last(con, "stages")
    return {
        sid: {
            "entered": entered,
            "visits": visits,
            "open": open_,
            "time_in_stage": {"median_s": _num(median), "p90_s": _num(p90)},
            "cumulative": {"median_s": _num(cumulative)},
        }
        for sid, entered, visits, open_, median, p90, cumulative in rows
    }


def _transitions(con: Any) -> list[dict[str, Any]]:
    rows = _last(con, "transitions")
    return [{"from": a, "to": b, "count": n, "allowed": bool(ok)} for a, b, n, ok in rows]


def _conversions(con: Any) -> list[tuple[str, dict[str, Any]]]:
    rows = _last(con, "conversion")
    out = []
    for ident, a, b, horizon, cohort, reached, censored in rows:
        base = cohort - censored
        out.append(
            (
                ident,
                {
                    "from": a,
                    "to": b,
                    "horizon": horizon,
                    "cohort": cohort,
                    "reached": reached,
                    "censored": censored,
                    "rate": reached / base if base else None,
                },
            )
        )
    return out


def _last(con: Any, name: str) -> list[tuple[Any, ...]]:
    found = statements(name)
    for statement in found[:-1]:
        con.execute(statement)
    rows: list[tuple[Any, ...]] = con.execute(found[-1]).fetchall()
    return rows


def _slas(con: Any) -> dict[str, Any]:
    out = {}
    for ident, measured, met, breached, open_, median, p90 in _last(con, "slas"):
        decided = met + breached
        out[ident] = {
            "measured": measured,
            "met": met,
            "breached": breached,
            "open": open_,
            "attainment": met / decided if decided else None,
            "median_s": _num(median),
            "p90_s": _num(p90),
        }
    return out


_IDENTIFIERS = {
    "transition-not-allowed": ("from", "to"),
    "entered-at-non-entry-stage": ("stage",),
    "unknown-value": ("value",),
    "left-terminal-stage": ("stage", "to"),
    "out-of-order": (),
}


def _conformance(con: Any) -> dict[str, Any]:
    deviations = []
    found = _last(con, "conformance")
    examples: dict[tuple[Any, ...], list[str]] = {}
    shown = _last(con, "deviation_examples")
    ids = _record_ids(con, [row[-1] for row in shown])
    for *key, code in shown:
        examples.setdefault(tuple(key), []).append(ids[code])
    for kind, a, b, stage, value, count, records in found:
        given = {"from": a, "to": b, "stage": stage, "value": value}
        row: dict[str, Any] = {"kind": kind}
        row.update({key: given[key] for key in _IDENTIFIERS[kind]})
        row.update(
            {
                "count": count,
                "records": records,
                "examples": examples.get((kind, a, b, stage, value), []),
            }
        )
        deviations.append(row)
    total, fitting = con.execute(statements("fitness")[-1]).fetchone()
    return {"fitness": fitting / total if total else None, "deviations": deviations}


def _stuck(con: Any) -> list[dict[str, Any]]:
    rows = _last(con, "stuck")
    ids = _record_ids(con, [row[0] for row in rows])
    return [
        {
            "record": ids[code],
            "stage": stage,
            "since": iso(from_us(since)),
            "age_s": _num(age),
            "limit_s": _num(limit),
        }
        for code, stage, since, age, limit in rows
    ]


def _kpis(
    con: Any, design: Design, conversions: dict[str, dict[str, Any]], slas: dict[str, Any]
) -> tuple[dict[str, Any], dict[str, int]]:
    """Each KPI's `{value, target, met, unit}`, and how many records its value rests on."""
    times = {row[0]: row for row in _last(con, "kpi_time")}
    counts = {row[0]: row for row in _last(con, "kpi_count")}
    rows = {(c["from"], c["to"], c["horizon"]): c for c in conversions.values()}
    out = {}
    samples: dict[str, int] = {}
    for kpi in design.kpis:
        value: float | None = None
        n = 0
        if kpi.computation == "conversion":
            found = rows.get((kpi.params["from"], kpi.params["to"], kpi.params["horizon"]))
            value = found["rate"] if found else None
            n = found["cohort"] - found["censored"] if found else 0
        elif kpi.computation == "time":
            _, n, median, p90 = times[kpi.id]
            value = _num(p90 if kpi.params["statistic"] == "p90" else median) if n else None
        elif kpi.computation == "sla":
            sla = slas.get(kpi.params["sla"])
            value = sla["attainment"] if sla else None
            n = sla["met"] + sla["breached"] if sla else 0
        elif kpi.computation == "count":
            _, entries, periods = counts[kpi.id]
            value = entries / periods if periods else None
            n = entries
        met = None
        if value is not None and kpi.target is not None and kpi.direction:
            met = (
                value >= kpi.target if kpi.direction == "higher_is_better" else value <= kpi.target
            )
        out[kpi.id] = {"value": value, "target": kpi.target, "met": met, "unit": kpi.unit}
        samples[kpi.id] = int(n)
    return out, samples
