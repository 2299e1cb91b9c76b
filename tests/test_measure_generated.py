"""Generated CRM history with deviations injected at known rates (`bench/history.py`):
`leadarch measure` finds every injected deviation with its exact count and records, the
breached SLAs and the stuck leads — and nothing else."""

from __future__ import annotations

import importlib.util
import io
import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REPO

EXAMPLE = REPO / "catalog"


def _history_module() -> Any:
    spec = importlib.util.spec_from_file_location("bench_history", REPO / "bench" / "history.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _measure(cwd: Path, *files: str) -> dict[str, Any]:
    from leadarch.cli import run

    out, err = io.StringIO(), io.StringIO()
    code = run(
        ["measure", *files, "--catalog", str(EXAMPLE), "--format", "json"],
        cwd=cwd, env={}, stdout=out, stderr=err,
    )  # fmt: skip
    assert code == 0, err.getvalue()
    result: dict[str, Any] = json.loads(out.getvalue())
    return result


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    out = tmp_path_factory.mktemp("history")
    expected = _history_module().write_history(out, 1500, seed=11, rate=0.02)
    return out, expected


@pytest.fixture(scope="module")
def measured(generated: tuple[Path, dict[str, Any]]) -> dict[str, Any]:
    out, _ = generated
    files = ("LeadHistory.csv", "Task.csv", "OpportunityFieldHistory.csv", "contacts_history.json")
    return _measure(out, *files)


def _key(d: dict[str, Any]) -> tuple[str, ...]:
    return (d["kind"], *(str(d.get(k)) for k in ("from", "to", "stage", "value")))


def test_every_injected_deviation_and_nothing_else(
    generated: tuple[Path, dict[str, Any]], measured: dict[str, Any]
) -> None:
    _, expected = generated
    assert all(d["count"] == 30 for d in expected["deviations"])  # 2% of 1,500 leads each
    got = sorted(measured["conformance"]["deviations"], key=_key)
    assert got == sorted(expected["deviations"], key=_key)


def test_fitness_counts_the_injected_records_only(
    generated: tuple[Path, dict[str, Any]], measured: dict[str, Any]
) -> None:
    _, expected = generated
    deviating = sum(d["records"] for d in expected["deviations"])
    records = 1500 + 300 + 300  # leads, opportunities, HubSpot contacts
    assert measured["records"] == records
    assert measured["conformance"]["fitness"] == pytest.approx((records - deviating) / records)


def test_late_touches_are_the_breached_first_touch_slas(
    generated: tuple[Path, dict[str, Any]], measured: dict[str, Any]
) -> None:
    _, expected = generated
    sla = measured["slas"]["sla_mql_first_touch"]
    assert sla["breached"] == expected["first_touch_breached"] == 30
    assert sla["open"] == 0 and sla["met"] == sla["measured"] - 30


def test_the_stuck_leads_and_no_converted_one(
    generated: tuple[Path, dict[str, Any]], measured: dict[str, Any]
) -> None:
    _, expected = generated
    stuck = measured["stuck"]
    assert sorted(s["record"] for s in stuck) == expected["stuck"]
    assert {s["stage"] for s in stuck} == {"sal"}
    assert all(s["age_s"] > s["limit_s"] == 40 * 3600 for s in stuck)


def test_hubspot_history_table_reads_as_the_json(generated: tuple[Path, dict[str, Any]]) -> None:
    out, _ = generated
    assert _measure(out, "contact_property_history.csv") == _measure(out, "contacts_history.json")


def test_the_generator_is_deterministic(tmp_path: Path) -> None:
    history = _history_module()
    history.write_history(tmp_path / "a", 200, seed=3)
    history.write_history(tmp_path / "b", 200, seed=3)
    for name in ("LeadHistory.csv", "Task.csv", "contacts_history.json", "expected.json"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


@pytest.mark.slow
def test_a_large_export_keeps_its_file_order(tmp_path: Path) -> None:
    """A million rows are read on every core, in blocks: the rows must still be numbered,
    tie-broken and compared for order as the file has them. (DuckDB keeps a file's order
    when it copies it whole; filtered on the way in, it did not.)"""
    from leadarch.cli import run

    expected = _history_module().write_history(
        tmp_path, 180_000, seed=5, rate=0.01, leads_only=True
    )
    r = _measure(tmp_path, "LeadHistory.csv")
    kinds = {d["kind"] for d in r["conformance"]["deviations"]}
    assert "out-of-order" not in kinds
    assert {d["kind"] for d in expected["deviations"]} == kinds
    with (tmp_path / "LeadHistory.csv").open("rb") as handle:
        rows = sum(1 for _ in handle)
    with (tmp_path / "LeadHistory.csv").open("a", encoding="utf-8", newline="") as handle:
        handle.write(  # a last row, ended as csv.writer ends rows
            "017999999999999,005000000000001,someday,Text,Status,false,MQL,New,00Q000000000001\r\n"
        )
    out, err = io.StringIO(), io.StringIO()
    code = run(
        ["measure", "LeadHistory.csv", "--catalog", str(EXAMPLE)],
        cwd=tmp_path, env={}, stdout=out, stderr=err,
    )  # fmt: skip
    assert code == 2
    assert (
        f"LeadHistory.csv: row {rows + 1} (CreatedDate): 'someday' is not a timestamp"
        in err.getvalue()
    )
