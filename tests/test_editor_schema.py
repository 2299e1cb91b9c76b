"""Editor schema lines that resolve in the user's repository: init, import and fmt write
them to the repository's copy, `schema --write` refreshes it, the lint warns (LA006) when it
is stale, and a new repository's changelog check waits for its main branch."""

from __future__ import annotations

import io
import json
from pathlib import Path

from leadarch.cli import run
from leadarch.core.editor_schema import MODELINE, schema_text, with_schema_line
from leadarch.core.schemas import bundled

from tests.catalogs import write_catalog
from tests.conftest import REPO
from tests.gitrepo import commit_all, init

DESCRIBE = REPO / "tests/fixtures/realdata/salesforce/describe/Lead.describe.raw.json"


def _run(cwd: Path, *argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(list(argv), cwd=cwd, env={}, stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def _resolves(file: Path) -> Path:
    found = MODELINE.match(file.read_text(encoding="utf-8").splitlines()[0])
    assert found, file
    return (file.parent / found.group(1)).resolve()


def test_schema_prints_the_bundled_schema_and_its_help_says_where_it_goes(tmp_path: Path) -> None:
    code, out, _ = _run(tmp_path, "schema")
    assert code == 0 and json.loads(out) == bundled() and out == schema_text()
    code, out, _ = _run(tmp_path, "schema", "--help")
    assert code == 0
    for words in (
        "self-contained",
        "yaml-language-server",
        "--write schemas",
        "LA006",
        "/schemas/",
    ):
        assert words in out, words


def test_schema_write_refreshes_the_copy_and_the_stale_warning_goes(tmp_path: Path) -> None:
    write_catalog(tmp_path / "catalog")
    stages = tmp_path / "catalog" / "stages.yaml"
    stages.write_text(
        "# yaml-language-server: $schema=../schemas/catalog.schema.json\n" + stages.read_text()
    )
    (tmp_path / "schemas").mkdir()
    (tmp_path / "schemas" / "catalog.schema.json").write_text('{"title": "leadarch 0.0.1"}\n')
    code, out, _ = _run(tmp_path, "lint")
    assert code == 0
    assert (
        "catalog/stages.yaml:1:33: LA006 warning: the editor schema ../schemas/catalog.schema.json"
        " is not the schema of the installed leadarch" in out
    )
    assert "hint: refresh it with `leadarch schema --write schemas`" in out
    code, out, _ = _run(tmp_path, "schema", "--write", "schemas")
    assert (code, out) == (0, "schemas/catalog.schema.json: written\n")
    assert (tmp_path / "schemas" / "catalog.schema.json").read_text() == schema_text()
    assert _run(tmp_path, "schema", "--write", "schemas")[1].endswith("already current\n")
    code, out, _ = _run(tmp_path, "lint")
    assert code == 0 and out.startswith("All checks passed")


def test_import_into_a_repository_without_a_copy_writes_one_its_line_names(tmp_path: Path) -> None:
    write_catalog(tmp_path / "catalog")
    code, out, err = _run(tmp_path, "import", "salesforce", str(DESCRIBE))
    assert (code, err) == (0, ""), out
    written = tmp_path / "catalog" / "fields" / "lead.yaml"
    assert _resolves(written) == (tmp_path / "schemas" / "catalog.schema.json").resolve()
    assert (tmp_path / "schemas" / "catalog.schema.json").read_text() == schema_text()
    assert "leadarch.dev" not in written.read_text()


def test_fmt_gives_every_file_a_line_that_resolves_and_keeps_good_ones(tmp_path: Path) -> None:
    write_catalog(tmp_path / "catalog")
    (tmp_path / "schemas").mkdir()
    (tmp_path / "schemas" / "catalog.schema.json").write_text(schema_text())
    teams = tmp_path / "catalog" / "org.yaml"
    dangling = tmp_path / "catalog" / "sub" / "more.yaml"
    dangling.parent.mkdir()
    dangling.write_text("# yaml-language-server: $schema=../gone.json\nreasons: []\n")
    web = tmp_path / "catalog" / "web.yaml"
    web.write_text("# yaml-language-server: $schema=https://example.com/s.json\nnurtures: []\n")
    code, _, err = _run(tmp_path, "fmt")
    assert (code, err) == (0, "")
    copy = (tmp_path / "schemas" / "catalog.schema.json").resolve()
    assert _resolves(teams) == copy and _resolves(dangling) == copy
    assert dangling.read_text().splitlines()[1:] == ["reasons: []"]
    assert web.read_text().startswith("# yaml-language-server: $schema=https://example.com/")
    assert _run(tmp_path, "fmt", "--check")[0] == 0  # idempotent


def test_without_a_copy_fmt_leaves_the_lines_alone(tmp_path: Path) -> None:
    assert with_schema_line("teams: []\n", tmp_path / "x.yaml", None) == "teams: []\n"


def test_a_new_repository_pushes_before_its_main_branch_exists(tmp_path: Path) -> None:
    init(tmp_path)
    write_catalog(tmp_path / "catalog")
    commit_all(tmp_path, "first")
    code, out, err = _run(tmp_path, "lint", "--select", "LA110", "--merge-base", "origin/main")
    assert code == 0 and out.startswith("All checks passed")
    assert "the changelog check (LA110) is skipped: 'origin/main' does not exist yet" in err
    code, _, err = _run(tmp_path, "lint", "--select", "LA110", "--base", "origin/main")
    assert code == 2 and "git rev-parse failed" in err  # a revision named outright must exist


def test_outside_git_the_changelog_check_says_so(tmp_path: Path) -> None:
    write_catalog(tmp_path / "catalog")
    code, _, err = _run(tmp_path, "lint", "--merge-base", "origin/main")
    assert code == 2 and "not a git repository" in err
