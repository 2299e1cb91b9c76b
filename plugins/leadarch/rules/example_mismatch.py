"""An executable example of routing or scoring gives a different result than expected.

What it checks:
    Every `examples` entry of a routing rule is routed through all rules in
    priority order (first match wins) and must land where `expect` says. Every
    example of a scoring model is scored (sum of the points of the true criteria;
    activity criteria count occurrences) and must reach the expected score and
    threshold stage.

Why it matters:
    Examples turn the catalog into a specification that can fail: when someone
    changes a priority or a point value, the examples that no longer hold show
    exactly which leads now go somewhere else.

Example:
    examples:
      - lead: {Lead.Region__c: EMEA}
        expect: {queue: sdr_na}       # routing sends it to sdr_emea

Fix:
    If the new behaviour is intended, update `expect` (and log the change);
    otherwise fix the rule or the points that changed.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from leadarch.catalog import Catalog
from leadarch.config import RuleOptions
from leadarch.criteria import evaluate, record_value
from leadarch.diagnostics import Finding, Severity
from leadarch.model import Criterion, Example, RoutingRule, ScoringModel

CODE = "LA090"
NAME = "example-mismatch"
SUMMARY = "An executable example of routing or scoring gives a different result than expected."
SEVERITY = Severity.ERROR


def check(catalog: Catalog, options: RuleOptions) -> Iterator[Finding]:
    router = Router(catalog.of(RoutingRule))
    for rule in router.rules:
        for i, example in enumerate(rule.examples):
            problem = _routing_problem(router, example)
            if problem:
                yield Finding(
                    f"routing rule '{rule.id}', example {_name(example, i)}: {problem}",
                    rule.at("examples", i, "expect"),
                    _HINT,
                    rule.ref,
                )
    for model in catalog.of(ScoringModel):
        for i, example in enumerate(model.examples):
            for problem in _scoring_problems(model, example):
                yield Finding(
                    f"scoring model '{model.id}', example {_name(example, i)}: {problem}",
                    model.at("examples", i, "expect"),
                    _HINT,
                    model.ref,
                )


_HINT = "if the new behaviour is intended, update `expect` and log the change; otherwise fix what changed"


def _name(example: Example, index: int) -> str:
    return repr(example.name) if example.name else f"#{index + 1}"


def matches(rule: RoutingRule, lead: Any) -> bool:
    if rule.when is None:
        return True
    if not all(_true(c, lead) for c in rule.when.all):
        return False
    return not rule.when.any or any(_true(c, lead) for c in rule.when.any)


def _true(criterion: Criterion, lead: Any) -> bool:
    if not criterion.structured:
        return False  # a sentence cannot be evaluated
    return evaluate(
        criterion.op, record_value(lead, criterion.field or ""), _plain(criterion.value)
    )


class Router:
    """First-match routing, indexed: a rule with an `eq` condition is only tried for leads
    that hold that value, so routing a lead does not walk every rule."""

    def __init__(self, rules: list[RoutingRule]) -> None:
        self.rules = sorted(rules, key=lambda r: (r.priority, r.id))
        self.free: list[int] = []
        self.anchored: dict[tuple[str, Any], list[int]] = {}
        for position, rule in enumerate(self.rules):
            anchor = _anchor(rule)
            if anchor is None:
                self.free.append(position)
            else:
                self.anchored.setdefault(anchor, []).append(position)

    def route(self, lead: Any) -> RoutingRule | None:
        candidates = list(self.free)
        for field_id, value in lead.items():
            for item in value if isinstance(value, list | tuple) else [value]:
                if isinstance(item, str | int | float | bool):
                    candidates += self.anchored.get((field_id, item), ())
        for position in sorted(candidates):
            if matches(self.rules[position], lead):
                return self.rules[position]
        return None


def _anchor(rule: RoutingRule) -> tuple[str, Any] | None:
    if rule.when is None:
        return None
    for c in rule.when.all:
        if c.structured and c.op in (None, "eq") and isinstance(c.value, str | int | float | bool):
            return (str(c.field), c.value)
    return None


def route(rules: list[RoutingRule] | Router, lead: Any) -> RoutingRule | None:
    router = rules if isinstance(rules, Router) else Router(rules)
    return router.route(lead)


def _routing_problem(router: Router, example: Example) -> str | None:
    matched = router.route(example.lead)
    if matched is None:
        return "no rule matches this lead: it falls through routing"
    expect = dict(example.expect)
    expected_rule = expect.pop("rule", None)
    if expected_rule and expected_rule != matched.id:
        return f"expected rule '{expected_rule}' to match, but '{matched.id}' (priority {matched.priority}) matched first"
    got = dict(matched.assign)
    if expect and got != expect:
        return f"expected {_target(expect)}, but rule '{matched.id}' assigns to {_target(got)}"
    return None


def _target(assign: dict[str, Any]) -> str:
    if assign.get("account_owner"):
        return "the account owner"
    return " and ".join(f"{k} '{v}'" for k, v in assign.items())


def score(model: ScoringModel, example: Example) -> int:
    total = 0
    for c in model.criteria:
        if c.activity:
            count = list(example.activities).count(c.activity)
            hit = evaluate(c.op or "gte", count, 1 if c.value is None else c.value)
        else:
            hit = evaluate(c.op, record_value(example.lead, c.field or ""), _plain(c.value))
        total += c.points if hit else 0
    return total


def threshold_stage(model: ScoringModel, points: int) -> str | None:
    reached = [t for t in model.thresholds if points >= t.min]
    return max(reached, key=lambda t: t.min).stage if reached else None


def _scoring_problems(model: ScoringModel, example: Example) -> Iterator[str]:
    points = score(model, example)
    if "score" in example.expect and example.expect["score"] != points:
        yield f"expected score {example.expect['score']}, but the criteria give {points}"
    if "stage" in example.expect:
        stage = threshold_stage(model, points)
        if stage != example.expect["stage"]:
            yield f"expected stage '{example.expect['stage']}', but a score of {points} reaches {repr(stage) if stage else 'no threshold'}"


def _plain(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value
