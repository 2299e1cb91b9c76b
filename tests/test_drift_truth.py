"""Drift on real exports, pair by pair: every catalog (the example, and one imported from
each real describe and HubSpot listing) against every real export of its CRM, each pair's
differences recorded in tests/golden/drift-truth/ — kind, field and message, one line
each, no other line — and summed up by kind in tests/golden/drift-truth/SUMMARY.md.

What makes each kind of line true is checked here without leadarch, from the export
itself (`test_every_value_difference_is_true_by_the_export_itself`); the summary was read
by hand (see its notes). Record again on purpose:
`LEADARCH_REFRESH_GOLDEN=1 python -m pytest -m golden`.
"""

from __future__ import annotations

import io
import json
import shutil
import xml.etree.ElementTree as ET
from collections import Counter
from functools import cache
from pathlib import Path

import pytest
from leadarch.cli import run

from tests.golden import GOLDEN, REALDATA, REFRESH, compare_or_refresh

pytestmark = [pytest.mark.golden, pytest.mark.slow]  # 46 imports and drifts: the full run

TRUTH = GOLDEN / "drift-truth"
SF = REALDATA / "salesforce"
HS = REALDATA / "hubspot"
REPO = Path(__file__).resolve().parents[1]

# name → (source, export, extra arguments)
EXPORTS: dict[str, tuple[str, Path, tuple[str, ...]]] = {
    **{
        f"describe-{o.lower()}": ("salesforce", SF / "describe" / f"{o}.describe.raw.json", ())
        for o in ("Lead", "Contact", "Opportunity", "Account")
    },
    "metadata-octoforce": ("salesforce-metadata", SF / "metadata_octoforce", ()),
    "metadata-npsp": ("salesforce-metadata", SF / "metadata_npsp_trial", ()),
    "hubspot-contacts": ("hubspot", HS / "contact_properties_v1_demo_portal_2016.raw.json", ()),
    "hubspot-companies": (
        "hubspot",
        HS / "company_properties_v1_test_portal.raw.json",
        ("--object", "companies"),
    ),
    "hubspot-v3": (
        "hubspot",
        HS / "crm_v3_properties_get_all_response_example.hubspot_docs.json",
        (),
    ),
    "hubspot-pipelines": ("hubspot", HS / "deal_pipelines_v1_demo_portal.raw.json", ()),
}
# catalog name → the exports it was imported from (none: the example)
CATALOGS: dict[str, tuple[str, ...]] = {
    "example": (),
    **{
        f"from-{e}": (e,)
        for e in EXPORTS
        if e.startswith(("describe-", "hubspot-")) and e != "hubspot-pipelines"
    },
}


def _crm(name: str) -> str:
    return "hubspot" if EXPORTS[name][0] == "hubspot" else "salesforce"


PAIRS = [
    (catalog, export)
    for catalog, sources in CATALOGS.items()
    for export in EXPORTS
    if not sources or _crm(sources[0]) == _crm(export)
]


def _cli(cwd: Path, *argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(list(argv), cwd=cwd, env={}, stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


@cache
def _catalog(name: str, base: Path) -> Path:
    folder = base / name
    if name == "example":
        shutil.copytree(REPO / "catalog", folder / "catalog")
        return folder
    folder.mkdir(parents=True)
    for export in CATALOGS[name]:
        source, path, extra = EXPORTS[export]
        code, _, err = _cli(folder, "import", source, str(path), *extra)
        assert code == 0, err
    return folder


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("truth")


@cache  # three tests read each pair
def _drift(catalog: str, export: str, base: Path) -> list[dict[str, str]]:
    source, path, extra = EXPORTS[export]
    code, out, err = _cli(
        _catalog(catalog, base), "drift", source, str(path), *extra, "--format", "json"
    )
    assert code in (0, 1), err
    return list(json.loads(out)["drift"])


def _lines(found: list[dict[str, str]]) -> str:
    return "".join(f"{d['kind']}\t{d['field']}\t{d['message']}\n" for d in found)


@pytest.mark.parametrize(("catalog", "export"), PAIRS, ids=[f"{c}--{e}" for c, e in PAIRS])
def test_each_pair_finds_exactly_the_recorded_differences(
    catalog: str, export: str, base: Path
) -> None:
    compare_or_refresh(TRUTH / f"{catalog}--{export}.txt", _lines(_drift(catalog, export, base)))


def test_the_summary_counts_every_pair_by_kind(base: Path) -> None:
    kinds = sorted({k for c, e in PAIRS for k in Counter(d["kind"] for d in _drift(c, e, base))})
    rows = []
    for catalog, export in PAIRS:
        counts = Counter(d["kind"] for d in _drift(catalog, export, base))
        rows.append(
            f"| {catalog} | {export} | {sum(counts.values())} | "
            + " | ".join(str(counts.get(k, "")) for k in kinds)
            + " |"
        )
    table = "\n".join(
        [
            "| Catalog | Export | All | " + " | ".join(kinds) + " |",
            "|---|---|---:|" + "---:|" * len(kinds),
            *rows,
        ]
    )
    summary = TRUTH / "SUMMARY.md"
    text = summary.read_text(encoding="utf-8") if summary.exists() else ""
    start, end = "<!-- table:start -->", "<!-- table:end -->"
    if REFRESH and start not in text:
        text = f"# Drift on real exports\n\n{start}\n{end}\n"
    head, _, rest = text.partition(start)
    _, _, tail = rest.partition(end)
    compare_or_refresh(summary, f"{head}{start}\n{table}\n{end}{tail}")


def _values(path: Path) -> dict[str, set[str]]:
    """Field id → its values, read straight from a describe, a folder or a listing."""
    out: dict[str, set[str]] = {}
    if path.is_dir():
        ns = "{http://soap.sforce.com/2006/04/metadata}"
        users = {
            "LeadStatus": ["Lead.Status"],
            "OpportunityStage": ["Opportunity.StageName"],
            "LeadSource": ["Lead.LeadSource", "Contact.LeadSource", "Opportunity.LeadSource"],
            "Industry": ["Lead.Industry", "Account.Industry"],
            "AccountType": ["Account.Type"],
            "LeadRating": ["Lead.Rating"],
            "OpportunityType": ["Opportunity.Type"],
        }
        for file in [*path.rglob("*.standardValueSet-meta.xml"), *path.rglob("*.standardValueSet")]:
            names = {
                e.findtext(f"{ns}fullName") or ""
                for e in ET.parse(file).getroot().iter(f"{ns}standardValue")
            }
            for field in users.get(file.name.split(".")[0], []):
                out[field] = names
        return out
    data = json.loads(path.read_text(encoding="utf-8"))
    if isinstance(data, dict) and "fields" in data:
        for f in data["fields"]:
            if f.get("picklistValues"):
                out[f"{data['name']}.{f['name']}"] = {v["value"] for v in f["picklistValues"]}
    return out


def test_every_value_difference_is_true_by_the_export_itself(base: Path) -> None:
    """A `value-missing-in-catalog` line names a value the export holds and the catalog
    does not, and a `value-missing-in-crm` line the reverse — checked for the Salesforce
    pairs from the export's own bytes, not through leadarch's readers."""
    import yaml

    checked = 0
    for catalog, export in PAIRS:
        source, path, _ = EXPORTS[export]
        if source == "hubspot":
            continue
        theirs = _values(path)
        ours: dict[str, set[str]] = {}
        for file in (_catalog(catalog, base) / "catalog").rglob("*.yaml"):
            for f in (yaml.safe_load(file.read_text(encoding="utf-8")) or {}).get("fields") or []:
                vals = {
                    str(v["value"] if isinstance(v, dict) else v) for v in f.get("values") or []
                }
                ours[f"{f['object']}.{f['name']}"] = vals
        for d in _drift(catalog, export, base):
            if d["kind"] not in ("value-missing-in-catalog", "value-missing-in-crm"):
                continue
            value = d["message"].split("'")[1]
            field = d["field"]
            if d["kind"] == "value-missing-in-catalog":
                assert value in theirs[field] and value not in ours[field], d
            else:
                assert value in ours[field] and value not in theirs.get(field, {value + "?"}), d
            checked += 1
    assert checked > 50
