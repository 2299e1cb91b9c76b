"""Mermaid flowcharts built from data: generated node ids, every label escaped.

Labels are double-quoted and every character outside `[A-Za-z0-9 _.,-]` becomes
`#<decimal code>;` — measured to render any text (quotes, brackets, `#`, `;`, `<`,
`&`, emoji) exactly, where named entities alone fail. Node ids are generated
(`n0`, `n1`, …), never taken from data (`end` is a keyword). Links are not Mermaid
`click` directives (disabled under the `strict` security level we keep) but
`%% link` comments that the wiki's script wires to the rendered nodes.
"""

from __future__ import annotations

import re

from leadarch.core.records import dataclass, field

_SAFE = re.compile(r"[A-Za-z0-9 _.,\-]")
EDGE_STYLES = {
    "advance": ("-->", "stroke-width:2px"),
    "recycle": ("-.->", "stroke:#e8a33d,stroke-width:2px,stroke-dasharray:6 4"),
    "disqualify": ("-.->", "stroke:#d9534f,stroke-width:2px,stroke-dasharray:2 4"),
    "reopen": ("-.->", "stroke:#5b8def,stroke-width:2px,stroke-dasharray:6 4"),
    "flow": ("-->", ""),
    "sync": ("<-->", ""),
}


def label(text: object) -> str:
    """A quoted Mermaid label that shows `text` exactly and cannot break the diagram."""
    out = [ch if _SAFE.match(ch) else f"#{ord(ch)};" for ch in " ".join(str(text).split())]
    return '"' + "".join(out) + '"'


@dataclass
class Node:
    id: str
    text: str
    shape: str = "box"  # box, round, stadium, diamond, circle
    css_class: str | None = None
    link: str | None = None  # URL relative to the page


@dataclass
class Flowchart:
    direction: str = "LR"
    nodes: dict[str, Node] = field(default_factory=dict)  # by key (e.g. `stage:mql`)
    groups: list[tuple[str, list[str]]] = field(default_factory=list)  # (title, node keys)
    edges: list[tuple[str, str, str, str | None]] = field(
        default_factory=list
    )  # (from, to, style, label)
    classes: dict[str, str] = field(default_factory=dict)
    group_direction: str = "LR"

    def node(
        self,
        key: str,
        text: str,
        shape: str = "box",
        css_class: str | None = None,
        link: str | None = None,
    ) -> str:
        if key not in self.nodes:
            self.nodes[key] = Node(f"n{len(self.nodes)}", text, shape, css_class, link)
        return self.nodes[key].id

    def edge(self, source: str, target: str, style: str = "flow", text: str | None = None) -> None:
        self.edges.append((source, target, style, text))

    def group(self, title: str, keys: list[str]) -> None:
        self.groups.append((title, keys))

    def render(self) -> str:
        lines = [f"flowchart {self.direction}"]
        grouped = {k for _, keys in self.groups for k in keys}
        for i, (title, keys) in enumerate(self.groups):
            lines.append(f"  subgraph g{i}[{label(title)}]")
            lines.append(f"    direction {self.group_direction}")
            lines.extend(f"    {self._node_line(self.nodes[k])}" for k in keys if k in self.nodes)
            lines.append("  end")
        lines.extend(f"  {self._node_line(n)}" for k, n in self.nodes.items() if k not in grouped)
        styles = []
        for i, (source, target, style, text) in enumerate(self.edges):
            arrow, css = EDGE_STYLES[style]
            middle = f"|{label(text)}|" if text else ""
            lines.append(f"  {self.nodes[source].id} {arrow}{middle} {self.nodes[target].id}")
            if css:
                styles.append(f"  linkStyle {i} {css}")
        lines.extend(styles)
        for name, css in self.classes.items():
            lines.append(f"  classDef {name} {css}")
        for node in self.nodes.values():
            if node.css_class:
                lines.append(f"  class {node.id} {node.css_class}")
        for node in self.nodes.values():
            if node.link:
                lines.append(f"  %% link {node.id} {node.link}")
        return "\n".join(lines)

    @staticmethod
    def _node_line(node: Node) -> str:
        text = label(node.text)
        shapes = {
            "box": f"[{text}]",
            "round": f"({text})",
            "stadium": f"([{text}])",
            "diamond": f"{{{text}}}",
            "circle": f"(({text}))",
        }
        return f"{node.id}{shapes[node.shape]}"


def fence(source: str) -> str:
    return f"```mermaid\n{source}\n```\n"
