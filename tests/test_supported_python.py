"""The oldest Python the package claims is the one CI runs the fast lane under and the one
mypy checks the package as: one number, in three places that must agree."""

from __future__ import annotations

import re
import sys

from tests.conftest import REPO

if sys.version_info >= (3, 11):
    import tomllib
else:
    import tomli as tomllib


def test_the_claimed_oldest_python_is_tested_and_type_checked() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    claimed = re.fullmatch(r">=\s*(\d+\.\d+)", project["project"]["requires-python"])
    assert claimed is not None
    setup = (REPO / "setup.sh").read_text(encoding="utf-8")
    in_ci = re.search(r"^OLDEST_PYTHON=(\S+)$", setup, re.M)
    assert in_ci is not None and in_ci.group(1) == claimed.group(1)
    assert "fast_lane_on_oldest_python\n" in setup.split("test)", 1)[1]
    assert project["tool"]["mypy"]["python_version"] == claimed.group(1)
    assert any(
        d.startswith("tomli") and "python_version < '3.11'" in d.replace('"', "'")
        for d in project["project"]["dependencies"]
    ), "tomllib's backport for the Pythons before 3.11"
