"""The folders are the architecture, and the imports hold to it.

Every module of the package is parsed (ast); every import of another leadarch module
counts, the lazy ones inside functions too (only `if TYPE_CHECKING:` blocks do not). The
import graph must have no cycle, and each module may import only from its own layer or
the layers below (the table is the architecture page's, `docs/architecture.md`).
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

from tests.conftest import REPO

PACKAGE = REPO / "plugins" / "leadarch"

# Longest prefix wins. A module imports only from layers at or below its own; peers of one
# layer may import each other unless FORBIDDEN says otherwise.
LAYERS: dict[str, int] = {
    "leadarch": 0,  # __version__
    "leadarch.errors": 0,
    "leadarch.codes": 0,
    "leadarch.core": 1,
    "leadarch.cli.lint_args": 1,  # standard library only: the front door reads it
    "leadarch.server.protocol": 1,  # standard library only: the front door uses it
    "leadarch.domain": 2,
    "leadarch.lint": 3,
    "leadarch.governance": 3,
    "leadarch.crm": 4,
    "leadarch.measure": 4,
    "leadarch.wiki.render": 5,
    "leadarch.report": 5,
    "leadarch.scaffold": 5,
    "leadarch.wiki": 6,
    "leadarch.server.control": 6,
    "leadarch.cli": 7,
    "leadarch.server.daemon": 8,
    "leadarch.client": 8,
    "leadarch.__main__": 9,
}
# The lint is what the layers below the MkDocs plugin and the command line must not run:
# governance gets its check handed in (Writer.check), the renderers get the rule
# reference as data from the plugin.
FORBIDDEN = {
    "leadarch.governance": ("leadarch.lint", "leadarch.wiki", "leadarch.cli", "leadarch.report"),
    "leadarch.crm": ("leadarch.lint", "leadarch.wiki", "leadarch.cli", "leadarch.report"),
    "leadarch.measure": (
        "leadarch.lint",
        "leadarch.crm",
        "leadarch.wiki",
        "leadarch.cli",
        "leadarch.report",
    ),
    "leadarch.wiki.render": ("leadarch.lint", "leadarch.report", "leadarch.cli"),
    "leadarch.lint": ("leadarch.governance", "leadarch.crm", "leadarch.wiki", "leadarch.cli"),
    "leadarch.report": ("leadarch.wiki", "leadarch.cli"),
    "leadarch.scaffold": ("leadarch.lint", "leadarch.wiki", "leadarch.cli", "leadarch.report"),
}
STANDARD_LIBRARY_ONLY = ("leadarch.client", "leadarch.cli.lint_args", "leadarch.server.protocol")


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _type_checking(node: ast.AST) -> bool:
    return isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)


def imports(path: Path) -> list[tuple[str, int, bool]]:
    """(imported module, line, at module level) for every leadarch import of a file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[tuple[str, int, bool]] = []

    def visit(node: ast.AST, top: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if _type_checking(child):
                continue
            if isinstance(child, ast.ImportFrom) and child.module and child.level == 0:
                if child.module.startswith("leadarch"):
                    for alias in child.names:
                        candidate = f"{child.module}.{alias.name}"
                        target = candidate if _exists(candidate) else child.module
                        found.append((target, child.lineno, top))
            elif isinstance(child, ast.Import):
                found.extend(
                    [
                        (a.name, child.lineno, top)
                        for a in child.names
                        if a.name.startswith("leadarch")
                    ]
                )
            nested = top and not isinstance(
                child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda
            )
            visit(child, nested)

    visit(tree, True)
    return found


def _exists(name: str) -> bool:
    base = PACKAGE.parent.joinpath(*name.split("."))
    return base.with_suffix(".py").is_file() or (base / "__init__.py").is_file()


def _prefix(name: str, table: dict[str, object]) -> str:
    return max((p for p in table if name == p or name.startswith(p + ".")), key=len)


def graph() -> dict[str, set[str]]:
    return {
        module_name(p): {target for target, _, _ in imports(p)}
        for p in sorted(PACKAGE.rglob("*.py"))
    }


def test_every_import_goes_down_the_layers() -> None:
    wrong = []
    for path in sorted(PACKAGE.rglob("*.py")):
        source = module_name(path)
        for target, line, _ in imports(path):
            if target == "leadarch" or source == target:
                continue
            a, b = LAYERS[_prefix(source, LAYERS)], LAYERS[_prefix(target, LAYERS)]
            barred = [f for p, fs in FORBIDDEN.items() if source.startswith(p) for f in fs]
            if b > a or any(target == f or target.startswith(f + ".") for f in barred):
                wrong.append(f"{source}:{line} imports {target}")
    assert wrong == []


def test_the_import_graph_has_no_cycle() -> None:
    edges = graph()
    state: dict[str, int] = {}
    cycles: list[list[str]] = []

    def walk(node: str, trail: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(edges.get(node, ())):
            if nxt not in edges or nxt == node:
                continue
            if state.get(nxt) == 1:
                cycles.append([*trail[trail.index(nxt) :], nxt] if nxt in trail else [node, nxt])
            elif nxt not in state:
                walk(nxt, [*trail, nxt])
        state[node] = 2

    for node in sorted(edges):
        if node not in state:
            walk(node, [node])
    assert cycles == []


def test_the_front_door_imports_only_the_standard_library_before_it_runs_a_command() -> None:
    stdlib = set(sys.stdlib_module_names)
    for name in STANDARD_LIBRARY_ONLY:
        path = PACKAGE.parent.joinpath(*name.split(".")).with_suffix(".py")
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            modules = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom) and node.level == 0
                else []
            )
            for module in modules:
                top = module.split(".")[0]
                allowed = (
                    top in stdlib
                    or top in ("__future__", "tomllib", "tomli")  # tomli: tomllib before 3.11
                    or module
                    in (
                        "leadarch",
                        *STANDARD_LIBRARY_ONLY,
                        "leadarch.core.paths",
                        "leadarch.core.pipes",
                        "leadarch.cli",  # only inside main(), to run the command itself
                    )
                )
                assert allowed, f"{name} imports {module}"


def test_the_architecture_page_shows_this_table() -> None:
    """docs/architecture.md is what contributors read: its table is this one."""
    page = (REPO / "docs" / "architecture.md").read_text(encoding="utf-8")
    rows = {}
    for line in page.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 4 and cells[0].startswith("`leadarch") and cells[1].isdigit():
            rows[cells[0].strip("`")] = int(cells[1])
    assert rows == LAYERS
