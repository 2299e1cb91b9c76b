"""Write a valid, lint-clean synthetic catalog at a given scale (deterministic), or sample
leads for `leadarch route` / `leadarch score` against the example catalog.

    python bench/generate.py --scale example|medium|enterprise OUT_DIR [--seed 7]
    python bench/generate.py --leads 1000000 OUT.csv [--seed 7]
    python bench/generate.py --history 10000 OUT_DIR [--seed 7] [--rate 0.02]

`example` copies the example catalog. `enterprise`: 64 stages, 5,040 fields over 12
objects (every fifth a picklist), 520 routing rules with examples, 84 roles, 420 RACI
activities, 60 systems and 60 integrations, 210 releases — split over files as a real
team would (fields by object, routing by region, RACI by area).
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SCALES = {
    "medium": {
        "teams": 6,
        "roles": 24,
        "stages": 20,
        "objects": 6,
        "fields": 200,
        "rules": 120,
        "activities": 100,
        "systems": 20,
        "releases": 40,
    },
    "enterprise": {
        "teams": 12,
        "roles": 84,
        "stages": 32,
        "objects": 12,
        "fields": 420,
        "rules": 520,
        "activities": 420,
        "systems": 60,
        "releases": 210,
    },
}
HEADER = "# yaml-language-server: $schema=https://leadarch.dev/schemas/catalog.schema.json\n"


def q(value: object) -> str:
    return json.dumps(value)


def write(out: Path, name: str, lines: list[str]) -> None:
    path = out / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(HEADER + "\n".join(lines) + "\n", encoding="utf-8")


def generate(scale: str, out: Path, seed: int) -> None:
    if scale == "example":
        shutil.copytree(REPO / "catalog", out, dirs_exist_ok=True)
        return
    n = SCALES[scale]
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    teams = [f"team_{i}" for i in range(n["teams"])]
    roles = [f"role_{i}" for i in range(n["roles"])]
    write(
        out,
        "org/teams.yaml",
        ["teams:"]
        + [
            f"  - {{id: {t}, name: Team {i}, order: {i}, description: Team {i} of the revenue organisation.}}"
            for i, t in enumerate(teams)
        ],
    )
    write(
        out,
        "org/roles.yaml",
        ["roles:"]
        + [
            f"  - {{id: {r}, name: Role {i}, team: {teams[i % len(teams)]}, description: Role {i} works leads in its team.}}"
            for i, r in enumerate(roles)
        ],
    )
    objects = [f"Obj{i}" for i in range(n["objects"])]
    objects[0] = "Lead"
    for obj in objects:
        lines = ["fields:"]
        if obj == "Lead":
            lines.append(
                "  - {object: Lead, name: Stage__c, label: Stage, type: picklist, description: Lifecycle stage., owner: role_0, values: ["
                + ", ".join(f"S{s}" for s in range(n["stages"] * 2))
                + "]}"
            )
            lines.append(
                "  - {object: Lead, name: Region_Code__c, label: Region code, type: string, description: Routing region code., owner: role_0}"
            )
            lines.append(
                "  - {object: Lead, name: Score__c, label: Score, type: integer, description: Lead score., owner: role_0}"
            )
        for f in range(n["fields"] - (3 if obj == "Lead" else 0)):
            kind = (
                "picklist"
                if f % 5 == 0
                else rng.choice(["string", "integer", "boolean", "date", "email", "currency"])
            )
            values = (
                f", values: [V{f}a, V{f}b, V{f}c, {{value: V{f}d, active: false}}]"
                if kind == "picklist"
                else ""
            )
            synced = rng.sample(range(n["systems"]), 2)
            lines.append(
                f"  - {{object: {obj}, name: Field_{f}__c, label: Field {f}, type: {kind}, description: Synthetic field {f} of {obj}., "
                f"owner: {roles[f % len(roles)]}, source_of_truth: sys_{synced[0]}, synced_to: [sys_{synced[1]}], pii: {str(f % 7 == 0).lower()}{values}}}"
            )
        write(out, f"fields/{obj.lower()}.yaml", lines)
    systems = [f"sys_{i}" for i in range(n["systems"])]
    cats = ["crm", "map", "enrichment", "intent", "routing", "support", "bi", "other"]
    lines = ["systems:"] + [
        f"  - {{id: {s}, name: System {i}, category: {cats[i % len(cats)]}, owner: {roles[i % len(roles)]}, description: System {i}.}}"
        for i, s in enumerate(systems)
    ]
    lines += ["integrations:"] + [
        f"  - {{id: int_{i}, name: Flow {i}, from: {systems[i]}, to: {systems[(i + 1) % len(systems)]}, direction: one_way, mechanism: api, owner: {roles[i % len(roles)]}, carries: [{objects[i % len(objects)]}], description: Data flow {i}.}}"
        for i in range(n["systems"])
    ]
    write(out, "systems.yaml", lines)
    write(
        out,
        "slas.yaml",
        ["slas:"]
        + [
            f"  - {{id: sla_{i}, name: SLA {i}, role: {roles[i % len(roles)]}, target: PT{15 + i}M, description: Respond within {15 + i} minutes., "
            f"escalations: [{{after: PT{30 + i}M, notify: {roles[(i + 1) % len(roles)]}}}, {{after: PT{90 + i}M, notify: {roles[(i + 2) % len(roles)]}}}]}}"
            for i in range(n["stages"] * 2)
        ],
    )
    for model, offset in (("lifecycle", 0), ("opportunity", n["stages"])):
        lines = ["stages:"]
        for i in range(n["stages"]):
            sid, last = f"{model[:3]}_{i}", i == n["stages"] - 1
            role = roles[(offset + i) % len(roles)]
            lines.append(
                f"  - id: {sid}\n    name: {model.title()} stage {i}\n    model: {model}\n    order: {i}\n    owner: {role}\n    definition: Stage {i} of the {model}."
            )
            lines.append(
                f"    sla: sla_{offset + i}\n    crm:\n      sys_0: {{object: Lead, field: Stage__c, value: S{offset + i}}}"
            )
            if i == 0:
                lines.append("    entry: true")
            if last:
                lines.append("    terminal: true\n    outcome: won")
            else:
                lines.append(
                    f"    transitions:\n      - {{to: {model[:3]}_{i + 1}, type: advance, when: Criteria of stage {i + 1} are met}}"
                )
                lines.append(
                    f"    entry_criteria:\n      - {{field: Lead.Score__c, op: gte, value: {i * 5}}}"
                )
        write(out, f"stages/{model}.yaml", lines)
    queues = [f"q_{i}" for i in range(40)]
    write(
        out,
        "routing/queues.yaml",
        ["queues:"]
        + [
            f"  - {{id: {q_}, name: Queue {i}, role: {roles[i % len(roles)]}, sla: sla_{i}, description: Queue {i}.}}"
            for i, q_ in enumerate(queues)
        ],
    )
    per_file = 100
    for start in range(0, n["rules"], per_file):
        lines = ["routing:"]
        for i in range(start, min(start + per_file, n["rules"])):
            queue = queues[i % len(queues)]
            lines.append(
                f"  - id: rule_{i}\n    name: Region {i}\n    priority: {(i + 1) * 10}\n    segment: seg_{i % 8}\n    description: Leads of region R{i}.\n"
                f"    when: {{all: [{{field: Lead.Region_Code__c, op: eq, value: R{i}}}]}}\n    assign: {{queue: {queue}}}\n    method: round_robin\n"
                f"    examples:\n      - {{lead: {{Lead.Region_Code__c: R{i}}}, expect: {{queue: {queue}}}}}"
            )
        if start + per_file >= n["rules"]:
            lines.append(
                f"  - {{id: fallback, name: Fallback, priority: {(n['rules'] + 1) * 10}, description: Everything else., assign: {{queue: q_0}}}}"
            )
        write(out, f"routing/rules_{start // per_file}.yaml", lines)
    areas = ["fields", "routing", "scoring", "reporting"]
    for a, area in enumerate(areas):
        lines = ["activities:"]
        for i in range(a, n["activities"], len(areas)):
            acc, resp = roles[i % len(roles)], roles[(i + 1) % len(roles)]
            lines.append(
                f"  - {{id: act_{i}, name: Activity {i}, area: {area}, description: Activity {i}., raci: {{{acc}: A, {resp}: R, {roles[(i + 2) % len(roles)]}: C}}}}"
            )
        write(out, f"raci/{area}.yaml", lines)
    write(
        out,
        "playbooks.yaml",
        ["playbooks:"]
        + [
            f"  - {{id: book_{i}, role: {r}, title: Playbook {i}, summary: How role {i} works., stages: [lif_{i % n['stages']}], "
            f"plays: [{{title: Work the queue, steps: [Open the queue, Call within the SLA], sla: sla_{i % (n['stages'] * 2)}}}]}}"
            for i, r in enumerate(roles)
        ],
    )
    write(
        out,
        "metrics.yaml",
        ["metrics:"]
        + [
            f"  - {{id: metric_{i}, name: Metric {i}, definition: Metric {i}., unit: percent, target: {50 + i}, owner: {roles[i % len(roles)]}}}"
            for i in range(30)
        ],
    )
    releases = [
        "releases:",
        "  - {version: unreleased, status: unreleased, changes: [{type: changed, ref: stage:lif_0, summary: Pending.}]}",
    ]
    for i in range(n["releases"], 0, -1):
        major, minor = divmod(i, 100)
        date = f"{2000 + i // 12:04d}-{(i % 12) + 1:02d}-01"
        releases.append(
            f"  - {{version: {major}.{minor}.0, date: {date}, status: released, summary: Release {i}., changes: [{{type: changed, ref: routing:rule_{i % n['rules']}, summary: Tuned rule.}}]}}"
        )
    write(out, "releases.yaml", releases)


LEAD_COLUMNS = {  # the fields the example catalog routes and scores on, as a CRM holds them
    "Lead.Region__c": ["NA", "EMEA", "APAC", "LATAM", ""],
    "Lead.Segment__c": ["Enterprise", "Mid-Market", "SMB", ""],
    "Lead.Industry": ["Software", "Financial Services", "Healthcare", "Retail", "Education"],
    "Lead.LeadSource": ["Web", "Partner Referral", "Event", "Paid Search", "Content"],
    "Lead.Title": ["VP Sales", "Director of Marketing", "Engineer", "Analyst", "CEO"],
    "Lead.Demo_Requested__c": ["true", "false", "false", "false"],
    "Lead.Intent_Score__c": [str(n) for n in range(0, 100, 7)],
}
EMAIL_DOMAINS = ["acme.example", "gmail.com", "bank.example", "hotmail.com", "firm.example"]
ACTIVITIES = [
    "demo_request",
    "web_visit",
    "email_click",
    "content_download",
    "event_attended",
    "form_submit",
]


def sample_leads(out: Path, count: int, seed: int) -> None:
    """`count` leads as a Data Loader-style CSV, streamed to disk (deterministic)."""
    rng = random.Random(seed)
    columns = ["name", "Lead.Email", *LEAD_COLUMNS, "Lead.Matched_Account__c", "activities"]
    with out.open("w", encoding="utf-8", newline="") as handle:
        handle.write(",".join(columns) + "\n")
        for n in range(count):
            row = [f"Lead {n}", f"lead{n}@{rng.choice(EMAIL_DOMAINS)}"]
            row += [rng.choice(values) for values in LEAD_COLUMNS.values()]
            row.append(f"001{n:012d}" if rng.random() < 0.1 else "")
            row.append(";".join(rng.choice(ACTIVITIES) for _ in range(rng.randrange(0, 7))))
            handle.write(",".join(row) + "\n")


def main() -> int:
    parser = argparse.ArgumentParser()
    what = parser.add_mutually_exclusive_group(required=True)
    what.add_argument("--scale", choices=("example", "medium", "enterprise"))
    what.add_argument("--leads", type=int, metavar="N", help="write N sample leads (CSV) instead")
    what.add_argument(
        "--history",
        type=int,
        metavar="N",
        help="write CRM history exports of N leads into OUT (bench/history.py) instead",
    )
    parser.add_argument(
        "--rate", type=float, default=0.02, help="--history: injection rate per deviation kind"
    )
    parser.add_argument(
        "--leads-only", action="store_true", help="--history: LeadHistory.csv and Task.csv only"
    )
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    if args.history is not None:
        from history import write_history  # bench/history.py, beside this script

        write_history(args.out, args.history, args.seed, args.rate, leads_only=args.leads_only)
    elif args.leads is not None:
        sample_leads(args.out, args.leads, args.seed)
    else:
        generate(args.scale, args.out, args.seed)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
