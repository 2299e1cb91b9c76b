"""Text from the catalog, a file name or an export, made safe to show: on a terminal or in a
CI log, control characters (ESC starts terminal escape sequences; a newline would let a
file name forge a `path:line:col` line), bidirectional overrides and line separators are
shown escaped, as `\\x1b`, `\\n`, `\\u202e`; in Markdown, inside a code span, where links,
mentions and HTML do nothing. Standard library only."""

from __future__ import annotations

import re

_UNSAFE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]"
)
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(match: re.Match[str]) -> str:
    char = match.group(0)
    code = ord(char)
    return _NAMED.get(char) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


def printable(text: str) -> str:
    """One line: every unsafe character escaped, line breaks included."""
    return _UNSAFE.sub(_escape, text)


def printable_lines(text: str) -> str:
    """Many lines: unsafe characters escaped within each, the line breaks kept."""
    return "\n".join(printable(line) for line in text.split("\n"))


def code(value: object) -> str:
    """Inline code span of any text: fenced by one backtick more than its longest run of
    backticks, so nothing inside it is read as Markdown, a link or a mention."""
    text = " ".join(str(value).split())
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def inert(value: object) -> str:
    """Untrusted text in GitHub-flavoured Markdown (a pull-request comment, a table cell): a
    code span, inside which links, images, HTML, mentions, issue references and emoji do
    nothing; control characters shown escaped; pipes escaped for tables."""
    return code(printable(str(value))).replace("|", "\\|")
