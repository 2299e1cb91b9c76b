"""Every command, in each format, and the built wiki, byte for byte as recorded.

A change to any of them is either a bug or a change on purpose; on purpose, record it
again: `LEADARCH_REFRESH_GOLDEN=1 python -m pytest -m golden`.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from tests.conftest import REPO, build_wiki
from tests.golden import (
    CASES,
    GOLDEN,
    Case,
    catalog_template,
    compare_or_refresh,
    golden_path,
    record,
)

pytestmark = [pytest.mark.slow, pytest.mark.golden]


@pytest.fixture(scope="module")
def templates(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("golden-templates")


@pytest.mark.parametrize(
    ("case", "kind"),
    [(case, kind) for case in CASES for kind in case.catalogs],
    ids=[f"{kind}-{case.name}" for case in CASES for kind in case.catalogs],
)
def test_every_command_prints_returns_and_writes_as_recorded(
    case: Case, kind: str, tmp_path: Path, templates: Path
) -> None:
    actual = record(case, kind, tmp_path, catalog_template(kind, templates))
    compare_or_refresh(golden_path(case, kind), actual)


@pytest.mark.parametrize("kind", ["example", "medium"])
def test_the_built_wiki_is_byte_for_byte_as_recorded(
    kind: str, tmp_path: Path, templates: Path
) -> None:
    shutil.copytree(catalog_template(kind, templates), tmp_path / "catalog")
    shutil.copytree(REPO / "docs", tmp_path / "docs")
    if kind != "example":  # the guide links the example's own stages and fields
        (tmp_path / "docs" / "guides" / "how-we-work.md").unlink()
    result = build_wiki(tmp_path)
    assert result.returncode == 0, result.stderr[-2000:]
    site = tmp_path / "site"
    manifest = "".join(
        f"{hashlib.sha256(p.read_bytes()).hexdigest()}  {p.relative_to(site).as_posix()}\n"
        for p in sorted(site.rglob("*"))
        if p.is_file()
    )
    compare_or_refresh(GOLDEN / "site" / f"{kind}.sha256", manifest)
