"""A catalog file's editor schema is a copy from another leadarch.

What it checks:
    The first line of a catalog file, when it is a `# yaml-language-server: $schema=…`
    modeline naming a local file that exists: that file is the schema of the installed
    leadarch — it carries the fingerprint of the installed schema files, as every copy
    `leadarch schema` prints does (or it is leadarch's own source schema). Reported once per schema copy,
    at the first file that names it. (A line naming no file is left to the editor, which
    says so itself; `leadarch init` and `leadarch import` write the copy they point at.)

Why it matters:
    Editors complete and check every key from that file. A copy left from an older
    leadarch completes keys the lint now refuses and misses the ones it added, so the
    editor and the lint disagree.

Example:
    # yaml-language-server: $schema=../schemas/catalog.schema.json
    # …and schemas/catalog.schema.json was written by leadarch 0.0.9

Fix:
    Refresh the copy with `leadarch schema --write schemas` (or point the line at the
    copy your repository has); commit the refreshed file.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from leadarch import __version__
from leadarch.core.catalog import Catalog
from leadarch.core.editor_schema import MODELINE, copy_is_current, schema_target
from leadarch.core.findings import Finding, Location, Severity
from leadarch.lint.options import Inputs, NoOptions

CODE = "LA006"
NAME = "stale-editor-schema"
SUMMARY = "A catalog file's editor schema is a copy from another leadarch."
SEVERITY = Severity.WARNING


def check(catalog: Catalog, options: NoOptions, inputs: Inputs) -> Iterator[Finding]:
    seen: set[Path] = set()
    for shown, source in catalog.files.items():
        if source.raw is None or not source.raw.startswith(b"#"):
            continue
        first = source.raw.split(b"\n", 1)[0].decode("utf-8", "replace")
        target = schema_target(first, catalog.real(shown))
        if target is None:
            continue
        resolved = target.resolve()
        if resolved in seen:
            continue
        seen.add(resolved)
        named = MODELINE.search(first)
        column = (named.start(1) + 1) if named else 1
        if target.is_file() and copy_is_current(target) is False:
            yield Finding(
                f"the editor schema {named.group(1) if named else target} is not the schema "
                f"of the installed leadarch {__version__}",
                Location(shown, line=1, column=column),
                "refresh it with `leadarch schema --write schemas` and commit it",
            )
