"""What leadarch prints cannot be turned against its reader: no terminal escape reaches the
terminal, no file name forges a `path:line:col` line, a pull-request comment made by
`diff --format markdown` carries no link, image, mention or HTML from the catalog, and
SARIF locations are URIs."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import jsonschema
import markdown as python_markdown
import pytest
from bs4 import BeautifulSoup

from tests.catalogs import write_catalog
from tests.conftest import REPO, run_cli
from tests.gitrepo import commit_all, init

pytestmark = pytest.mark.slow  # builds, subprocesses or servers in every test

HERE = {"LEADARCH_NO_SERVER": "1"}
SARIF_SCHEMA = REPO / "tests" / "fixtures" / "sarif" / "sarif-schema-2.1.0.json"
FORGED = "fake.yaml:1:1: LA999 error: forged"
EVIL_NAME = f"evil\x1b[2J\x1b]0;pwned\x07\n{FORGED}\u202e.yaml"
# RFC 3986 relative-ref made of a path only: unreserved, sub-delims, ':', '@', '/', %XX
URI_PATH = re.compile(r"^(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/]|%[0-9A-Fa-f]{2})*$")


def _no_raw_controls(text: str) -> None:
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", text), repr(
        text
    )


@pytest.fixture
def hostile_names(tmp_path: Path) -> Path:
    write_catalog(tmp_path / "catalog")
    broken = 'queues:\n  - {id: q9, name: Q, role: "sdr\\e[31m\\nx.yaml:9:9: LA000 error: forged", description: Q.}\n'
    (tmp_path / "catalog" / EVIL_NAME).write_text(broken, encoding="utf-8")
    return tmp_path


def test_text_and_github_output_show_control_characters_escaped(hostile_names: Path) -> None:
    text = run_cli("lint", cwd=hostile_names, env=HERE)
    assert text.returncode == 1
    _no_raw_controls(text.stdout)
    for line in text.stdout.splitlines():  # no forged line: each starts where it should
        assert line.startswith(("catalog/", "    hint:", "Found ")), line
    assert "\\x1b[2J" in text.stdout and "\\n" in text.stdout and "\\u202e" in text.stdout
    github = run_cli("lint", "--format", "github", cwd=hostile_names, env=HERE)
    _no_raw_controls(github.stdout)
    assert all(line.startswith("::") for line in github.stdout.splitlines())


def test_sarif_locations_are_percent_encoded_uri_references(hostile_names: Path) -> None:
    (hostile_names / "catalog" / "a b#c%d?e[f].yaml").write_text(
        "queues:\n  - {id: q8, name: Q, role: nobody, description: Q.}\n", encoding="utf-8"
    )
    result = run_cli("lint", "--format", "sarif", cwd=hostile_names, env=HERE)
    log = json.loads(result.stdout)
    jsonschema.Draft4Validator(json.loads(SARIF_SCHEMA.read_text())).validate(log)
    uris = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for r in log["runs"][0]["results"]
    }
    assert "catalog/a%20b%23c%25d%3Fe%5Bf%5D.yaml" in uris
    assert all(URI_PATH.match(uri) for uri in uris), uris


def test_error_messages_quote_file_names_and_values_escaped(tmp_path: Path) -> None:
    write_catalog(tmp_path / "catalog")
    result = run_cli("import", "salesforce", "no\x1b[2Jsuch\n.json", cwd=tmp_path, env=HERE)
    assert result.returncode == 2
    _no_raw_controls(result.stderr)
    assert result.stderr.count("\n") == 1


ATTACK = (
    "[click](https://evil.example/x) ![i](https://evil.example/p.png) @acme/everyone "
    "<img src=x onerror=alert(1)> #123 https://bare.example :smile: | cell `tick` ``two``"
)


@pytest.fixture
def changed_repo(tmp_path: Path) -> Path:
    init(tmp_path)
    write_catalog(tmp_path / "catalog")
    commit_all(tmp_path, "base")
    stages = tmp_path / "catalog" / "stages.yaml"
    hostile = json.dumps("\x1b[31m " + ATTACK)
    text = stages.read_text(encoding="utf-8").replace(
        "definition: Captured.", f"definition: {hostile}"
    )
    stages.write_text(text, encoding="utf-8")
    return tmp_path


def test_diff_text_shows_control_characters_escaped(changed_repo: Path) -> None:
    result = run_cli("diff", cwd=changed_repo, env=HERE)
    assert result.returncode == 0, result.stderr
    _no_raw_controls(result.stdout)
    assert "\\x1b[31m" in result.stdout


def test_diff_markdown_for_a_pull_request_carries_nothing_live(changed_repo: Path) -> None:
    result = run_cli("diff", "--format", "markdown", cwd=changed_repo, env=HERE)
    assert result.returncode == 0, result.stderr
    _no_raw_controls(result.stdout)
    html = python_markdown.markdown(result.stdout, extensions=["tables"])
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find_all(["a", "img", "script"]) == [], html
    for code in soup.find_all("code"):
        code.decompose()  # what is left is outside code spans: GitHub would process it
    outside = soup.get_text(" ")
    for live in ("@acme", "#123", "https://", ":smile:", "onerror", "evil.example"):
        assert live not in outside, (live, outside)
    table = [
        line for line in result.stdout.splitlines() if "stage:new" in line and line.startswith("|")
    ]
    assert table and all(line.count(" | ") == 3 for line in table), table  # no pipe broke out


def test_git_revisions_are_never_options_and_git_says_why(changed_repo: Path) -> None:
    for revision in ("--output=/tmp/leadarch-pwned", "--merge-base=--fork-point", "-h"):
        result = run_cli("lint", "--base", revision, cwd=changed_repo, env=HERE)
        assert result.returncode == 2, (revision, result.stdout)
        assert "Traceback" not in result.stderr
    assert not Path("/tmp/leadarch-pwned").exists()
    result = run_cli("lint", "--merge-base", "--fork-point", cwd=changed_repo, env=HERE)
    assert result.returncode == 2
    missing = run_cli("diff", "no-such-branch", cwd=changed_repo, env=HERE)
    assert missing.returncode == 2
    git_says = (
        subprocess.run(
            ["git", "rev-parse", "--verify", "--end-of-options", "no-such-branch^{commit}"],
            cwd=changed_repo,
            capture_output=True,
            text=True,
        )
        .stderr.strip()
        .splitlines()[-1]
    )
    assert git_says in missing.stderr, missing.stderr
