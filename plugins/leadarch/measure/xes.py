"""XES event logs (`.xes`, `.xes.gz`) → a generic events CSV DuckDB then reads.

XML is the one input DuckDB cannot read in place, so the log is streamed through expat
(no element tree: memory stays at one trace) and each event is mapped at once by the
catalog's `event_logs` entry: an activity (and lifecycle transition) that means a stage,
a touch or an assignment becomes that event; an ignored one is dropped; any other stays
as an unknown value — reported, never silently lost. A log that declares a DTD or
entities is refused: a history file has no use for them, and they are how XML attacks.
"""

from __future__ import annotations

import csv
import fnmatch
import gzip
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any
from xml.parsers import expat

from leadarch.core.model import EventLog
from leadarch.errors import CannotRun
from leadarch.measure.design import Design
from leadarch.measure.inputs import HistoryFile

CHUNK = 1 << 20
WANTED = {"concept:name", "lifecycle:transition", "time:timestamp", "org:resource"}


def mapper(log: EventLog) -> Callable[[str, str], tuple[str, str] | None]:
    """(activity, lifecycle) → (event kind, stage id or value), or None to drop it."""
    exact: dict[tuple[str, str | None], tuple[str, str]] = {}
    for entry in log.events:
        said = (
            ("stage", entry.stage)
            if entry.stage
            else ("touch", "")
            if entry.touch
            else ("assign", "")
        )
        key = (entry.activity, entry.lifecycle.lower() if entry.lifecycle else None)
        exact.setdefault(key, said)
    ignored = tuple(log.ignore)
    cache: dict[tuple[str, str], tuple[str, str] | None] = {}

    def meaning(activity: str, lifecycle: str) -> tuple[str, str] | None:
        key = (activity, lifecycle)
        if key not in cache:
            found = exact.get((activity, lifecycle.lower() or None)) or exact.get((activity, None))
            if found is None and any(fnmatch.fnmatchcase(activity, p) for p in ignored):
                cache[key] = None
            else:
                cache[key] = found or ("unknown", activity)
        return cache[key]

    return meaning


def xes_to_csv(file: HistoryFile, design: Design, out: Path) -> HistoryFile:
    log = design.event_log
    if log is None:
        known = ", ".join(sorted(design.event_logs)) or "none in the catalog"
        raise CannotRun(
            f"{file.shown}: an XES log needs an event_logs mapping (activity → stage, touch "
            f"or assign); choose one with --event-log ({known})"
        )
    meaning = mapper(log)
    with out.open("w", newline="", encoding="utf-8") as sink:
        writer = csv.writer(sink)
        writer.writerow(["record_id", "timestamp", "event", "stage", "value", "leadarch_system"])
        opener: Callable[..., IO[bytes]] = gzip.open if file.gzipped else open  # type: ignore[assignment]
        try:
            with opener(file.path, "rb") as source:
                _stream(source, file.shown, meaning, writer)
        except (OSError, EOFError) as error:
            raise CannotRun(f"{file.shown}: cannot be read ({error})") from None
    return HistoryFile(
        out,
        file.shown,
        "csv",
        "events",
        ("record_id", "timestamp", "event", "stage", "value", "leadarch_system"),
        "record_id",
        "timestamp",
    )


def _stream(
    source: IO[bytes],
    shown: str,
    meaning: Callable[[str, str], tuple[str, str] | None],
    writer: Any,
) -> None:
    parser = expat.ParserCreate()
    depth_in = {"trace": 0, "event": 0}
    trace_id: list[str] = [""]
    pending: list[list[str]] = []  # a trace's events, until its id is known for sure
    current: dict[str, str] = {}
    level = [0]

    def refuse_dtd(*_: Any) -> None:
        raise CannotRun(f"{shown}: declares a DTD or entities; an XES log has no use for them")

    def start(tag: str, attrs: dict[str, str]) -> None:
        level[0] += 1
        if tag == "trace":
            depth_in["trace"] = level[0]
            trace_id[0] = ""
            pending.clear()
        elif tag == "event" and depth_in["trace"]:
            depth_in["event"] = level[0]
            current.clear()
        elif depth_in["event"] and level[0] == depth_in["event"] + 1:
            key = attrs.get("key", "")
            if key in WANTED:
                current[key] = attrs.get("value", "")
        elif (
            depth_in["trace"]
            and not depth_in["event"]
            and level[0] == depth_in["trace"] + 1
            and attrs.get("key") == "concept:name"
        ):
            trace_id[0] = attrs.get("value", "")

    def end(tag: str) -> None:
        if tag == "event" and depth_in["event"] == level[0]:
            depth_in["event"] = 0
            found = meaning(
                current.get("concept:name", ""), current.get("lifecycle:transition", "")
            )
            if found is not None:
                kind, value = found
                stamp = current.get("time:timestamp", "")
                if kind == "unknown":
                    pending.append(["stage", "", value, "xes", stamp])
                else:
                    pending.append(
                        [
                            kind,
                            value if kind == "stage" else "",
                            current.get("org:resource", ""),
                            "",
                            stamp,
                        ]
                    )
        elif tag == "trace" and depth_in["trace"] == level[0]:
            depth_in["trace"] = 0
            for kind, stage, value, system, stamp in pending:
                writer.writerow([trace_id[0], stamp, kind, stage, value, system])
            pending.clear()
        level[0] -= 1

    parser.StartDoctypeDeclHandler = refuse_dtd
    parser.EntityDeclHandler = refuse_dtd
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.buffer_text = True
    try:
        while chunk := source.read(CHUNK):
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except (LookupError, ValueError) as error:  # <?xml encoding="…"?> that Python lacks
        raise CannotRun(f"{shown}: cannot be read as XML ({error})") from None
    except expat.ExpatError as error:
        raise CannotRun(
            f"{shown}: line {error.lineno}, column {error.offset + 1}: not well-formed XML "
            f"({expat.ErrorString(error.code)})"
        ) from None
