"""Bounds that bound: time, memory and output stay in proportion whatever a catalog holds,
and only regular files are read (a FIFO named `*.yaml` used to hang the lint forever)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from leadarch.core.files import NotRegular, read_regular

from tests.catalogs import write_catalog
from tests.conftest import run_cli

pytestmark = pytest.mark.slow  # builds, subprocesses or servers in every test

HERE = {"LEADARCH_NO_SERVER": "1"}


def _run_measured(args: list[str], cwd: Path, timeout: float = 120) -> tuple[int, bytes, float]:
    """Exit code, stdout and peak RSS in MB of `leadarch ARGS` in a child process."""
    process = subprocess.Popen(
        [sys.executable, "-m", "leadarch", *args],
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env={**os.environ, **HERE},
    )
    out: list[bytes] = []
    reader = threading.Thread(target=lambda: out.append(process.stdout.read()))  # type: ignore[union-attr]
    reader.start()
    reader.join(timeout)
    if reader.is_alive():
        process.kill()
        raise AssertionError(f"leadarch {' '.join(args)} did not end within {timeout} s")
    process.stdout.close()  # type: ignore[union-attr]
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    return process.returncode, out[0], usage.ru_maxrss / 1024


def test_a_ten_megabyte_list_of_numbers_ends_quickly_small_and_in_three_lines(
    tmp_path: Path,
) -> None:
    """It took 125 s and 6 GB and printed 3.5 million findings (599 MB)."""
    line = "1, " * 300
    count = (10 * 1024 * 1024 - 100) // (len(line) + 1)
    write_catalog(
        tmp_path / "catalog", {"m.yaml": "metrics: [" + "\n".join([line] * count) + "1]\n"}
    )
    code, out, peak = _run_measured(["lint", "--no-cache"], tmp_path)
    text = out.decode()
    assert code == 1 and "LA005" in text and "more than 500,000 keys, values and items" in text
    assert len(out) < 2_000, text[:500]
    assert peak < 500, f"peak RSS {peak:.0f} MB"


def _references(n: int) -> str:
    rows = [f"  - {{id: q{i}, name: Q{i}, role: nobody_{i}, description: Q.}}" for i in range(n)]
    return "queues:\n" + "\n".join(rows) + "\n"


def test_findings_are_capped_per_code_in_every_format(tmp_path: Path) -> None:
    write_catalog(tmp_path / "catalog", {"q.yaml": _references(250)})
    text = run_cli("lint", cwd=tmp_path, env=HERE)
    assert text.returncode == 1
    lines = text.stdout.splitlines()
    assert sum(": LA020 error:" in line for line in lines) == 100
    assert "… and 150 more LA020 findings" in text.stdout
    assert "… and 150 more LA053 findings" in text.stdout  # each queue also lacks an SLA
    assert lines[-1].startswith("Found 500 errors")
    data = json.loads(run_cli("lint", "--format", "json", cwd=tmp_path, env=HERE).stdout)
    assert len([d for d in data["diagnostics"] if d["code"] == "LA020"]) == 100
    assert data["summary"]["errors"] == 500 and data["summary"]["truncated"] == 300
    sarif = json.loads(run_cli("lint", "--format", "sarif", cwd=tmp_path, env=HERE).stdout)
    run = sarif["runs"][0]
    assert len([r for r in run["results"] if r["ruleId"] == "LA020"]) == 100
    assert run["properties"]["truncated"] == 300
    github = run_cli("lint", "--format", "github", cwd=tmp_path, env=HERE).stdout
    assert github.count("::error ") == 200 and "300 more findings are not annotated" in github
    (tmp_path / "pyproject.toml").write_text("[tool.leadarch]\nmax_findings_per_code = 300\n")
    assert "more LA020" not in run_cli("lint", cwd=tmp_path, env=HERE).stdout


def test_entities_are_capped_per_file_and_in_all(tmp_path: Path) -> None:
    write_catalog(tmp_path / "catalog", {"q.yaml": _references(30)})
    (tmp_path / "pyproject.toml").write_text("[tool.leadarch]\nmax_entities_per_file = 20\n")
    per_file = run_cli("lint", cwd=tmp_path, env=HERE)
    assert per_file.returncode == 1
    assert "catalog/q.yaml:1:1: LA005 error: the file holds 30 entries, above the limit of 20" in (
        per_file.stdout
    )
    assert "LA020" not in per_file.stdout  # none of its entries is checked
    (tmp_path / "pyproject.toml").write_text("[tool.leadarch]\nmax_entities = 40\n")
    in_all = run_cli("lint", cwd=tmp_path, env=HERE)
    assert in_all.returncode == 2 and "more than 40 entries" in in_all.stderr
    (tmp_path / "pyproject.toml").write_text("[tool.leadarch]\nmax_catalog_bytes = 1000\n")
    in_bytes = run_cli("lint", cwd=tmp_path, env=HERE)
    assert in_bytes.returncode == 2 and "above the limit of 1,000" in in_bytes.stderr
    assert "Traceback" not in in_all.stderr + in_bytes.stderr


@pytest.mark.parametrize("value", ["0", "-5", '"many"', "true", "1.5"])
def test_a_bad_limit_is_a_clear_configuration_error(tmp_path: Path, value: str) -> None:
    write_catalog(tmp_path / "catalog")
    (tmp_path / "pyproject.toml").write_text(f"[tool.leadarch]\nmax_entities = {value}\n")
    result = run_cli("lint", cwd=tmp_path, env=HERE)
    assert result.returncode == 2
    assert "max_entities must be a whole number of at least 1" in result.stderr


def test_a_fifo_a_socket_and_a_link_to_a_fifo_are_findings_not_hangs(tmp_path: Path) -> None:
    catalog = write_catalog(tmp_path / "catalog")
    os.mkfifo(catalog / "pipe.yaml")
    os.symlink("pipe.yaml", catalog / "link.yaml")
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(str(catalog / "sock.yaml"))
    try:
        result = run_cli("lint", cwd=tmp_path, env=HERE, timeout=30)
    finally:
        listener.close()
    assert result.returncode == 1, result.stdout + result.stderr
    assert (
        "catalog/pipe.yaml:1:1: LA005 error: pipe.yaml is a named pipe (FIFO), not a regular file"
        in result.stdout
    )
    assert "catalog/link.yaml:1:1: LA005 error: link.yaml is a named pipe (FIFO)" in result.stdout
    assert "catalog/sock.yaml:1:1: LA005 error: sock.yaml is a socket" in result.stdout


def test_a_fifo_does_not_hang_the_lint_server(tmp_path: Path) -> None:
    catalog = write_catalog(tmp_path / "catalog")
    assert run_cli("server", "start", cwd=tmp_path).returncode == 0
    try:
        os.mkfifo(catalog / "pipe.yaml")
        result = run_cli("lint", cwd=tmp_path, timeout=30)
        assert result.returncode == 1 and "LA005" in result.stdout
        status = run_cli("server", "status", cwd=tmp_path, timeout=30)
        assert status.returncode == 0 and "answered 1 lints" in status.stdout
    finally:
        run_cli("server", "stop", cwd=tmp_path)


def test_exports_and_files_swapped_for_a_fifo_are_refused(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "Lead.describe.json")
    write_catalog(tmp_path / "catalog")
    for command in ("import", "drift"):
        result = run_cli(
            command, "salesforce", "Lead.describe.json", cwd=tmp_path, env=HERE, timeout=30
        )
        assert (
            result.returncode == 2 and "is a named pipe (FIFO), not a regular file" in result.stderr
        )
    with pytest.raises(NotRegular):  # swapped in after the folder was listed: the read refuses
        read_regular(tmp_path / "Lead.describe.json", 1000)
    with pytest.raises(NotRegular):
        read_regular(Path("/dev/zero"), 1000)
