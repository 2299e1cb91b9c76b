"""History files → the one `events` table every number is computed from.

    events(rid, ts, kind, system, channel, value, src, seq)
    records(rid, code)

`kind` is stage, touch, assign or created (a Salesforce record's creation row); `system`/`channel` say where a stage value was read
(`salesforce`/`Lead.Status`, `hubspot`/`lifecyclestage`, or `''`/`''` for files that
name stages directly), so the catalog's mapping decides the stage (`sql/stage_events.sql`);
`src`/`seq` are the file and its row, the tie-break of equal timestamps: no two events of
a record share them (the rows a reader makes up get places of their own). Each file is
read by DuckDB in place (CSV, Parquet, JSON) into a staging table of its own and checked —
record ids, timestamps, one time-zone convention per file; then the record ids of all files
are numbered in their sort order (`records`: every definition sorts, groups and joins on
the record, and a number costs a fraction of a CRM id of 15 or 18 characters) and the
events appended under those numbers. An XES log is the one format DuckDB does not read: it
is streamed (`xes.py`) into a CSV that then is.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from leadarch.errors import CannotRun
from leadarch.measure.design import Design
from leadarch.measure.inputs import SHAPES, HistoryFile

# DuckDB holds one JSON object (a REST page, a HubSpot response) in memory at a time, in a
# buffer twice its largest allowed size: sized to the file, within a bound.
MAX_JSON_OBJECT = 1 << 29


def json_object_limit(path: Path) -> int:
    try:
        size = path.stat().st_size
    except OSError:
        size = 0
    return min(max(size + 1, 1 << 24), MAX_JSON_OBJECT)


EVENTS_DDL = """
CREATE TABLE events (
    rid INTEGER NOT NULL, ts TIMESTAMPTZ, kind VARCHAR NOT NULL, system VARCHAR NOT NULL,
    channel VARCHAR NOT NULL, value VARCHAR, src INTEGER NOT NULL, seq DOUBLE NOT NULL
)"""

# The years a history's instants may fall in. Further out is a mistyped year (`0026-03-01`)
# or an empty date turned into a number, never a CRM event — and business time is laid out
# day by day from the earliest instant to the latest.
YEARS = (1900, 2199)
OUTSIDE_YEARS = f"lies outside the years {YEARS[0]}–{YEARS[1]}: no CRM history reaches there"

# Salesforce history names owner changes these ways, depending on the object and API version.
OWNER_FIELDS = ("Owner", "OwnerId", "ownerAssignment")


def q(name: str) -> str:
    """A quoted SQL identifier."""
    return '"' + name.replace('"', '""') + '"'


def lit(text: str) -> str:
    """A quoted SQL string literal."""
    return "'" + text.replace("'", "''") + "'"


def ts_sql(raw: str) -> str:
    """A timestamp from text: ISO 8601 with an offset exactly, without one in the session's
    zone (the default calendar's), a date alone at midnight; epoch milliseconds (digits
    only, as some pipelines land HubSpot history) too."""
    return (
        f"coalesce(TRY_CAST({raw} AS TIMESTAMPTZ), CASE WHEN {_epoch_like(raw)} "
        f"THEN make_timestamptz(TRY_CAST({raw} AS BIGINT) * 1000) END)"
    )


def _epoch_like(raw: str) -> str:
    return f"(length({raw}) BETWEEN 12 AND 14 AND {raw} NOT LIKE '%-%')"


def has_offset_sql(raw: str) -> str:
    """Whether the text carries its own offset (`Z`, `+01:00`, `-0500`) — by its last
    characters, not a regular expression: this runs on every row of every export."""
    return (
        f"({_epoch_like(raw)} OR right({raw}, 1) = 'Z' OR (length({raw}) > 10 AND "
        f"(substr({raw}, -5, 1) IN ('+', '-') OR substr({raw}, -6, 1) IN ('+', '-'))))"
    )


class Staging(NamedTuple):
    """How one file is staged: the statements to run first, the select of its events (the
    columns of `events`, the record id as text, plus `raw_ts`, `has_offset` and `row` for
    the checks), and a cheaper select of its record ids when there is one."""

    before: list[str]
    events: str
    ids: str | None = None


def load(
    con: Any,
    files: Sequence[HistoryFile],
    design: Design,
    workdir: Path,
    progress: Callable[[str], None] | None = None,
) -> None:
    con.execute(EVENTS_DDL)
    ids = []
    for src, file in enumerate(files):
        if progress:
            progress(f"reading {file.shown} ({src + 1}/{len(files)})")
        if file.format == "xes":
            from leadarch.measure.xes import xes_to_csv

            file = xes_to_csv(file, design, workdir / f"xes-{src}.csv")
        staging = _stage_sql(file, design, _rows_table(src))
        try:
            for statement in staging.before:
                con.execute(statement)
            con.execute(f"CREATE OR REPLACE TEMP VIEW {_view(src)} AS {staging.events}")
        except Exception as error:  # duckdb.Error: the file is not what its header promised
            raise CannotRun(
                f"{file.shown}: cannot be read as {SHAPES[file.shape]}: {_reason(error)}"
            ) from None
        _check(con, file, _view(src))
        ids.append(staging.ids or f"SELECT rid FROM {_view(src)}")
    # Every file is staged before any is appended: the records are numbered across them all.
    con.execute(
        "CREATE TEMP TABLE records AS SELECT rid, CAST(row_number() OVER (ORDER BY rid) AS "
        f"INTEGER) AS code FROM (SELECT DISTINCT rid FROM ({' UNION ALL '.join(ids)}))"
    )
    for src in range(len(files)):
        con.execute(
            "INSERT INTO events SELECT r.code, s.ts, s.kind, s.system, s.channel, s.value, ?, "
            f"s.seq FROM {_view(src)} s JOIN records r ON r.rid = s.rid",
            [src],
        )
        con.execute(f"DROP VIEW {_view(src)}")
        con.execute(f"DROP TABLE IF EXISTS {_rows_table(src)}")


def _view(src: int) -> str:
    """The view of file `src`'s events, as staged."""
    return f"staged_{src}"


def _rows_table(src: int) -> str:
    """The table file `src` is staged in (when its reader needs one)."""
    return f"staged_rows_{src}"


def _reason(error: Exception) -> str:
    lines = [line.strip() for line in str(error).strip().splitlines() if line.strip()]
    return lines[0][:300] if lines else type(error).__name__


def _check(con: Any, file: HistoryFile, staged: str) -> None:
    """Every row has a record id and a timestamp DuckDB could read, within the years of
    `YEARS`, and the file keeps to one convention: all timestamps with an offset, or none
    (then they are local time)."""
    column = file.time_column or "timestamp"
    low = f"TIMESTAMPTZ '{YEARS[0]}-01-01 00:00:00+00'"
    high = f"TIMESTAMPTZ '{YEARS[1] + 1}-01-01 00:00:00+00'"
    bad = con.execute(
        f"SELECT row, raw_ts, rid, ts IS NOT NULL FROM {staged} WHERE row IS NOT NULL AND "
        "(rid IS NULL OR rid = '' OR raw_ts IS NULL OR raw_ts = '' OR ts IS NULL "
        f"OR ts < {low} OR ts >= {high}) ORDER BY row LIMIT 1"
    ).fetchone()
    if bad is not None:
        row, raw, rid, parsed = bad
        where = f"{file.shown}: row {int(row)}"
        if rid is None or rid == "":
            raise CannotRun(f"{where} ({file.record_column or 'record id'}): no record id")
        if raw is None or raw == "":
            raise CannotRun(f"{where} ({column}): no timestamp")
        if parsed:
            raise CannotRun(
                f"{where} ({column}): {str(raw)[:60]!r} {OUTSIDE_YEARS}",
                ("correct the year in the CRM, or drop the row from the export",),
            )
        raise CannotRun(
            f"{where} ({column}): {str(raw)[:60]!r} is not a timestamp",
            ("write ISO 8601: 2026-03-01T09:30:00Z, 2026-03-01T10:30:00+01:00 or 2026-03-01",),
        )
    mixed = con.execute(
        "SELECT min(row) FILTER (WHERE has_offset), min(row) FILTER (WHERE NOT has_offset) "
        f"FROM {staged} WHERE row IS NOT NULL"
    ).fetchone()
    if mixed is not None and mixed[0] is not None and mixed[1] is not None:
        raise CannotRun(
            f"{file.shown}: row {int(mixed[1])} ({column}) has no time zone, but row "
            f"{int(mixed[0])} has one: the timestamps mix time-zone conventions",
            ("export every timestamp in UTC (with Z) or every one in local time",),
        )
    if file.shape == "events":
        wrong = con.execute(
            f"SELECT row, kind FROM {staged} WHERE kind NOT IN ('stage', 'touch', 'assign') "
            "ORDER BY row LIMIT 1"
        ).fetchone()
        if wrong is not None:
            raise CannotRun(
                f"{file.shown}: row {int(wrong[0])} (event): {str(wrong[1])[:40]!r} is not an "
                "event kind; write stage, touch or assign"
            )


def _reader(file: HistoryFile) -> str:
    """DuckDB's reader of a CSV or Parquet file, every column as text."""
    path = lit(str(file.path))
    if file.format == "parquet":
        return f"read_parquet({path})"
    return (
        f"read_csv({path}, all_varchar=true, header=true"
        + (", compression='gzip'" if file.gzipped else "")
        + ")"
    )


def _picks(file: HistoryFile, columns: Sequence[str]) -> str:
    present = [c for c in columns if file.column(c)]
    return ", ".join(
        [f"CAST({q(file.column(c) or c)} AS VARCHAR) AS {q(c)}" for c in present]
        + [f"CAST(NULL AS VARCHAR) AS {q(c)}" for c in columns if not file.column(c)]
    )


def _source_sql(file: HistoryFile, columns: Sequence[str], table: str) -> tuple[list[str], str]:
    """(statements to run first, a select of the file's rows with the named columns as text
    and `row` numbering them as a spreadsheet does — the header is row 1). A CSV or Parquet
    file is copied once, whole, into `table`, whose row ids keep the file's order:
    numbering rows while reading would make DuckDB read on one core."""
    if file.format == "json":
        path = lit(str(file.path))
        picks = ", ".join(f"json_extract_string(r, {lit('$.' + c)}) AS {q(c)}" for c in columns)
        return [], (
            f"SELECT {picks}, row_number() OVER () AS row FROM ("
            f"SELECT unnest({q(file.json_root)}) AS r FROM read_json({path}, "
            f"columns={{{lit(file.json_root)}: 'JSON[]'}}, maximum_object_size={json_object_limit(file.path)}))"
        )
    copy = (
        f"CREATE OR REPLACE TEMP TABLE {table} AS SELECT {_picks(file, columns)} "
        f"FROM {_reader(file)}"
    )
    return [copy], f"SELECT *, rowid + 2 AS row FROM {table}"


def _stage_sql(file: HistoryFile, design: Design, table: str) -> Staging:
    """How one file is staged, in a table of its own named `table` when it needs one."""
    stagers: dict[str, Callable[[HistoryFile, Design, str], Staging]] = {
        "events": _events,
        "salesforce-field-history": _field_history,
        "salesforce-opportunity-history": _opportunity_history,
        "salesforce-task": _tasks,
        "hubspot-history": _hubspot_json,
        "hubspot-history-table": _hubspot_table,
    }
    return stagers[file.shape](file, design, table)


def _timed(select: str) -> str:
    """Adds `ts` and `has_offset` to a select of `raw_ts`."""
    return (
        f"SELECT *, {ts_sql('raw_ts')} AS ts, {has_offset_sql('raw_ts')} AS has_offset "
        f"FROM ({select})"
    )


def _events(file: HistoryFile, design: Design, table: str) -> Staging:
    pre, src = _source_sql(
        file, ("record_id", "timestamp", "event", "stage", "value", "leadarch_system"), table
    )
    return Staging(
        pre,
        _timed(
            f"SELECT record_id AS rid, timestamp AS raw_ts, "
            f"lower(coalesce(nullif(event, ''), 'stage')) AS kind, "
            f"coalesce(leadarch_system, '') AS system, '' AS channel, "
            f"CASE WHEN lower(coalesce(nullif(event, ''), 'stage')) = 'stage' "
            f"THEN coalesce(nullif(stage, ''), value) ELSE value END AS value, "
            f"CAST(row AS DOUBLE) AS seq, row FROM ({src})"
        ),
    )


def _live(column: str) -> str:
    return f"coalesce(lower({column}), 'false') NOT IN ('true', '1')"


def _field_history(file: HistoryFile, design: Design, table: str) -> Staging:
    """LeadHistory / OpportunityFieldHistory: a stage event per change of a field stages
    map; the first change's OldValue is the value held since the `created` row (or since
    an unknown time); a record created and never changed holds the field's default."""
    obj = file.object
    fields = sorted(
        key.split(".", 1)[1] for key in design.channels("salesforce") if key.startswith(obj + ".")
    )
    names = ", ".join(lit(f) for f in fields) or "NULL"
    owners = ", ".join(lit(f) for f in OWNER_FIELDS)
    defaults = " ".join(
        f"WHEN {lit(f)} THEN {lit(design.defaults[obj + '.' + f])}"
        for f in fields
        if obj + "." + f in design.defaults
    )
    default_of = f"CASE f.field {defaults} END" if defaults else "NULL"
    # The rows made for a record (its first value, or the default) sit just after its
    # `created` row, one field after another: every event keeps a place of its own.
    place = (
        "CASE f.field "
        + " ".join(
            f"WHEN {lit(f)} THEN {(i + 1) / (len(fields) + 1)!r}" for i, f in enumerate(fields)
        )
        + " END"
        if fields
        else "NULL"
    )
    # A conversion is also a `leadConverted` row: it means the converting status.
    converting = sorted(
        k for sys, k, _ in design.converted if sys == "salesforce" and k.startswith(obj + ".")
    )
    converted_channel = converting[0] if converting else ""
    converted_value = next(
        (
            lit(v)
            for sys, k, v in sorted(design.converted)
            if sys == "salesforce" and k == converted_channel
        ),
        "NULL",
    )
    rid = file.record_column
    columns = (rid, "CreatedDate", "Field", "OldValue", "NewValue", "IsDeleted")
    kept = f"{_live('IsDeleted')} AND Field IN ({names}, {owners}, 'created', 'leadConverted')"
    # One pass over the file into a table of its rows, marked `kept` when they matter (live,
    # of a stage field, the owner or the creation), then everything else from that table.
    # A CSV or Parquet file is read straight in, whole — DuckDB keeps a file's order when it
    # copies it whole, not when it filters on the way — and its row ids number the rows.
    if file.format == "json":
        pre, src = _source_sql(file, columns, table)
        source, row, rows = f"({src})", "row, ", f"SELECT * FROM {table} WHERE kept"
    else:
        pre, source, row = [], f"(SELECT {_picks(file, columns)} FROM {_reader(file)})", ""
        rows = f"SELECT *, rowid + 2 AS row FROM {table} WHERE kept"
    read = f"""
CREATE OR REPLACE TEMP TABLE {table} AS
SELECT {q(rid)} AS rid, CreatedDate AS raw_ts, Field AS field, OldValue AS old,
       NewValue AS new, {row}{ts_sql("CreatedDate")} AS ts,
       {has_offset_sql("CreatedDate")} AS has_offset, {kept} AS kept
FROM {source}
"""
    select = f"""
WITH h AS NOT MATERIALIZED ({rows}),  -- a scan of the table is cheaper than a copy
created AS (
    SELECT rid, arg_min(ts, row) AS ts, min(row) AS row
    FROM h WHERE field = 'created' GROUP BY rid
),
firsts AS (
    SELECT rid, field, arg_min(old, (ts, row)) AS old, min(row) AS row
    FROM h WHERE field IN ({names}) GROUP BY rid, field
),
fields(field) AS (SELECT unnest([{names}]))
SELECT rid, raw_ts, ts, has_offset,
       CASE WHEN field = 'created' THEN 'created' WHEN field IN ({owners}) THEN 'assign'
            ELSE 'stage' END AS kind,
       'salesforce' AS system,
       CASE WHEN field IN ({names}) THEN {lit(obj + ".")} || field
            WHEN field = 'leadConverted' THEN {lit(converted_channel)} ELSE '' END AS channel,
       CASE WHEN field = 'created' THEN NULL WHEN field = 'leadConverted' THEN {converted_value}
            ELSE new END AS value,
       CAST(row AS DOUBLE) AS seq, row
FROM h
WHERE field <> 'leadConverted' OR {converted_value} IS NOT NULL
UNION ALL
SELECT f.rid, NULL, c.ts, NULL, 'stage', 'salesforce', {lit(obj + ".")} || f.field, f.old,
       coalesce(c.row + {place}, f.row - 0.5), NULL
FROM firsts f LEFT JOIN created c USING (rid)
WHERE f.old IS NOT NULL AND f.old <> ''
UNION ALL
SELECT c.rid, NULL, c.ts, NULL, 'stage', 'salesforce', {lit(obj + ".")} || f.field,
       {default_of}, c.row + {place}, NULL
FROM created c CROSS JOIN fields f
LEFT JOIN firsts x ON x.rid = c.rid AND x.field = f.field
WHERE {default_of} IS NOT NULL AND x.rid IS NULL
"""
    return Staging([*pre, read], select, ids=f"SELECT rid FROM {table} WHERE kept")


def _opportunity_history(file: HistoryFile, design: Design, table: str) -> Staging:
    """Snapshot rows: a stage event where StageName differs from the record's previous row."""
    pre, src = _source_sql(file, ("OpportunityId", "CreatedDate", "StageName", "IsDeleted"), table)
    return Staging(
        pre,
        f"""
WITH h AS (
    SELECT OpportunityId AS rid, CreatedDate AS raw_ts, StageName AS stage, row,
           {ts_sql("CreatedDate")} AS ts, {has_offset_sql("CreatedDate")} AS has_offset
    FROM ({src}) WHERE {_live("IsDeleted")}
)
SELECT rid, raw_ts, ts, has_offset, 'stage' AS kind, 'salesforce' AS system,
       'Opportunity.StageName' AS channel, stage AS value, CAST(row AS DOUBLE) AS seq, row
FROM h
QUALIFY stage IS DISTINCT FROM lag(stage) OVER (PARTITION BY rid ORDER BY ts NULLS FIRST, row)
""",
    )


def _tasks(file: HistoryFile, design: Design, table: str) -> Staging:
    pre, src = _source_sql(
        file, ("WhoId", "WhatId", "CreatedDate", "CompletedDateTime", "IsDeleted"), table
    )
    time = (
        "coalesce(nullif(CompletedDateTime, ''), CreatedDate)"
        if file.format == "json" or file.column("CompletedDateTime")
        else "CreatedDate"
    )
    return Staging(
        pre,
        _timed(
            f"SELECT coalesce(nullif(WhoId, ''), WhatId) AS rid, {time} AS raw_ts, 'touch' AS kind, "
            f"'salesforce' AS system, '' AS channel, NULL AS value, CAST(row AS DOUBLE) AS seq, row "
            f"FROM ({src}) WHERE {_live('IsDeleted')}"
        ),
    )


def _hubspot_properties(design: Design) -> list[str]:
    return sorted(design.channels("hubspot"))


def _hubspot_table(file: HistoryFile, design: Design, table: str) -> Staging:
    rid = file.record_column
    props = ", ".join(lit(p) for p in _hubspot_properties(design)) or "NULL"
    pre, src = _source_sql(file, (rid, "timestamp", "name", "value"), table)
    return Staging(
        pre,
        _timed(
            f"SELECT {q(rid)} AS rid, timestamp AS raw_ts, "
            f"CASE WHEN name = 'hubspot_owner_id' THEN 'assign' ELSE 'stage' END AS kind, "
            f"'hubspot' AS system, CASE WHEN name = 'hubspot_owner_id' THEN '' ELSE name END AS channel, "
            f"value, CAST(row AS DOUBLE) AS seq, row FROM ({src}) "
            f"WHERE name IN ({props}) OR name = 'hubspot_owner_id'"
        ),
    )


def _hubspot_json(file: HistoryFile, design: Design, table: str) -> Staging:
    """`results[].propertiesWithHistory.<property>[]`, newest first: `seq` counts each
    record's history oldest first, so equal timestamps keep the order they happened in
    (and the properties' order, one place each, when their entries share a position)."""
    path = lit(str(file.path))
    parts = []
    props = [*_hubspot_properties(design), "hubspot_owner_id"]
    for place, prop in enumerate(props):
        kind = "assign" if prop == "hubspot_owner_id" else "stage"
        channel = "" if kind == "assign" else prop
        parts.append(
            f"SELECT rid, {lit(kind)} AS kind, {lit(channel)} AS channel, r_row, {place} AS place, "
            f"unnest(from_json(json_extract(r, {lit('$.propertiesWithHistory.' + prop)}), "
            f'\'[{{"value": "VARCHAR", "timestamp": "VARCHAR"}}]\')) AS h, '
            f"generate_subscripts(from_json(json_extract(r, {lit('$.propertiesWithHistory.' + prop)}), "
            f"'[\"JSON\"]'), 1) AS i "
            f"FROM responses"
        )
    union = " UNION ALL ".join(parts)
    read = f"""
WITH responses AS (
    SELECT json_extract_string(r, '$.id') AS rid, r, row_number() OVER () AS r_row FROM (
        SELECT unnest(results) AS r FROM read_json({path}, columns={{'results': 'JSON[]'}},
                                                  maximum_object_size={json_object_limit(file.path)}))
),
history AS ({union})
SELECT rid, h.timestamp AS raw_ts, {ts_sql("h.timestamp")} AS ts,
       {has_offset_sql("h.timestamp")} AS has_offset, kind, 'hubspot' AS system, channel,
       h.value AS value, r_row * 1000000.0 - i * {len(props)} + place AS seq, r_row AS row
FROM history
"""
    # Read once into a table: the checks, the record ids and the events all look at it.
    return Staging([f"CREATE OR REPLACE TEMP TABLE {table} AS {read}"], f"SELECT * FROM {table}")
