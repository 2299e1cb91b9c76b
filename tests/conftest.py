from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Work in an empty folder, so paths in diagnostics are relative and no pyproject applies."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run_cli(
    *args: str, cwd: Path, env: dict[str, str] | None = None, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "leadarch", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, **(env or {})},
    )


def build_wiki(
    root: Path, catalog: Path | None = None, extra_env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """`mkdocs build --strict` of the repository's mkdocs.yml and docs/ in `root`.

    The catalog is `root/catalog` (written by the test) unless `catalog` names one to
    copy. The site lands in `root/site`.
    """
    import shutil

    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    if not (root / "docs").exists():
        shutil.copytree(REPO / "docs", root / "docs")
    if catalog is not None and not (root / "catalog").exists():
        shutil.copytree(catalog, root / "catalog")
    return mkdocs_build(root, root / "site", extra_env)


def mkdocs_build(
    cwd: Path, site: Path, extra_env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """The real `mkdocs build --strict` in `cwd`, reproducible (SOURCE_DATE_EPOCH set)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1767225600"}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=600,
        env={**env, **(extra_env or {})},
    )


@pytest.fixture(scope="session")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example catalog's wiki, built once per test session."""
    root = tmp_path_factory.mktemp("example-wiki")
    result = build_wiki(root, REPO / "catalog")
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    return root / "site"


def writer(cwd: Path | None = None) -> object:
    """How the command line writes (every rule checked first), for tests that call the
    governance functions directly."""
    from leadarch.governance.edit import Writer
    from leadarch.lint.config import Config
    from leadarch.lint.engine import checker

    return Writer(checker(Config()), cwd=cwd or Path.cwd())
