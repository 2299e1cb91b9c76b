"""A business calendar cannot be used.

What it checks:
    A calendar's `time_zone` is an IANA zone name, each working period ends after it
    starts, periods do not overlap, and each holiday is a real date.

Why it matters:
    Business-hours SLAs are measured in their calendar. A misspelt zone, a period from
    17:00 to 09:00 or a 30 February would make every business-time number wrong, or
    impossible to compute, without anyone noticing.

Example:
    calendars:
      - id: emea
        time_zone: Europe/Amsterdamm     # no such zone
        hours: [{start: "17:30", end: "09:00"}]

Fix:
    Use a zone name from the IANA database (`Europe/Amsterdam`, `America/New_York`,
    `UTC`); write each period as `{start: "09:00", end: "17:30"}`, one per block of the
    day; write holidays as `YYYY-MM-DD`.
"""

from __future__ import annotations

from collections.abc import Iterator

from leadarch.core.catalog import Catalog
from leadarch.core.findings import Finding, Severity
from leadarch.core.model import Calendar
from leadarch.domain.calendars import clock_time, holiday, zone
from leadarch.lint.options import Inputs, NoOptions

CODE = "LA130"
NAME = "invalid-calendar"
SUMMARY = "A business calendar cannot be used."
SEVERITY = Severity.ERROR


def check(catalog: Catalog, options: NoOptions, inputs: Inputs) -> Iterator[Finding]:
    for calendar in catalog.of(Calendar):
        if isinstance(calendar.time_zone, str) and zone(calendar.time_zone) is None:
            yield Finding(
                f"{calendar.ref}: {calendar.time_zone!r} is not a time zone",
                calendar.at("time_zone"),
                "use an IANA zone name such as Europe/Amsterdam, America/New_York or UTC",
                calendar.ref,
            )
        seen: list[tuple[object, object, int]] = []
        for i, period in enumerate(calendar.hours):
            start, end = clock_time(period.start), clock_time(period.end)
            if start is None or end is None:
                continue  # the schema reports the format
            if end <= start:
                yield Finding(
                    f"{calendar.ref}: working period {period.start}–{period.end} ends before it starts",
                    calendar.at("hours", i, "end"),
                    "write the local start then the end of one block of the day, e.g. "
                    '{start: "09:00", end: "17:30"}; a night shift is two periods',
                    calendar.ref,
                )
                continue
            for other_start, other_end, j in seen:
                if start < other_end and other_start < end:  # type: ignore[operator]
                    yield Finding(
                        f"{calendar.ref}: working period {period.start}–{period.end} overlaps "
                        f"period {j + 1}",
                        calendar.at("hours", i),
                        "merge the two periods or make them follow each other",
                        calendar.ref,
                    )
            seen.append((start, end, i))
        for i, day in enumerate(calendar.holidays):
            if isinstance(day, str) and holiday(day) is None:
                yield Finding(
                    f"{calendar.ref}: holiday {day!r} is not a date",
                    calendar.at("holidays", i),
                    "write a real calendar date as YYYY-MM-DD",
                    calendar.ref,
                )
