"""Hostile history files: whatever bytes an export holds — a real export cut short,
mutated, or made up — `leadarch measure` ends with numbers (exit 0) or a located refusal
(exit 2), never a traceback, an internal error or a hang."""

from __future__ import annotations

import io
import json
import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import REPO
from tests.test_measure import GENERIC, LEAD_HISTORY, XES

EXAMPLE = REPO / "catalog"
pytestmark = pytest.mark.slow  # a few hundred measurements
SEEDS = {
    "events.csv": GENERIC,
    "LeadHistory.csv": LEAD_HISTORY,
    "log.xes": XES,
    "contacts.json": json.dumps(
        {
            "results": [
                {
                    "id": "1",
                    "propertiesWithHistory": {
                        "lifecyclestage": [{"value": "lead", "timestamp": "2026-03-02T09:00:00Z"}]
                    },
                }
            ]
        }
    ),
}


def _run(tmp: Path, name: str, body: bytes) -> tuple[int, str]:
    from leadarch.cli import run

    (tmp / name).write_bytes(body)
    out, err = io.StringIO(), io.StringIO()
    code = run(
        ["measure", name, "--catalog", str(EXAMPLE), "--format", "json"],
        cwd=tmp,
        env={},
        stdout=out,
        stderr=err,
    )
    return code, err.getvalue()


def _mutate(text: str, rng: random.Random) -> bytes:
    data = bytearray(text.encode())
    for _ in range(rng.randrange(1, 6)):
        what = rng.randrange(5)
        at = rng.randrange(len(data) + 1)
        if what == 0 and data:
            del data[at : at + rng.randrange(1, 20)]  # cut
        elif what == 1:
            data[at:at] = rng.choice(
                [b",", b'"', b"\n", b"\x00", b"<", b"{", b"]", b"\xff\xfe", b"9" * 30, b"Z"]
            )
        elif what == 2 and data:
            data[at : at + 1] = bytes([rng.randrange(256)])
        elif what == 3:
            data = data[: rng.randrange(len(data) + 1)]  # an export cut short
        else:
            data[at:at] = data[: rng.randrange(0, 40)]  # a repeated fragment
    return bytes(data)


@pytest.mark.parametrize("name", sorted(SEEDS))
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(seed=st.integers(0, 2**32))
def test_mutated_exports_end_in_numbers_or_a_located_refusal(
    tmp_path: Path, name: str, seed: int
) -> None:
    code, err = _run(tmp_path, name, _mutate(SEEDS[name], random.Random(seed)))
    assert code in (0, 2), err
    assert "internal error" not in err and "Traceback" not in err, err
    if code == 2:
        assert err.startswith(f"leadarch: {name}") or "the exports hold no events" in err, err


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(body=st.binary(max_size=400))
def test_made_up_bytes_are_refused_cleanly(tmp_path: Path, body: bytes) -> None:
    code, err = _run(tmp_path, "export.csv", body)
    assert code in (0, 2), err
    assert "internal error" not in err and "Traceback" not in err, err
