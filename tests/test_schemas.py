"""The schemas: valid 2020-12 schemas, documented, strict, shipped, and used by the catalog."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from leadarch.core.kinds import KINDS
from leadarch.core.schemas import all_schemas

from tests.conftest import REPO

SCHEMA_FILES = sorted((REPO / "schemas").glob("*.schema.json"))


@pytest.mark.parametrize("path", SCHEMA_FILES, ids=lambda p: p.name)
def test_schema_is_valid_against_the_meta_schema(path: Path) -> None:
    schema = json.loads(path.read_text())
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == f"https://leadarch.dev/schemas/{path.name}"


def _properties(node: Any, trail: str = "") -> list[tuple[str, dict[str, Any]]]:
    out = []
    if isinstance(node, dict):
        for name, sub in (node.get("properties") or {}).items():
            out.append((f"{trail}.{name}", sub))
        for key, sub in node.items():
            if key != "properties":
                out.extend(_properties(sub, f"{trail}/{key}"))
            else:
                for name, prop in sub.items():
                    out.extend(_properties(prop, f"{trail}.{name}"))
    elif isinstance(node, list):
        for i, sub in enumerate(node):
            out.extend(_properties(sub, f"{trail}[{i}]"))
    return out


@pytest.mark.parametrize("path", SCHEMA_FILES, ids=lambda p: p.name)
def test_every_property_has_title_and_description(path: Path) -> None:
    schema = json.loads(path.read_text())
    undocumented = [
        t for t, p in _properties(schema) if not (p.get("title") and p.get("description"))
    ]
    assert undocumented == []


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.name)
def test_one_schema_per_kind_rejecting_unknown_keys(kind: Any) -> None:
    schema = all_schemas()[f"{kind.name}.schema.json"]
    assert schema["additionalProperties"] is False
    assert schema["title"] and schema["description"]
    catalog = all_schemas()["catalog.schema.json"]
    assert catalog["properties"][kind.key]["items"] == {"$ref": f"{kind.name}.schema.json"}


def test_example_catalog_files_declare_their_schema() -> None:
    for path in sorted((REPO / "catalog").rglob("*.yaml")):
        first = path.read_text().splitlines()[0]
        expected = Path(
            "../" * (len(path.relative_to(REPO / "catalog").parts) - 1)
            + "../schemas/catalog.schema.json"
        )
        assert first == f"# yaml-language-server: $schema={expected.as_posix()}", path
        assert (path.parent / expected).resolve() == REPO / "schemas" / "catalog.schema.json"


@pytest.mark.slow
def test_schemas_ship_inside_the_wheel(tmp_path: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
            str(REPO),
        ],
        check=True,
        capture_output=True,
    )
    wheel = next(tmp_path.glob("leadarch-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    for path in SCHEMA_FILES:
        assert f"leadarch/schemas/{path.name}" in names
    assert "leadarch/lint/rules/unresolved_reference.py" in names
    assert "leadarch/wiki/assets/leadarch.js" in names


@pytest.mark.slow
def test_the_bundled_schema_is_self_contained_and_agrees_with_lint(tmp_path: Path) -> None:
    """`leadarch schema` is for editors and other validators: no reference leaves the file."""
    from leadarch.core.yamlread.read import read

    result = subprocess.run(
        [sys.executable, "-m", "leadarch", "schema"], capture_output=True, text=True, check=True
    )
    bundled = json.loads(result.stdout)
    Draft202012Validator.check_schema(bundled)
    refs = result.stdout.split('"$ref": ')[1:]
    assert refs and all(r.startswith('"#') for r in refs)
    validator = Draft202012Validator(bundled)  # no registry: a remote $ref would raise
    for path in sorted((REPO / "catalog").rglob("*.yaml")):
        data = read(path.read_text(encoding="utf-8")).data  # YAML 1.2: dates stay text
        assert not list(validator.iter_errors(data)), path
    broken = {"stages": [{"id": "x"}], "fields": [{"object": "Lead", "name": "X", "type": "nope"}]}
    messages = [e.message for e in validator.iter_errors(broken)]
    assert any("'name' is a required property" in m for m in messages)
    assert any("'nope' is not one of" in m for m in messages)
