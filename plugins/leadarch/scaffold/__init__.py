"""A new leadarch repository, from the package alone: `leadarch init`.

Everything written comes from files shipped inside the package — the starter catalog
(`scaffold/starter/`), the full example (`leadarch/example/` in the wheel, the repository's
own `catalog/` in a source checkout), the repository files (`scaffold/files/`) and the
bundled editor schema — so a team starts offline, with no source checkout. A file that
exists is never overwritten: it is reported as skipped, and the run writes the rest.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Iterator
from pathlib import Path

from leadarch import __version__
from leadarch.core.editor_schema import SCHEMA_COPY, schema_text, with_modeline
from leadarch.core.files import write_whole
from leadarch.core.records import dataclass, field
from leadarch.errors import CannotRun

HERE = Path(__file__).resolve().parent
STARTER = HERE / "starter" / "catalog"
FILES = HERE / "files"
# Shipped file → where it goes (dot-files are shipped without their dot: some packaging
# tools drop hidden files).
REPOSITORY_FILES = {
    "mkdocs.yml": "mkdocs.yml",
    "docs/index.md": "docs/index.md",
    "pre-commit-config.yaml": ".pre-commit-config.yaml",
    "gitignore": ".gitignore",
    "github-workflows/leadarch.yml": ".github/workflows/leadarch.yml",
    "leadarch.toml": "leadarch.toml",
}
DEFAULT_SITE_NAME = "Our lead engine"
# With fields imported from a CRM, most have no description yet: the documentation check
# reports them as info (not warnings, which fail `mkdocs build --strict`) until raised.
IMPORTED_UNDOCUMENTED = """
# The fields imported from your CRM have no descriptions yet. Until they do, the
# documentation check reports them as info; delete these two lines to make it a warning
# again (warnings fail `mkdocs build --strict`).
[severity]
LA100 = "info"
"""


@dataclass(frozen=True)
class Start:
    """What the new repository's catalog starts from."""

    example: bool = False  # the full example lead process, else the small starter
    source: str | None = None  # with exports: the starter plus the fields they hold
    exports: tuple[Path, ...] = ()
    site_name: str | None = None


@dataclass
class Scaffolded:
    written: list[str] = field(default_factory=list)  # relative to the repository, as made
    skipped: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    in_git: bool = False


@functools.cache
def example_catalog() -> Path:
    """The full example: shipped in the wheel, or the repository's own in a checkout."""
    package = HERE.parent
    shipped = package / "example" / "catalog"
    if shipped.is_dir():
        return shipped
    checkout = package.parents[1] / "catalog"
    if checkout.is_dir():
        return checkout
    raise CannotRun("this leadarch has no example catalog; reinstall it from its wheel")


def plan(start: Start) -> dict[str, str]:
    """Every file of the new repository (relative POSIX path → text), before any is written."""
    source = example_catalog() if start.example else STARTER
    files: dict[str, str] = {}
    for path in sorted(_yaml_files(source)):
        relative = "catalog/" + path.relative_to(source).as_posix()
        files[relative] = with_modeline(path.read_text(encoding="utf-8"), relative)
    files[SCHEMA_COPY] = schema_text()
    for shipped, target in REPOSITORY_FILES.items():
        text = (FILES / shipped).read_text(encoding="utf-8")
        if target == "mkdocs.yml" and start.site_name:
            text = text.replace(
                f"site_name: {DEFAULT_SITE_NAME}\n", f"site_name: {_yaml_string(start.site_name)}\n"
            )
        if target == "leadarch.toml" and start.source:
            text += IMPORTED_UNDOCUMENTED
        files[target] = text.replace("__VERSION__", __version__)
    return files


def scaffold(
    target: Path,
    start: Start,
    importer: Callable[[Path], list[str]] | None = None,
) -> Scaffolded:
    """Write `plan(start)` into `target` (made if missing), skipping every file that is
    there; then, with exports, `importer(catalog folder)` merges their fields into the new
    catalog, checked with every rule before it writes (it returns what it says)."""
    if target.exists() and not target.is_dir():
        raise CannotRun(f"{target}: not a folder")
    target.mkdir(parents=True, exist_ok=True)
    result = Scaffolded(in_git=_in_git(target))
    for relative, text in plan(start).items():
        path = target / relative
        if path.exists() or path.is_symlink():
            result.skipped.append(relative)
            continue
        try:
            write_whole(path, text, replace=False)
        except FileExistsError:  # made meanwhile by someone else: theirs stays
            result.skipped.append(relative)
            continue
        result.written.append(relative)
    if start.exports and importer is not None:
        result.notes.extend(importer(target / "catalog"))
    return result


def _yaml_files(folder: Path) -> Iterator[Path]:
    for path in folder.rglob("*"):
        if path.suffix in (".yaml", ".yml") and path.is_file():
            yield path


def _in_git(folder: Path) -> bool:
    return any(
        (parent / ".git").exists() for parent in (folder.resolve(), *folder.resolve().parents)
    )


def _yaml_string(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a YAML string
