"""ISO 8601 durations (`PT15M`, `P2D`, `P1W`) as seconds, for comparing SLA times."""

from __future__ import annotations

import re

_DURATION = re.compile(
    r"^P(?:(?P<Y>\d+)Y)?(?:(?P<Mo>\d+)M)?(?:(?P<W>\d+)W)?(?:(?P<D>\d+)D)?"
    r"(?:T(?:(?P<H>\d+)H)?(?:(?P<Mi>\d+)M)?(?:(?P<S>\d+(?:\.\d+)?)S)?)?$"
)
_SECONDS = {
    "Y": 365 * 86400,
    "Mo": 30 * 86400,
    "W": 7 * 86400,
    "D": 86400,
    "H": 3600,
    "Mi": 60,
    "S": 1,
}


def parse_duration(text: object) -> float | None:
    """Seconds (months as 30 days, years as 365), or None when not an ISO 8601 duration."""
    if not isinstance(text, str):
        return None
    match = _DURATION.match(text)
    if not match or text in ("P", "PT") or text.endswith("T"):
        return None
    parts = match.groupdict()
    if all(v is None for v in parts.values()):
        return None
    return sum(float(v) * _SECONDS[k] for k, v in parts.items() if v is not None)


def human(text: str) -> str:
    """`PT15M` → `15 minutes`, for people."""
    match = _DURATION.match(text)
    if not match:
        return text
    names = {
        "Y": "year",
        "Mo": "month",
        "W": "week",
        "D": "day",
        "H": "hour",
        "Mi": "minute",
        "S": "second",
    }
    out = []
    for key, value in match.groupdict().items():
        if value is not None:
            number = float(value)
            shown = int(number) if number.is_integer() else number
            out.append(f"{shown} {names[key]}{'' if number == 1 else 's'}")
    return " ".join(out) or text
