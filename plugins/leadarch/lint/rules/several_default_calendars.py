"""More than one business calendar is the default.

What it checks:
    At most one calendar has `default: true`.

Why it matters:
    The default calendar is where SLAs without a calendar of their own are measured,
    and the zone in which history timestamps without an offset are read. Two defaults
    make both a coin toss.

Example:
    calendars:
      - {id: emea, default: true, …}
      - {id: americas, default: true, …}

Fix:
    Keep `default: true` on one calendar; give teams or roles elsewhere their own
    `calendar:`.
"""

from __future__ import annotations

from collections.abc import Iterator

from leadarch.core.catalog import Catalog
from leadarch.core.findings import Finding, Severity
from leadarch.core.model import Calendar
from leadarch.lint.options import Inputs, NoOptions

CODE = "LA131"
NAME = "several-default-calendars"
SUMMARY = "More than one business calendar is the default."
SEVERITY = Severity.ERROR


def check(catalog: Catalog, options: NoOptions, inputs: Inputs) -> Iterator[Finding]:
    defaults = [c for c in catalog.of(Calendar) if c.default]
    for calendar in defaults[1:]:
        yield Finding(
            f"{calendar.ref} is another default calendar (the first is {defaults[0].ref})",
            calendar.at("default", on_key=True),
            f"keep `default: true` on one calendar; give the teams or roles that work "
            f"in {calendar.id} `calendar: {calendar.id}`",
            calendar.ref,
        )
