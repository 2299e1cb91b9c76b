"""Every rule: the base catalog passes, and a catalog with one defect fails at the exact node."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from leadarch.core.catalog import build
from leadarch.core.editor_schema import schema_text
from leadarch.core.schemas import fingerprint
from leadarch.lint.config import Config
from leadarch.lint.engine import lint, lint_catalog
from leadarch.lint.options import Inputs
from leadarch.lint.rules import RULES, personal_data, stage_without_sla

from tests.catalogs import BASE, write_catalog


@dataclass
class Case:
    code: str
    files: dict[str, str | bytes | None]
    # (file, line, token): the column expected is where `token` starts on that line
    expect: list[tuple[str, int, str | int]]
    options: dict[str, object] = field(default_factory=dict)  # code → the rule's Options
    inputs: Inputs = field(default_factory=Inputs)


def stages_with(replace: str, by: str) -> str:
    assert replace in BASE["stages.yaml"]
    return BASE["stages.yaml"].replace(replace, by)


def routing_with(replace: str, by: str) -> str:
    assert replace in BASE["routing.yaml"]
    return BASE["routing.yaml"].replace(replace, by)


CASES = [
    Case("LA001", {"x.yaml": "teams:\n  - id: t2\n    name: a: b\n"}, [("x.yaml", 3, ": b")]),
    Case("LA002", {"x.yaml": b"teams:\n  - id: caf\xe9\n"}, [("x.yaml", 2, "\ufffd")]),
    Case(
        "LA003",
        {"x.yaml": "teams:\n  - id: t2\n    name: T\n    name: U\n"},
        [("x.yaml", 4, "name")],
    ),
    Case(
        "LA004",
        {"x.yaml": "teams:\n  - id: t2\n    name: !!python/object:os.system x\n"},
        [("x.yaml", 3, "!!python")],
    ),
    Case("LA005", {"x.yaml": "teams: " + "[" * 80 + "]" * 80 + "\n"}, [("x.yaml", 1, 7 + 64)]),
    Case(  # a stale copy: reported once, at the first file naming it
        "LA006",
        {
            "x.yaml": "# yaml-language-server: $schema=s/catalog.schema.json\nteams: []\n",
            "y.yaml": "#yaml-language-server: $schema=./s/catalog.schema.json\nroles: []\n",
            "s/catalog.schema.json": schema_text().replace(fingerprint(), "0123456789abcdef"),
        },
        [("x.yaml", 1, "s/catalog")],
    ),
    Case(  # a copy from another leadarch
        "LA006",
        {
            "x.yaml": "# yaml-language-server: $schema=s/catalog.schema.json\nteams: []\n",
            "s/catalog.schema.json": '{"$id": "from leadarch 0.0.1"}\n',
        },
        [("x.yaml", 1, "s/catalog")],
    ),
    Case(
        "LA010",
        {"x.yaml": "teams:\n  - id: t2\n    name: T\n    order: first\n"},
        [("x.yaml", 4, "first")],
    ),
    Case(
        "LA011",
        {
            "x.yaml": "systems:\n  - {id: s2, name: S, category: crmm, owner: ops, description: S.}\n"
        },
        [("x.yaml", 2, "crmm")],
    ),
    Case(
        "LA012",
        {"x.yaml": "teams:\n  - id: t2\n    description: No name.\n"},
        [("x.yaml", 2, "id")],
    ),
    Case(
        "LA013",
        {"x.yaml": "teams:\n  - id: t2\n    name: T\n    descripton: typo\n"},
        [("x.yaml", 4, "descripton")],
    ),
    Case("LA013", {"x.yaml": "stage:\n  - id: t2\n"}, [("x.yaml", 1, "stage")]),
    Case("LA014", {"x.yaml": "teams:\n  - id: Team Two\n    name: T\n"}, [("x.yaml", 2, "Team")]),
    Case(
        "LA020",
        {"x.yaml": "queues:\n  - {id: q2, name: Q, role: sdrr, sla: sla_mql, description: Q.}\n"},
        [("x.yaml", 2, "sdrr")],
    ),
    Case(
        "LA020",
        {"stages.yaml": stages_with("{to: mql, type: advance}", "{to: mqll, type: advance}")},
        [("stages.yaml", 11, "mqll")],
    ),
    Case(
        "LA021",
        {"x.yaml": "teams:\n  - {id: sales, name: Sales again, description: Twice.}\n"},
        [("x.yaml", 2, "sales")],
    ),
    Case(
        "LA022",
        {"x.yaml": "teams:\n  - id: t2\n    name: T\n    description: See [[stage:mqll]].\n"},
        [("x.yaml", 4, "See")],
    ),
    Case(
        "LA030",
        {
            "x.yaml": "stages:\n  - {id: orphan, name: O, model: lifecycle, order: 9, owner: sdr, sla: sla_mql, definition: O., transitions: [{to: won, type: advance}]}\n"
        },
        [("x.yaml", 2, "orphan")],
    ),
    Case(
        "LA031",
        {
            "stages.yaml": stages_with(
                "    transitions:\n      - {to: won, type: advance}\n      - {to: new, type: recycle, reasons: [later]}\n",
                "    transitions: []\n",
            )
        },
        [("stages.yaml", 14, "mql")],
    ),
    Case(
        "LA032",
        {"stages.yaml": stages_with("type: recycle, reasons: [later]", "type: recycle")},
        [("stages.yaml", 23, "recycle")],
    ),
    Case(
        "LA032",
        {"stages.yaml": stages_with("kind: recycle, description", "kind: disqualify, description")},
        [("stages.yaml", 23, "later")],
    ),
    Case(
        "LA033",
        {"stages.yaml": stages_with("outcome: won", "outcome: lost")},
        [("stages.yaml", 2, "new")],
    ),
    Case(
        "LA034",
        {"stages.yaml": stages_with("enters: new", "enters: mql")},
        [("stages.yaml", 35, "mql")],
    ),
    Case(
        "LA040",
        {"stages.yaml": stages_with("field: Status, value: New}", "field: Status, value: NEW}")},
        [("stages.yaml", 13, "NEW")],
    ),
    Case(
        "LA040",
        {"stages.yaml": stages_with("field: Status, value: New}", "field: Status, value: Gone}")},
        [("stages.yaml", 13, "Gone")],
    ),
    Case(
        "LA041",
        {
            "routing.yaml": routing_with(
                "{field: Lead.Region, op: eq, value: NA}",
                "{field: Lead.Region, op: gte, value: NA}",
            )
        },
        [("routing.yaml", 11, "gte")],
    ),
    Case(
        "LA041",
        {
            "routing.yaml": routing_with(
                "{field: Lead.Region, op: eq, value: NA}",
                "{field: Lead.Region, op: eq, value: Asia}",
            )
        },
        [("routing.yaml", 11, "Asia")],
    ),
    Case(
        "LA041",
        {
            "routing.yaml": routing_with(
                "{field: Lead.Region, op: eq, value: NA}",
                "{field: Lead.Score, op: gt, value: high}",
            )
        },
        [("routing.yaml", 11, "high")],
    ),
    Case(
        "LA042",
        {
            "x.yaml": "routing:\n  - id: old\n    name: Old\n    priority: 50\n    description: Old.\n    when: {all: [{field: Lead.Status, op: eq, value: Old}]}\n    assign: {queue: q_na}\n"
        },
        [("x.yaml", 6, "Old}")],
    ),
    Case(  # a second and a third default, each reported
        "LA043",
        {
            "x.yaml": "fields:\n  - object: Lead\n    name: Tier\n    label: Tier\n    type: picklist\n    description: Tier.\n    values:\n      - {value: A, default: true}\n      - {value: B, default: true}\n      - {value: C, default: true}\n"
        },
        [("x.yaml", 9, "default"), ("x.yaml", 10, "default")],
    ),
    Case(  # a multipicklist too, block style
        "LA043",
        {
            "x.yaml": "fields:\n  - object: Lead\n    name: Tags\n    label: Tags\n    type: multipicklist\n    description: Tags.\n    values:\n      - value: A\n        default: true\n      - value: B\n        label: Bee\n        default: true\n"
        },
        [("x.yaml", 12, "default")],
    ),
    Case(  # active by default
        "LA044",
        {
            "x.yaml": "fields:\n  - {object: Lead, name: Tier, label: Tier, type: picklist, description: Tier., values: [A, {value: B, deprecated: true}]}\n"
        },
        [("x.yaml", 2, "deprecated")],
    ),
    Case(  # active said outright
        "LA044",
        {
            "x.yaml": "fields:\n  - object: Lead\n    name: Tier\n    label: Tier\n    type: picklist\n    description: Tier.\n    values:\n      - value: B\n        active: true\n        deprecated: true\n"
        },
        [("x.yaml", 10, "deprecated")],
    ),
    Case(
        "LA050",
        {"routing.yaml": routing_with("priority: 99", "priority: 5")},
        [("routing.yaml", 18, "5")],
    ),
    Case(
        "LA050",
        {
            "routing.yaml": routing_with(
                "    assign: {queue: q_review}",
                "    when: {all: [{field: Lead.Demo, op: eq, value: true}]}\n    assign: {queue: q_review}",
            )
        },
        [("routing.yaml", 16, "fallback")],
    ),
    Case(
        "LA051",
        {
            "x.yaml": "routing:\n  - id: emea\n    name: EMEA\n    priority: 10\n    description: E.\n    when: {all: [{field: Lead.Region, op: eq, value: EMEA}]}\n    assign: {queue: q_na}\n"
        },
        [("x.yaml", 4, "10")],
    ),
    Case(
        "LA052",
        {
            "x.yaml": "routing:\n  - id: na_demo\n    name: NA demo\n    priority: 20\n    description: Shadowed.\n    when: {all: [{field: Lead.Region, op: in, value: [NA]}, {field: Lead.Demo, op: eq, value: true}]}\n    assign: {queue: q_review}\n"
        },
        [("x.yaml", 4, "20")],
    ),
    Case(
        "LA053",
        {"x.yaml": "queues:\n  - {id: q2, name: Q, role: sdr, description: No SLA.}\n"},
        [("x.yaml", 2, "q2")],
    ),
    Case(
        "LA060",
        {"routing.yaml": routing_with("target: P1D", "target: 1 day")},
        [("routing.yaml", 31, "1 day")],
    ),
    Case(
        "LA061",
        {"routing.yaml": routing_with("{after: PT1H, notify: ops}", "{after: PT10M, notify: ops}")},
        [("routing.yaml", 30, "PT10M")],
    ),
    Case(
        "LA062",
        {"stages.yaml": stages_with("    sla: sla_mql\n", "")},
        [("stages.yaml", 18, "sdr")],
    ),
    Case(
        "LA070",
        {
            "scoring.yaml": BASE["scoring.yaml"].replace(
                "raci: {ops: A, sdr: R}", "raci: {ops: A, sdr: A/R}"
            )
        },
        [("scoring.yaml", 17, "sdr: A/R")],
    ),
    Case(
        "LA070",
        {
            "scoring.yaml": BASE["scoring.yaml"].replace(
                "raci: {ops: A, sdr: R}", "raci: {ops: A, sdr: C}"
            )
        },
        [("scoring.yaml", 17, "{ops")],
    ),
    Case(
        "LA071",
        {"x.yaml": "roles:\n  - {id: csm, name: CSM, team: sales, description: Customers.}\n"},
        [("x.yaml", 2, "csm")],
    ),
    Case(
        "LA080",
        {
            "x.yaml": "releases:\n  - {version: 1.1.0, date: 2025-06-01, status: released, summary: Older date.}\n"
        },
        [("x.yaml", 2, "2025")],
    ),
    Case(
        "LA081",
        {"x.yaml": "releases:\n  - {version: unreleased, status: unreleased, summary: Twice.}\n"},
        [("x.yaml", 2, "unreleased, summary")],
    ),
    Case(
        "LA082",
        {
            "x.yaml": "releases:\n  - version: 1.1.0\n    date: 2026-02-01\n    status: released\n    summary: S.\n    changes:\n      - {type: changed, ref: stage:mqll, summary: Typo.}\n      - {type: removed, ref: stage:gone, summary: Fine.}\n"
        },
        [("x.yaml", 7, "stage:mqll")],
    ),
    Case(
        "LA090",
        {"routing.yaml": routing_with("expect: {queue: q_na}", "expect: {queue: q_review}")},
        [("routing.yaml", 15, "{queue: q_review}")],
    ),
    Case(
        "LA090",
        {
            "scoring.yaml": BASE["scoring.yaml"].replace(
                "expect: {score: 60, stage: mql}", "expect: {score: 40}"
            )
        },
        [("scoring.yaml", 15, "{score: 40}")],
    ),
    Case("LA100", {"x.yaml": "teams:\n  - id: t2\n    name: T\n"}, [("x.yaml", 2, "t2")]),
    Case(
        "LA120",
        {
            "x.yaml": "teams:\n  - id: t2\n    name: T\n    description: Call Jane on +1 415 555 0100 or jane.doe@acme.com; the team is at revops@acme.com.\n"
        },
        [("x.yaml", 4, "Call"), ("x.yaml", 4, "Call")],
        {"LA120": personal_data.Options(allow=("revops@acme.com",))},
    ),
    Case(
        "LA110",
        {},
        [("fields.yaml", 8, "Score,"), ("scoring.yaml", 19, "[{type"), ("stages.yaml", 2, "new")],
        inputs=Inputs(
            base_changes=(
                ("stage:mql", "changed"),
                ("stage:new", "changed"),
                ("field:Lead.Score", "added"),
                ("queue:gone", "removed"),
                ("release:1.0.0", "changed"),
            ),
            base_label="HEAD",
        ),
    ),
]


def scoring_with(replace: str, by: str) -> str:
    assert replace in BASE["scoring.yaml"]
    return BASE["scoring.yaml"].replace(replace, by)


ALIAS_BOMB = "".join(
    f"x{n}: &a{n} [{', '.join([f'*a{n - 1}' if n else '1'] * 10)}]\n" for n in range(6)
)

# A second way each rule fails: another slot, another shape or another cause.
CASES += [
    Case("LA001", {"x.yaml": "teams: []\n---\nroles: []\n"}, [("x.yaml", 2, "---")]),
    Case(
        "LA002",
        {"x.yaml": b"teams:\n  - id: t2\n    name: T\xff\xfe\n"},
        [("x.yaml", 3, "\ufffd")],
    ),
    Case(
        "LA003",
        {"x.yaml": "teams:\n  - {id: t2, name: T}\nteams:\n  - {id: t3, name: U}\n"},
        [("x.yaml", 3, "teams")],
    ),
    Case(
        "LA004", {"x.yaml": "teams:\n  - !custom {id: t2, name: T}\n"}, [("x.yaml", 2, "!custom")]
    ),
    Case("LA005", {"x.yaml": ALIAS_BOMB}, [("x.yaml", 5, "&a4")]),
    Case("LA010", {"x.yaml": "teams:\n  - id: t2\n    name: [T]\n"}, [("x.yaml", 3, "[T]")]),
    Case(
        "LA011",
        {"x.yaml": "sources:\n  - {id: s2, name: S, channel: fax, enters: new, description: S.}\n"},
        [("x.yaml", 2, "fax")],
    ),
    Case(
        "LA012",
        {
            "x.yaml": "stages:\n  - {id: s9, name: S, model: lifecycle, owner: sdr, entry: true, terminal: true, outcome: won, definition: D.}\n"
        },
        [("x.yaml", 2, "{id")],
    ),
    Case(
        "LA014",
        {
            "x.yaml": "releases:\n  - {version: '1.2', date: 2026-03-01, status: released, summary: S.}\n"
        },
        [("x.yaml", 2, "'1.2'")],
    ),
    Case(
        "LA021",
        {
            "x.yaml": "fields:\n  - {object: Lead, name: Score, label: Again, type: integer, description: Twice.}\n"
        },
        [("x.yaml", 2, "Score")],
    ),
    Case(
        "LA022",
        {"x.yaml": "teams:\n  - id: t2\n    name: T\n    description: See [[stag:mql]].\n"},
        [("x.yaml", 4, "See")],
    ),
    Case(
        "LA030",
        {
            "x.yaml": "stages:\n  - {id: p1, name: P1, model: opportunity, order: 1, owner: sdr, terminal: true, outcome: won, definition: P.}\n"
        },
        [("x.yaml", 2, "p1")],
    ),
    Case(
        "LA031",
        {
            "x.yaml": "stages:\n  - {id: hold, name: Hold, model: lifecycle, order: 4, owner: ops, entry: true, sla: sla_review, definition: H.}\n"
        },
        [("x.yaml", 2, "hold")],
    ),
    Case(
        "LA033",
        {"stages.yaml": stages_with("- {to: won, type: advance}", "- {to: new, type: advance}")},
        [("stages.yaml", 2, "new")],
    ),
    Case(
        "LA034",
        {
            "x.yaml": "sources:\n  - {id: s2, name: S, channel: form, enters: won, description: S.}\n"
        },
        [("x.yaml", 2, "won")],
    ),
    Case(
        "LA042",
        {
            "x.yaml": "routing:\n  - id: gone\n    name: Gone\n    priority: 50\n    description: Gone.\n    when: {all: [{field: Lead.Status, op: in, value: [New, Gone]}]}\n    assign: {queue: q_na}\n"
        },
        [("x.yaml", 6, "Gone]")],
    ),
    Case(
        "LA051",
        {
            "x.yaml": "routing:\n  - id: late\n    name: Late\n    priority: 99\n    description: L.\n    when: {all: [{field: Lead.Demo, op: eq, value: true}]}\n    assign: {queue: q_na}\n"
        },
        [("x.yaml", 4, "99")],
    ),
    Case(
        "LA052",
        {
            "x.yaml": "routing:\n  - id: hot\n    name: Hot\n    priority: 20\n    description: H.\n    when: {all: [{field: Lead.Score, op: gte, value: 50}]}\n    assign: {queue: q_na}\n  - id: hotter\n    name: Hotter\n    priority: 30\n    description: Shadowed.\n    when: {all: [{field: Lead.Score, op: gt, value: 80}]}\n    assign: {queue: q_review}\n"
        },
        [("x.yaml", 10, "30")],
    ),
    Case(
        "LA053",
        {"x.yaml": "queues:\n  - id: q2\n    name: Q\n    role: ops\n    description: No SLA.\n"},
        [("x.yaml", 2, "q2")],
    ),
    Case(
        "LA060",
        {"routing.yaml": routing_with("{after: PT15M, notify: sdr}", "{after: 15m, notify: sdr}")},
        [("routing.yaml", 29, "15m")],
    ),
    Case(
        "LA061",
        {"routing.yaml": routing_with("{after: PT1H, notify: ops}", "{after: PT15M, notify: ops}")},
        [("routing.yaml", 30, "PT15M")],
    ),
    Case(
        "LA062",
        {
            "x.yaml": "roles:\n  - {id: bdr, name: BDR, team: sales, description: Outbound.}\nstages:\n  - {id: outbound, name: Outbound, model: lifecycle, order: 4, owner: bdr, entry: true, definition: O., transitions: [{to: mql, type: advance}]}\n"
        },
        [("x.yaml", 4, "bdr,")],
        {"LA062": stage_without_sla.Options(lead_working_roles=("bdr",))},
    ),
    Case(
        "LA071",
        {
            "org.yaml": BASE["org.yaml"].replace(
                "  - {id: ops_book, role: ops, title: Ops, summary: Keep it running.}\n", ""
            )
        },
        [("org.yaml", 5, "ops")],
    ),
    Case(
        "LA080",
        {"x.yaml": "releases:\n  - {version: 1.1.0, status: released, summary: No date.}\n"},
        [("x.yaml", 2, "released")],
    ),
    Case(
        "LA080",
        {
            "scoring.yaml": scoring_with(
                "{version: unreleased, status: unreleased,",
                "{version: unreleased, date: 2026-02-02, status: unreleased,",
            )
        },
        [("scoring.yaml", 19, "2026-02-02")],
    ),
    Case(  # the open entry marked released (and dated) without a version number
        "LA080",
        {
            "scoring.yaml": scoring_with(
                "{version: unreleased, status: unreleased,",
                "{version: unreleased, date: 2026-02-02, status: released,",
            )
        },
        [("scoring.yaml", 19, "unreleased")],
    ),
    Case(  # a second entry named `unreleased`, whatever its status
        "LA081",
        {
            "x.yaml": "releases:\n  - {version: unreleased, date: 2026-02-01, status: released, summary: S.}\n"
        },
        [("x.yaml", 2, "unreleased")],
    ),
    Case(
        "LA081",
        {"x.yaml": "releases:\n  - {version: 1.2.0, status: unreleased, summary: Open too.}\n"},
        [("x.yaml", 2, "unreleased")],
    ),
    Case(
        "LA082",
        {
            "scoring.yaml": scoring_with(
                "{type: added, ref: stage:mql, summary: Added.}",
                "{type: changed, ref: field:Lead.Scor, summary: Added.}",
            )
        },
        [("scoring.yaml", 19, "field:Lead.Scor")],
    ),
    Case(
        "LA100",
        {
            "x.yaml": "stages:\n  - {id: s9, name: S, model: lifecycle, order: 9, owner: sdr, entry: true, terminal: true, outcome: won}\n"
        },
        [("x.yaml", 2, "s9")],
    ),
    Case(
        "LA110",
        {},
        [("org.yaml", 2, "sales")],
        inputs=Inputs(base_changes=(("team:sales", "changed"), ("stage:mql", "changed"))),
    ),
    Case(
        "LA120",
        {
            "x.yaml": "playbooks:\n  - {id: b2, role: sdr, title: B, summary: 'Ring +44 20 7946 0958 after 5pm.'}\n"
        },
        [("x.yaml", 2, "'Ring")],
    ),
    Case(  # a phone number in two parts of very different lengths is not a range
        "LA120",
        {
            "x.yaml": "teams:\n  - {id: t2, name: T, description: 'Call 020-71234567 today.'}\n"
            "  - {id: t3, name: U, description: 'Or 555-123-4567 now.'}\n"
        },
        [("x.yaml", 2, "'Call"), ("x.yaml", 3, "'Or")],
    ),
]


PRODUCTS = "fields:\n  - {object: Lead, name: Products, label: Products, type: multipicklist, values: [A, B], description: Bought.}\n"

# Catalogs a careless rule would flag: each must lint clean for its code.
NEAR_MISSES = [
    Case(  # a current copy, a URL, a missing file and a comment that mentions a schema
        "LA006",
        {
            "x.yaml": "# yaml-language-server: $schema=s/catalog.schema.json\nteams: []\n",
            "y.yaml": "# yaml-language-server: $schema=https://example.com/s.json\nroles: []\n",
            "z.yaml": "# see schemas/catalog.schema.json\nslas: []\n",
            "w.yaml": "# yaml-language-server: $schema=../nowhere.json\nqueues: []\n",
            "s/catalog.schema.json": schema_text(),
        },
        [],
    ),
    Case(  # a lead with products [A, B] passes `in [A]` and fails `not_in [B]`
        "LA052",
        {
            "x.yaml": PRODUCTS
            + "routing:\n  - id: no_b\n    name: No B\n    priority: 20\n    description: N.\n    when: {all: [{field: Lead.Products, op: not_in, value: [B]}]}\n    assign: {queue: q_na}\n  - id: has_a\n    name: Has A\n    priority: 30\n    description: A.\n    when: {all: [{field: Lead.Products, op: in, value: [A]}]}\n    assign: {queue: q_review}\n"
        },
        [],
    ),
    Case(  # gt 80 does not imply gt 90
        "LA052",
        {
            "x.yaml": "routing:\n  - id: hottest\n    name: Hottest\n    priority: 20\n    description: H.\n    when: {all: [{field: Lead.Score, op: gt, value: 90}]}\n    assign: {queue: q_na}\n  - id: hot\n    name: Hot\n    priority: 30\n    description: H.\n    when: {all: [{field: Lead.Score, op: gt, value: 80}]}\n    assign: {queue: q_review}\n"
        },
        [],
    ),
    Case(
        "LA120",
        {"x.yaml": "teams:\n  - {id: t2, name: T, description: Write to jane@example.com.}\n"},
        [],
    ),
    Case(  # one default; a retired value both deprecated and inactive; default: false
        "LA043",
        {
            "x.yaml": "fields:\n  - {object: Lead, name: Tier, label: Tier, type: picklist, description: Tier., values: [{value: A, default: true}, {value: B, default: false}, {value: C, deprecated: true, active: false}]}\n"
        },
        [],
    ),
    Case(
        "LA044",
        {
            "x.yaml": "fields:\n  - {object: Lead, name: Tier, label: Tier, type: picklist, description: Tier., values: [{value: A, active: false}, {value: C, deprecated: true, active: false}]}\n"
        },
        [],
    ),
    Case(  # company-size and revenue brackets of a HubSpot picklist
        "LA120",
        {
            "x.yaml": "fields:\n  - {object: contacts, name: company_size, label: Size, type: picklist, "
            "description: Size., values: [1-10, 1001-5000, 5001-10000, 1000000-5000000, 10000000-50000000]}\n"
        },
        [],
    ),
    Case(  # the one open release, and released ones with increasing dates
        "LA081",
        {
            "x.yaml": "releases:\n  - {version: 1.1.0, date: 2026-02-01, status: released, summary: S.}\n"
        },
        [],
    ),
]


CASES += [
    Case(  # a misspelt zone
        "LA130",
        {
            "cal.yaml": 'calendars:\n  - id: office\n    name: Office\n    time_zone: Europe/Amsterdamm\n    working_days: [mon, tue, wed, thu, fri]\n    hours: [{start: "09:00", end: "17:00"}]\n'
        },
        [("cal.yaml", 4, "Europe/Amsterdamm")],
    ),
    Case(  # a period that ends before it starts, one that overlaps, a 30 February
        "LA130",
        {
            "cal.yaml": 'calendars:\n  - id: office\n    name: Office\n    time_zone: UTC\n    working_days: [mon, tue, wed, thu, fri]\n    hours:\n      - {start: "17:00", end: "09:00"}\n      - {start: "08:00", end: "12:00"}\n      - {start: "11:00", end: "13:00"}\n    holidays: [2026-02-30]\n'
        },
        [("cal.yaml", 7, '"09:00"'), ("cal.yaml", 9, "{start"), ("cal.yaml", 10, "2026-02-30")],
    ),
    Case(
        "LA131",
        {
            "cal.yaml": 'calendars:\n  - id: office\n    name: Office\n    time_zone: UTC\n    working_days: [mon, tue, wed, thu, fri]\n    hours: [{start: "09:00", end: "17:00"}]\n    default: true\n  - {id: other, name: Other, time_zone: UTC, working_days: [mon], hours: [{start: "09:00", end: "10:00"}], default: true}\n  - id: third\n    name: Third\n    time_zone: UTC\n    working_days: [mon]\n    hours: [{start: "09:00", end: "10:00"}]\n    default: true\n'
        },
        [("cal.yaml", 8, "default"), ("cal.yaml", 14, "default")],
    ),
    Case(  # block style
        "LA131",
        {
            "cal.yaml": 'calendars:\n  - id: a\n    name: A\n    time_zone: UTC\n    working_days: [mon]\n    hours: [{start: "09:00", end: "10:00"}]\n    default: true\n  - {id: b, name: B, time_zone: UTC, working_days: [mon], hours: [{start: "09:00", end: "10:00"}],\n     default: true}\n  - {id: c, name: C, time_zone: UTC, working_days: [mon], hours: [{start: "09:00", end: "10:00"}], default: true}\n'
        },
        [("cal.yaml", 9, "default"), ("cal.yaml", 10, "default")],
    ),
    Case(  # two calendars, none the default: the business-hours SLA has none
        "LA132",
        {
            "cal.yaml": 'calendars:\n  - id: office\n    name: Office\n    time_zone: UTC\n    working_days: [mon, tue, wed, thu, fri]\n    hours: [{start: "09:00", end: "17:00"}]\n  - {id: other, name: Other, time_zone: UTC, working_days: [mon], hours: [{start: "09:00", end: "10:00"}]}\n',
            "routing.yaml": routing_with(
                "    target: PT15M\n", "    target: PT15M\n    business_hours: true\n"
            ),
        },
        [("routing.yaml", 27, "true")],
    ),
    Case(  # a business-hours target and escalation in days
        "LA132",
        {
            "cal.yaml": 'calendars:\n  - id: office\n    name: Office\n    time_zone: UTC\n    working_days: [mon, tue, wed, thu, fri]\n    hours: [{start: "09:00", end: "17:00"}]\n    default: true\n',
            "routing.yaml": routing_with(
                "    target: PT15M\n    description: Fast.\n    escalations:\n      - {after: PT15M, notify: sdr}",
                "    target: P1D\n    business_hours: true\n    description: Fast.\n    escalations:\n      - {after: P1W, notify: sdr}",
            ),
        },
        [("routing.yaml", 26, "P1D"), ("routing.yaml", 30, "P1W")],
    ),
    Case(  # no target, no direction; a conversion is not a duration
        "LA140",
        {
            "m.yaml": "metrics:\n  - id: k\n    name: K\n    definition: K.\n    unit: duration\n    owner: ops\n    measure:\n      conversion: {from: new, to: mql}\n"
        },
        [("m.yaml", 5, "duration"), ("m.yaml", 7, "measure"), ("m.yaml", 7, "measure")],
    ),
    Case(  # won never leads back to new; a time measure saying both; an SLA without a stage
        "LA140",
        {
            "m.yaml": "metrics:\n  - id: k\n    name: K\n    definition: K.\n    unit: percent\n    target: 50\n    direction: higher_is_better\n    owner: ops\n    measure:\n      conversion: {from: won, to: new}\n"
            + "metrics:\n  - id: k\n    name: K\n    definition: K.\n    unit: duration\n    target: PT1H\n    direction: lower_is_better\n    owner: ops\n    measure:\n      time: {from: new, to: mql, first_touch: true}\n"[
                len("metrics:\n") :
            ].replace("id: k", "id: k2")
            + "metrics:\n  - id: k\n    name: K\n    definition: K.\n    unit: percent\n    target: 50\n    direction: higher_is_better\n    owner: ops\n    measure:\n      sla: sla_review\n"[
                len("metrics:\n") :
            ].replace("id: k", "id: k3")
        },
        [("m.yaml", 10, "new}"), ("m.yaml", 19, "{from"), ("m.yaml", 28, "sla_review")],
    ),
    Case(
        "LA141",
        {
            "fields.yaml": BASE["fields.yaml"].replace(
                "Won, {value: Old", "Won, {value: Conv, converted: true}, {value: Old"
            )
        },
        [("fields.yaml", 7, "converted")],
    ),
    Case(  # block style
        "LA141",
        {
            "fields.yaml": BASE["fields.yaml"].replace(
                "    values: [New, MQL, Won, {value: Old, deprecated: true, active: false}, {value: Gone, active: false}]",
                "    values:\n      - New\n      - value: Converted\n        converted: true",
            )
        },
        [("fields.yaml", 10, "converted")],
    ),
    Case(  # says two things; says nothing
        "LA142",
        {
            "log.yaml": "event_logs:\n  - id: log\n    name: Log\n    events:\n      - {activity: A, stage: new, touch: true}\n      - {activity: B}\n"
        },
        [("log.yaml", 5, "{activity"), ("log.yaml", 6, "{activity")],
    ),
    Case(  # a repeat never applies, with or without a lifecycle
        "LA142",
        {
            "log.yaml": "event_logs:\n  - id: log\n    name: Log\n    events:\n      - {activity: A, stage: new}\n      - {activity: A, lifecycle: complete, stage: mql}\n      - {activity: B, lifecycle: START, touch: true}\n      - {activity: B, lifecycle: start, assign: true}\n"
        },
        [("log.yaml", 6, "A,"), ("log.yaml", 8, "B,")],
    ),
]

NEAR_MISSES += [
    Case(  # lunch break, real holidays, one default
        "LA130",
        {
            "cal.yaml": 'calendars:\n  - id: office\n    name: Office\n    description: Office hours.\n    time_zone: UTC\n    working_days: [mon, tue, wed, thu, fri]\n    hours: [{start: "08:30", end: "12:30"}, {start: "13:00", end: "17:30"}]\n    holidays: [2026-12-25, 2026-12-26]\n    default: true\n'
        },
        [],
    ),
    Case(
        "LA131",
        {
            "cal.yaml": 'calendars:\n  - id: office\n    name: Office\n    description: Office hours.\n    time_zone: UTC\n    working_days: [mon, tue, wed, thu, fri]\n    hours: [{start: "09:00", end: "17:00"}]\n    default: true\n  - {id: other, name: Other, time_zone: America/New_York, working_days: [mon], hours: [{start: "09:00", end: "10:00"}], description: O.}\n'
        },
        [],
    ),
    Case(  # the one calendar is the default; hours, not days
        "LA132",
        {
            "cal.yaml": 'calendars:\n  - id: office\n    name: Office\n    description: Office hours.\n    time_zone: UTC\n    working_days: [mon, tue, wed, thu, fri]\n    hours: [{start: "09:00", end: "17:00"}]\n    default: false\n',
            "routing.yaml": routing_with(
                "    target: PT15M\n", "    target: PT15M\n    business_hours: true\n"
            ),
        },
        [],
    ),
    Case(
        "LA140",
        {
            "m.yaml": "metrics:\n  - id: k\n    name: K\n    definition: K.\n    unit: percent\n    target: 50\n    direction: higher_is_better\n    owner: ops\n    measure:\n      conversion: {from: new, to: won, horizon: P90D}\n"
            + "metrics:\n  - id: k\n    name: K\n    definition: K.\n    unit: duration\n    target: PT1H\n    direction: lower_is_better\n    owner: ops\n    measure:\n      time: {from: new, first_touch: true, statistic: p90}\n"[
                len("metrics:\n") :
            ].replace("id: k", "id: k2")
        },
        [],
    ),
    Case(
        "LA141",
        {
            "fields.yaml": BASE["fields.yaml"].replace(
                "Won, {value: Old",
                "Won, {value: Conv, converted: true, converts_to: won}, {value: Old",
            )
        },
        [],
    ),
    Case(
        "LA142",
        {
            "log.yaml": 'event_logs:\n  - id: log\n    name: Log\n    description: The log.\n    events:\n      - {activity: A, lifecycle: start, touch: true}\n      - {activity: A, lifecycle: complete, stage: new}\n    ignore: ["O_*"]\n'
        },
        [],
    ),
]


def _column(root: Path, file: str, line: int, token: str | int) -> int:
    if isinstance(token, int):
        return token
    raw = (root / file).read_bytes().decode("utf-8", errors="replace")
    text = raw.splitlines()[line - 1]
    assert token in text, f"{token!r} not on line {line}: {text!r}"
    return text.index(token) + 1


@pytest.mark.parametrize("case", CASES, ids=[f"{c.code}-{i}" for i, c in enumerate(CASES)])
def test_rule_fails_at_the_node(case: Case, in_tmp: Path) -> None:
    root = write_catalog(in_tmp / "cat", case.files)
    catalog = build(root)
    diagnostics = lint_catalog(
        catalog, Config(select=(case.code,), rules=case.options), case.inputs
    )
    want = [(f, line, _column(root, f, line, token), case.code) for f, line, token in case.expect]
    got = [
        (Path(d.path).relative_to("cat").as_posix(), d.line, d.column, d.code) for d in diagnostics
    ]
    assert got == want, [str(d) for d in diagnostics]
    assert all(d.hint for d in diagnostics), "every finding tells how to fix it"


@pytest.mark.parametrize(
    "case", NEAR_MISSES, ids=[f"{c.code}-{i}" for i, c in enumerate(NEAR_MISSES)]
)
def test_rule_passes_a_near_miss(case: Case, in_tmp: Path) -> None:
    root = write_catalog(in_tmp / "cat", case.files)
    diagnostics = lint_catalog(build(root), Config(select=(case.code,)), case.inputs)
    assert [str(d) for d in diagnostics] == []
    _, everything = lint(root, Config())
    assert [str(d) for d in everything] == [], "a near miss is otherwise a clean catalog"


@pytest.mark.parametrize("code", [r.CODE for r in RULES])
def test_rule_passes_on_the_base_catalog(code: str, in_tmp: Path) -> None:
    root = write_catalog(in_tmp / "cat")
    _, diagnostics = lint(root, Config(select=(code,)))
    assert diagnostics == []


def test_every_rule_has_at_least_two_failing_cases() -> None:
    counts = Counter(c.code for c in CASES)
    assert {r.CODE: min(counts[r.CODE], 2) for r in RULES} == {r.CODE: 2 for r in RULES}
    assert set(counts) <= {r.CODE for r in RULES}


def test_example_catalog_is_clean(monkeypatch: pytest.MonkeyPatch) -> None:
    repo = Path(__file__).resolve().parents[1]
    monkeypatch.chdir(repo)
    _, diagnostics = lint(Path("catalog"), Config())
    assert [str(d) for d in diagnostics] == []
