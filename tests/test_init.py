"""`leadarch init`: from an empty folder to a repository whose catalog lints clean and whose
wiki builds, from the package alone; never overwriting a file."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from leadarch.cli import run
from leadarch.core.editor_schema import MODELINE, schema_text
from leadarch.core.schemas import bundled
from leadarch.scaffold import REPOSITORY_FILES, STARTER, Start, plan

from tests.conftest import REPO

REALDATA = REPO / "tests" / "fixtures" / "realdata"


def _run(cwd: Path, *argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(list(argv), cwd=cwd, env={}, stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


EXPECTED = {
    ".github/workflows/leadarch.yml",
    ".gitignore",
    ".pre-commit-config.yaml",
    "docs/index.md",
    "leadarch.toml",
    "mkdocs.yml",
    "schemas/catalog.schema.json",
}


def test_init_writes_a_whole_repository_whose_starter_lints_clean(tmp_path: Path) -> None:
    code, out, err = _run(tmp_path, "init", "team")
    assert (code, err) == (0, "")
    made = {p.relative_to(tmp_path / "team").as_posix() for p in (tmp_path / "team").rglob("*")}
    assert made >= EXPECTED
    catalog = {p for p in made if p.startswith("catalog/") and p.endswith(".yaml")}
    assert len(catalog) >= 7, catalog
    assert "created  catalog/stages.yaml" in out
    assert "Next steps:" in out and "cd team" in out and "git init" in out
    code, out, err = _run(tmp_path / "team", "lint")
    assert (code, err) == (0, ""), out
    assert out.startswith("All checks passed")


def test_the_starter_is_small_but_complete(tmp_path: Path) -> None:
    data: dict[str, list[dict[str, object]]] = {}
    for path in STARTER.glob("*.yaml"):
        for key, value in yaml.safe_load(path.read_text(encoding="utf-8")).items():
            data.setdefault(key, []).extend(value)
    stages = data["stages"]
    assert any(s.get("entry") for s in stages)
    assert {s.get("outcome") for s in stages if s.get("terminal")} >= {"won", "disqualified"}
    assert data["teams"] and data["slas"] and data["activities"]
    assert any("when" not in r for r in data["routing"]), "a routing fallback"
    roles = {r["id"] for r in data["roles"]}
    assert {p["role"] for p in data["playbooks"]} == roles, "a playbook per role"


def test_init_never_overwrites_and_lists_what_it_skipped(tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_text("site_name: Ours\n")
    (tmp_path / "catalog").mkdir()
    (tmp_path / "catalog" / "teams.yaml").write_text("teams: []\n")
    code, out, _ = _run(tmp_path, "init")
    assert code == 0
    assert (tmp_path / "mkdocs.yml").read_text() == "site_name: Ours\n"
    assert (tmp_path / "catalog" / "teams.yaml").read_text() == "teams: []\n"
    assert "skipped  mkdocs.yml (already there; left as it is)" in out
    assert "skipped  catalog/teams.yaml" in out
    assert "created  catalog/stages.yaml" in out
    assert "cd " not in out  # initialised here
    again = _run(tmp_path, "init")
    assert again[0] == 0 and "created" not in again[1]


def test_init_refuses_a_file_for_a_folder_and_exports_without_from(tmp_path: Path) -> None:
    (tmp_path / "afile").write_text("x")
    code, _, err = _run(tmp_path, "init", "afile")
    assert code == 2 and "not a folder" in err
    code, _, err = _run(tmp_path, "init", "x", "--from", "zoho", "export.json")
    assert code == 2 and "--from zoho: not a kind of export" in err
    code, _, err = _run(tmp_path, "init", "x", "--from", "hubspot")
    assert code == 2 and "at least one export" in err
    code, _, err = _run(tmp_path, "init", "x", "--from", "hubspot", "missing.json")
    assert code == 2 and "missing.json" in err and not (tmp_path / "x" / "catalog").exists()


def test_every_catalog_file_points_at_the_repositorys_own_schema_copy(tmp_path: Path) -> None:
    for start in (Start(), Start(example=True)):
        files = plan(start)
        assert files["schemas/catalog.schema.json"] == schema_text()
        assert json.loads(files["schemas/catalog.schema.json"]) == bundled()
        for name, text in files.items():
            if not name.startswith("catalog/"):
                continue
            found = MODELINE.match(text.splitlines()[0])
            assert found, name
            target = (tmp_path / name).parent / found.group(1)
            assert target.resolve() == (tmp_path / "schemas/catalog.schema.json").resolve(), name


def test_init_example_is_the_full_example_and_lints_clean(tmp_path: Path) -> None:
    code, _, err = _run(tmp_path, "init", "--example")
    assert (code, err) == (0, "")
    for path in (REPO / "catalog").rglob("*.yaml"):
        written = tmp_path / "catalog" / path.relative_to(REPO / "catalog")
        assert written.read_text() == path.read_text(), path  # modelines already resolve
    code, out, _ = _run(tmp_path, "lint")
    assert code == 0, out


def test_the_site_name_is_written_as_a_yaml_string(tmp_path: Path) -> None:
    code, _, _ = _run(tmp_path, "init", "--site-name", 'ACME: "leads" #1')
    assert code == 0
    config = (tmp_path / "mkdocs.yml").read_text()
    assert yaml.safe_load(config.replace("!!python/name:", ""))["site_name"] == 'ACME: "leads" #1'


def test_the_workflow_installs_this_version_and_the_hooks_are_local(tmp_path: Path) -> None:
    from leadarch import __version__

    files = plan(Start())
    assert f'"leadarch[wiki]=={__version__}"' in files[".github/workflows/leadarch.yml"]
    hooks = yaml.safe_load(files[".pre-commit-config.yaml"])["repos"][0]
    assert hooks["repo"] == "local"
    stages = {h["id"]: h.get("stages") for h in hooks["hooks"]}
    assert stages == {"leadarch-lint": None, "leadarch-changelog": ["pre-push"]}
    assert set(REPOSITORY_FILES.values()) <= set(files)


FROM = {
    "salesforce": [
        "salesforce/describe/Lead.describe.raw.json",
        "salesforce/describe/Opportunity.describe.raw.json",
    ],
    "salesforce-metadata": ["salesforce/metadata_octoforce"],
    "hubspot": ["hubspot/contact_properties_v1_demo_portal_2016.raw.json"],
}


@pytest.mark.parametrize(
    "source",
    [
        "salesforce",
        "salesforce-metadata",
        pytest.param("hubspot", marks=pytest.mark.slow),  # 1,391 properties: the full run
    ],
)
def test_init_from_real_exports_imports_their_fields_and_lints_without_warnings(
    source: str, tmp_path: Path
) -> None:
    exports = [str(REALDATA / e) for e in FROM[source]]
    code, out, err = _run(tmp_path, "init", "--from", source, *exports)
    assert (code, err) == (0, ""), out
    assert out.count("  imported catalog/") == len(exports)
    code, out, _ = _run(tmp_path, "lint")
    assert code == 0, out
    assert "0 errors, 0 warnings" in out.splitlines()[-1], out[-2000:]
    assert 'LA100 = "info"' in (tmp_path / "leadarch.toml").read_text()


@pytest.mark.slow
@pytest.mark.parametrize(
    "start", [[], ["--from", "hubspot", *FROM["hubspot"]]], ids=["starter", "from-hubspot"]
)
def test_right_after_init_the_wiki_builds_strict(start: list[str], tmp_path: Path) -> None:
    start = [str(REALDATA / a) if a.endswith(".json") else a for a in start]
    assert _run(tmp_path, "init", *start)[0] == 0
    built = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "NO_MKDOCS_2_WARNING": "1", "HOME": str(tmp_path)},
    )
    assert built.returncode == 0, built.stderr
    assert (tmp_path / "site" / "schemas" / "catalog.schema.json").is_file()
    assert (tmp_path / "site" / "assets" / "leadarch" / "mermaid.min.js").is_file()
    assert not (tmp_path / "docs" / "assets").exists()


def test_the_readme_starts_with_two_commands_then_tells_a_team_how_to_adopt_leadarch() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    first_block = readme.split("```")[1]
    commands = [line for line in first_block.splitlines()[1:] if line.strip()]
    assert [c.split("#")[0].strip() for c in commands] == ["./setup.sh serve", "./setup.sh test"]
    sections = [line for line in readme.splitlines() if line.startswith("## ")]
    assert sections[0] == "## Use leadarch in your repository"
    adopt = readme.split("## Use leadarch in your repository", 1)[1].split("\n## ", 1)[0]
    for words in (
        "leadarch init",
        "leadarch lint",
        "mkdocs build --strict",
        "pre-commit install",
        ".github/workflows/leadarch.yml",
        "NO_MKDOCS_2_WARNING",
        "--example",
        "--from",
    ):
        assert words in adopt, words


def test_the_package_index_readme_has_no_link_into_the_source_tree() -> None:
    sys.path.insert(0, str(REPO))
    try:
        from hatch_build import for_package_index
    finally:
        sys.path.remove(str(REPO))
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    shown = for_package_index(readme)
    assert "](docs/" not in shown and "](bench/" not in shown
    assert "Performance page (`docs/performance.md` in leadarch's source)" in shown
    assert "[lint server](#the-lint-server)" in shown  # anchors stay
    assert "(https://pypi.org/project/nh3/)" in shown  # so do web links
