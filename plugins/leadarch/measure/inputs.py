"""What each history file is: its format from its first bytes (never from its name alone),
and its shape from its columns — the table of the measurement spec, §1.

Only a file's head is read here (a few kilobytes); the files themselves are read by
DuckDB, in place. A file whose name says one format and whose bytes say another is
refused: `export.csv` holding JSON is a mistake to point out, not to guess around.
"""

from __future__ import annotations

import csv
import gzip
import io
import re
import stat
from pathlib import Path

from leadarch.core.records import dataclass
from leadarch.errors import CannotRun
from leadarch.measure.duck import duckdb_module

HEAD_BYTES = 64 * 1024

# shape → what it is, for messages
SHAPES = {
    "events": "generic events",
    "salesforce-field-history": "Salesforce field history (LeadHistory, ContactHistory, OpportunityFieldHistory, …)",
    "salesforce-opportunity-history": "Salesforce OpportunityHistory",
    "salesforce-task": "Salesforce Task export",
    "hubspot-history": "HubSpot CRM v3 objects with propertiesWithHistory",
    "hubspot-history-table": "HubSpot property history table",
    "xes": "XES event log",
}

# Salesforce objects whose field history (`<Object>History`, OpportunityFieldHistory) is
# read: the record id is the `<Object>Id` column.
HISTORY_OBJECTS = ("Lead", "Contact", "Opportunity", "Account")

_FORMAT_OF_SUFFIX = {
    ".csv": "csv",
    ".txt": "csv",
    ".parquet": "parquet",
    ".json": "json",
    ".xes": "xes",
}


@dataclass(frozen=True)
class HistoryFile:
    path: Path
    shown: str  # as the user named it
    format: str  # csv | parquet | json | xes
    shape: str  # a key of SHAPES
    columns: tuple[str, ...] = ()  # csv / parquet: the header, as written
    record_column: str = ""  # the column holding the record id
    time_column: str = ""  # the column holding the timestamp
    gzipped: bool = False
    json_root: str = ""  # json: "records" (Salesforce REST) or "results" (HubSpot)
    object: str = ""  # Salesforce object / HubSpot object the rows are about

    def column(self, name: str) -> str | None:
        """The header's spelling of `name` (headers are matched case-insensitively)."""
        return next((c for c in self.columns if c.lower() == name.lower()), None)


def sniff(path: Path, shown: str) -> HistoryFile:
    try:
        mode = path.stat().st_mode
    except OSError as error:
        raise CannotRun(f"{shown}: cannot be read ({error.strerror or error})") from None
    if stat.S_ISDIR(mode):
        raise CannotRun(f"{shown}: is a folder; name the export files in it")
    if not stat.S_ISREG(mode):  # a pipe or a device would block, or never end
        raise CannotRun(f"{shown}: is not a regular file; save the export to a file first")
    try:
        with path.open("rb") as handle:
            head = handle.read(HEAD_BYTES)
    except OSError as error:
        raise CannotRun(f"{shown}: cannot be read ({error.strerror or error})") from None
    gzipped = head[:2] == b"\x1f\x8b"
    if gzipped:
        head = _gunzip_head(path, shown)
    found = _format_of(head)
    said = _said_format(path)
    if found is None:
        raise CannotRun(
            f"{shown}: is not a history export leadarch reads (CSV, Parquet, JSON or XES)"
            + (f"; its name says {said.upper()} but its content is not" if said else "")
        )
    if said is not None and said != found:
        raise CannotRun(
            f"{shown}: its name says {said.upper()}, but it holds {found.upper()}; "
            "rename it or export it again"
        )
    if gzipped and found not in ("xes", "csv"):
        raise CannotRun(f"{shown}: compressed {found.upper()} is not read; unpack it first")
    if found == "xes":
        return HistoryFile(path, shown, "xes", "xes", gzipped=gzipped)
    if found == "json":
        return _json_shape(path, shown, head)
    if found == "parquet":
        return _table_shape(path, shown, "parquet", _parquet_columns(path, shown))
    return _table_shape(path, shown, "csv", _csv_header(head, shown), gzipped=gzipped)


def _gunzip_head(path: Path, shown: str) -> bytes:
    try:
        with gzip.open(path, "rb") as handle:
            return handle.read(HEAD_BYTES)
    except (OSError, EOFError, gzip.BadGzipFile) as error:
        raise CannotRun(f"{shown}: is a damaged gzip file ({error})") from None


def _said_format(path: Path) -> str | None:
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    return _FORMAT_OF_SUFFIX.get(suffixes[-1]) if suffixes else None


def _format_of(head: bytes) -> str | None:
    if head.startswith(b"PAR1"):
        return "parquet"
    text = head.lstrip(b"\xef\xbb\xbf").lstrip()
    if text.startswith((b"{", b"[")):
        return "json"
    if text.startswith(b"<"):
        return "xes" if re.search(rb"<log[\s>]", text[:4096]) else None
    if b"\x00" in head[:4096]:
        return None  # binary, and not a format we read
    return "csv" if text else None


def _csv_header(head: bytes, shown: str) -> tuple[str, ...]:
    try:
        text = head.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = head.decode("latin-1")
    first = text.splitlines()[0] if text.splitlines() else ""
    dialect = ";" if first.count(";") > first.count(",") else ","
    if "\t" in first and first.count("\t") > first.count(dialect):
        dialect = "\t"
    row = next(csv.reader(io.StringIO(first), delimiter=dialect), [])
    return tuple(c.strip() for c in row)


def _parquet_columns(path: Path, shown: str) -> tuple[str, ...]:
    duckdb = duckdb_module()
    try:
        rows = duckdb.sql(
            "SELECT name FROM parquet_schema(?) WHERE name <> 'schema' ORDER BY 1",
            params=[str(path)],
        ).fetchall()
    except duckdb.Error as error:
        raise CannotRun(f"{shown}: is not a readable Parquet file ({_first_line(error)})") from None
    return tuple(str(r[0]) for r in rows)


def _first_line(error: Exception) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__


def _table_shape(
    path: Path, shown: str, fmt: str, columns: tuple[str, ...], *, gzipped: bool = False
) -> HistoryFile:
    spelled = {c.lower(): c for c in columns}  # headers match case-insensitively

    def has(*names: str) -> bool:
        return all(n.lower() in spelled for n in names)

    def made(shape: str, record: str, time: str, obj: str = "") -> HistoryFile:
        record, time = spelled.get(record.lower(), record), spelled.get(time.lower(), time)
        return HistoryFile(path, shown, fmt, shape, columns, record, time, gzipped, "", obj)

    if has("record_id", "timestamp") and (has("stage") or has("event")):
        return made("events", "record_id", "timestamp")
    for obj in HISTORY_OBJECTS:
        if has(f"{obj}Id", "CreatedDate", "Field", "NewValue"):
            return made("salesforce-field-history", f"{obj}Id", "CreatedDate", obj)
    if has("OpportunityId", "CreatedDate", "StageName"):
        return made("salesforce-opportunity-history", "OpportunityId", "CreatedDate", "Opportunity")
    if (has("WhoId") or has("WhatId")) and (has("CreatedDate") or has("CompletedDateTime")):
        record = "WhoId" if has("WhoId") else "WhatId"
        time = "CompletedDateTime" if has("CompletedDateTime") else "CreatedDate"
        return made("salesforce-task", record, time)
    for record, obj in (
        ("contact_id", "contacts"),
        ("deal_id", "deals"),
        ("company_id", "companies"),
    ):
        if has(record, "timestamp", "name", "value"):
            return made("hubspot-history-table", record, "timestamp", obj)
    raise CannotRun(
        f"{shown}: the columns ({', '.join(columns[:12]) or 'none'}) are not a history "
        "export leadarch reads",
        (
            "generic events need record_id, timestamp and stage (or event);",
            "Salesforce field history: LeadId (ContactId, OpportunityId, AccountId), CreatedDate, Field, OldValue, NewValue;",
            "OpportunityHistory: OpportunityId, CreatedDate, StageName; Task: WhoId, CreatedDate;",
            "HubSpot property history: contact_id or deal_id, timestamp, name, value",
        ),
    )


def _json_shape(path: Path, shown: str, head: bytes) -> HistoryFile:
    text = head.decode("utf-8", errors="replace")
    # The root's first key tells Salesforce REST (`records`) from HubSpot (`results`)
    # without parsing a file that may be hundreds of megabytes.
    records = re.search(r'"records"\s*:\s*\[', text)
    results = re.search(r'"results"\s*:\s*\[', text)
    if results and (not records or results.start() < records.start()):
        if "propertiesWithHistory" not in text and len(head) < HEAD_BYTES:
            raise CannotRun(
                f"{shown}: HubSpot results without propertiesWithHistory; export with "
                "?propertiesWithHistory=lifecyclestage,hs_lead_status,dealstage,hubspot_owner_id"
            )
        return HistoryFile(path, shown, "json", "hubspot-history", json_root="results")
    if records:
        kind = re.search(r'"type"\s*:\s*"(\w+)"', text)
        obj = kind.group(1) if kind else ""
        shape = {
            "LeadHistory": ("salesforce-field-history", "Lead", "LeadId", "CreatedDate"),
            "ContactHistory": ("salesforce-field-history", "Contact", "ContactId", "CreatedDate"),
            "AccountHistory": ("salesforce-field-history", "Account", "AccountId", "CreatedDate"),
            "OpportunityFieldHistory": (
                "salesforce-field-history",
                "Opportunity",
                "OpportunityId",
                "CreatedDate",
            ),
            "OpportunityHistory": (
                "salesforce-opportunity-history",
                "Opportunity",
                "OpportunityId",
                "CreatedDate",
            ),
            "Task": ("salesforce-task", "", "WhoId", "CreatedDate"),
        }.get(obj)
        if shape is None:
            raise CannotRun(
                f"{shown}: Salesforce records of type {obj or 'unknown'}; leadarch measures "
                "LeadHistory, ContactHistory, AccountHistory, OpportunityFieldHistory, OpportunityHistory and Task"
            )
        return HistoryFile(
            path,
            shown,
            "json",
            shape[0],
            record_column=shape[2],
            time_column=shape[3],
            json_root="records",
            object=shape[1],
        )
    raise CannotRun(
        f'{shown}: JSON that is neither a Salesforce query result ({{"records": […]}}) nor '
        'HubSpot objects with history ({"results": […]})'
    )
