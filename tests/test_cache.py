"""The parse cache: same answers warm as cold, invalidated by edits, robust to damage."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.catalogs import write_catalog
from tests.conftest import run_cli

pytestmark = pytest.mark.slow  # builds, subprocesses or servers in every test


def _lint(cwd: Path, *args: str) -> tuple[int, list[dict[str, object]]]:
    result = run_cli("lint", "catalog", "--format", "json", *args, cwd=cwd)
    return result.returncode, json.loads(result.stdout)["diagnostics"]


def test_warm_runs_answer_like_cold_runs(tmp_path: Path) -> None:
    write_catalog(
        tmp_path / "catalog",
        {
            "bad.yaml": "teams: [\n",
            "dup.yaml": "teams:\n  - id: t2\n    id: t3\n    name: T\n    description: D.\n",
        },
    )
    cold = _lint(tmp_path, "--no-cache")
    assert not (tmp_path / ".leadarch_cache").exists()
    first, second = _lint(tmp_path), _lint(tmp_path)
    assert cold == first == second
    assert {d["code"] for d in cold[1]} >= {"LA001", "LA003"}
    assert any((tmp_path / ".leadarch_cache").rglob("*"))


def test_an_edit_is_never_answered_from_the_cache(tmp_path: Path) -> None:
    write_catalog(tmp_path / "catalog")
    assert _lint(tmp_path) == (0, [])
    stages = tmp_path / "catalog" / "stages.yaml"
    stages.write_text(stages.read_text().replace("owner: sdr", "owner: sdrr"))
    code, diagnostics = _lint(tmp_path)
    assert code == 1 and [d["code"] for d in diagnostics] == ["LA020"]


def test_a_damaged_cache_is_ignored(tmp_path: Path) -> None:
    write_catalog(tmp_path / "catalog")
    assert _lint(tmp_path) == (0, [])
    for entry in (tmp_path / ".leadarch_cache").rglob("*"):
        if entry.is_file():
            entry.write_bytes(b"\x00garbage")
    assert _lint(tmp_path) == (0, [])
