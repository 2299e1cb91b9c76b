"""The repository a command runs in is found as git finds its own: from any sub-folder,
upwards to the nearest leadarch.toml, pyproject.toml with [tool.leadarch], or catalog/."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from leadarch.cli import run
from leadarch.client import server_for
from leadarch.core.paths import find_project

from tests.catalogs import write_catalog


def _lint(cwd: Path, *argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(["lint", *argv], cwd=cwd, env={}, stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_a_catalog_folder_alone_marks_the_repository(tmp_path: Path) -> None:
    write_catalog(tmp_path / "catalog")
    deep = tmp_path / "docs" / "guides"
    deep.mkdir(parents=True)
    assert find_project(deep) == (tmp_path, None)
    code, out, err = _lint(deep)
    assert (code, err) == (0, "")
    assert out.startswith("All checks passed (5 files")


def test_leadarch_toml_holds_the_keys_at_its_top_level(tmp_path: Path) -> None:
    write_catalog(tmp_path / "process")
    (tmp_path / "leadarch.toml").write_text('catalog = "process"\nignore = ["LA100"]\n')
    (tmp_path / "sub").mkdir()
    assert find_project(tmp_path / "sub") == (tmp_path, tmp_path / "leadarch.toml")
    code, out, _ = _lint(tmp_path / "sub")
    assert code == 0 and out.startswith("All checks passed (5 files")


def test_a_bad_leadarch_toml_is_named_without_a_tool_table(tmp_path: Path) -> None:
    write_catalog(tmp_path / "catalog")
    (tmp_path / "leadarch.toml").write_text('catalogue = "x"\n')
    code, _, err = _lint(tmp_path)
    assert code == 2
    assert f"{tmp_path / 'leadarch.toml'}: unknown key(s) catalogue" in err
    assert "[tool.leadarch]" not in err.splitlines()[0]


def test_a_pyproject_that_does_not_configure_leadarch_is_passed_by(tmp_path: Path) -> None:
    write_catalog(tmp_path / "arch")
    (tmp_path / "pyproject.toml").write_text('[tool.leadarch]\ncatalog = "arch"\n')
    tool = tmp_path / "tools" / "exporter"
    tool.mkdir(parents=True)
    (tool / "pyproject.toml").write_text('[project]\nname = "exporter"\n')
    assert find_project(tool) == (tmp_path, tmp_path / "pyproject.toml")
    code, out, _ = _lint(tool)
    assert code == 0 and "5 files" in out


def test_every_way_of_writing_the_tool_table_is_recognised(tmp_path: Path) -> None:
    for text in (
        "[tool.leadarch]\n",
        "[tool.leadarch.rules.LA100]\nthreshold = 50\n",
        '[tool."leadarch"]\n',
        "  [ tool . leadarch ]\n",
    ):
        (tmp_path / "pyproject.toml").write_text(text)
        assert find_project(tmp_path) == (tmp_path, tmp_path / "pyproject.toml"), text
    (tmp_path / "pyproject.toml").write_text("[tool.leadarchive]\n# [tool.leadarch]\n")
    assert find_project(tmp_path) is None


def test_the_search_stops_at_the_top_of_a_git_repository(tmp_path: Path) -> None:
    write_catalog(tmp_path / "catalog")  # someone else's catalog, above the repository
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "src").mkdir()
    assert find_project(repo / "src") is None
    code, _, err = _lint(repo / "src")
    assert code == 2
    assert "catalog folder 'catalog' does not exist" in err
    assert "hint: `leadarch init` starts a repository here" in err


def test_the_front_door_asks_the_server_of_the_catalog_the_command_would_lint(
    tmp_path: Path,
) -> None:
    write_catalog(tmp_path / "process")
    (tmp_path / "leadarch.toml").write_text('catalog = "process"\n')
    (tmp_path / "docs").mkdir()
    socket = server_for(["lint"], tmp_path / "docs", {})
    assert socket is not None
    assert socket.parent == (tmp_path / ".leadarch_cache").resolve()


@pytest.mark.slow
def test_a_closed_pipe_ends_a_command_quietly(tmp_path: Path) -> None:
    """`leadarch schema | head`: no `Broken pipe` message, no traceback, the SIGPIPE code."""
    read, write = os.pipe()
    os.close(read)  # the reader is gone before the first byte is written
    try:
        done = subprocess.run(
            [sys.executable, "-m", "leadarch", "schema"],
            stdout=write,
            stderr=subprocess.PIPE,
            cwd=tmp_path,
            timeout=60,
            check=False,
        )
    finally:
        os.close(write)
    assert done.stderr == b""
    assert done.returncode == 141
