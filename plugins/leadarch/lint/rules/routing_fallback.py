"""Routing has no single fallback rule evaluated last.

What it checks:
    Exactly one routing rule has no conditions (the fallback), and it has the
    largest priority number, so it is evaluated last.

Why it matters:
    Without a fallback, a lead that matches no rule falls through routing and is
    never assigned. A fallback that is not last swallows every lead meant for the
    rules after it.

Example:
    - id: fallback
      priority: 50     # rules with priority 60+ never fire

Fix:
    Keep one rule without `when:` and give it the largest priority (e.g. 999).
"""

from __future__ import annotations

from collections.abc import Iterator

from leadarch.core.catalog import Catalog
from leadarch.core.findings import Finding, Severity
from leadarch.core.model import RoutingRule
from leadarch.lint.options import Inputs, NoOptions

CODE = "LA050"
NAME = "routing-fallback"
SUMMARY = "Routing has no single fallback rule evaluated last."
SEVERITY = Severity.ERROR


def check(catalog: Catalog, options: NoOptions, inputs: Inputs) -> Iterator[Finding]:
    rules = sorted(catalog.of(RoutingRule), key=lambda r: (r.priority, r.id))
    if not rules:
        return
    fallbacks = [r for r in rules if r.is_fallback]
    if not fallbacks:
        last = rules[-1]
        yield Finding(
            "routing has no fallback rule: a lead that matches no rule is never assigned",
            last.at("id"),
            "add a rule without `when:` and with the largest priority, assigning to a review queue",
            last.ref,
        )
        return
    for extra in fallbacks[1:]:
        yield Finding(
            f"routing rule '{extra.id}' is a second fallback (no conditions); only '{fallbacks[0].id}' can ever fire",
            extra.at("id"),
            "give the rule conditions under `when:`, or remove it",
            extra.ref,
        )
    first = fallbacks[0]
    later = [r for r in rules if r.priority > first.priority]
    if later:
        yield Finding(
            f"fallback rule '{first.id}' (priority {first.priority}) is evaluated before {len(later)} other rule(s), which can never fire",
            first.at("priority"),
            f"give the fallback a priority above {later[-1].priority}",
            first.ref,
        )
