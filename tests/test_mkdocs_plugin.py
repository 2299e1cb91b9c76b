"""The MkDocs plugin lints the catalog in a real `mkdocs build --strict`."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.catalogs import write_catalog
from tests.conftest import REPO, mkdocs_build

pytestmark = pytest.mark.slow  # builds, subprocesses or servers in every test


def test_example_site_builds_strict(tmp_path: Path) -> None:
    result = mkdocs_build(REPO, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr


def test_errors_fail_the_build_with_located_diagnostics(tmp_path: Path) -> None:
    from tests.conftest import build_wiki

    write_catalog(
        tmp_path / "catalog",
        {"x.yaml": "queues:\n  - {id: q2, name: Q, role: sdrr, sla: sla_mql, description: Q.}\n"},
    )
    result = build_wiki(tmp_path)
    assert result.returncode != 0
    assert "catalog/x.yaml:2:29: LA020 error: queue:q2 refers to role 'sdrr'" in result.stderr
    assert "Traceback" not in result.stderr


def test_warnings_fail_strict(tmp_path: Path) -> None:
    from tests.conftest import build_wiki

    write_catalog(tmp_path / "catalog", {"x.yaml": "teams:\n  - {id: t2, name: T}\n"})
    result = build_wiki(tmp_path)
    assert result.returncode != 0
    assert (
        "WARNING" in result.stderr and "LA100 warning: team:t2 has no description" in result.stderr
    )
