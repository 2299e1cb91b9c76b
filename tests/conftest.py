from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
from collections.abc import Generator, Iterator
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[1]
FAST_LANE_PROGRAMS = {"git"}  # what a test outside `slow` may start: git is milliseconds


class _FastLanePopen(subprocess.Popen):  # type: ignore[type-arg]
    """Popen for tests not marked slow: only git. MkDocs builds, the browser, the lint
    server and the CLI in a subprocess belong to tests marked `slow`."""

    def __init__(self, args: Any, *rest: Any, **options: Any) -> None:
        argv = [args] if isinstance(args, str | bytes | os.PathLike) else list(args)
        program = Path(os.fsdecode(argv[0])).name if argv else ""
        if program not in FAST_LANE_PROGRAMS:
            pytest.fail(
                f"a test outside the slow lane starts {program!r}: mark it @pytest.mark.slow",
                pytrace=False,
            )
        super().__init__(args, *rest, **options)


def _no_server(self: socket.socket, address: Any) -> None:
    pytest.fail("a test outside the slow lane serves a socket: mark it @pytest.mark.slow")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item: pytest.Item) -> Generator[None, None, None]:
    with _fast_lane(item):
        return (yield)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Generator[None, None, None]:
    with _fast_lane(item):
        return (yield)


@contextlib.contextmanager
def _fast_lane(item: pytest.Item) -> Iterator[None]:
    """Hold tests not marked slow to the fast lane's promise, set-up included."""
    if item.get_closest_marker("slow") is not None:
        yield
        return
    patch = pytest.MonkeyPatch()
    patch.setattr(subprocess, "Popen", _FastLanePopen)
    patch.setattr(socket.socket, "bind", _no_server)
    try:
        yield
    finally:
        patch.undo()


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
    (root / "exports").mkdir(exist_ok=True)
    for export in (REPO / "exports").iterdir():  # the CRM history the example wiki measures
        if not (root / "exports" / export.name).exists():
            shutil.copy(export, root / "exports" / export.name)
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
