"""changelog add, release, rename and fmt on the example catalog: only the intended lines change."""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

import pytest

from tests.conftest import REPO, run_cli

pytestmark = pytest.mark.slow  # builds, subprocesses or servers in every test


@pytest.fixture
def example(tmp_path: Path) -> Path:
    shutil.copytree(REPO / "catalog", tmp_path / "catalog")
    return tmp_path


def changes(before: str, after: str) -> tuple[list[str], list[str]]:
    """(removed lines, added lines) of a line diff."""
    removed, added = [], []
    for line in difflib.ndiff(before.splitlines(), after.splitlines()):
        if line.startswith("- "):
            removed.append(line[2:])
        elif line.startswith("+ "):
            added.append(line[2:])
    return removed, added


def snapshot(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): p.read_text()
        for p in sorted((root / "catalog").rglob("*.yaml"))
    }


def test_changelog_add_appends_three_lines(example: Path) -> None:
    before = snapshot(example)
    result = run_cli(
        "changelog",
        "add",
        "--type",
        "changed",
        "--ref",
        "stage:mql",
        "MQL threshold raised to 110",
        cwd=example,
    )
    assert result.returncode == 0, result.stderr
    after = snapshot(example)
    assert {k for k in before if before[k] != after[k]} == {"catalog/releases.yaml"}
    assert changes(before["catalog/releases.yaml"], after["catalog/releases.yaml"]) == (
        [],
        [
            "      - type: changed",
            "        ref: stage:mql",
            "        summary: MQL threshold raised to 110",
        ],
    )
    assert run_cli("lint", cwd=example).returncode == 0


def test_release_turns_unreleased_into_a_version(example: Path) -> None:
    before = snapshot(example)
    result = run_cli("release", "1.3.0", "--date", "2026-11-30", cwd=example)
    assert result.returncode == 0, result.stderr
    after = snapshot(example)["catalog/releases.yaml"]
    assert changes(before["catalog/releases.yaml"], after) == (
        [],
        ["    changes: []", "  - version: 1.3.0", "    date: 2026-11-30", "    status: released"],
    )
    assert run_cli("lint", cwd=example).returncode == 0
    # Nothing to release now, and versions must grow: errors, and the file stays as it is.
    for args, message in (
        (("release", "1.4.0"), "nothing to release"),
        (("release", "1.2.9"), "not greater than"),
    ):
        run_cli(
            "changelog", "add", "--type", "fixed", "--ref", "stage:sal", "x", cwd=example
        ) if args[1] == "1.2.9" else None
        frozen = snapshot(example)
        failed = run_cli(*args, cwd=example)
        assert failed.returncode == 2 and message in failed.stderr
        assert snapshot(example) == frozen


def test_changelog_add_rejects_unknown_refs(example: Path) -> None:
    before = snapshot(example)
    result = run_cli(
        "changelog", "add", "--type", "changed", "--ref", "stage:mqll", "typo", cwd=example
    )
    assert result.returncode == 2 and "did you mean 'mql'" in result.stderr
    assert snapshot(example) == before


def test_rename_rewrites_every_reference(example: Path) -> None:
    before = snapshot(example)
    result = run_cli("rename", "queue:sdr_na", "sdr_north_america", cwd=example)
    assert result.returncode == 0, result.stderr
    after = snapshot(example)
    removed, added = changes(before["catalog/routing.yaml"], after["catalog/routing.yaml"])
    assert [line.replace("sdr_na", "sdr_north_america") for line in removed] == added
    assert len(removed) == 5  # the queue's id, the two rules that assign to it, and their examples
    rel_removed, rel_added = changes(
        before["catalog/releases.yaml"], after["catalog/releases.yaml"]
    )
    assert rel_removed == [] and rel_added[1] == "        ref: queue:sdr_north_america"
    assert {k for k in before if before[k] != after[k]} == {
        "catalog/routing.yaml",
        "catalog/releases.yaml",
    }
    assert run_cli("lint", cwd=example).returncode == 0


def test_rename_a_field_follows_crm_values_wiki_links_and_keys(example: Path) -> None:
    result = run_cli("rename", "field:Lead.Status", "Lead_Status__c", cwd=example)
    assert result.returncode == 0, result.stderr
    text = "".join(snapshot(example).values())
    assert "field: Status," not in text
    assert "Lead.Status" not in text.replace("Renamed from field:Lead.Status.", "")
    assert "{object: Lead, field: Lead_Status__c, value: MQL}" in text
    assert run_cli("lint", cwd=example).returncode == 0
    assert run_cli("impact", "field:Lead.Lead_Status__c", cwd=example).returncode == 0


def test_fmt_only_moves_lines_and_is_idempotent(example: Path) -> None:
    canonical = snapshot(example)
    assert run_cli("fmt", "--check", cwd=example).returncode == 0  # the example is formatted
    # Shuffle keys, the first key included; fmt must restore the original exactly.
    teams = example / "catalog" / "teams.yaml"
    teams.write_text(
        teams.read_text().replace(
            "  - id: marketing\n    name: Marketing\n", "  - name: Marketing\n    id: marketing\n"
        )
    )
    stages = example / "catalog" / "stages" / "lifecycle.yaml"
    shuffled = stages.read_text().replace(
        "    model: lifecycle\n    order: 1\n", "    order: 1\n    model: lifecycle\n"
    )
    stages.write_text(shuffled)
    assert run_cli("fmt", "--check", cwd=example).returncode == 1
    removed, added = changes(canonical["catalog/stages/lifecycle.yaml"], shuffled)
    assert sorted(removed) == sorted(added)
    assert run_cli("fmt", cwd=example).returncode == 0
    assert snapshot(example) == canonical
    assert run_cli("fmt", cwd=example).stdout == "Nothing to reformat.\n"


def test_fmt_normalises_indentation(example: Path) -> None:
    path = example / "catalog" / "x.yaml"
    path.write_text("teams:\n    -   name: T2\n        id: t2\n        description: Four spaces.\n")
    assert run_cli("fmt", cwd=example).returncode == 0
    assert path.read_text() == "teams:\n  - id: t2\n    name: T2\n    description: Four spaces.\n"
