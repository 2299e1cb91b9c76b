"""`leadarch route` / `leadarch score`: sample leads through the same evaluator as `examples`."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from leadarch.catalog import Catalog
from leadarch.diagnostics import Location
from leadarch.loader import CannotRun
from leadarch.model import Example, RoutingRule, ScoringModel
from leadarch.rules.example_mismatch import Router, score, threshold_stage
from leadarch.yamlsafe import YamlProblem, decode, parse


def read_leads(path: Path) -> list[dict[str, Any]]:
    """Sample leads from YAML (a list, or `leads:`), JSON, or CSV (one column per field id;
    an `activities` column holds activities separated by `;`)."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise CannotRun(f"cannot read {path}: {exc.strerror}") from None
    if path.suffix.lower() == ".csv":
        rows = list(csv.DictReader(io.StringIO(decode(raw))))
        return [_csv_lead(row) for row in rows]
    try:
        data = json.loads(raw) if path.suffix.lower() == ".json" else parse(decode(raw)).data
    except (YamlProblem, json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise CannotRun(
            f"{path}: cannot read the sample leads ({getattr(exc, 'message', exc)})"
        ) from None
    if isinstance(data, dict):
        data = data.get("leads", [data])
    if not isinstance(data, list) or not all(isinstance(d, dict) for d in data):
        raise CannotRun(f"{path}: expected a list of leads (mappings of field id → value)")
    return data


def _csv_lead(row: dict[str, str]) -> dict[str, Any]:
    lead: dict[str, Any] = {}
    for key, value in row.items():
        if key == "activities":
            lead["activities"] = [a.strip() for a in (value or "").split(";") if a.strip()]
        elif value not in ("", None):
            lead[key] = _number(value)
    return lead


def _number(text: str) -> Any:
    if text in ("true", "false"):
        return text == "true"
    try:
        return int(text)
    except ValueError:
        try:
            return float(text)
        except ValueError:
            return text


def _example(lead: dict[str, Any]) -> Example:
    fields = {k: v for k, v in lead.items() if k not in ("activities", "name")}
    return Example(
        Location("sample"),
        name=lead.get("name"),
        lead=fields,
        activities=tuple(lead.get("activities", ())),
    )


def _label(lead: dict[str, Any], n: int) -> str:
    return str(lead.get("name") or lead.get("Lead.Email") or f"lead {n}")


def simulate_routing(catalog: Catalog, leads: list[dict[str, Any]], coverage: bool) -> str:
    router = Router(catalog.of(RoutingRule))
    rules = router.rules
    lines, used = [], set()
    for n, lead in enumerate(leads, 1):
        matched = router.route(_example(lead).lead)
        if matched is None:
            lines.append(f"{_label(lead, n)}: no rule matches — the lead falls through routing")
            continue
        used.add(matched.id)
        target = ", ".join(f"{k} {v}" for k, v in matched.assign.items())
        lines.append(f"{_label(lead, n)}: rule {matched.priority} {matched.id} → {target}")
    if coverage:
        for example in (e for r in rules for e in r.examples):
            hit = router.route(example.lead)
            if hit is not None:
                used.add(hit.id)
        idle = [r.id for r in rules if r.id not in used]
        lines.append(
            "Not exercised by any example or sample lead: " + (", ".join(idle) if idle else "none")
        )
    return "\n".join(lines) + "\n"


def simulate_scoring(catalog: Catalog, leads: list[dict[str, Any]], coverage: bool) -> str:
    models = sorted(catalog.of(ScoringModel), key=lambda m: m.id)
    lines, hit = [], set()
    for n, lead in enumerate(leads, 1):
        example = _example(lead)
        lines.append(f"{_label(lead, n)}:")
        for model in models:
            points, parts = _breakdown(model, example, hit)
            stage = threshold_stage(model, points)
            lines.append(
                f"  {model.id}: {points}"
                + (f" → {stage}" if stage else "")
                + (f"  ({'; '.join(parts)})" if parts else "")
            )
    if coverage:
        for model in models:
            for example in model.examples:
                _breakdown(model, example, hit)
        idle = [
            f"{m.id}#{i + 1}"
            for m in models
            for i, _ in enumerate(m.criteria)
            if (m.id, i) not in hit
        ]
        lines.append(
            "Criteria not exercised by any example or sample lead: "
            + (", ".join(idle) if idle else "none")
        )
    return "\n".join(lines) + "\n"


def _breakdown(
    model: ScoringModel, example: Example, hit: set[tuple[str, int]]
) -> tuple[int, list[str]]:
    parts = []
    for i, criterion in enumerate(model.criteria):
        single = ScoringModel(model.where, id=model.id, criteria=(criterion,))
        if score(single, example):
            hit.add((model.id, i))
            parts.append(f"{criterion.field or criterion.activity} {criterion.points:+d}")
    return score(model, example), parts
