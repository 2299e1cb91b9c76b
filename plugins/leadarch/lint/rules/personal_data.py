"""Catalog text contains an e-mail address or a phone number.

What it checks:
    No text in the catalog (names, descriptions, steps, criteria…) contains an
    e-mail address or a phone number, except those allowed in
    `[tool.leadarch] privacy_allow` (e.g. a team mailbox) and reserved example
    domains (`example.com`, `.example`, `.invalid`, `.test`). The sample leads of
    executable `examples` are test data and are not checked.

Why it matters:
    The catalog describes roles, not people, and the wiki is read by the whole
    company. A rep's mobile number or a customer's e-mail pasted into a description
    is personal data published where it does not belong — and it goes stale.

Example:
    description: Escalate to Jane (jane.doe@acme.com, +1 415 555 0100).

Fix:
    Name the role instead of the person (`[[role:sdr_manager]]`); if the address is
    a shared team mailbox, add it to `privacy_allow`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import Any

from leadarch.core.catalog import Catalog
from leadarch.core.findings import Finding, Severity
from leadarch.core.records import dataclass, field
from leadarch.core.yamlread.problems import decode
from leadarch.lint.options import Inputs

CODE = "LA120"
NAME = "personal-data"
SUMMARY = "Catalog text contains an e-mail address or a phone number."
SEVERITY = Severity.WARNING

EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
PHONE = re.compile(r"(?<![\w.])\+?\d[\d\s().-]{7,}\d(?![\w.])")
FAKE_DOMAINS = (
    ".example",
    ".invalid",
    ".test",
    ".localhost",
    "example.com",
    "example.org",
    "example.net",
)


def _texts(data: Any, at: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], str]]:
    if isinstance(data, str):
        yield at, data
    elif isinstance(data, list):
        for i, item in enumerate(data):
            yield from _texts(item, (*at, i))
    elif isinstance(data, dict):
        for key, value in data.items():
            if key != "examples":
                yield from _texts(value, (*at, key))


def _allowed(match: str, allow: tuple[str, ...]) -> bool:
    lowered = match.lower()
    return (
        any(lowered == a.lower() for a in allow)
        or lowered.endswith(FAKE_DOMAINS)
        or any(f"{d}" in lowered for d in FAKE_DOMAINS)
    )


RANGE = re.compile(r"([1-9]\d*)\s*-\s*([1-9]\d*)")


def _phone(match: str) -> bool:
    digits = re.sub(r"\D", "", match)
    text = match.strip()
    return (
        9 <= len(digits) <= 15
        and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text)  # a date
        and not _numeric_range(text)
    )


def _numeric_range(text: str) -> bool:
    """`5001-10000`, `1000000-5000000`: a bracket of a company-size or revenue picklist —
    two numbers of about the same length, the first the smaller. A phone number split in
    two (`020-71234567`) has parts of very different lengths, or a leading zero."""
    found = RANGE.fullmatch(text)
    if found is None:
        return False
    low, high = found.groups()
    return int(low) < int(high) and len(high) - len(low) <= 1


# Necessary for a finding: an "@", or nine digits with only phone punctuation between them.
# Checked once per file so that the texts of clean files are never walked one by one.
NINE_DIGITS = re.compile(r"\d(?:[\s().-]*\d){8}")


@functools.lru_cache(maxsize=4096)  # by content: the lint server asks again for every file
def _may_hold_personal_data(raw: bytes) -> bool:
    text = decode(raw)
    return "@" in text or NINE_DIGITS.search(text) is not None


@dataclass(frozen=True)
class Options:
    allow: tuple[str, ...] = field(
        default=(),
        metadata={"help": "e-mail addresses and numbers that may appear (shared team mailboxes)"},
    )


LEGACY = {"privacy_allow": "allow"}  # [tool.leadarch] privacy_allow = [...]


def check(catalog: Catalog, options: Options, inputs: Inputs) -> Iterator[Finding]:
    suspects = {
        path
        for path, source in catalog.files.items()
        if source.raw is not None and _may_hold_personal_data(source.raw)
    }
    for raw in catalog.raw:
        if raw.where.file not in suspects:
            continue
        ref = raw.ref if raw.id else None
        for at, text in _texts(raw.data):
            if "@" in text:
                for match in EMAIL.findall(text):
                    if not _allowed(match, options.allow):
                        yield Finding(
                            f"{ref or 'text'} contains an e-mail address ({match})",
                            raw.where.child(*at),
                            "name the role, not the person; allow shared mailboxes with privacy_allow",
                            ref,
                        )
            for match in PHONE.findall(text):
                if _phone(match) and not _allowed(match, options.allow):
                    yield Finding(
                        f"{ref or 'text'} contains what looks like a phone number ({match.strip()})",
                        raw.where.child(*at),
                        "name the role, not the person; allow shared numbers with privacy_allow",
                        ref,
                    )
