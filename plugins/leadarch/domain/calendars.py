"""Business calendars as the lint and the wiki read them: which calendar an SLA runs in,
and whether a calendar's zone, hours and holidays can be used. Working time itself (the
spans business time is counted in) is `leadarch.domain.working_time`, for measurement.

`datetime` and `zoneinfo` are imported on use: the lint runs on every commit, and most
catalogs it reads never name a time zone.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from leadarch.core.catalog import Catalog
from leadarch.core.model import Calendar, Role, Sla, Team

if TYPE_CHECKING:
    import datetime as dt
    from zoneinfo import ZoneInfo

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def zone(name: str) -> ZoneInfo | None:
    """The IANA zone, or None when there is no such zone (or the name is not one)."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return None


def clock_time(text: str) -> dt.time | None:
    import datetime as dt

    try:
        hours, minutes = text.split(":")
        return dt.time(int(hours), int(minutes))
    except ValueError:
        return None


def holiday(text: str) -> dt.date | None:
    import datetime as dt

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
