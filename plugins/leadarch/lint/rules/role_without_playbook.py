"""A role has no playbook.

What it checks:
    Every role has at least one playbook (`playbooks[].role`).

Why it matters:
    The playbook is the page a person in that role bookmarks: what they own, which
    SLAs they must meet, what to do. A role without one learns the process from
    hallway conversations.

Example:
    roles:
      - id: csm          # no playbook with role: csm

Fix:
    Add a playbook with `role: <role id>`, its stages and at least one play.
"""

from __future__ import annotations

from collections.abc import Iterator

from leadarch.core.catalog import Catalog
from leadarch.core.findings import Finding, Severity
from leadarch.core.model import Playbook, Role
from leadarch.lint.options import Inputs, NoOptions

CODE = "LA071"
NAME = "role-without-playbook"
SUMMARY = "A role has no playbook."
SEVERITY = Severity.ERROR


def check(catalog: Catalog, options: NoOptions, inputs: Inputs) -> Iterator[Finding]:
    covered = {p.role for p in catalog.of(Playbook)}
    for role in catalog.of(Role):
        if role.id not in covered:
            yield Finding(
                f"role '{role.id}' has no playbook",
                role.at("id"),
                f"add a playbook with `role: {role.id}`",
                role.ref,
            )
