"""A lint rule's documentation, read from its module docstring: what the wiki's rule
reference, `leadarch rules` and SARIF show. The rules themselves live in
`leadarch.lint.rules`; the page renderers get them from the MkDocs plugin as data (this
protocol), so that rendering never runs the lint."""

from __future__ import annotations

from typing import Protocol

from leadarch.core.findings import Severity


class RuleDoc(Protocol):
    CODE: str
    NAME: str
    SUMMARY: str
    SEVERITY: Severity
    __doc__: str | None


SECTIONS = ("What it checks", "Why it matters", "Example", "Fix")


def doc_sections(rule: RuleDoc) -> dict[str, str]:
    """The rule's docstring split into its summary and fixed sections."""
    import inspect

    text = inspect.cleandoc(rule.__doc__ or "")
    summary, _, rest = text.partition("\n\n")
    out = {"summary": summary.strip()}
    current = None
    lines: list[str] = []
    for line in rest.splitlines():
        header = line.rstrip(":")
        if line.endswith(":") and header in SECTIONS:
            if current:
                out[current] = inspect.cleandoc("\n".join(lines))
            current, lines = header, []
        else:
            lines.append(line)
    if current:
        out[current] = inspect.cleandoc("\n".join(lines))
    return out
