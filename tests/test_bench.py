"""The synthetic catalogs of bench/generate.py are valid, lint-clean and as big as promised."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from leadarch.config import Config
from leadarch.engine import lint

from tests.conftest import REPO


@pytest.mark.parametrize("scale", ["example", "medium", "enterprise"])
def test_generated_catalog_lints_clean(tmp_path: Path, scale: str) -> None:
    out = tmp_path / scale
    subprocess.run(
        [sys.executable, str(REPO / "bench" / "generate.py"), "--scale", scale, str(out)],
        check=True,
    )
    catalog, diagnostics = lint(out, Config())
    assert [str(d) for d in diagnostics] == []
    if scale == "enterprise":
        kinds = Counter(ref.partition(":")[0] for ref in catalog.entities)
        assert kinds["stage"] >= 60 and kinds["field"] >= 5000 and len(catalog.objects) >= 12
        assert kinds["routing"] >= 500 and all(
            r.examples
            for r in catalog.of(type(catalog.get("routing:rule_0")))
            if r.id != "fallback"
        )
        assert kinds["role"] >= 80 and kinds["activity"] >= 400 and kinds["release"] >= 200
        assert kinds["system"] + kinds["integration"] >= 100
        assert len(catalog.files) >= 20  # split over files as a team would


def test_generation_is_deterministic(tmp_path: Path) -> None:
    for name in ("a", "b"):
        subprocess.run(
            [
                sys.executable,
                str(REPO / "bench" / "generate.py"),
                "--scale",
                "medium",
                str(tmp_path / name),
            ],
            check=True,
        )
    files = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*.yaml"))
    assert files and all(
        (tmp_path / "a" / f).read_bytes() == (tmp_path / "b" / f).read_bytes() for f in files
    )
