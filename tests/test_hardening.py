"""Hostile and broken catalogs never crash, hang or lose a byte (fixed-seed property tests)."""

from __future__ import annotations

import os
import random
import shutil
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from leadarch.cli import main
from leadarch.core import loader
from leadarch.errors import CannotRun
from leadarch.governance.changelog import add_change
from leadarch.lint.config import Config
from leadarch.lint.engine import lint

from tests.catalogs import write_catalog
from tests.conftest import REPO, writer
from tests.fuzzing import catalog_with_text, hostile_text, lint_ok, mutate, write_files

FIXED = settings(
    derandomize=True,
    deadline=None,
    max_examples=120,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
EXAMPLE_FILES = {
    p.relative_to(REPO / "catalog").as_posix(): p.read_text()
    for p in sorted((REPO / "catalog").rglob("*.yaml"))
}


@FIXED
@given(text=hostile_text, slot=st.integers(0, 50), raw=st.booleans())
def test_any_text_in_any_slot_gives_located_diagnostics(
    tmp_path_factory: pytest.TempPathFactory, text: str, slot: int, raw: bool
) -> None:
    root = tmp_path_factory.mktemp("prop")
    write_files(root, catalog_with_text(text, slot, raw))
    started = time.perf_counter()
    code, _ = lint_ok(root)
    assert code in (0, 1, 2)
    assert time.perf_counter() - started < 10


@FIXED
@given(seed=st.integers(0, 2**32 - 1), edits=st.integers(1, 5))
def test_mutated_example_files_give_located_diagnostics(
    tmp_path_factory: pytest.TempPathFactory, seed: int, edits: int
) -> None:
    rng = random.Random(seed)
    files = dict(EXAMPLE_FILES)
    for _ in range(edits):
        name = rng.choice(sorted(files))
        files[name] = mutate(files[name], rng)
    root = tmp_path_factory.mktemp("mut")
    write_files(root, files)
    code, _ = lint_ok(root)
    assert code in (0, 1, 2)


@FIXED
@given(ident=st.text(max_size=20), ref=st.text(max_size=30))
def test_random_ids_and_references(
    tmp_path_factory: pytest.TempPathFactory, ident: str, ref: str
) -> None:
    import json

    root = tmp_path_factory.mktemp("ids")
    extra = f"queues:\n  - {{id: {json.dumps(ident)}, name: Q, role: {json.dumps(ref)}, sla: {json.dumps(ref)}, description: {json.dumps('[[' + ref + ']]')}}}\n"
    write_catalog(root, {"x.yaml": extra})
    code, _ = lint_ok(root)
    assert code in (0, 1)


def test_too_many_files_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = write_catalog(tmp_path / "catalog")
    monkeypatch.setattr(loader, "MAX_FILES", 3)
    with pytest.raises(CannotRun, match="more than the limit of 3"):
        lint(root, Config())
    monkeypatch.chdir(tmp_path)
    assert main(["lint", "catalog"]) == 2


def _snapshot(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.mark.parametrize("fail_on_call", [1, 2])
def test_a_failed_write_leaves_every_file_untouched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fail_on_call: int
) -> None:
    shutil.copytree(REPO / "catalog", tmp_path / "catalog")
    monkeypatch.chdir(tmp_path)
    before = _snapshot(tmp_path / "catalog")
    real_replace = os.replace
    calls = {"n": 0}

    def failing_replace(src: str, dst: str) -> None:
        calls["n"] += 1
        if calls["n"] == fail_on_call:
            raise OSError(28, "No space left on device", dst)
        real_replace(src, dst)

    monkeypatch.setattr("leadarch.governance.edit.os.replace", failing_replace)
    from leadarch.governance.refactor import rename

    # rename writes several files: the first or the second rename fails.
    with pytest.raises(OSError):
        rename(writer(), Path("catalog"), "queue:sdr_na", "sdr_north_america")
    assert _snapshot(tmp_path / "catalog") == before  # no half-renamed catalog, no temporary files
    calls["n"] = fail_on_call - 1  # the next write fails
    with pytest.raises(OSError):
        add_change(writer(), Path("catalog"), "changed", "stage:mql", "x")
    assert _snapshot(tmp_path / "catalog") == before


def test_a_failed_write_is_a_clear_cli_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copytree(REPO / "catalog", tmp_path / "catalog")
    monkeypatch.chdir(tmp_path)
    before = _snapshot(tmp_path / "catalog")

    def full_disk(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device", dst)

    monkeypatch.setattr("leadarch.governance.edit.os.replace", full_disk)
    assert main(["changelog", "add", "--type", "changed", "--ref", "stage:mql", "x"]) == 2
    assert "No space left on device" in capsys.readouterr().err
    assert _snapshot(tmp_path / "catalog") == before


def test_an_edit_that_would_break_the_catalog_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(REPO / "catalog", tmp_path / "catalog")
    monkeypatch.chdir(tmp_path)
    before = _snapshot(tmp_path / "catalog")

    with pytest.raises(CannotRun, match="nothing was written"):
        writer().write(Path("catalog"), {"catalog/teams.yaml": "teams: [\n"})
    assert _snapshot(tmp_path / "catalog") == before


REAL_DESCRIBE = (
    Path(__file__).parent
    / "fixtures"
    / "realdata"
    / "salesforce"
    / "describe"
    / "Lead.describe.raw.json"
)


@pytest.mark.parametrize(
    "argv",
    [
        ["release", "1.3.0", "--date", "2026-12-01"],
        ["changelog", "add", "--type", "changed", "--ref", "stage:mql", "x"],
        ["rename", "queue:sdr_na", "sdr_north_america"],
        ["import", "salesforce", str(REAL_DESCRIBE)],
        ["fmt"],
    ],
    ids=lambda a: a[0],
)
def test_every_writing_command_writes_nothing_when_a_write_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, argv: list[str]
) -> None:
    shutil.copytree(REPO / "catalog", tmp_path / "catalog")
    if argv == ["fmt"]:  # give fmt something to do
        teams = tmp_path / "catalog" / "teams.yaml"
        teams.write_text(
            teams.read_text().replace(
                "  - id: marketing\n    name: Marketing\n",
                "  - name: Marketing\n    id: marketing\n",
            )
        )
    monkeypatch.chdir(tmp_path)
    before = _snapshot(tmp_path / "catalog")

    def full_disk(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device", dst)

    monkeypatch.setattr("leadarch.governance.edit.os.replace", full_disk)
    assert main(argv) == 2
    assert _snapshot(tmp_path / "catalog") == before
