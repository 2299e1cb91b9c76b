"""Generators of hostile and broken catalogs, shared by the property tests and the long run."""

from __future__ import annotations

import json
import random
from pathlib import Path

from hypothesis import strategies as st
from leadarch.errors import CannotRun
from leadarch.lint.config import Config
from leadarch.lint.engine import lint

from tests.catalogs import BASE

METACHARACTERS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "{{ 7*7 }}",
    "{% raw %}",
    "{# x #}",
    '"];end;click n0 call alert(1)',
    "C# notes;",
    "#60;",
    "&lt;b&gt;",
    "[x](javascript:alert(1))",
    "`code`",
    "| table |",
    "**bold**",
    "\\",
    "---",
    "\u202e",
    "\u0000",
    "\x07",
    "😀",
    "中文",
    "%% link n0 https://evil.example",
]
hostile_text = st.one_of(
    st.sampled_from(METACHARACTERS),
    st.text(min_size=0, max_size=60),
    st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x2FFF), max_size=30),
    st.builds(lambda a, b: a + b, st.sampled_from(METACHARACTERS), st.text(max_size=20)),
    st.text(min_size=500, max_size=3000).map(lambda t: t * 2),
)
SLOTS = [
    ("org.yaml", "description: Sells."),
    ("org.yaml", "name: Sales,"),
    ("stages.yaml", "definition: Captured."),
    ("stages.yaml", "name: MQL\n"),
    ("fields.yaml", "label: Status"),
    ("routing.yaml", "description: NA leads."),
    ("scoring.yaml", "description: Fit."),
]


def _slot_value(text: str, key_line: str, raw: bool) -> str:
    key = key_line.split(":")[0]
    value = text if raw else json.dumps(text, ensure_ascii=False)
    trailing = "," if key_line.endswith(",") else ("\n" if key_line.endswith("\n") else "")
    return f"{key}: {value}{trailing}"


def catalog_with_text(text: str, slot: int, raw: bool) -> dict[str, str]:
    """The base catalog with `text` in one text slot, JSON-quoted (valid YAML) or raw (any)."""
    name, key_line = SLOTS[slot % len(SLOTS)]
    files = dict(BASE)
    files[name] = files[name].replace(key_line, _slot_value(text, key_line, raw), 1)
    return files


def mutate(text: str, rng: random.Random) -> str:
    """Delete, duplicate or swap a line, or flip a byte: what half-saved editors leave behind."""
    lines = text.splitlines(keepends=True) or [""]
    choice = rng.randrange(4)
    i = rng.randrange(len(lines))
    if choice == 0:
        del lines[i]
    elif choice == 1:
        lines.insert(i, lines[i])
    elif choice == 2:
        j = rng.randrange(len(lines))
        lines[i], lines[j] = lines[j], lines[i]
    else:
        raw = bytearray("".join(lines).encode("utf-8", errors="surrogateescape"))
        if raw:
            k = rng.randrange(len(raw))
            raw[k] ^= 1 << rng.randrange(8)
        return raw.decode("utf-8", errors="surrogateescape")
    return "".join(lines)


def write_files(root: Path, files: dict[str, str]) -> None:
    root.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(text.encode("utf-8", errors="surrogateescape"))


def lint_ok(root: Path) -> tuple[int, list[str]]:
    """Lint in-process; returns the exit code the CLI would give and the diagnostic lines.
    Raises if anything but a located diagnostic or a clear usage error comes out."""
    try:
        _, diagnostics = lint(root, Config())
    except CannotRun:
        return 2, []
    for d in diagnostics:
        assert d.line >= 1 and d.column >= 1 and d.path and d.code.startswith("LA"), d
    return (1 if any(d.severity.value == "error" for d in diagnostics) else 0), [
        str(d) for d in diagnostics
    ]
