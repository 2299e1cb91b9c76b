"""More than one release is open (`unreleased`).

What it checks:
    At most one release is open: has `status: unreleased`, or is named `unreleased`
    whatever its status says (a release is cut by giving it a version number).

Why it matters:
    Changes are logged under the one open release and published when it is cut.
    With two, changes land in the wrong one and are announced late or never.

Example:
    - {version: unreleased, status: unreleased}
    - {version: unreleased, status: unreleased}

Fix:
    Merge the changes of both into one `unreleased` entry.
"""

from __future__ import annotations

from collections.abc import Iterator

from leadarch.core.catalog import Catalog
from leadarch.core.findings import Finding, Severity
from leadarch.core.loader import RawEntity
from leadarch.lint.options import Inputs, NoOptions

CODE = "LA081"
NAME = "single-unreleased"
SUMMARY = "More than one release is open (`unreleased`)."
SEVERITY = Severity.ERROR


def check(catalog: Catalog, options: NoOptions, inputs: Inputs) -> Iterator[Finding]:
    open_releases = [
        r for r in _raw_releases(catalog) if isinstance(r.data, dict) and _is_open(r.data)
    ]
    for extra in open_releases[1:]:
        first = open_releases[0].where
        line, _ = catalog.position(first)
        marked = extra.data.get("status") == "unreleased"
        yield Finding(
            f"a second unreleased entry; the first is at {first.file}:{line}",
            extra.where.child("status" if marked else "version"),
            "merge its changes into the first unreleased entry"
            + ("" if marked else ", or give this release its version number"),
            "release:unreleased",
        )


def _is_open(data: dict[str, object]) -> bool:
    return data.get("status") == "unreleased" or data.get("version") == "unreleased"


def _raw_releases(catalog: Catalog) -> list[RawEntity]:
    return [r for r in catalog.raw if r.kind.name == "release"]
