"""leadarch exactly as a team meets it: the sdist and the wheel built (and a wheel built again
from the sdist alone), the wheel and its `wiki` extra installed in a fresh virtual
environment, and a new repository started outside the source tree with no node_modules
anywhere — then linted, built strict, served and read in Chromium with nothing requested
beyond 127.0.0.1, and guarded by pre-commit."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tarfile
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests import browser
from tests.conftest import REPO

pytestmark = pytest.mark.slow

SOURCE_DATE_EPOCH = "1767225600"


def _run(
    argv: list[str], cwd: Path, env: dict[str, str] | None = None, timeout: float = 900
) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        argv, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
    assert done.returncode == 0, f"{argv}:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done


def _build(source: Path, out: Path, *targets: str) -> None:
    env = {**os.environ, "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH}
    env.pop("LEADARCH_MERMAID_JS", None)
    env["LEADARCH_MERMAID"] = "require"  # a release: never a wheel without Mermaid
    args = [arg for target in targets for arg in ("-t", target)]
    _run([sys.executable, "-m", "hatchling", "build", *args, "-d", str(out)], source, env)


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    _build(REPO, out, "sdist", "wheel")
    return out


def _one(folder: Path, pattern: str) -> Path:
    found = sorted(folder.glob(pattern))
    assert len(found) == 1, found
    return found[0]


def test_the_sdist_carries_what_a_wheel_is_built_from_and_no_built_asset(dist: Path) -> None:
    with tarfile.open(_one(dist, "*.tar.gz")) as sdist:
        names = {n.split("/", 1)[1] for n in sdist.getnames() if "/" in n}
    for needed in ("LICENSE", "package.json", "package-lock.json", "hatch_build.py", "README.md"):
        assert needed in names, needed
    assert "catalog/stages/lifecycle.yaml" in names
    assert not [n for n in names if n.endswith("mermaid.min.js") or "node_modules" in n]


def test_the_wheel_ships_mermaid_the_example_the_license_and_a_readme_for_the_index(
    dist: Path,
) -> None:
    with zipfile.ZipFile(_one(dist, "*.whl")) as wheel:
        names = set(wheel.namelist())
        metadata = wheel.read(next(n for n in names if n.endswith(".dist-info/METADATA")))
    pinned = _pinned_mermaid()
    assert "leadarch/wiki/assets/mermaid.min.js" in names
    assert "leadarch/example/catalog/stages/lifecycle.yaml" in names
    assert "leadarch/scaffold/starter/catalog/stages.yaml" in names
    assert "leadarch/scaffold/files/gitignore" in names
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)
    text = metadata.decode()
    assert "License-Expression: MIT" in text
    assert "](docs/" not in text and "](bench/" not in text  # no dead links on an index
    assert "## Use leadarch in your repository" in text
    with zipfile.ZipFile(_one(dist, "*.whl")) as wheel:
        bundled = wheel.read("leadarch/wiki/assets/mermaid.min.js")
    assert bundled == (REPO / "node_modules/mermaid/dist/mermaid.min.js").read_bytes(), pinned


def _pinned_mermaid() -> str:
    import json

    lock = json.loads((REPO / "package-lock.json").read_text(encoding="utf-8"))
    return str(lock["packages"]["node_modules/mermaid"]["version"])


def test_a_wheel_builds_from_the_sdist_alone(dist: Path, tmp_path: Path) -> None:
    with tarfile.open(_one(dist, "*.tar.gz")) as sdist:
        sdist.extractall(tmp_path, filter="data")
    source = _one(tmp_path, "leadarch-*")
    assert not (source / "node_modules").exists()
    _build(source, tmp_path / "out", "wheel")
    with zipfile.ZipFile(_one(tmp_path / "out", "*.whl")) as wheel:
        bundled = wheel.read("leadarch/wiki/assets/mermaid.min.js")
    assert bundled == (REPO / "node_modules/mermaid/dist/mermaid.min.js").read_bytes()
    assert not (source / "node_modules").exists(), "npm ran in a scratch folder"


@pytest.fixture(scope="module")
def installed(dist: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtual environment holding only the wheel and its wiki extra."""
    venv = tmp_path_factory.mktemp("venv") / "v"
    _run([sys.executable, "-m", "venv", str(venv)], venv.parent)
    wheel = _one(dist, "*.whl")
    _run(
        [
            str(venv / "bin" / "python"),
            "-m",
            "pip",
            "install",
            "-q",
            f"{wheel}[wiki]",
            "pre-commit",
        ],
        venv.parent,
        {**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1"},
    )
    return venv


def _user_env(venv: Path, home: Path) -> dict[str, str]:
    """What a user's shell has: this venv first on PATH, no PYTHONPATH, no source tree."""
    return {
        "PATH": f"{venv / 'bin'}:/usr/local/bin:/usr/bin:/bin",
        "HOME": str(home),
        "LANG": "C.UTF-8",
        "NO_MKDOCS_2_WARNING": "1",
        "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH,
        "PRE_COMMIT_HOME": str(home / ".cache" / "pre-commit"),
        "GIT_AUTHOR_NAME": "RevOps",
        "GIT_AUTHOR_EMAIL": "revops@example.com",
        "GIT_COMMITTER_NAME": "RevOps",
        "GIT_COMMITTER_EMAIL": "revops@example.com",
        "GIT_CONFIG_GLOBAL": "/dev/null",
        "GIT_CONFIG_NOSYSTEM": "1",
    }


@pytest.fixture(scope="module")
def driver() -> Iterator[object]:
    browser.require()
    with browser.chromium() as d:
        yield d


@pytest.mark.parametrize("start", [[], ["--example"]], ids=["starter", "example"])
def test_a_new_repository_from_the_wheel_alone(
    start: list[str], installed: Path, tmp_path: Path, driver: object
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    env = _user_env(installed, home)
    assert not str(tmp_path).startswith(str(REPO))
    _run(["leadarch", "init", "t", *start], tmp_path, env)
    repo = tmp_path / "t"
    _run(["git", "init", "-q", "-b", "main"], repo, env)
    lint = _run(["leadarch", "lint"], repo, env)
    assert lint.stdout.startswith("All checks passed"), lint.stdout
    sub = repo / "docs"
    assert _run(["leadarch", "lint"], sub, env).stdout == lint.stdout  # found from below
    built = _run(["mkdocs", "build", "--strict"], repo, env)
    assert "WARNING" not in built.stderr, built.stderr
    assert not [p for p in (tmp_path, installed) for _ in p.rglob("node_modules")]
    assert not (repo / "docs" / "assets").exists()
    site = repo / "site"
    assert (site / "schemas" / "catalog.schema.json").is_file()

    families = sorted(p.parent for p in site.glob("*/index.html"))
    assert len(families) >= (6 if not start else 15), families
    with browser.serve(site) as url:
        for page in [site, *families]:
            driver.get(url + page.relative_to(site).as_posix() + "/")  # type: ignore[attr-defined]
            browser.wait_rendered(driver)
            for state in browser.diagram_state(driver):
                assert state["svg"] and not state["error"], (page, state)
        requested = browser.requested_urls(driver)
        network = [u for u in requested if u.split(":", 1)[0] in ("http", "https", "ws", "wss")]
        outside = [u for u in network if not u.startswith(url)]
        assert outside == [], outside
        assert any(u.endswith("/assets/leadarch/mermaid.min.js") for u in requested)

    # pre-commit is the team's own tool (not in leadarch's venv); its local hooks run the
    # `leadarch` their PATH finds: this venv's
    _run([sys.executable, "-m", "pre_commit", "install"], repo, env)
    _run(["git", "add", "-A"], repo, env)
    _run(["git", "commit", "-q", "-m", "Our lead process"], repo, env)
    stages = (
        _one(repo / "catalog", "stages*") if not start else repo / "catalog/stages/lifecycle.yaml"
    )
    text = stages.read_text(encoding="utf-8")
    stages.write_text(text.replace("owner: sdr\n", "owner: sdrr\n", 1), encoding="utf-8")
    _run(["git", "add", "-A"], repo, env)
    refused = subprocess.run(
        ["git", "commit", "-q", "-m", "A typo"],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    said = refused.stdout + refused.stderr  # pre-commit writes where git lets it
    assert refused.returncode != 0, said
    shown = re.escape(stages.relative_to(repo).as_posix())
    assert re.search(rf"^{shown}:\d+:\d+: LA020 error: .* refers to role 'sdrr'", said, re.M), said
    shutil.rmtree(site)
