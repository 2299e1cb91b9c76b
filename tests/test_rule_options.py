"""Per-rule options: declared in the rule module, read from [tool.leadarch.rules.CODE], the
older top-level keys still accepted, mistakes told plainly; run inputs kept apart."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from leadarch.cli import run
from leadarch.core import records
from leadarch.lint.config import load_config, parse_config
from leadarch.lint.options import Inputs, NoOptions, options_class
from leadarch.lint.rules import RULES, documentation_coverage, personal_data, stage_without_sla

from tests.catalogs import write_catalog

UNDOCUMENTED = {"x.yaml": "teams:\n  - id: t2\n    name: T\n"}  # 1 of ~27 entities: ~96%


def _lint(tmp_path: Path, toml: str, *argv: str) -> tuple[int, str, str]:
    write_catalog(tmp_path / "catalog", UNDOCUMENTED)
    (tmp_path / "pyproject.toml").write_text(toml, encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    code = run(["lint", *argv], cwd=tmp_path, env={}, stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


@pytest.mark.parametrize(
    "toml",
    ["[tool.leadarch.rules.LA100]\nthreshold = 90\n", "[tool.leadarch]\ncoverage_threshold = 90\n"],
    ids=["rule-table", "older-key"],
)
def test_an_option_set_either_way_applies(tmp_path: Path, toml: str) -> None:
    assert "LA100" not in _lint(tmp_path, toml)[1]
    assert "LA100" in _lint(tmp_path / "strict", toml.replace("90", "100"))[1]


def test_every_older_key_still_means_its_option() -> None:
    config = parse_config(
        {"coverage_threshold": 80, "lead_working_roles": ["sdr"], "privacy_allow": ["a@b.example"]}
    )
    assert config.options_for(documentation_coverage) == documentation_coverage.Options(80.0)
    assert config.options_for(stage_without_sla).lead_working_roles == ("sdr",)
    assert config.options_for(personal_data).allow == ("a@b.example",)
    assert parse_config({}).options_for(documentation_coverage).threshold == 100.0


@pytest.mark.parametrize(
    ("toml", "said"),
    [
        (
            "[tool.leadarch.rules.LA100]\nthreshhold = 90\n",
            "unknown option(s) threshhold; allowed: threshold",
        ),
        (
            '[tool.leadarch.rules.LA100]\nthreshold = "most"\n',
            "threshold must be a number, not 'most'",
        ),
        ("[tool.leadarch.rules.LA999]\nx = 1\n", "[rules.LA999] names no rule"),
        ('[tool.leadarch.rules.LA120]\nallow = "a@b.example"\n', "allow must be a list of strings"),
        ("[tool.leadarch]\nno_such_key = 1\n", "unknown key(s) no_such_key"),
    ],
)
def test_a_mistaken_option_is_a_clear_configuration_error(
    tmp_path: Path, toml: str, said: str
) -> None:
    code, _, err = _lint(tmp_path, toml)
    assert code == 2 and said in err, err


def test_each_rule_declares_its_options_with_defaults_and_help() -> None:
    with_options = [r for r in RULES if options_class(r) is not NoOptions]
    assert {r.CODE for r in with_options} == {"LA062", "LA100", "LA120"}
    for rule in with_options:
        for field in records.fields(options_class(rule)):
            assert field.default is not records.MISSING and field.metadata.get("help"), (
                rule.CODE,
                field.name,
            )
        assert options_class(rule)() is not None  # every default is valid


def test_run_inputs_are_not_options() -> None:
    assert not any(
        f.name.startswith("base") for r in RULES for f in records.fields(options_class(r))
    )
    assert {f.name for f in records.fields(Inputs)} == {"base_changes", "base_label"}


def test_the_readme_configuration_reads_as_it_says(tmp_path: Path) -> None:
    import re

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    found = re.search(r"```toml\n(\[tool\.leadarch\]\n.*?)```", readme, re.S)
    assert found is not None
    code, out, err = _lint(tmp_path, found.group(1))
    assert (code, err) == (0, ""), out + err  # LA100 is ignored there, all else is clean
    config = load_config(tmp_path / "catalog")
    assert config.options_for(documentation_coverage).threshold == 90
    assert config.options_for(stage_without_sla).lead_working_roles == ("sdr", "ae")
    assert config.options_for(personal_data).allow == ("revops@acme.com",)
