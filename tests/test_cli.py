"""The CLI as a user runs it: a subprocess, every output format, exit codes, configuration."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import jsonschema
import pytest
from leadarch.lint.rules import RULES

from tests.catalogs import write_catalog
from tests.conftest import REPO, run_cli

pytestmark = pytest.mark.slow  # builds, subprocesses or servers in every test

SARIF_SCHEMA = REPO / "tests" / "fixtures" / "sarif" / "sarif-schema-2.1.0.json"

BROKEN = {
    "x.yaml": "queues:\n  - {id: q2, name: Q, role: sdrr, sla: sla_mql, description: Q.}\nteams:\n  - {id: t2, name: T}\n",
}


@pytest.fixture
def broken(in_tmp: Path) -> Path:
    write_catalog(in_tmp / "catalog", BROKEN)
    return in_tmp


def test_clean_catalog_exits_0(in_tmp: Path) -> None:
    write_catalog(in_tmp / "catalog")
    result = run_cli("lint", cwd=in_tmp)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == "All checks passed (5 files, 25 entities).\n"


def test_text_format(broken: Path) -> None:
    result = run_cli("lint", cwd=broken)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "catalog/x.yaml:2:29: LA020 error: queue:q2 refers to role 'sdrr', which does not exist",
        "    hint: did you mean 'sdr'?",
        "catalog/x.yaml:4:10: LA100 warning: team:t2 has no description (documentation coverage 96% < 100%)",
        "    hint: add `description:` with a sentence or two for readers of the wiki",
        "Found 1 error, 1 warning (6 files, 27 entities).",
    ]
    assert result.stderr == ""


def test_warnings_alone_exit_0(in_tmp: Path) -> None:
    write_catalog(in_tmp / "catalog", {"x.yaml": "teams:\n  - {id: t2, name: T}\n"})
    result = run_cli("lint", cwd=in_tmp)
    assert result.returncode == 0
    assert "LA100 warning" in result.stdout


def test_json_format(broken: Path) -> None:
    result = run_cli("lint", "catalog", "--format", "json", cwd=broken)
    assert result.returncode == 1
    data = json.loads(result.stdout)
    assert data["diagnostics"][0] == {
        "code": "LA020",
        "severity": "error",
        "message": "queue:q2 refers to role 'sdrr', which does not exist",
        "path": "catalog/x.yaml",
        "line": 2,
        "column": 29,
        "entity": "queue:q2",
        "hint": "did you mean 'sdr'?",
    }
    assert data["summary"] == {
        "errors": 1,
        "warnings": 1,
        "infos": 0,
        "files": 6,
        "entities": 27,
        "truncated": 0,
    }


def test_github_format(broken: Path) -> None:
    result = run_cli("lint", "--format", "github", cwd=broken)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[0] == (
        "::error file=catalog/x.yaml,line=2,col=29,title=LA020::"
        "queue:q2 refers to role 'sdrr', which does not exist (did you mean 'sdr'?)"
    )
    assert lines[1].startswith("::warning file=catalog/x.yaml,line=4,col=10,title=LA100::")


def test_sarif_validates_against_the_official_schema(broken: Path) -> None:
    result = run_cli("lint", "--format", "sarif", cwd=broken)
    assert result.returncode == 1
    log = json.loads(result.stdout)
    schema = json.loads(SARIF_SCHEMA.read_text())
    jsonschema.Draft4Validator(schema).validate(log)
    run = log["runs"][0]
    assert [r["id"] for r in run["tool"]["driver"]["rules"]] == [r.CODE for r in RULES]
    first = run["results"][0]
    assert first["ruleId"] == "LA020" and first["level"] == "error"
    region = first["locations"][0]["physicalLocation"]["region"]
    assert region == {"startLine": 2, "startColumn": 29}


def test_select_and_ignore(broken: Path) -> None:
    only = run_cli("lint", "--select", "LA1", cwd=broken)
    assert only.returncode == 0 and "LA020" not in only.stdout and "LA100" in only.stdout
    skipped = run_cli("lint", "--ignore", "la020,LA100", cwd=broken)
    assert skipped.returncode == 0 and skipped.stdout.startswith("All checks passed")


def test_unknown_code_is_a_usage_error(broken: Path) -> None:
    result = run_cli("lint", "--select", "LA999", cwd=broken)
    assert result.returncode == 2
    assert "unknown rule code 'LA999'" in result.stderr


@pytest.mark.parametrize(
    "args, message",
    [
        (("lint", "nowhere"), "catalog folder 'nowhere' does not exist"),
        (("lint", "--format", "xml"), "invalid choice: 'xml'"),
        (("frobnicate",), "invalid choice: 'frobnicate'"),
    ],
)
def test_usage_errors_exit_2(in_tmp: Path, args: tuple[str, ...], message: str) -> None:
    result = run_cli(*args, cwd=in_tmp)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_configuration_from_pyproject(broken: Path) -> None:
    (broken / "pyproject.toml").write_text(
        '[tool.leadarch]\ncatalog = "catalog"\nignore = ["LA100"]\nseverity = { LA020 = "warning" }\n'
    )
    sub = broken / "catalog"
    result = run_cli("lint", "--format", "json", cwd=sub.parent)
    data = json.loads(result.stdout)
    assert result.returncode == 0
    assert [(d["code"], d["severity"]) for d in data["diagnostics"]] == [("LA020", "warning")]


def test_configured_catalog_folder_is_relative_to_pyproject(in_tmp: Path) -> None:
    write_catalog(in_tmp / "arch" / "yaml")
    (in_tmp / "pyproject.toml").write_text('[tool.leadarch]\ncatalog = "arch/yaml"\n')
    (in_tmp / "docs").mkdir()
    result = run_cli("lint", cwd=in_tmp / "docs")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("All checks passed (5 files")


def test_bad_configuration_exits_2(in_tmp: Path) -> None:
    write_catalog(in_tmp / "catalog")
    (in_tmp / "pyproject.toml").write_text('[tool.leadarch]\ncatalogue = "x"\n')
    result = run_cli("lint", cwd=in_tmp)
    assert result.returncode == 2
    assert "unknown key(s) catalogue" in result.stderr


def test_coverage_threshold_option(in_tmp: Path) -> None:
    write_catalog(in_tmp / "catalog", {"x.yaml": "teams:\n  - {id: t2, name: T}\n"})
    (in_tmp / "pyproject.toml").write_text("[tool.leadarch]\ncoverage_threshold = 90\n")
    result = run_cli("lint", cwd=in_tmp)
    assert result.stdout.startswith("All checks passed")


def test_lead_working_roles_option(in_tmp: Path) -> None:
    write_catalog(in_tmp / "catalog")
    (in_tmp / "pyproject.toml").write_text('[tool.leadarch]\nlead_working_roles = ["ops", "sdr"]\n')
    text = (in_tmp / "catalog" / "stages.yaml").read_text().replace("    sla: sla_review\n", "")
    (in_tmp / "catalog" / "stages.yaml").write_text(text)
    result = run_cli("lint", "--select", "LA062", cwd=in_tmp)
    assert result.returncode == 1
    assert "stage 'new' is worked by 'ops' but has no SLA" in result.stdout


def test_rules_command_lists_every_rule(in_tmp: Path) -> None:
    result = run_cli("rules", cwd=in_tmp)
    assert result.returncode == 0
    codes = re.findall(r"^(LA\d{3})\s+(error|warning)\s+(\S+)\s+(.+)$", result.stdout, re.M)
    assert [c[0] for c in codes] == [r.CODE for r in RULES]
    as_json = json.loads(run_cli("rules", "--format", "json", cwd=in_tmp).stdout)
    assert as_json[0] == {
        "code": "LA001",
        "name": "yaml-syntax",
        "severity": "error",
        "summary": RULES[0].SUMMARY,
    }


def test_example_catalog_lints_clean_and_fast() -> None:
    run_cli("lint", cwd=REPO)  # warm the file cache
    started = time.perf_counter()
    result = run_cli("lint", cwd=REPO)
    elapsed = time.perf_counter() - started
    assert result.returncode == 0, result.stdout
    assert result.stdout.startswith("All checks passed (18 files")
    assert elapsed < 5  # generous: the real figure lives in the closing note and bench/
