"""diff, impact and lint --base against throwaway git repositories with real commits."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.catalogs import BASE, write_catalog
from tests.conftest import REPO, run_cli
from tests.gitrepo import commit_all, git, init

pytestmark = pytest.mark.slow  # builds, subprocesses or servers in every test


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = init(tmp_path / "repo")
    write_catalog(root / "catalog")
    commit_all(root, "catalog")
    return root


def diff_json(repo: Path, *args: str) -> dict:
    result = run_cli("diff", *args, "--format", "json", cwd=repo)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_moving_between_files_and_reordering_is_not_a_change(repo: Path) -> None:
    catalog = repo / "catalog"
    # Move the reasons to their own file, and reorder the keys of a stage and the stage list.
    stages = (catalog / "stages.yaml").read_text()
    reasons_block = "reasons:\n  - {id: later, name: Later, kind: recycle, description: Not now.}\n"
    (catalog / "stages.yaml").write_text(stages.replace(reasons_block, ""))
    (catalog / "more").mkdir()
    (catalog / "more" / "reasons.yml").write_text(reasons_block)
    routing = (
        (catalog / "routing.yaml")
        .read_text()
        .replace("    name: NA\n    priority: 10\n", "    priority: 10\n    name: NA\n")
    )
    (catalog / "routing.yaml").write_text(routing)
    fields = (
        (catalog / "fields.yaml").read_text().replace("values: [NA, EMEA]", "values: [EMEA, NA]")
    )
    (catalog / "fields.yaml").write_text(fields)
    data = diff_json(repo)
    assert data == {
        "changes": [],
        "summary": {"added": 0, "removed": 0, "changed": 0, "breaking": 0},
    }
    assert run_cli("diff", cwd=repo).stdout == "No changes to the architecture.\n"


def test_diff_entity_by_entity(repo: Path) -> None:
    catalog = repo / "catalog"
    first = git(repo, "rev-parse", "HEAD")
    stages = (catalog / "stages.yaml").read_text()
    stages = stages.replace(
        "    owner: sdr\n    sla: sla_mql\n", "    owner: ops\n    sla: sla_mql\n"
    )
    stages = stages.replace("value: New}", "value: MQL}")
    (catalog / "stages.yaml").write_text(stages)
    fields = (
        (catalog / "fields.yaml")
        .read_text()
        .replace("values: [NA, EMEA]", "values: [NA, EMEA, APAC]")
    )
    (catalog / "fields.yaml").write_text(fields)
    routing = (catalog / "routing.yaml").read_text()
    routing = routing.replace(
        "  - {id: q_na, name: NA, role: sdr, sla: sla_mql, description: NA leads.}\n", ""
    )
    routing = routing.replace("target: PT15M", "target: PT5M")
    (catalog / "routing.yaml").write_text(routing)
    (catalog / "extra.yaml").write_text("teams:\n  - {id: t2, name: T2, description: New team.}\n")
    second = commit_all(repo, "changes")

    data = diff_json(repo, first, second)
    by_ref = {c["entity"]: c for c in data["changes"]}
    assert set(by_ref) == {
        "team:t2",
        "stage:mql",
        "stage:new",
        "field:Lead.Region",
        "queue:q_na",
        "sla:sla_mql",
    }
    assert by_ref["team:t2"]["status"] == "added"
    assert by_ref["queue:q_na"]["status"] == "removed"
    assert by_ref["queue:q_na"]["breaking"] == ["removed but still referenced by routing:na"]
    assert by_ref["stage:mql"]["attributes"] == [{"attribute": "owner", "old": "sdr", "new": "ops"}]
    assert by_ref["field:Lead.Region"]["attributes"] == [
        {"attribute": "values", "added": [{"value": "APAC"}], "removed": []}
    ]
    assert by_ref["stage:new"]["attributes"] == [
        {"attribute": "crm.crm.value", "old": "New", "new": "MQL"}
    ]
    assert by_ref["stage:new"]["breaking"] and by_ref["sla:sla_mql"]["breaking"] == [
        "SLA made stricter (target: PT15M → PT5M)"
    ]
    assert "stage:mql" in by_ref["sla:sla_mql"]["impact"]
    assert data["summary"] == {"added": 1, "removed": 1, "changed": 4, "breaking": 3}

    # HEAD~1 against HEAD by name, and against a plain folder outside git.
    assert diff_json(repo, "HEAD~1", "HEAD")["summary"] == data["summary"]
    outside = write_catalog(repo.parent / "outside")
    assert diff_json(repo, str(outside), "HEAD")["summary"] == data["summary"]


def test_markdown_diff_is_a_pull_request_comment(repo: Path) -> None:
    routing = (
        (repo / "catalog" / "routing.yaml")
        .read_text()
        .replace(
            "{field: Lead.Region, op: eq, value: NA}", "{field: Lead.Region, op: eq, value: EMEA}"
        )
    )
    (repo / "catalog" / "routing.yaml").write_text(routing)
    result = run_cli("diff", "--format", "markdown", cwd=repo)
    lines = result.stdout.splitlines()
    assert lines[0] == "## Lead architecture changes"
    assert "**0** added · **0** removed · **1** changed · **1** breaking" in result.stdout
    assert lines.index("### ⚠️ Breaking changes") < lines.index("### Routing rule (1)")
    assert "routing changed" in result.stdout


def test_impact_direct_and_transitive(repo: Path) -> None:
    result = run_cli("impact", "field:Lead.Region", "--format", "json", cwd=repo)
    data = json.loads(result.stdout)
    assert {d["entity"] for d in data["direct"]} == {"routing:na", "scoring:fit"}
    na = next(d for d in data["direct"] if d["entity"] == "routing:na")
    assert (na["path"], na["line"]) == ("catalog/routing.yaml", 11)
    assert "queue:q_na" not in data["transitive"]  # a rule depends on its queue, not the reverse
    role = json.loads(run_cli("impact", "role:sdr", "--format", "json", cwd=repo).stdout)
    assert {"stage:mql", "queue:q_na", "sla:sla_mql", "activity:route", "playbook:sdr_book"} <= {
        d["entity"] for d in role["direct"]
    }
    assert "routing:na" in role["transitive"]  # via its queue


def test_impact_of_an_unknown_ref_is_a_usage_error(repo: Path) -> None:
    result = run_cli("impact", "role:sdrr", cwd=repo)
    assert result.returncode == 2
    assert "did you mean 'sdr'" in result.stderr


def test_lint_base_requires_a_changelog_entry(repo: Path) -> None:
    stages = (
        (repo / "catalog" / "stages.yaml")
        .read_text()
        .replace("definition: Captured.", "definition: Captured from any source.")
    )
    (repo / "catalog" / "stages.yaml").write_text(stages)
    result = run_cli("lint", "--base", "HEAD", cwd=repo)
    assert result.returncode == 1
    assert result.stdout.splitlines()[0] == (
        "catalog/stages.yaml:2:9: LA110 error: stage:new was changed since HEAD "
        "but no change in the unreleased release mentions it"
    )
    scoring = (
        (repo / "catalog" / "scoring.yaml")
        .read_text()
        .replace(
            "changes: [{type: added, ref: stage:mql, summary: Added.}]",
            "changes: [{type: added, ref: stage:mql, summary: Added.}, {type: changed, ref: stage:new, summary: Wider definition.}]",
        )
    )
    (repo / "catalog" / "scoring.yaml").write_text(scoring)
    assert run_cli("lint", "--base", "HEAD", cwd=repo).returncode == 0
    git(repo, "checkout", "-q", "-b", "feature")
    commit_all(repo, "documented change")
    merged = run_cli("lint", "--merge-base", "main", cwd=repo)
    assert merged.returncode == 0, merged.stdout


def test_lint_base_outside_git_is_a_clear_error(tmp_path: Path) -> None:
    write_catalog(tmp_path / "catalog")
    result = run_cli("lint", "--base", "HEAD", cwd=tmp_path)
    assert result.returncode == 2
    assert "leadarch: git" in result.stderr and "Traceback" not in result.stderr


def test_where_used_in_the_wiki_agrees_with_impact(example_site: Path) -> None:
    from bs4 import BeautifulSoup

    data = json.loads(run_cli("impact", "field:Lead.Status", "--format", "json", cwd=REPO).stdout)
    direct = {d["entity"] for d in data["direct"]}
    soup = BeautifulSoup(
        (example_site / "fields" / "lead" / "index.html").read_text(), "html.parser"
    )
    heading = soup.find(id="status")
    where_used = None
    for sibling in heading.find_next_siblings():
        if sibling.name == "h2":
            break
        if sibling.get_text().startswith("Where used"):
            where_used = sibling.find_next_sibling("ul")
    assert where_used is not None
    linked = len(where_used.find_all("a"))
    assert linked == len(direct)
    assert BASE  # the small catalog stays importable for other tests


def test_release_maps_come_from_git_tags(tmp_path: Path) -> None:
    from bs4 import BeautifulSoup

    from tests.conftest import build_wiki

    repo = init(tmp_path / "repo")
    write_catalog(repo / "catalog")
    commit_all(repo, "1.0.0")
    git(repo, "tag", "v1.0.0")
    stages = (repo / "catalog" / "stages.yaml").read_text()
    stages = stages.replace(
        "      - {to: won, type: advance}\n", "      - {to: sal, type: advance}\n"
    )
    stages = stages.replace(
        "  - id: won\n",
        "  - id: sal\n    name: SAL\n    model: lifecycle\n    order: 3\n    owner: sdr\n    sla: sla_mql\n"
        "    definition: Accepted.\n    transitions:\n      - {to: won, type: advance}\n  - id: won\n",
    )
    (repo / "catalog" / "stages.yaml").write_text(stages)
    assert (
        run_cli(
            "changelog", "add", "--type", "added", "--ref", "stage:sal", "SAL stage", cwd=repo
        ).returncode
        == 0
    )
    assert run_cli("release", "1.1.0", "--date", "2026-02-01", cwd=repo).returncode == 0
    commit_all(repo, "1.1.0")
    git(repo, "tag", "v1.1.0")
    result = build_wiki(repo)
    assert result.returncode == 0, result.stderr
    soup = BeautifulSoup(
        (repo / "site" / "changelog" / "1.1.0" / "index.html").read_text(), "html.parser"
    )
    text = soup.get_text(" ")
    assert "From the catalog tagged 1.0.0 and 1.1.0 in git" in " ".join(text.split())
    before, after = [d.get_text() for d in soup.select("div.mermaid")]
    assert '"SAL"' not in before and "SAL #183; added" in after
    assert "MQL #183; changed" in before and "MQL #183; changed" in after
