"""Bad input of every kind: a located diagnostic, exit 1 or 2, no traceback, files untouched."""

from __future__ import annotations

import hashlib
import time
from pathlib import Path

import pytest
from leadarch.core.yamlread import located as yamlsafe
from leadarch.core.yamlread.problems import YamlProblem
from leadarch.lint.config import Config
from leadarch.lint.engine import lint

from tests.catalogs import write_catalog
from tests.conftest import run_cli

BILLION_LAUGHS = """\
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
"""

BAD_INPUTS: dict[str, tuple[bytes, str, int, int]] = {
    # name: (file content, code, line, column)
    "syntax": (b"teams:\n  - id: t\n    name: [unclosed\n", "LA001", 4, 1),
    "tab-indent": (b"teams:\n\t- id: t\n", "LA001", 2, 1),
    "duplicate-key": (b"teams:\n  - id: t\n    id: u\n", "LA003", 3, 5),
    "python-tag": (b"teams: !!python/object/apply:os.system ['echo pwned']\n", "LA004", 1, 8),
    "custom-tag": (b"teams:\n  - !include other.yaml\n", "LA004", 2, 5),
    "not-utf8": (b"teams:\n  - {id: t, name: caf\xe9}\n", "LA002", 2, 22),
    "utf16": ("teams: []\n".encode("utf-16"), "LA002", 1, 1),
    "unknown-top-level": (b"team:\n  - id: t\n", "LA013", 1, 1),
    "not-a-mapping": (b"- id: t\n", "LA010", 1, 1),
    "kind-not-a-list": (b"teams: {id: t}\n", "LA010", 1, 8),
    "two-documents": (b"teams: []\n---\nroles: []\n", "LA001", 2, 1),
    "recursive-alias": (b"teams: &x [*x]\n", "LA005", 1, 8),
    "billion-laughs": (BILLION_LAUGHS.encode(), "LA005", 6, 4),
    "deep-flow-nesting": (b"teams: " + b"[\n " * 100_000 + b"]\n" * 100_000, "LA005", 64, 2),
    "long-line": (b"teams:\n  - id: t\n    name: " + b"x" * 30_000 + b"\n", "LA005", 3, 20_001),
    "deep-block-nesting": (
        b"teams:\n" + b"".join(b"  " * i + b"- \n" for i in range(200)),
        "LA005",
        65,
        127,
    ),
    "complex-key": (b"? [a, b]\n: c\n", "LA001", 1, 3),
}


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_bad_input_is_a_located_diagnostic(name: str, in_tmp: Path) -> None:
    content, code, line, column = BAD_INPUTS[name]
    root = write_catalog(in_tmp / "cat", {"bad.yaml": content})
    before = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in root.iterdir()}
    started = time.perf_counter()
    result = run_cli("lint", "cat", "--format", "json", cwd=in_tmp)
    elapsed = time.perf_counter() - started
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    import json

    found = [
        (d["code"], d["path"], d["line"], d["column"])
        for d in json.loads(result.stdout)["diagnostics"]
    ]
    assert (code, "cat/bad.yaml", line, column) in found, found
    assert {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in root.iterdir()} == before
    assert elapsed < 10


def test_billion_laughs_finishes_fast() -> None:
    started = time.perf_counter()
    with pytest.raises(YamlProblem) as caught:
        yamlsafe.parse(BILLION_LAUGHS)
    assert time.perf_counter() - started < 0.5
    assert caught.value.code == "LA005"
    assert "alias" in caught.value.message


def test_size_limit(in_tmp: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = write_catalog(in_tmp / "cat", {"big.yaml": "teams: []\n" + "# padding\n" * 200})
    monkeypatch.setattr("leadarch.core.loader.MAX_FILE_BYTES", 1000)
    _, diagnostics = lint(root, Config(select=("LA005",)))
    assert [(d.path, d.line, d.code) for d in diagnostics] == [("cat/big.yaml", 1, "LA005")]
    assert "above the limit" in diagnostics[0].message


def test_bom_and_crlf_are_fine(in_tmp: Path) -> None:
    text = "teams:\r\n  - id: t2\r\n    name: T2\r\n    description: With BOM and CRLF.\r\n"
    root = write_catalog(in_tmp / "cat", {"bom.yaml": "\ufeff".encode() + text.encode()})
    _, diagnostics = lint(root, Config())
    assert diagnostics == []


def test_yaml_12_scalars() -> None:
    parsed = yamlsafe.parse(
        "a: no\nb: yes\nc: 2026-01-01\nd: true\ne: 0x10\nf: 1.5\ng: ~\nh: '007'\n"
    )
    assert parsed.data == {
        "a": "no",
        "b": "yes",
        "c": "2026-01-01",
        "d": True,
        "e": 16,
        "f": 1.5,
        "g": None,
        "h": "007",
    }


def test_merge_keys_and_anchors() -> None:
    parsed = yamlsafe.parse("base: &b {owner: sdr, pii: true}\nfield:\n  <<: *b\n  pii: false\n")
    assert parsed.data["field"] == {"pii": False, "owner": "sdr"}
    assert parsed.positions.values[("field", "owner")] == (1, 18)


def test_positions_are_one_based_at_the_node() -> None:
    parsed = yamlsafe.parse("stages:\n  - id: mql\n    owner: sdr\n")
    assert parsed.positions.values[("stages", 0, "owner")] == (3, 12)
    assert parsed.positions.keys[("stages", 0, "owner")] == (3, 5)
    assert parsed.positions.find(("stages", 0, "missing", 3)) == (2, 5)


def test_symlink_outside_is_not_followed(in_tmp: Path) -> None:
    outside = in_tmp / "secret.yaml"
    outside.write_text("teams: [{id: leak, name: Leak, description: Outside.}]\n")
    root = write_catalog(in_tmp / "cat")
    (root / "link.yaml").symlink_to(outside)
    catalog, diagnostics = lint(root, Config())
    assert [(d.path, d.code) for d in diagnostics] == [("cat/link.yaml", "LA005")]
    assert "team:leak" not in catalog.known


def test_symlink_inside_is_read(in_tmp: Path) -> None:
    root = write_catalog(
        in_tmp / "cat", {"sub/extra.yaml": "teams: [{id: t2, name: T2, description: D.}]\n"}
    )
    (root / "alias").symlink_to(root / "sub")
    catalog, diagnostics = lint(root, Config())
    assert diagnostics == []
    assert "team:t2" in catalog.known


def test_errors_do_not_stop_the_run(in_tmp: Path) -> None:
    """A broken file is reported and every other file is still checked."""
    root = write_catalog(
        in_tmp / "cat",
        {
            "a_bad.yaml": "teams: [\n",
            "z.yaml": "queues:\n  - {id: q2, name: Q, role: nobody, sla: sla_mql, description: Q.}\n",
        },
    )
    _, diagnostics = lint(root, Config())
    assert [(d.path, d.code) for d in diagnostics] == [
        ("cat/a_bad.yaml", "LA001"),
        ("cat/z.yaml", "LA020"),
    ]


def test_invalid_entity_does_not_cascade(in_tmp: Path) -> None:
    """An entity with a schema error keeps its id: references to it are not reported too."""
    root = write_catalog(
        in_tmp / "cat",
        {
            "x.yaml": "roles:\n  - {id: csm, name: CSM, team: sales, description: C., colour: red}\nplaybooks:\n  - {id: csm_book, role: csm, title: CSM, summary: S.}\n"
        },
    )
    _, diagnostics = lint(root, Config())
    assert [(d.code, d.line) for d in diagnostics] == [("LA013", 2)]
