"""One finding type and one reporter registry for the lint, the semantic diff and the CRM
drift: every command offers every format that fits its findings, read from the registry."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import jsonschema
import markdown as python_markdown
import pytest
from bs4 import BeautifulSoup
from leadarch.cli import run
from leadarch.report import KINDS, REPORTERS, formats, reporter

from tests.catalogs import write_catalog
from tests.conftest import REPO
from tests.gitrepo import commit_all, init

SARIF = json.loads((REPO / "tests" / "fixtures" / "sarif" / "sarif-schema-2.1.0.json").read_text())
DESCRIBE = REPO / "tests" / "fixtures" / "realdata" / "salesforce" / "describe"


def _run(cwd: Path, *argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(list(argv), cwd=cwd, env={}, stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_every_kind_of_report_offers_every_format() -> None:
    assert set(KINDS) == {"lint", "diff", "drift", "measure"}
    for kind in KINDS:
        assert formats(kind) == ["github", "json", "markdown", "sarif", "text"], kind
    assert all(set(kinds) == set(KINDS) for kinds in REPORTERS.values())


def test_every_registered_reporter_is_a_function_it_can_import() -> None:
    for fmt, kinds in REPORTERS.items():
        for kind in kinds:
            assert callable(reporter(fmt, kind)), (fmt, kind)


@pytest.fixture
def changed(tmp_path: Path) -> Path:
    init(tmp_path)
    write_catalog(tmp_path / "catalog")
    commit_all(tmp_path, "base")
    stages = tmp_path / "catalog" / "stages.yaml"
    stages.write_text(stages.read_text().replace("definition: Captured.", "definition: Now."))
    (tmp_path / "catalog" / "x.yaml").write_text("queues:\n  - {id: q9, name: Q, role: nobody}\n")
    return tmp_path


def test_the_format_choices_of_each_command_come_from_the_registry(changed: Path) -> None:
    for argv in (
        ("lint",),
        ("diff",),
        ("drift", "salesforce", str(DESCRIBE / "Lead.describe.raw.json")),
    ):
        code, _, err = _run(changed, *argv, "--format", "nonsense")
        assert code == 2
        assert "(choose from 'github', 'json', 'markdown', 'sarif', 'text')" in err, (argv, err)


@pytest.mark.parametrize(
    "argv",
    [
        ("lint", "--format", "sarif"),
        ("diff", "--format", "sarif"),
        ("drift", "salesforce", str(DESCRIBE / "Lead.describe.raw.json"), "--format", "sarif"),
    ],
    ids=["lint", "diff", "drift"],
)
def test_sarif_of_every_kind_validates_and_describes_every_code_it_uses(
    changed: Path, argv: tuple[str, ...]
) -> None:
    _, out, _ = _run(changed, *argv)
    log = json.loads(out)
    jsonschema.Draft4Validator(SARIF).validate(log)
    run_ = log["runs"][0]
    described = {rule["id"] for rule in run_["tool"]["driver"]["rules"]}
    assert run_["results"] and {r["ruleId"] for r in run_["results"]} <= described


def test_github_annotations_of_diff_and_drift_sit_on_their_entities(changed: Path) -> None:
    _, diff_out, _ = _run(changed, "diff", "--format", "github")
    assert diff_out.startswith("::notice file=catalog/stages.yaml,line=")
    assert "title=LD003::stage:new changed: definition: Captured. → Now." in diff_out
    _, drift_out, _ = _run(
        changed,
        "drift",
        "salesforce",
        str(DESCRIBE / "Lead.describe.raw.json"),
        "--format",
        "github",
    )
    lines = drift_out.splitlines()
    assert lines and all(line.startswith("::error file=") for line in lines)
    assert any(",title=LC0" in line for line in lines)


def test_lint_markdown_is_inert_and_counts_everything(tmp_path: Path) -> None:
    hostile = "[x](https://evil.example) @acme/all <img src=x>"
    write_catalog(
        tmp_path / "catalog",
        {
            "q.yaml": f"queues:\n  - {{id: q9, name: Q, role: {json.dumps(hostile)}, description: Q.}}\n"
        },
    )
    code, out, _ = _run(tmp_path, "lint", "--format", "markdown")
    assert code == 1 and out.startswith("## Lead architecture lint")
    soup = BeautifulSoup(python_markdown.markdown(out, extensions=["tables"]), "html.parser")
    assert soup.find_all(["a", "img"]) == []
    for span in soup.find_all("code"):
        span.decompose()
    assert "evil.example" not in soup.get_text() and "@acme" not in soup.get_text()
    clean = tmp_path / "clean"
    shutil.copytree(REPO / "catalog", clean / "catalog")
    assert "All checks passed." in _run(clean, "lint", "--format", "markdown")[1]
