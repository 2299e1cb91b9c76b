"""The JSON Schemas of the catalog: where they live and how they are loaded (once)."""

from __future__ import annotations

import functools
import hashlib
import json
from pathlib import Path
from typing import Any

BASE_URI = "https://leadarch.dev/schemas/"  # identifiers only: nothing is fetched from it
FINGERPRINT_KEY = "x-leadarch-schemas"


@functools.cache
def schema_dir() -> Path:
    """The schemas shipped in the wheel, or the repository's `schemas/` in a source checkout."""
    package = Path(__file__).resolve().parents[1]  # a folder on disk: never a zip import
    shipped = package / "schemas"
    if shipped.is_dir():
        return shipped
    return package.parents[1] / "schemas"


@functools.cache
def fingerprint() -> str:
    """A digest of every schema's bytes: what a cached schema verdict was made against."""
    digest = hashlib.sha256()
    for path in sorted(schema_dir().glob("*.schema.json")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


@functools.cache
def all_schemas() -> dict[str, dict[str, Any]]:
    """Every schema by file name (`stage.schema.json`)."""
    out: dict[str, dict[str, Any]] = {}
    for path in sorted(schema_dir().glob("*.schema.json")):
        out[path.name] = json.loads(path.read_text(encoding="utf-8"))
    return out


def kind_schema(name: str) -> dict[str, Any]:
    return all_schemas()[f"{name}.schema.json"]


def resolve(node: dict[str, Any]) -> dict[str, Any]:
    """Follow a `$ref` into the common definitions (the only references kind schemas use)."""
    while "$ref" in node:
        target = node["$ref"]
        file, _, pointer = target.partition("#")
        doc = all_schemas()[file] if file else all_schemas()["common.schema.json"]
        for part in pointer.strip("/").split("/") if pointer else []:
            doc = doc[part]
        node = {**{k: v for k, v in node.items() if k != "$ref"}, **doc}
    return node


def bundled() -> dict[str, Any]:
    """The catalog-file schema as one self-contained document, for editors and other
    validators that cannot follow our cross-file `$ref`s offline: every other schema is
    embedded under `$defs/<kind>` and each reference rewritten to a local pointer."""
    docs = all_schemas()
    out: dict[str, Any] = _localised(docs["catalog.schema.json"], "catalog")
    out["$defs"] = {
        _stem(name): _localised(
            {k: v for k, v in doc.items() if k not in ("$id", "$schema")}, _stem(name)
        )
        for name, doc in docs.items()
        if name != "catalog.schema.json"
    }
    out["$id"] = BASE_URI + "catalog.bundled.schema.json"
    # which schema files it was made from: a repository's copy is checked by this alone
    out[FINGERPRINT_KEY] = fingerprint()
    return out


def _stem(name: str) -> str:
    return name.removesuffix(".schema.json")


def _localised(node: Any, current: str) -> Any:
    if isinstance(node, list):
        return [_localised(item, current) for item in node]
    if not isinstance(node, dict):
        return node
    out = {key: _localised(value, current) for key, value in node.items()}
    ref = out.get("$ref")
    if isinstance(ref, str):
        file, _, pointer = ref.partition("#")
        owner = _stem(file) if file else current
        prefix = "#" if owner == "catalog" else f"#/$defs/{owner}"
        out["$ref"] = prefix + pointer
    return out
