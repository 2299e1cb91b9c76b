"""A corpus of script-injection payloads, and the example catalog with them in every text slot.

Each payload carries a token (`PWN07Z`) that must stay readable on some page, and calls
`__xss(n)` if it ever runs: the browser test installs `__xss` (and hooks `alert` & co.)
before any page script and fails on any call. The classes follow the OWASP XSS filter
evasion cheat sheet, plus what Python-Markdown adds (attribute lists, reference
definitions, entities decoded after the source is read) and what our own pipeline adds
(Mermaid labels, Jinja, the markers around macro output).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]


def token(n: int) -> str:
    return f"PWN{n:02d}Z"


_TEMPLATES = [
    "<script>__xss(1)</script>{t}",
    "<img src=x onerror=__xss(2)>{t}",
    "<svg onload=__xss(3)>{t}</svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=__xss(4)>{t}",
    '<iframe srcdoc="<script>__xss(5)</script>"></iframe>{t}',
    '<a href="javascript:__xss(6)">{t}</a>',
    "[{t}](javascript:__xss(7))",
    "[{t}](java&#115;cript:__xss(8))",
    "[{t}](java&#x73;cript:__xss(9))",
    "[{t}](javascript&colon;__xss(10))",
    "[{t}](JaVaScRiPt:__xss(11))",
    "[{t}](java&#9;script:__xss(12))",
    "[{t}](&#14;javascript:__xss(13))",
    "[{t}](<java\tscript:__xss(14)>)",
    "[{t}](data:text/html;base64,PHNjcmlwdD5fX3hzcygxNSk8L3NjcmlwdD4=)",
    "[{t}](vbscript:__xss(16))",
    "[{t}][r17]\n\n[r17]: java&#115;cript:__xss(17)",
    "<javascript:__xss(18)> {t}",
    "![{t}](javascript:__xss(19))",
    '![{t}](#x" onerror="__xss(20))',
    '[{t}](#top "a\\" onmouseover=\\"__xss(21)")',
    '{t} {{: tabindex=0 autofocus onfocus="__xss(22)" }}',
    '*{t}*{{: onmouseover="__xss(23)" style="position:fixed;inset:0"}}',
    '[{t}](#top){{: onclick="__xss(24)" }}',
    "{t}\n{{: #__md_scope .md-dialog onfocus=__xss(25) autofocus }}",
    "<img src=x onerror=__xss(26)// {t}",
    "<scr<script>ipt>__xss(27)</scr</script>ipt>{t}",
    "&lt;script&gt;__xss(28)&lt;/script&gt;{t}",
    "<!--><img src=x onerror=__xss(29)>--> {t}",
    "<style>@import'javascript:__xss(30)'</style>{t}",
    '"]; click n0 call __xss(31); n9["{t}',
    "%% link n0 javascript:__xss(32)\n{t}",
    "{{{{ config.site_name }}}} {{% raw %}} {{# c #}} {t}",
    "<!--leadarch:0:end--> &#60;!--leadarch:0:begin--&#62; {t}",
    "{t} \\{{: onfocus=__xss(35) autofocus}}",
    "{t} &#123;: onfocus=__xss(36) autofocus&#125;",
    "`{t}` ``x` {{: onfocus=__xss(37) autofocus tabindex=0}}",
    '<svg><a xlink:href="javascript:__xss(38)"><text>{t}</text></a></svg>',
    "<details open ontoggle=__xss(39)>{t}</details>",
    "<form><button formaction=javascript:__xss(40)>{t}</button></form>",
    "![{t}](https://evil.example/pixel.png)",
    "[{t}](javascript:__xss(42)){{: target=_blank}}",
    "\u202e{t} \U0001f600 中文 C# notes; #60; <b>x</b>",
    "<a href='&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;__xss(44)'>{t}</a>",
    "[{t}](\u0000javascript:__xss(45))",
]
PAYLOADS = [template.format(t=token(n)) for n, template in enumerate(_TEMPLATES, 1)]
TOKENS = [token(n) for n in range(1, len(PAYLOADS) + 1)]

# Strings that name other things (CRM objects and fields, activity ids, durations):
# they are structure, not text, and must stay as they are for the catalog to hold.
_STRUCTURAL = {
    "object",
    "field",
    "property",
    "reference_to",
    "carries",
    "activity",
    "activities",
    "lifecycle",  # an XES lifecycle transition an event log mapping matches
    "ignore",  # activity names (and * patterns) an event log mapping skips
}


def _resolve(node: dict[str, Any]) -> dict[str, Any]:
    from leadarch.core.schemas import resolve

    return resolve(node)


def _text_slots(
    data: Any, schema: dict[str, Any], path: tuple[str, ...] = ()
) -> Iterator[tuple[Any, Any, tuple[str, ...]]]:
    """(container, key, schema path) of every free-text string in `data`, by its schema."""
    key = path[-1] if path else ""
    if isinstance(data, dict):
        node = _resolve(schema)
        properties = node.get("properties", {})
        extra = node.get("additionalProperties")
        for name, value in data.items():
            child = properties.get(name, extra if isinstance(extra, dict) else None)
            if child is None or name in _STRUCTURAL or key == "crm":
                continue
            at = (*path, name if name in properties else "*")
            if isinstance(value, str):
                if _is_text(child):
                    yield data, name, at
            else:
                yield from _text_slots(value, child, at)
    elif isinstance(data, list):
        items = _resolve(schema).get("items")
        if not isinstance(items, dict):
            return
        for i, value in enumerate(data):
            if isinstance(value, str):
                if _is_text(items) and key not in _STRUCTURAL and key != "aliases":
                    yield data, i, (*path, "[]")
            else:
                yield from _text_slots(value, items, (*path, "[]"))


def _is_text(schema: dict[str, Any]) -> bool:
    if schema.get("$ref", "").endswith("/markdown"):
        return True
    node = _resolve(schema)
    constrained = any(k in node for k in ("pattern", "enum", "format", "const", "x-leadarch-ref"))
    return node.get("type") == "string" and not constrained and "duration" not in str(schema)


def hostile_example(root: Path, each: bool) -> int:
    """The example catalog under `root` with payloads in its text: one payload per text
    value in turn (`each`), or all of them in the first value of every text slot (a kind
    and a place in its schema). Returns how many values were changed."""
    from leadarch.core.kinds import BY_KEY
    from leadarch.core.schemas import kind_schema
    from leadarch.core.yamlread.located import parse

    changed, slots = 0, set()
    for path in sorted((REPO / "catalog").rglob("*.yaml")):
        data = parse(path.read_text(encoding="utf-8")).data
        for key, items in data.items():
            schema = kind_schema(BY_KEY[key].name)
            for item in items:
                for container, name, at in _text_slots(item, schema):
                    if each:
                        payload = PAYLOADS[changed % len(PAYLOADS)]
                        container[name] = f"{container[name]} {payload}"
                    elif (key, at) not in slots:
                        slots.add((key, at))
                        container[name] += "\n\n" + "\n\n".join(PAYLOADS)
                    else:
                        continue
                    changed += 1
        target = root / path.relative_to(REPO / "catalog")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    return changed
