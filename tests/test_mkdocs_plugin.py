"""The MkDocs plugin lints the catalog in a real `mkdocs build --strict`."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.catalogs import write_catalog
from tests.conftest import REPO


def _site(tmp: Path, files: dict[str, str | bytes | None] | None = None) -> Path:
    shutil.copy(REPO / "mkdocs.yml", tmp / "mkdocs.yml")
    shutil.copytree(REPO / "docs", tmp / "docs")
    write_catalog(tmp / "catalog", files)
    return tmp


def _build(cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(cwd / "site")],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )


def test_example_site_builds_strict() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", "/tmp/leadarch-test-site"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr


def test_errors_fail_the_build_with_located_diagnostics(tmp_path: Path) -> None:
    site = _site(
        tmp_path,
        {"x.yaml": "queues:\n  - {id: q2, name: Q, role: sdrr, sla: sla_mql, description: Q.}\n"},
    )
    result = _build(site)
    assert result.returncode != 0
    assert "catalog/x.yaml:2:29: LA020 error: queue:q2 refers to role 'sdrr'" in result.stderr
    assert "Traceback" not in result.stderr


def test_warnings_fail_strict(tmp_path: Path) -> None:
    site = _site(tmp_path, {"x.yaml": "teams:\n  - {id: t2, name: T}\n"})
    result = _build(site)
    assert result.returncode != 0
    assert (
        "WARNING" in result.stderr and "LA100 warning: team:t2 has no description" in result.stderr
    )
