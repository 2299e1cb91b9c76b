"""The published hook, run by the real pre-commit against a throwaway git repository."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.catalogs import write_catalog
from tests.conftest import REPO

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("pre-commit") is None, reason="pre-commit not installed"),
]


def _pre_commit(project: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["pre-commit", *args], cwd=project, capture_output=True, text=True, env=env, timeout=600
    )


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


def test_try_repo_passes_a_good_catalog_and_fails_a_broken_one(tmp_path: Path) -> None:
    project = tmp_path / "project"
    write_catalog(project / "catalog")
    _git(project, "init", "-q")
    _git(project, "add", "-A")
    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(tmp_path / "cache"),
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@t",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@t",
    }

    def try_repo() -> subprocess.CompletedProcess[str]:
        return _pre_commit(project, env, "try-repo", str(REPO), "leadarch-lint", "--all-files")

    good = try_repo()
    assert good.returncode == 0, good.stdout + good.stderr
    assert "leadarch lint" in good.stdout and "Passed" in good.stdout

    stages = project / "catalog" / "stages.yaml"
    stages.write_text(stages.read_text().replace("owner: sdr", "owner: sdrr"))
    _git(project, "add", "-A")
    broken = try_repo()
    assert broken.returncode == 1
    assert "Failed" in broken.stdout
    assert (
        "catalog/stages.yaml:18:12: LA020 error: stage:mql refers to role 'sdrr'" in broken.stdout
    )


def test_changelog_hook_against_the_merge_base(tmp_path: Path) -> None:
    from tests.gitrepo import commit_all, git, init

    rev = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=REPO, capture_output=True, text=True, check=True
    ).stdout.strip()
    project = init(tmp_path / "project")
    write_catalog(project / "catalog")
    (project / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {REPO}\n    rev: {rev}\n    hooks:\n      - id: leadarch-changelog\n        args: [main]\n"
    )
    commit_all(project, "catalog")
    git(project, "checkout", "-q", "-b", "feature")
    stages = project / "catalog" / "stages.yaml"
    stages.write_text(
        stages.read_text().replace("definition: Captured.", "definition: Captured anywhere.")
    )
    commit_all(project, "undocumented change")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache")}

    def run() -> subprocess.CompletedProcess[str]:
        return _pre_commit(
            project, env, "run", "leadarch-changelog", "--all-files", "--hook-stage", "pre-push"
        )

    undocumented = run()
    assert undocumented.returncode == 1, undocumented.stdout + undocumented.stderr
    assert (
        "catalog/stages.yaml:2:9: LA110 error: stage:new was changed since the merge base with main"
        in undocumented.stdout
    )
    scoring = project / "catalog" / "scoring.yaml"
    scoring.write_text(
        scoring.read_text().replace(
            "summary: Added.}]",
            "summary: Added.}, {type: changed, ref: stage:new, summary: Wider.}]",
        )
    )
    commit_all(project, "documented")
    documented = run()
    assert documented.returncode == 0, documented.stdout


def test_a_system_hook_is_answered_by_the_lint_server(tmp_path: Path) -> None:
    """The commit loop the server is for: a `language: system` hook runs the `leadarch`
    of the developer's environment, which hands the lint to the server running there."""
    project = tmp_path / "project"
    write_catalog(project / "catalog")
    (project / ".pre-commit-config.yaml").write_text(
        "repos:\n"
        "  - repo: local\n"
        "    hooks:\n"
        "      - id: leadarch-lint\n"
        "        name: leadarch lint\n"
        "        entry: leadarch lint\n"
        "        language: system\n"
        "        files: \\.ya?ml$\n"
        "        pass_filenames: false\n"
    )
    (project / ".gitignore").write_text(".leadarch_cache/\n")
    _git(project, "init", "-q")
    _git(project, "add", "-A")
    # `leadarch` as the developer's shell finds it: the script installed beside this Python
    scripts = str(Path(sys.executable).parent)
    path = f"{scripts}{os.pathsep}{os.environ.get('PATH', '')}"
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache"), "PATH": path}
    server = [sys.executable, "-m", "leadarch", "server"]
    subprocess.run([*server, "start", "catalog"], cwd=project, check=True, capture_output=True)
    try:
        good = _pre_commit(project, env, "run", "--all-files")
        assert good.returncode == 0 and "Passed" in good.stdout, good.stdout + good.stderr
        stages = project / "catalog" / "stages.yaml"
        stages.write_text(stages.read_text().replace("owner: sdr", "owner: sdrr"))
        _git(project, "add", "-A")
        broken = _pre_commit(project, env, "run", "--all-files")
        assert broken.returncode == 1 and "Failed" in broken.stdout
        assert "catalog/stages.yaml:18:12: LA020 error: stage:mql refers to role 'sdrr'" in (
            broken.stdout
        )
        status = subprocess.run(
            [*server, "status", "catalog"], cwd=project, capture_output=True, text=True
        )
        assert "answered 2 lints" in status.stdout, status.stdout
    finally:
        subprocess.run([*server, "stop", "catalog"], cwd=project, capture_output=True)
