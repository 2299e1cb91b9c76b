"""DuckDB, imported on use: it is the `measure` extra, and the lint never pays for it."""

from __future__ import annotations

from types import ModuleType

from leadarch.errors import CannotRun


def duckdb_module() -> ModuleType:
    try:
        import duckdb
    except ImportError:
        raise CannotRun(
            "leadarch measure needs DuckDB, which the lint does not install",
            ("pip install 'leadarch[measure]'",),
        ) from None
    return duckdb
