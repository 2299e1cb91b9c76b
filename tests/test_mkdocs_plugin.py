"""The MkDocs plugin lints the catalog in a real `mkdocs build --strict`."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.catalogs import write_catalog
from tests.conftest import REPO, mkdocs_build

pytestmark = pytest.mark.slow  # builds, subprocesses or servers in every test


def test_example_site_builds_strict(tmp_path: Path) -> None:
    result = mkdocs_build(REPO, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr


def test_errors_fail_the_build_with_located_diagnostics(tmp_path: Path) -> None:
    from tests.conftest import build_wiki

    write_catalog(
        tmp_path / "catalog",
        {"x.yaml": "queues:\n  - {id: q2, name: Q, role: sdrr, sla: sla_mql, description: Q.}\n"},
    )
    result = build_wiki(tmp_path)
    assert result.returncode != 0
    assert "catalog/x.yaml:2:29: LA020 error: queue:q2 refers to role 'sdrr'" in result.stderr
    assert "Traceback" not in result.stderr


def test_warnings_fail_strict(tmp_path: Path) -> None:
    from tests.conftest import build_wiki

    write_catalog(tmp_path / "catalog", {"x.yaml": "teams:\n  - {id: t2, name: T}\n"})
    result = build_wiki(tmp_path)
    assert result.returncode != 0
    assert (
        "WARNING" in result.stderr and "LA100 warning: team:t2 has no description" in result.stderr
    )


def _own_page(tmp_path: Path, text: str) -> str:
    from tests.conftest import build_wiki

    write_catalog(tmp_path / "catalog")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "guide.md").write_text(text, encoding="utf-8")
    result = build_wiki(tmp_path)
    assert result.returncode != 0, "--strict must fail"
    assert "Traceback" not in result.stderr
    return result.stderr


def test_a_broken_wiki_link_in_a_hand_written_page_fails_strict_with_page_and_line(
    tmp_path: Path,
) -> None:
    said = _own_page(
        tmp_path,
        "# Guide\n\nSee [[stage:mql]] first.\n\nThen [[stage:mqll]] and [[stag:mql]].\n\n"
        "`[[stage:in_code]]` is code.\n",
    )
    assert (
        "leadarch: docs/guide.md:5: wiki link [[stage:mqll]] points to a stage that does not "
        "exist; did you mean 'mql'?" in said
    )
    assert (
        "docs/guide.md:5: wiki link [[stag:mql]]: 'stag' is not a kind; did you mean 'stage'?"
        in said
    )
    assert "in_code" not in said and "[[stage:mql]] points" not in said


def test_a_macro_naming_something_unknown_fails_strict_with_page_and_line(tmp_path: Path) -> None:
    said = _own_page(
        tmp_path,
        '# Guide\n\n{{ field_card("Lead.Status") }}\n\n{{ field_card("Lead.Statuss") }}\n\n'
        '{{ stage_table("lifecycel") }}\n',
    )
    assert (
        "leadarch: docs/guide.md:5: field_card: no field 'Lead.Statuss' in the catalog; "
        "did you mean 'Lead.Status'?" in said
    )
    assert (
        "docs/guide.md:7: no stage model 'lifecycel' in the catalog; did you mean 'lifecycle'?"
        in said
    )
    assert "'Lead.Status' in the catalog;" not in said.replace("Lead.Statuss", "")


def test_mermaid2_pointed_at_a_missing_file_is_a_plugin_error_that_names_the_fix(
    tmp_path: Path,
) -> None:
    from tests.conftest import build_wiki

    write_catalog(tmp_path / "catalog")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Home\n")
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("  - mermaid2:\n", "  - mermaid2:\n      javascript: js/mermaid.js\n")
    shutil_copy = tmp_path / "mkdocs.yml"
    result = build_wiki(tmp_path)  # first with the repository's own config: builds
    assert result.returncode == 0, result.stderr
    shutil_copy.write_text(config, encoding="utf-8")
    from tests.conftest import mkdocs_build

    result = mkdocs_build(tmp_path, tmp_path / "site")
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert (
        "leadarch: mermaid2's `javascript: js/mermaid.js` is not a file in" in result.stderr
        and "remove the option to use the Mermaid leadarch ships" in result.stderr
    )


def test_an_installation_without_mermaid_says_how_to_get_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """A source checkout where ./setup.sh has not run: the real MkDocs build, in process,
    with the package's Mermaid file looked for where there is none."""
    import leadarch.wiki.plugin as plugin
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort

    write_catalog(tmp_path / "catalog")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Home\n")
    (tmp_path / "mkdocs.yml").write_text((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    shipped = plugin._shipped
    monkeypatch.setattr(
        plugin,
        "_shipped",
        lambda name: tmp_path / "none" / name if "mermaid" in name else shipped(name),
    )
    monkeypatch.chdir(tmp_path)
    with pytest.raises(Abort):  # MkDocs' own report of a PluginError
        build(load_config(str(tmp_path / "mkdocs.yml"), site_dir=str(tmp_path / "site")))
    said = "\n".join(r.getMessage() for r in caplog.records)
    assert "leadarch: this installation has no Mermaid" in said
    assert "./setup.sh" in said and "wheel" in said
    assert "Traceback" not in said
