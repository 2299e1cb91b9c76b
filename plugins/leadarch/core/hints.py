"""'Did you mean …?': the nearest of the known names to one that is not known.

Every place that says it — an unknown kind or key, an enum value, a reference to an id
that does not exist — asks here, each with its own quoting and strictness."""

from __future__ import annotations

from collections.abc import Iterable


def closest(
    value: str, choices: Iterable[str], cutoff: float = 0.6, ignore_case: bool = False
) -> str | None:
    """The choice most like `value` (difflib's ratio at least `cutoff`); with `ignore_case`,
    else a choice that differs from it only in case."""
    import difflib  # hints only: not on the clean path

    known = list(choices)
    found = difflib.get_close_matches(value, known, n=1, cutoff=cutoff)
    if found:
        return found[0]
    if ignore_case:
        return {c.lower(): c for c in known}.get(value.lower())
    return None


def did_you_mean(
    value: str,
    choices: Iterable[str],
    quote: str = "'",
    cutoff: float = 0.6,
    ignore_case: bool = True,
) -> str | None:
    """`did you mean 'x'?`, or None when nothing is close."""
    found = closest(value, choices, cutoff, ignore_case)
    return f"did you mean {quote}{found}{quote}?" if found is not None else None
