"""Business calendars: which calendar an SLA runs in, and its working time as UTC spans.

Elapsed business time between two instants is the length of their overlap with working
hours (the measurement spec, §4). Working hours are local times in the calendar's zone,
so a span is built day by day in that zone and converted to UTC: a daylight-saving
change moves the span in UTC, never its local hours.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from leadarch.core.catalog import Catalog
from leadarch.core.model import Calendar, Role, Sla, Team
from leadarch.core.records import dataclass

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
UTC = dt.timezone.utc


def zone(name: str) -> ZoneInfo | None:
    """The IANA zone, or None when there is no such zone (or the name is not one)."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return None


def clock_time(text: str) -> dt.time | None:
    try:
        hours, minutes = text.split(":")
        return dt.time(int(hours), int(minutes))
    except ValueError:
        return None


def holiday(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def default_calendar(catalog: Catalog) -> Calendar | None:
    calendars = catalog.of(Calendar)
    defaults = [c for c in calendars if c.default]
    if defaults:
        return defaults[0]
    return calendars[0] if len(calendars) == 1 else None


def calendar_of(catalog: Catalog, sla: Sla) -> Calendar | None:
    """The SLA's own calendar, else its role's, else the role's team's, else the default."""
    ids: list[str | None] = [sla.calendar]
    role = catalog.get(f"role:{sla.role}") if sla.role else None
    if isinstance(role, Role):
        ids.append(role.calendar)
        team = catalog.get(f"team:{role.team}") if role.team else None
        if isinstance(team, Team):
            ids.append(team.calendar)
    for calendar_id in ids:
        found = catalog.get(f"calendar:{calendar_id}") if calendar_id else None
        if isinstance(found, Calendar):
            return found
    return default_calendar(catalog)


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
