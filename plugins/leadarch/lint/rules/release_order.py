"""Released versions are not increasing with their dates, or a release has no date.

What it checks:
    Every released version has a `date`; ordered by version, dates never go
    backwards; and the open `unreleased` entry carries no date.

Why it matters:
    The changelog is how people learn what changed and when. A version 1.3.0 dated
    before 1.2.0 makes "what was live on that day?" unanswerable.

Example:
    - {version: 1.2.0, date: 2026-09-07, status: released}
    - {version: 1.3.0, date: 2026-08-01, status: released}

Fix:
    Correct the date or the version number so that newer versions have later dates.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import pairwise

from leadarch.core.catalog import Catalog
from leadarch.core.findings import Finding, Severity
from leadarch.core.model import Release
from leadarch.domain.versions import version_key
from leadarch.lint.options import Inputs, NoOptions

CODE = "LA080"
NAME = "release-order"
SUMMARY = "Released versions are not increasing with their dates, or a release has no date."
SEVERITY = Severity.ERROR


def check(catalog: Catalog, options: NoOptions, inputs: Inputs) -> Iterator[Finding]:
    released = []
    for release in catalog.of(Release):
        if release.status == "unreleased":
            if release.date:
                yield Finding(
                    "the unreleased entry has a date; it gets one when the release is cut",
                    release.at("date"),
                    "remove `date`",
                    release.ref,
                )
            continue
        if release.version == "unreleased":
            yield Finding(
                "a released entry needs a version number, not 'unreleased'",
                release.at("version"),
                "write the version, e.g. 1.4.0",
                release.ref,
            )
        elif not release.date:
            yield Finding(
                f"release {release.version} is released but has no date",
                release.at("status"),
                "add `date: YYYY-MM-DD`",
                release.ref,
            )
        else:
            released.append(release)
    released.sort(key=lambda r: version_key(r.version))
    for older, newer in pairwise(released):
        if str(newer.date) < str(older.date):
            yield Finding(
                f"release {newer.version} is dated {newer.date}, before the older release {older.version} ({older.date})",
                newer.at("date"),
                "newer versions must have later (or equal) dates: fix the date or the version",
                newer.ref,
            )
