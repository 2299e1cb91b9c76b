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

from leadarch.core.catalog import Catalog
from leadarch.core.findings import Finding, Severity
from leadarch.core.model import Example, RoutingRule, ScoringModel
from leadarch.domain.routing import Router
from leadarch.domain.scoring import score, threshold_stage
from leadarch.lint.options import Inputs, NoOptions

CODE = "LA090"
NAME = "example-mismatch"
SUMMARY = "An executable example of routing or scoring gives a different result than expected."
SEVERITY = Severity.ERROR


def check(catalog: Catalog, options: NoOptions, inputs: Inputs) -> Iterator[Finding]:
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


def _scoring_problems(model: ScoringModel, example: Example) -> Iterator[str]:
    points = score(model, example)
    if "score" in example.expect and example.expect["score"] != points:
        yield f"expected score {example.expect['score']}, but the criteria give {points}"
    if "stage" in example.expect:
        stage = threshold_stage(model, points)
        if stage != example.expect["stage"]:
            yield f"expected stage '{example.expect['stage']}', but a score of {points} reaches {repr(stage) if stage else 'no threshold'}"
