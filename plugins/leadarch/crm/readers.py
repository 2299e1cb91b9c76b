"""Every kind of CRM export leadarch reads, in one registry: the command line (`import`,
`drift`) and the wiki (`drift:` in the plugin's options) choose a reader here by its name."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from leadarch.crm import hubspot, salesforce
from leadarch.crm.fields import CrmField
from leadarch.errors import CannotRun

# name → reader(path, cwd, object name, include hidden properties); paths relative to cwd
Reader = Callable[[Path, Path, "str | None", bool], "list[CrmField]"]
READERS: dict[str, Reader] = {
    "salesforce": lambda path, cwd, obj, hidden: salesforce.read_describe(path, obj, cwd),
    "salesforce-metadata": lambda path, cwd, obj, hidden: [
        f for f in salesforce.read_metadata(path, cwd) if obj is None or f.object == obj
    ],
    "hubspot": lambda path, cwd, obj, hidden: hubspot.read_properties(
        path, obj or "contacts", hidden, cwd
    ),
}
SOURCES = tuple(READERS)


def read_export(
    source: str,
    export: Path,
    cwd: Path,
    object_name: str | None = None,
    include_hidden: bool = False,
) -> list[CrmField]:
    """The fields of an export of kind `source` at `export` (relative to `cwd`); an export
    that holds none cannot be compared or imported (it is the wrong file, or empty)."""
    fields = READERS[source](Path(cwd, export), cwd, object_name, include_hidden)
    if not fields:
        of = f" of {object_name}" if object_name and source == "salesforce-metadata" else ""
        raise CannotRun(
            f"{export}: the export holds no fields{of} (is it a {source} export, and not empty?)"
        )
    return fields
