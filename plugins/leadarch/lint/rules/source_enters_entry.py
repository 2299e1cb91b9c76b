"""A capture source puts new records into a stage that is not an entry stage.

What it checks:
    Every capture source's `enters` stage is marked `entry: true`.

Why it matters:
    A form that creates records directly in, say, SAL skips scoring, routing and
    the SDR's acceptance: those leads bypass the process and its SLAs.

Example:
    - id: demo_request_form
      enters: sal

Fix:
    Point `enters` at an entry stage, or mark the stage `entry: true` if records
    really start there.
"""

from __future__ import annotations

from collections.abc import Iterator

from leadarch.core.catalog import Catalog
from leadarch.core.findings import Finding, Severity
from leadarch.core.model import Source, Stage
from leadarch.lint.options import Inputs, NoOptions

CODE = "LA034"
NAME = "source-enters-non-entry-stage"
SUMMARY = "A capture source puts new records into a stage that is not an entry stage."
SEVERITY = Severity.ERROR


def check(catalog: Catalog, options: NoOptions, inputs: Inputs) -> Iterator[Finding]:
    for source in catalog.of(Source):
        stage = catalog.get(f"stage:{source.enters}")
        if isinstance(stage, Stage) and not stage.entry:
            yield Finding(
                f"source '{source.id}' enters stage '{stage.id}', which is not an entry stage",
                source.at("enters"),
                "point `enters` at a stage with `entry: true`",
                source.ref,
            )
