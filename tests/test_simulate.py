"""`leadarch route` and `leadarch score` with sample leads in CSV, YAML and JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import REPO, run_cli

pytestmark = pytest.mark.slow  # builds, subprocesses or servers in every test

CSV = """name,Lead.Email,Lead.Region__c,Lead.Segment__c,Lead.Demo_Requested__c,activities
Ana,ana@bank.example,NA,Enterprise,true,demo_request;web_visit
Bo,bo@gmail.com,EMEA,SMB,false,content_download
Cy,cy@firm.example,,,false,
"""


def test_route_csv_with_coverage(tmp_path: Path) -> None:
    leads = tmp_path / "leads.csv"
    leads.write_text(CSV)
    result = run_cli("route", str(leads), "--coverage", cwd=REPO)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "Ana: rule 30 enterprise_demo → role ae",
        "Bo: rule 5 personal_email → queue lead_review",
        "Cy: rule 999 fallback → queue lead_review",
        "Not exercised by any example or sample lead: region_apac",
    ]


def test_score_yaml_breakdown(tmp_path: Path) -> None:
    leads = tmp_path / "leads.yaml"
    leads.write_text(
        "leads:\n  - {name: Ana, Lead.Segment__c: Enterprise, Lead.Region__c: NA, activities: [demo_request]}\n"
    )
    result = run_cli("score", str(leads), cwd=REPO)
    assert result.stdout.splitlines() == [
        "Ana:",
        "  engagement_score: 60 → mql  (demo_request +60)",
        "  fit_score: 35  (Lead.Segment__c +30; Lead.Region__c +5)",
    ]


def test_json_leads_and_bad_files(tmp_path: Path) -> None:
    leads = tmp_path / "leads.json"
    leads.write_text(json.dumps([{"Lead.Region__c": "EMEA", "Lead.Email": "x@corp.example"}]))
    assert (
        run_cli("route", str(leads), cwd=REPO).stdout
        == "x@corp.example: rule 70 region_emea → queue sdr_emea\n"
    )
    leads.write_text("{not json")
    bad = run_cli("route", str(leads), cwd=REPO)
    assert (
        bad.returncode == 2
        and "cannot read the sample leads" in bad.stderr
        and "Traceback" not in bad.stderr
    )


def test_json_lines_give_the_same_answers_as_csv(tmp_path: Path) -> None:
    rows = [
        {
            "name": "Ana",
            "Lead.Region__c": "NA",
            "Lead.Segment__c": "Enterprise",
            "Lead.Demo_Requested__c": True,
            "activities": ["demo_request"],
        },
        {"name": "Bo", "Lead.Email": "bo@gmail.com", "Lead.Region__c": "EMEA"},
    ]
    (tmp_path / "leads.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows) + "\n")
    (tmp_path / "leads.json").write_text(json.dumps(rows))
    for command in ("route", "score"):
        lines = run_cli(command, str(tmp_path / "leads.jsonl"), cwd=REPO)
        whole = run_cli(command, str(tmp_path / "leads.json"), cwd=REPO)
        assert lines.returncode == 0 and lines.stdout == whole.stdout, lines.stderr


def test_leads_stream_in_and_answers_stream_out(tmp_path: Path) -> None:
    """The answer for the first lead arrives while standard input is still open."""
    import subprocess
    import sys

    process = subprocess.Popen(
        [sys.executable, "-m", "leadarch", "route", "-", "--input-format", "jsonl"],
        cwd=REPO,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        bufsize=1,
        env={**__import__("os").environ, "PYTHONUNBUFFERED": "1"},
    )
    assert process.stdin is not None and process.stdout is not None
    try:
        process.stdin.write(json.dumps({"name": "First", "Lead.Region__c": "EMEA"}) + "\n")
        process.stdin.flush()
        assert process.stdout.readline() == "First: rule 70 region_emea → queue sdr_emea\n"
        process.stdin.write(json.dumps({"name": "Second"}) + "\n")
        process.stdin.close()
        assert process.stdout.readline().startswith("Second: rule 999 fallback")
    finally:
        process.kill()
        process.wait()
        process.stdout.close()


def test_bad_sample_files_are_located_and_never_a_traceback(tmp_path: Path) -> None:
    cases = {
        "rows.csv": (
            "name,Lead.Region__c\nA,NA\nB,EMEA,extra\n",
            "rows.csv:3: more values than the header has columns",
        ),
        "lines.jsonl": ('{"name": "A"}\n[1, 2]\n', "lines.jsonl:2: expected a lead"),
        "broken.jsonl": ('{"name": "A"}\n{"name": \n', "broken.jsonl:2: not a JSON object"),
        "long.jsonl": (
            '{"name": "' + "x" * (1 << 21) + '"}\n',
            "long.jsonl:1: the line is longer than 1,048,576 bytes",
        ),
        "latin.csv": (b"name\nJos\xe9\n", "latin.csv:2:4: not UTF-8 text (byte 0xe9)"),
        "leads.txt": ("name\nA\n", "give sample leads as .csv, .jsonl, .json or .yaml"),
    }
    for name, (content, said) in cases.items():
        path = tmp_path / name
        path.write_bytes(content if isinstance(content, bytes) else content.encode())
        result = run_cli("route", str(path), cwd=REPO)
        assert result.returncode == 2 and said in result.stderr, (name, result.stderr)
        assert "Traceback" not in result.stderr
    folder = run_cli("route", str(tmp_path), "--input-format", "csv", cwd=REPO)
    assert folder.returncode == 2 and "is a folder, not a file of sample leads" in folder.stderr
