"""`leadarch.cli.run` is pure: a command line given its folder, variables and streams does
exactly what the process does there, and leaves this process's folder and environment as
they were (the lint server relies on it)."""

from __future__ import annotations

import ast
import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from leadarch.cli import run

from tests.conftest import REPO

PACKAGE = REPO / "plugins" / "leadarch"
LEADS = "name,Lead.Region__c,activities\nAna,EMEA,demo_request\n"
COMMANDS = [
    ("lint",),
    ("lint", "--format", "json"),
    ("lint", "catalog", "--select", "LA02"),
    ("impact", "field:Lead.Status"),
    ("route", "leads.csv", "--coverage"),
    ("score", "leads.csv"),
    ("rules",),
    ("lint", "--format", "nonsense"),
    ("no-such-command",),
    ("changelog", "add", "--type", "changed", "--ref", "stage:mql", "Pure."),
    ("rename", "queue:sdr_na", "sdr_north_america"),
]


def _project(root: Path) -> Path:
    shutil.copytree(REPO / "catalog", root / "catalog")
    (root / "leads.csv").write_text(LEADS, encoding="utf-8")
    return root


def _files(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".leadarch_cache" not in p.parts
    }


@pytest.mark.slow
@pytest.mark.parametrize("argv", COMMANDS, ids=lambda a: " ".join(a))
def test_run_does_what_the_process_does_and_leaves_this_one_alone(
    tmp_path: Path, argv: tuple[str, ...]
) -> None:
    served, fresh = _project(tmp_path / "in-process"), _project(tmp_path / "process")
    env = {"LEADARCH_NO_SERVER": "1"}
    before_cwd, before_env = os.getcwd(), dict(os.environ)
    out, err = io.StringIO(), io.StringIO()
    code = run(list(argv), cwd=served, env=env, stdout=out, stderr=err)
    assert os.getcwd() == before_cwd and dict(os.environ) == before_env
    process = subprocess.run(
        [sys.executable, "-m", "leadarch", *argv],
        cwd=fresh,
        capture_output=True,
        text=True,
        env={**os.environ, **env},
    )
    assert (out.getvalue(), err.getvalue(), code) == (
        process.stdout,
        process.stderr,
        process.returncode,
    )
    assert _files(served) == _files(fresh)


def _reads_the_process(tree: ast.AST) -> list[str]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            name = f"{node.value.id}.{node.attr}"
            if name in {
                "os.environ",
                "os.getcwd",
                "os.chdir",
                "Path.cwd",
                "sys.stdout",
                "sys.stderr",
            }:
                found.append(f"line {node.lineno}: {name}")
    return found


def test_only_main_reads_this_process_folder_environment_and_streams() -> None:
    """The command modules and the daemon's request path read what they are given."""
    for path in sorted((PACKAGE / "cli").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        if path.name == "__init__.py":  # main(): the process as a command line
            tree = next(
                n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef) and n.name == "run"
            )
        if path.name == "app.py":  # argparse names the process's streams; ours replace them
            continue
        assert _reads_the_process(tree) == [], path.name
    daemon = ast.parse((PACKAGE / "server" / "daemon.py").read_text(encoding="utf-8"))
    resident = next(
        n for n in ast.walk(daemon) if isinstance(n, ast.ClassDef) and n.name == "Resident"
    )
    assert _reads_the_process(resident) == []
