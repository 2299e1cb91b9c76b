"""Scoring a lead: the points of every true criterion, each criterion compiled once, and the
threshold stage the total reaches. Shared by the lint (LA090) and `leadarch score`.

A field criterion tests the lead's value; an activity criterion tests how often the
activity occurs (at least once unless it says otherwise).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from typing import Any

from leadarch.core.model import Example, ScoreCriterion, ScoringModel
from leadarch.domain.criteria import compile_test, record_value

Hit = Callable[[Mapping[str, Any], Counter[str]], bool]


def _plain(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


def compile_criterion(criterion: ScoreCriterion) -> Hit:
    if criterion.activity:
        activity = criterion.activity
        test = compile_test(
            criterion.op or "gte", 1 if criterion.value is None else criterion.value
        )
        return lambda lead, activities: test(activities[activity])
    field, test = criterion.field or "", compile_test(criterion.op, _plain(criterion.value))
    return lambda lead, activities: test(record_value(lead, field))


class Scorer:
    """One scoring model, compiled."""

    def __init__(self, model: ScoringModel) -> None:
        self.model = model
        self.hits = [compile_criterion(c) for c in model.criteria]

    def breakdown(self, lead: Mapping[str, Any], activities: Counter[str]) -> tuple[int, list[int]]:
        """The total and the positions of the criteria that were true (`activities`: how
        often each occurred, counted once per lead for all models)."""
        true = [i for i, hit in enumerate(self.hits) if hit(lead, activities)]
        return sum(self.model.criteria[i].points for i in true), true


def score(model: ScoringModel, example: Example) -> int:
    return Scorer(model).breakdown(example.lead, Counter(example.activities))[0]


def threshold_stage(model: ScoringModel, points: int) -> str | None:
    reached = [t for t in model.thresholds if points >= t.min]
    return max(reached, key=lambda t: t.min).stage if reached else None
