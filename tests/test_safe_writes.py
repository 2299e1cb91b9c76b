"""Writes go only where they should, with the modes and links a user expects, and never
land a change that adds an error (every writing command lints its result with all rules)."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

pytestmark = pytest.mark.slow  # builds, subprocesses or servers in every test

HERE = {"LEADARCH_NO_SERVER": "1"}
DESCRIBE = (
    REPO / "tests" / "fixtures" / "realdata" / "salesforce" / "describe" / "Lead.describe.raw.json"
)


def _run(cwd: Path, *args: str, umask: int | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "leadarch", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **HERE},
        preexec_fn=None if umask is None else (lambda: os.umask(umask)),
    )


def _snapshot(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def example(tmp_path: Path) -> Path:
    shutil.copytree(REPO / "catalog", tmp_path / "catalog")
    return tmp_path


@pytest.mark.parametrize(
    ("into", "said"),
    [
        ("../../x.yaml", "is outside the catalog folder"),
        ("/etc/leadarch-x.yaml", "is outside the catalog folder"),
        ("catalog/notes.txt", "a catalog file ends in .yaml or .yml"),
        ("x.yaml", "is outside the catalog folder"),
    ],
)
def test_import_into_must_be_a_yaml_file_inside_the_catalog(
    example: Path, into: str, said: str
) -> None:
    before = _snapshot(example)
    result = _run(example, "import", "salesforce", str(DESCRIBE), "--into", into)
    assert result.returncode == 2 and said in result.stderr, result.stderr
    assert _snapshot(example) == before and not Path("/etc/leadarch-x.yaml").exists()


@pytest.mark.parametrize("umask", [0o022, 0o002, 0o077])
def test_new_files_get_what_the_umask_allows_and_old_files_keep_their_mode(
    example: Path, umask: int
) -> None:
    campaign = {  # an object the catalog does not have yet: a new file
        "name": "Campaign",
        "fields": [{"name": "Name", "label": "Name", "type": "string", "nillable": False}],
    }
    (example / "campaign.json").write_text(json.dumps(campaign), encoding="utf-8")
    releases = example / "catalog" / "releases.yaml"
    releases.chmod(0o640)
    imported = _run(example, "import", "salesforce", "campaign.json", umask=umask)
    assert imported.returncode == 0, imported.stderr
    created = example / "catalog" / "fields" / "campaign.yaml"
    assert stat.S_IMODE(created.stat().st_mode) == 0o666 & ~umask
    assert (
        _run(example, "changelog", "add", "--type", "changed", "--ref", "stage:mql", "x").returncode
        == 0
    )
    assert stat.S_IMODE(releases.stat().st_mode) == 0o640


def test_a_symlinked_catalog_file_is_written_through_to_its_target(example: Path) -> None:
    """The link is the file the catalog reads (its target sits in a hidden folder, which
    the catalog does not walk): a write goes to the target and the link stays a link."""
    catalog = example / "catalog"
    (catalog / ".shared").mkdir()
    os.rename(catalog / "releases.yaml", catalog / ".shared" / "releases.yaml")
    os.symlink(".shared/releases.yaml", catalog / "releases.yaml")
    assert _run(example, "lint").returncode == 0
    result = _run(
        example, "changelog", "add", "--type", "changed", "--ref", "stage:mql", "Via a link"
    )
    assert result.returncode == 0, result.stderr
    assert (catalog / "releases.yaml").is_symlink()
    assert "Via a link" in (catalog / ".shared" / "releases.yaml").read_text(encoding="utf-8")


def test_a_file_reached_also_through_a_link_is_read_once(example: Path) -> None:
    os.symlink("releases.yaml", example / "catalog" / "releases-link.yaml")
    result = _run(example, "lint")
    assert result.returncode == 0 and "LA021" not in result.stdout, result.stdout


def test_a_link_leading_out_of_the_catalog_is_never_written(example: Path) -> None:
    outside = example / "outside.yaml"
    outside.write_text("fields: []\n", encoding="utf-8")
    os.symlink("../../outside.yaml", example / "catalog" / "fields" / "elsewhere.yaml")
    result = _run(
        example, "import", "salesforce", str(DESCRIBE), "--into", "catalog/fields/elsewhere.yaml"
    )
    assert result.returncode == 2 and "leads outside the catalog folder" in result.stderr
    assert outside.read_text(encoding="utf-8") == "fields: []\n"


def test_a_release_dated_before_the_last_one_is_refused_with_its_error(example: Path) -> None:
    """It used to be written; only the next lint said LA080."""
    before = _snapshot(example)
    result = _run(example, "release", "9.9.9", "--date", "2026-01-01")
    assert result.returncode == 2
    assert "the change would add these errors, nothing was written" in result.stderr
    assert "LA080" in result.stderr and "catalog/releases.yaml:" in result.stderr
    assert _snapshot(example) == before


def test_an_import_that_would_add_an_error_writes_nothing(example: Path) -> None:
    """A well-formed export whose facts contradict each other: two default values on one
    picklist (LA043). (A malformed one is refused before any work: tests/test_crm.py.)"""
    describe = json.loads(DESCRIBE.read_text(encoding="utf-8"))
    rating = next(f for f in describe["fields"] if f["name"] == "Rating")
    for value in rating["picklistValues"][:2]:
        value["defaultValue"] = True
    export = example / "twin.json"
    export.write_text(json.dumps(describe), encoding="utf-8")
    before = _snapshot(example / "catalog")
    result = _run(example, "import", "salesforce", str(export))
    assert result.returncode == 2 and "LA043" in result.stderr, result.stderr
    assert "the change would add these errors, nothing was written" in result.stderr
    assert _snapshot(example / "catalog") == before
