"""`leadarch route` and `leadarch score` with sample leads in CSV, YAML and JSON."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import REPO, run_cli

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
