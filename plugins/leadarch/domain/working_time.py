"""Working time: a business calendar as UTC spans, and business seconds between instants.

Elapsed business time between two instants is the length of their overlap with working
hours (the measurement spec, §4). Working hours are local times in the calendar's zone,
so a span is built day by day in that zone and converted to UTC: a daylight-saving
change moves the span in UTC, never its local hours.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from leadarch.core.model import Calendar
from leadarch.core.records import dataclass
from leadarch.domain.calendars import WEEKDAYS, clock_time, holiday, zone

UTC = dt.timezone.utc


@dataclass(frozen=True)
class WorkingTime:
    """A calendar made usable: zone, weekday numbers, local periods, holiday dates."""

    id: str
    zone: dt.tzinfo
    days: frozenset[int]
    periods: tuple[tuple[dt.time, dt.time], ...]
    holidays: frozenset[dt.date]

    @classmethod
    def of(cls, calendar: Calendar) -> WorkingTime | None:
        """None when the calendar is not valid (the lint says why)."""
        tz = zone(calendar.time_zone)
        periods = [(clock_time(p.start), clock_time(p.end)) for p in calendar.hours]
        if tz is None or any(a is None or b is None or a >= b for a, b in periods):
            return None
        days = frozenset(WEEKDAYS.index(d) for d in calendar.working_days if d in WEEKDAYS)
        dates = {holiday(h) for h in calendar.holidays}
        return cls(
            calendar.id,
            tz,
            days,
            tuple(sorted((a, b) for a, b in periods if a is not None and b is not None)),
            frozenset(d for d in dates if d is not None),
        )

    def spans(
        self, start: dt.datetime, end: dt.datetime
    ) -> Iterator[tuple[dt.datetime, dt.datetime]]:
        """Working spans (UTC, ascending, disjoint) that overlap [start, end)."""
        day = start.astimezone(self.zone).date() - dt.timedelta(days=1)
        last = end.astimezone(self.zone).date() + dt.timedelta(days=1)
        while day <= last:
            if day.weekday() in self.days and day not in self.holidays:
                for a, b in self.periods:
                    lo = dt.datetime.combine(day, a, self.zone).astimezone(UTC)
                    hi = dt.datetime.combine(day, b, self.zone).astimezone(UTC)
                    if hi > start and lo < end:
                        yield lo, hi
            day += dt.timedelta(days=1)

    def seconds_between(self, start: dt.datetime, end: dt.datetime) -> float:
        """Business seconds in [start, end): the overlap with working hours."""
        if end <= start:
            return 0.0
        return sum(
            (min(hi, end) - max(lo, start)).total_seconds() for lo, hi in self.spans(start, end)
        )
