"""How much a catalog may hold and how much a report may say: bounds that keep a lint's
time, memory and output in proportion, whatever a file contains.

Set in `[tool.leadarch]`; the defaults are far above any real lead process (the
enterprise benchmark holds 6,690 entities in 1.4 MB) and far below what would exhaust a
laptop. The bounds of a single file's YAML (size, lines, nesting, nodes, aliases) are
fixed in `leadarch.core.yamlread.read`: they key the parse cache.
"""

from __future__ import annotations

from typing import Any

from leadarch.core.records import dataclass, fields


@dataclass(frozen=True)
class Limits:
    max_catalog_bytes: int = 64 * 1024 * 1024  # all files together; beyond: exit 2
    max_entities_per_file: int = 20_000  # beyond: LA005, and the file's entities are left out
    max_entities: int = 100_000  # all files together; beyond: exit 2
    max_findings_per_code: int = 100  # shown per rule code; the rest are counted


KEYS = frozenset(f.name for f in fields(Limits))


def parse_limits(table: dict[str, Any], where: str) -> Limits:
    """The limits set in a `[tool.leadarch]` table (other keys are not looked at)."""
    values = {}
    for key in KEYS & set(table):
        value = table[key]
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ValueError(f"{where}: {key} must be a whole number of at least 1, not {value!r}")
        values[key] = value
    return Limits(**values)
