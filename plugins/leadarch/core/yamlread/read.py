"""Read one YAML file: the fast reader when it is exact for the file, else the located one.

Two readers give the same plain data (YAML 1.2 core schema: only ``true``/``false`` are
booleans, dates stay strings). ``yamlfast`` (rapidyaml) is about fifteen times faster but
records no positions; ``yamlsafe`` (libyaml with our own converter) records the line and
column of every key and value and explains every problem. A clean file is read fast and
located later only if a finding in it needs a position; anything unusual or broken goes
straight to the located reader. Bounds are checked before either reader runs.
"""

from __future__ import annotations

from leadarch.core.yamlread.problems import (
    MAX_DEPTH,
    ParsedYaml,
    Positions,
    YamlProblem,
    check_bounds,
    needs_event_scan,
)


def read(text: str) -> ParsedYaml:
    """Plain data of `text`; positions are filled only when the located reader ran."""
    from leadarch.core.yamlread import fast as yamlfast

    check_bounds(text)
    if needs_event_scan(text):
        from leadarch.core.yamlread import (
            located as yamlsafe,  # the located reader, only for the files that need it
        )

        yamlsafe.scan_events(text)  # depth and node count, streamed: nothing composed yet
    data = yamlfast.quick_load(text, MAX_DEPTH)
    if data is not yamlfast.NOT_SURE:
        return ParsedYaml(data, None, [])
    from leadarch.core.yamlread import located as yamlsafe

    return yamlsafe.parse_checked(text)


def locate(text: str) -> Positions:
    """Positions of every key and value in `text` (which the fast reader already read)."""
    from leadarch.core.yamlread import located as yamlsafe

    try:
        return yamlsafe.parse(text).positions or Positions()
    except YamlProblem:
        return Positions()  # the readers disagree on a file both accept: findings stay at 1:1
