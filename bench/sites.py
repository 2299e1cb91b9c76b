"""Wiki projects for the build benchmarks: the real one and its plain-Markdown floor.

    python bench/sites.py CATALOG_DIR OUT_DIR [HISTORY.csv]

writes OUT_DIR/real (the catalog plus an mkdocs.yml using the leadarch plugin, as a team
would have it) and OUT_DIR/floor (the very pages the plugin generates, written out as
Markdown files, with the same theme, plugins, extensions and assets but no leadarch
plugin). Each holds two configurations: `mkdocs.yml` (mermaid2, the configured default)
and `native.yml` (Material's own Mermaid support through pymdownx.superfences). With a
HISTORY (an events CSV, bench/history.py `walks`), the real wiki measures it (`measure:`)
and the floor holds the measured pages as the plugin makes them.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[1]
FENCE_FORMAT = "pymdownx.superfences.fence_code_format"
NATIVE_FENCE = {
    "pymdownx.superfences": {
        "custom_fences": [{"name": "mermaid", "class": "mermaid", "format": FENCE_FORMAT}]
    }
}


def _repo_config() -> dict[str, Any]:
    """The repository's mkdocs.yml, without its `measure:` exports: they are the example
    catalog's CRM history, not the generated catalogs' (write_real gives its own)."""
    config: dict[str, Any] = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    for plugin in config["plugins"]:
        if isinstance(plugin, dict) and "leadarch" in plugin:
            plugin["leadarch"].pop("measure", None)
    return config


def _dump(config: dict[str, Any], native: bool, mermaid: str | None = None) -> str:
    """`config` as YAML; with `mermaid`, mermaid2 told to load that file from docs/ (what
    the leadarch plugin tells it of the Mermaid it serves)."""
    config = dict(config)
    plugins = [p for p in config["plugins"] if not (native and _name(p) == "mermaid2")]
    if mermaid:
        plugins = [
            {"mermaid2": {**p["mermaid2"], "javascript": mermaid}}
            if isinstance(p, dict) and _name(p) == "mermaid2"
            else p
            for p in plugins
        ]
    config["plugins"] = plugins
    if native:
        config["markdown_extensions"] = [*config.get("markdown_extensions", []), NATIVE_FENCE]
    text = yaml.safe_dump(config, sort_keys=False, allow_unicode=True)
    return text.replace(f"format: {FENCE_FORMAT}", f"format: !!python/name:{FENCE_FORMAT}")


def _name(plugin: Any) -> str:
    return plugin if isinstance(plugin, str) else next(iter(plugin))


HISTORY = "exports/history.csv"


def write_real(catalog: Path, out: Path, history: Path | None = None) -> Path:
    """The catalog and an mkdocs.yml using the plugin; with `history`, measured from it."""
    out.mkdir(parents=True)
    shutil.copytree(catalog, out / "catalog")
    (out / "docs").mkdir()
    config = _repo_config()
    if history is not None:
        (out / HISTORY).parent.mkdir(parents=True)
        shutil.copy(history, out / HISTORY)
        for plugin in config["plugins"]:
            if isinstance(plugin, dict) and "leadarch" in plugin:
                plugin["leadarch"]["measure"] = {"exports": [HISTORY]}
    for native, name in ((False, "mkdocs.yml"), (True, "native.yml")):
        (out / name).write_text(_dump(config, native), encoding="utf-8")
    return out


def write_floor(catalog: Path, out: Path, history: Path | None = None) -> Path:
    """The generated pages as files (with `history`, the measured pages too, as the plugin
    makes them); the plugin's extensions and assets added by hand."""
    from leadarch.core.catalog import build
    from leadarch.core.revisions import tagged_versions
    from leadarch.lint.rules import RULES
    from leadarch.wiki.plugin import ASSETS, MARKDOWN_EXTENSIONS, MERMAID
    from leadarch.wiki.render.site import FAMILIES, build_site

    built = build(catalog)
    measured = None
    if history is not None:
        from leadarch.measure.design import design
        from leadarch.measure.engine import measure, release_windows

        plan = design(built)
        windows = release_windows(built, plan.default_zone, 30)
        measured = measure(plan, [(history, HISTORY)], with_trend=True, windows=windows)
    site = build_site(built, list(FAMILIES), tagged_versions(catalog), None, RULES, measured)
    docs = out / "docs"
    for page in site.pages:
        target = docs / page.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page.content, encoding="utf-8")
    package = REPO / "plugins" / "leadarch" / "wiki" / "assets"
    for asset in (*ASSETS, MERMAID):
        (docs / asset).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(package / Path(asset).name, docs / asset)
    config = _repo_config()
    config["plugins"] = [p for p in config["plugins"] if _name(p) != "leadarch"]
    names = [_name(e) for e in config.setdefault("markdown_extensions", [])]
    config["markdown_extensions"] += [e for e in MARKDOWN_EXTENSIONS if e not in names]
    config["extra_css"] = [ASSETS[1]]
    config["extra_javascript"] = [ASSETS[0]]
    config["nav"] = site.nav
    for native, name in ((False, "mkdocs.yml"), (True, "native.yml")):
        (out / name).write_text(_dump(config, native, MERMAID), encoding="utf-8")
    return out


def main(argv: list[str]) -> int:
    """sites.py CATALOG OUT [HISTORY.csv]"""
    catalog, out = Path(argv[0]), Path(argv[1])
    history = Path(argv[2]) if len(argv) > 2 else None
    write_real(catalog, out / "real", history)
    write_floor(catalog, out / "floor", history)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
