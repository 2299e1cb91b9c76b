"""The fast reader gives exactly the located reader's data, or steps aside.

`yamlfast` (rapidyaml → JSON) reads clean files; anything it cannot read exactly as
the located reader (`yamlsafe`, libyaml + our converter) would must come back NOT_SURE
so that the located reader decides and explains. Compared with `repr`, so that
`True`/`1`/`1.0` and `"1"` never pass for one another.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from leadarch.core.yamlread import fast as yamlfast
from leadarch.core.yamlread import located as yamlsafe
from leadarch.core.yamlread import read as yamlread
from leadarch.core.yamlread.problems import MAX_DEPTH, YamlProblem
from leadarch.lint.config import Config
from leadarch.lint.engine import lint

from tests.catalogs import write_catalog
from tests.conftest import run_cli

REPO = Path(__file__).resolve().parents[1]


def _located(text: str) -> object:
    return yamlsafe.parse(text).data


def _fast(text: str) -> object:
    return yamlfast.quick_load(text, MAX_DEPTH)


@pytest.fixture(scope="module")
def bench_catalogs(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    out = tmp_path_factory.mktemp("bench")
    subprocess.run(
        [sys.executable, str(REPO / "bench" / "generate.py"), "--scale", "medium", str(out / "m")],
        check=True,
        capture_output=True,
    )
    return [REPO / "catalog", out / "m"]


@pytest.mark.slow
def test_real_catalogs_are_read_fast_and_identically(bench_catalogs: list[Path]) -> None:
    files = [p for root in bench_catalogs for p in sorted(root.rglob("*.yaml"))]
    assert len(files) > 20
    for path in files:
        text = path.read_text(encoding="utf-8")
        fast = _fast(text)
        assert fast is not yamlfast.NOT_SURE, f"{path} fell back to the located reader"
        assert repr(fast) == repr(_located(text)), path


@pytest.mark.parametrize(
    "text",
    [
        "a: &x 1\nb: *x\n",  # anchor and alias
        "a: !!str 1\n",  # tag changes the type
        "a: !custom x\n",
        "base: &b {x: 1}\nc:\n  <<: *b\n",  # merge key
        "? complex\n: key\n",
        "%YAML 1.2\n---\na: 1\n",
        "a: ~\n",
        "a: True\n",
        "a: NULL\n",
        "a: 0x1F\n",
        "a: 0o17\n",
        "a: 007\n",
        "a: +12\n",
        "a: .inf\n",
        "a: -.INF\n",
        "a: .NaN\n",
        "a: [~, True]\n",
        "- 010\n",
        'a: "quoted True"\nb: "0x1"\n',  # typed-looking strings: safe to re-check
        "a: 1\na: 2\n",  # duplicate key
        "a: 1\n---\nb: 2\n",  # two documents
        "a:\tb\n",  # tab
        "a: b\x7f\n",  # DEL, which libyaml rejects
        'a: "\\ud800\\udc00"\n',  # escapes of surrogates
        "a: [unclosed\n",  # syntax error
        "a:\n  b: c\n d: e\n",  # bad indentation
    ],
)
def test_constructs_the_fast_reader_cannot_vouch_for_go_to_the_located_reader(text: str) -> None:
    assert _fast(text) is yamlfast.NOT_SURE


@pytest.mark.parametrize(
    "text",
    [
        "",
        "# only a comment\n",
        "---\na: 1\n",
        "a: 1\n...\n",
        "a: No\nb: yes\nc: off\nd: 2024-01-05\ne: 12:30\n",
        "a: 1.5\nb: -3\nc: 1e3\nd: .5\ne: 5.\nf: -0.0\ng: 1_000\n",
        "a: true\nb: false\nc: null\nd:\ne: ''\n",
        "a: |\n  lit\n   kept\n\nb: >-\n  folded\n  text\n\n  para\nc: |+\n  keep\n\n",
        "a: \"esc \\\" \\\\ \\t \\n é 😀\"\nb: 'it''s'\n",
        "a: plain\n  continued\n  lines\n",
        "a: {b: [c, {d: e}], f: []}\n",
        "R&D: Sales & Marketing *not an alias*\nx: '**bold** and ?'\n",
        "a: b\r\nc:\r\n  - d\r\n",
        "\ufeffa: 1\n",
    ],
)
def test_ordinary_yaml_is_read_fast_and_identically(text: str) -> None:
    decoded = text.encode("utf-8").decode("utf-8-sig")
    fast = _fast(decoded)
    assert fast is not yamlfast.NOT_SURE
    assert repr(fast) == repr(_located(decoded))


SCALARS = st.one_of(
    st.sampled_from(
        [
            "x",
            "No",
            "yes",
            "~",
            "null",
            "Null",
            "true",
            "True",
            "FALSE",
            "0",
            "007",
            "-1",
            "+1",
            "1.5",
            ".5",
            "5.",
            "1e3",
            "1E-3",
            ".inf",
            "-.Inf",
            ".nan",
            "0x1F",
            "0o17",
            "0b1",
            "1_0",
            "12:30",
            "2024-01-05",
            "a: b",
            "a #b",
            "- x",
            "[x]",
            "{x}",
            "&a",
            "*a",
            "!t",
            "'q'",
            '"q"',
            "é",
            "😀",
            "",
            " ",
            "#",
            "%",
            "@x",
            "`x`",
            "|",
            ">",
            "\\",
        ]
    ),
    st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=0x2FF), max_size=12),
)


def _render_scalar(value: str, style: int) -> str:
    if style == 0:
        return value
    if style == 1:
        return "'" + value.replace("'", "''") + "'"
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


@st.composite
def documents(draw: st.DrawFn) -> str:
    lines: list[str] = []

    def node(indent: int, depth: int) -> list[str]:
        choice = draw(st.integers(0, 4 if depth < 3 else 1))
        pad = " " * indent
        if choice <= 1:
            return [_render_scalar(draw(SCALARS), draw(st.integers(0, 2)))]
        if choice == 2:
            items = draw(st.lists(SCALARS, max_size=3))
            return [
                "[" + ", ".join(_render_scalar(i, draw(st.integers(0, 2))) for i in items) + "]"
            ]
        if choice == 3:
            out = [""]
            for _ in range(draw(st.integers(1, 3))):
                child = node(indent + 2, depth + 1)
                out.append(f"{pad}- {child[0]}")
                out.extend(child[1:])
            return out
        out = [""]
        for _ in range(draw(st.integers(1, 3))):
            key = _render_scalar(draw(SCALARS), draw(st.integers(0, 2)))
            child = node(indent + 2, depth + 1)
            out.append(f"{pad}{key}: {child[0]}")
            out.extend(child[1:])
        return out

    for _ in range(draw(st.integers(1, 4))):
        key = _render_scalar(draw(SCALARS), draw(st.integers(0, 2)))
        child = node(2, 1)
        lines.append(f"{key}: {child[0]}")
        lines.extend(child[1:])
    return "\n".join(lines) + "\n"


@settings(
    max_examples=1500, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck)
)
@given(documents())
def test_generated_yaml_fast_read_never_differs_from_the_located_read(text: str) -> None:
    fast = _fast(text)
    if fast is yamlfast.NOT_SURE:
        return
    try:
        located = _located(text)
    except YamlProblem as problem:
        pytest.fail(f"fast reader accepted what the located reader rejects: {problem.message}")
    assert repr(fast) == repr(located)


def test_deep_nesting_goes_to_the_located_reader_which_reports_it() -> None:
    text = "".join(" " * (2 * i) + f"k{i}:\n" for i in range(80)) + " " * 160 + "v: 1\n"
    assert _fast(text) is yamlfast.NOT_SURE
    with pytest.raises(YamlProblem, match="deeper than"):
        yamlread.read(text)


def test_positions_of_a_fast_read_file_are_found_when_a_finding_needs_them(tmp_path: Path) -> None:
    root = write_catalog(
        tmp_path / "c", {"queues.yaml": "queues:\n  - id: q\n    name: Q\n    role: nobody\n"}
    )
    found = [d for d in lint(root, Config())[1] if d.code == "LA020"]
    assert found and (found[0].line, found[0].column) == (4, 11)


@pytest.mark.slow
def test_the_fast_readers_own_error_output_never_reaches_the_user(tmp_path: Path) -> None:
    root = write_catalog(tmp_path / "c", {"broken.yaml": "queues: [unclosed\n  - x: {\n"})
    result = run_cli("lint", str(root), cwd=tmp_path)
    assert result.returncode == 1
    assert "ERROR: [parse]" not in result.stderr + result.stdout
    assert "LA001" in result.stdout
