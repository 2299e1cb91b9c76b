"""Release versions: MAJOR.MINOR.PATCH, ordered as numbers; `unreleased` after all of them."""

from __future__ import annotations


def version_key(version: str) -> tuple[int, ...]:
    return tuple(int(p) for p in version.split(".")) if version != "unreleased" else (10**9,)
