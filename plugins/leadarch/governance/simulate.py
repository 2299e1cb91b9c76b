"""`leadarch route` / `leadarch score`: sample leads through the same compiled rules as the
examples (LA090), streamed: a lead is read, routed or scored and written before the next
is read, so a million leads take no more memory than one.

Inputs: CSV (one column per field id; an `activities` column holds activities separated by
`;`) and JSON Lines (one object per line) stream, from a file or standard input (`-`);
JSON (a list, or `{"leads": [...]}`) and YAML (the same, or `leads:`) are read whole and
bounded. A bad row or line stops the run with its file and line (exit 2).
"""

from __future__ import annotations

import csv
import json
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from leadarch.core.catalog import Catalog
from leadarch.core.files import NotRegular, TooLarge, kind_of, read_regular
from leadarch.core.model import RoutingRule, ScoringModel
from leadarch.core.yamlread.problems import MAX_FILE_BYTES
from leadarch.domain.routing import Router
from leadarch.domain.scoring import Scorer, threshold_stage
from leadarch.errors import CannotRun

FORMATS = ("csv", "jsonl", "json", "yaml")
MAX_LINE = 1 << 20  # bytes of one CSV or JSON Lines line: a lead is never this large
_BY_SUFFIX = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json"}
Lead = dict[str, Any]


def read_leads(
    source: str,
    input_format: str | None = None,
    cwd: Path | None = None,
    stdin: IO[bytes] | None = None,
) -> Iterator[Lead]:
    """The sample leads of `source` (a path relative to `cwd`, or `-` for `stdin`), one at a
    time; messages name the source as it was given."""
    fmt = input_format or _format_of(source)
    stream_in = stdin if stdin is not None else sys.stdin.buffer
    path = Path(cwd or Path.cwd(), source)
    if fmt in ("json", "yaml"):
        yield from _whole(source, path, fmt, stream_in)
        return
    with _open_bytes(source, path, stream_in) as stream:
        lines = _bounded_lines(stream, source)
        yield from (_csv_leads(lines, source) if fmt == "csv" else _jsonl_leads(lines, source))


def _format_of(source: str) -> str:
    if source == "-":
        raise CannotRun("reading leads from standard input needs --input-format csv or jsonl")
    suffix = Path(source).suffix.lower()
    if suffix in (".yaml", ".yml"):
        return "yaml"
    if suffix in _BY_SUFFIX:
        return _BY_SUFFIX[suffix]
    raise CannotRun(
        f"{source}: give sample leads as .csv, .jsonl, .json or .yaml (or say --input-format)"
    )


@contextmanager
def _open_bytes(source: str, path: Path, stdin: IO[bytes]) -> Iterator[IO[bytes]]:
    """Standard input, or the named file (a pipe is a stream too; a device or folder is not)."""
    if source == "-":
        yield stdin
        return
    try:
        what = kind_of(path.stat().st_mode)
        if what is not None and what != "a named pipe (FIFO)":
            raise CannotRun(f"{source} is {what}, not a file of sample leads")
        handle = open(path, "rb")  # noqa: SIM115
    except OSError as exc:
        raise CannotRun(f"cannot read {source}: {exc.strerror or exc}") from None
    with handle:
        yield handle


def _bounded_lines(stream: IO[bytes], source: str) -> Iterator[str]:
    """The stream's lines as text, none longer than MAX_LINE bytes (memory stays bounded
    whatever the file holds), each decoded on its own so an error names its line."""
    number = 0
    while raw := stream.readline(MAX_LINE + 1):
        number += 1
        if len(raw) > MAX_LINE:
            raise CannotRun(f"{source}:{number}: the line is longer than {MAX_LINE:,} bytes")
        try:
            yield raw.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError as exc:
            raise CannotRun(
                f"{source}:{number}:{exc.start + 1}: not UTF-8 text (byte 0x{raw[exc.start]:02x})"
            ) from None


def _csv_leads(lines: Iterable[str], source: str) -> Iterator[Lead]:
    reader = csv.DictReader(lines)
    try:
        for row in reader:
            if None in row:
                raise CannotRun(
                    f"{source}:{reader.line_num}: more values than the header has columns"
                )
            yield _csv_lead(row)
    except csv.Error as exc:
        raise CannotRun(f"{source}:{reader.line_num}: not valid CSV ({exc})") from None


def _csv_lead(row: dict[str, str]) -> Lead:
    lead: Lead = {}
    for key, value in row.items():
        if key == "activities":
            lead["activities"] = [a.strip() for a in (value or "").split(";") if a.strip()]
        elif value not in ("", None):
            lead[key] = _number(value)
    return lead


_NUMBER_START = frozenset("+-.0123456789")


def _number(text: str) -> Any:
    """A CSV cell as the value it spells: true/false, a whole or a decimal number, or text."""
    if text[0] not in _NUMBER_START:  # most cells are words: no exception raised for them
        return text == "true" if text in ("true", "false") else text
    try:
        return int(text)
    except ValueError:
        try:
            return float(text)
        except ValueError:
            return text


def _jsonl_leads(lines: Iterable[str], source: str) -> Iterator[Lead]:
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            lead = json.loads(line)
        except (ValueError, RecursionError) as exc:
            raise CannotRun(f"{source}:{number}: not a JSON object ({exc})") from None
        if not isinstance(lead, dict):
            raise CannotRun(f"{source}:{number}: expected a lead (an object of field id → value)")
        yield lead


def _whole(source: str, path: Path, fmt: str, stdin: IO[bytes]) -> list[Lead]:
    from leadarch.core.yamlread.located import parse
    from leadarch.core.yamlread.problems import YamlProblem, decode

    if source == "-":
        raw = stdin.read(MAX_FILE_BYTES + 1)
    else:
        try:
            raw = read_regular(path, MAX_FILE_BYTES)
        except (NotRegular, TooLarge) as exc:
            raise CannotRun(f"{exc}; stream large samples as CSV or JSON Lines") from None
        except OSError as exc:
            raise CannotRun(f"cannot read {source}: {exc.strerror}") from None
    try:
        data = json.loads(raw) if fmt == "json" else parse(decode(raw)).data
    except (YamlProblem, ValueError, RecursionError) as exc:
        said = getattr(exc, "message", exc)
        raise CannotRun(f"{source}: cannot read the sample leads ({said})") from None
    if isinstance(data, dict):
        data = data.get("leads", [data])
    if not isinstance(data, list) or not all(isinstance(d, dict) for d in data):
        raise CannotRun(f"{source}: expected a list of leads (mappings of field id → value)")
    return data


def _fields(lead: Lead) -> Lead:
    return {k: v for k, v in lead.items() if k not in ("activities", "name")}


def _label(lead: Lead, n: int) -> str:
    return str(lead.get("name") or lead.get("Lead.Email") or f"lead {n}")


def simulate_routing(catalog: Catalog, leads: Iterable[Lead], coverage: bool) -> Iterator[str]:
    """One line per lead: the rule that takes it and where it goes."""
    router = Router(catalog.of(RoutingRule))
    used: set[str] = set()
    for n, lead in enumerate(leads, 1):
        matched = router.route(_fields(lead))
        if matched is None:
            yield f"{_label(lead, n)}: no rule matches — the lead falls through routing"
            continue
        used.add(matched.id)
        target = ", ".join(f"{k} {v}" for k, v in matched.assign.items())
        yield f"{_label(lead, n)}: rule {matched.priority} {matched.id} → {target}"
    if coverage:
        for example in (e for r in router.rules for e in r.examples):
            hit = router.route(example.lead)
            if hit is not None:
                used.add(hit.id)
        idle = [r.id for r in router.rules if r.id not in used]
        yield "Not exercised by any example or sample lead: " + (", ".join(idle) or "none")


def simulate_scoring(catalog: Catalog, leads: Iterable[Lead], coverage: bool) -> Iterator[str]:
    """Per lead: each model's score, the stage it reaches and the criteria that counted."""
    scorers = [Scorer(m) for m in sorted(catalog.of(ScoringModel), key=lambda m: m.id)]
    hit: set[tuple[str, int]] = set()
    for n, lead in enumerate(leads, 1):
        yield f"{_label(lead, n)}:"
        fields, activities = _fields(lead), Counter(lead.get("activities") or ())
        for scorer in scorers:
            points, true = scorer.breakdown(fields, activities)
            hit.update((scorer.model.id, i) for i in true)
            yield _score_line(scorer.model, points, true)
    if coverage:
        for scorer in scorers:
            for example in scorer.model.examples:
                hit.update(
                    (scorer.model.id, i)
                    for i in scorer.breakdown(example.lead, Counter(example.activities))[1]
                )
        idle = [
            f"{s.model.id}#{i + 1}"
            for s in scorers
            for i in range(len(s.model.criteria))
            if (s.model.id, i) not in hit
        ]
        yield "Criteria not exercised by any example or sample lead: " + (", ".join(idle) or "none")


def _score_line(model: ScoringModel, points: int, true: list[int]) -> str:
    stage = threshold_stage(model, points)
    parts = [f"{c.field or c.activity} {c.points:+d}" for c in (model.criteria[i] for i in true)]
    return (
        f"  {model.id}: {points}"
        + (f" → {stage}" if stage else "")
        + (f"  ({'; '.join(parts)})" if parts else "")
    )
