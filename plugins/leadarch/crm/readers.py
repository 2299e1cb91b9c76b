"""Every kind of CRM export leadarch reads, in one registry: the command line (`import`,
`drift`) and the wiki (`drift:` in the plugin's options) choose a reader here by its name."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from leadarch.crm import hubspot, salesforce
from leadarch.crm.fields import CrmField

# name → reader(path, cwd, object name, include hidden properties); paths relative to cwd
Reader = Callable[[Path, Path, "str | None", bool], "list[CrmField]"]
READERS: dict[str, Reader] = {
    "salesforce": lambda path, cwd, obj, hidden: salesforce.read_describe(path, obj, cwd),
    "salesforce-metadata": lambda path, cwd, obj, hidden: salesforce.read_metadata(path, cwd),
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
    """The fields of an export of kind `source` at `export` (relative to `cwd`)."""
    return READERS[source](Path(cwd, export), cwd, object_name, include_hidden)
