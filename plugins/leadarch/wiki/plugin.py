"""MkDocs plugin `leadarch`: thin glue between the catalog core and MkDocs.

Per build: load and lint the catalog once (errors fail the build with their
`path:line:col: CODE message`, warnings become MkDocs warnings), generate every page
as a virtual file, register the macros for hand-written pages, resolve `[[kind:id]]`
links in hand-written pages, clean the final HTML of everything made from catalog text
(`leadarch.wiki.sanitize`), and watch the catalog folder under `mkdocs serve`.
"""

from __future__ import annotations

import functools
import logging
import os
import sys
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files

if TYPE_CHECKING:  # the core loads lazily: `mkdocs --help` must not pay for it
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer
    from mkdocs.structure.pages import Page

    from leadarch.core.catalog import Catalog, Workspace
    from leadarch.core.findings import Diagnostic
    from leadarch.errors import CannotRun
    from leadarch.wiki.render.site import Site
    from leadarch.wiki.sanitize import Marks

log = logging.getLogger("mkdocs.plugins.leadarch")
ASSETS = ("assets/leadarch/leadarch.js", "assets/leadarch/leadarch.css")
MERMAID = "assets/leadarch/mermaid.min.js"  # built into the wheel from the pinned npm package
SCHEMA = "schemas/catalog.schema.json"  # the editor schema, published with the wiki
MARKDOWN_EXTENSIONS = ("attr_list", "tables", "toc", "admonition")


class LeadarchConfig(Config):
    enabled = c.Type(bool, default=True)
    catalog = c.Type(str, default="catalog")
    pages = c.Optional(c.ListOfItems(c.Type(str)))  # page families; default: all
    nav_section = c.Type(str, default="")  # put generated pages under this nav section
    nav_position = c.Choice(("start", "end"), default="start")
    # CRM exports to compare with: [{source: salesforce|salesforce-metadata|hubspot, export: path, object?: contacts}]
    drift = c.ListOfItems(c.Type(dict), default=[])
    # CRM history to measure: {exports: [paths], as_of?, since?, until?, event_log?}
    measure = c.Type(dict, default={})


class LeadarchPlugin(BasePlugin[LeadarchConfig]):
    def __init__(self) -> None:
        self.families: list[str] = []
        self.command = "build"
        self.serve_errors: list[str] = []
        self.workspace: Workspace | None = None
        self.generated: set[str] = set()  # src_uris of the pages made from the catalog
        self.serve_mermaid = False
        self.docs_dir = ""
        # Set by on_config, before any event that reads them:
        self.catalog: Catalog
        self.site: Site
        self.marks: Marks  # around catalog output inside hand-written pages

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Having on_startup keeps this plugin object alive across `mkdocs serve` rebuilds.
        self.command = command
        self.root = Path("catalog")
        if command == "serve":  # rebuilds after a save re-read only the files that changed
            from leadarch.core.catalog import Workspace

            self.workspace = Workspace()

    @event_priority(100)  # before mermaid2 decides, in its own on_config, where Mermaid is
    def _wire_mermaid(self, config: MkDocsConfig) -> MkDocsConfig:
        """mermaid2 draws the diagrams with the Mermaid this package ships, served from the
        site itself: no CDN (which `--strict` cannot check offline), no copy in docs/."""
        self.serve_mermaid = False
        self.docs_dir = str(config["docs_dir"])
        mermaid2 = config["plugins"].get("mermaid2")
        if not self.config.enabled or mermaid2 is None:
            return config
        chosen = str(mermaid2.config.get("javascript") or "")
        if chosen:  # the author's own Mermaid: theirs to keep, if it is there
            if "://" not in chosen and not Path(config["docs_dir"], chosen).is_file():
                raise PluginError(
                    f"leadarch: mermaid2's `javascript: {chosen}` is not a file in "
                    f"{config['docs_dir']}/; remove the option to use the Mermaid leadarch "
                    "ships (served from the site, offline)"
                )
            return config
        if any("mermaid" in Path(str(js)).name.lower() for js in config["extra_javascript"]):
            return config  # the older way of naming one's own Mermaid: mermaid2 honours it
        if not _shipped(Path(MERMAID).name).is_file():
            raise PluginError(
                "leadarch: this installation has no Mermaid "
                f"({_shipped(Path(MERMAID).name)} is missing). Install leadarch from its "
                "wheel, which bundles it; in a source checkout run ./setup.sh, which copies "
                "the pinned Mermaid from npm there"
            )
        # mermaid2 checks a `javascript:` file in docs/ when it first needs it and keeps
        # what it found: the one leadarch serves is given as found (it is in the package,
        # not in docs/). Pages without a diagram load no Mermaid at all.
        mermaid2.config["javascript"] = MERMAID
        mermaid2._javascript = MERMAID
        self.serve_mermaid = True
        return config

    def _configure(self, config: MkDocsConfig) -> MkDocsConfig:
        if not self.config.enabled:
            return config
        from leadarch.wiki.render.site import FAMILIES, build_site

        families = self.config.pages or list(FAMILIES)
        self.families = families
        unknown = sorted(set(families) - set(FAMILIES))
        if unknown:
            raise PluginError(
                f"leadarch: unknown page families {unknown}; choose from {list(FAMILIES)}"
            )
        self.root = Path(config["config_file_path"]).parent / self.config.catalog
        self.docs_dir = str(config["docs_dir"])
        from leadarch.wiki.sanitize import Marks

        self.marks = Marks()
        self.catalog = self._lint()
        from leadarch.core.revisions import tagged_versions

        drift = self._drift(Path(config["config_file_path"]).parent)
        from leadarch.lint.rules import RULES

        measured = self._measure(Path(config["config_file_path"]).parent)
        self.site = build_site(
            self.catalog, families, tagged_versions(self.root), drift, RULES, measured
        )
        for name in MARKDOWN_EXTENSIONS:
            if name not in config["markdown_extensions"]:
                config["markdown_extensions"].append(name)
        config["extra_css"].append(ASSETS[1])
        config["extra_javascript"].append(ASSETS[0])
        self._nav(config)
        self._register_macros(config)
        return config

    on_config = CombinedEvent(_wire_mermaid, _configure)

    def _lint(self) -> Catalog:
        from leadarch.core.findings import Severity
        from leadarch.errors import CannotRun
        from leadarch.lint.config import load_config
        from leadarch.lint.engine import lint

        try:
            self._finish_interrupted_write()
            catalog, diagnostics = lint(self.root, load_config(self.root), self.workspace)
        except CannotRun as exc:
            raise _plugin_error(exc) from None
        for d in diagnostics:
            if d.severity is Severity.WARNING:
                log.warning(str(d))
        errors = [str(d) for d in diagnostics if d.severity is Severity.ERROR]
        self.serve_errors = []
        if errors and self.command == "serve":
            # While serving, a bad save must not take the wiki down: show the diagnostics
            # in the log and on every page, and build what can be built.
            # Printed, not logged: MkDocs' strict mode counts logged errors and would abort.
            for error in errors:
                print(f"ERROR    -  {error}", file=sys.stderr)
            self.serve_errors = errors
        elif errors:
            raise PluginError("leadarch: the catalog has errors:\n" + "\n".join(errors))
        return catalog

    def _finish_interrupted_write(self) -> None:
        from leadarch.core.cache import default_folder
        from leadarch.core.paths import JOURNAL_NAME

        cache = default_folder(self.root)
        if (cache / JOURNAL_NAME).exists():
            from leadarch.governance.journal import recover

            said = recover(cache)
            if said:
                log.info(f"leadarch: {said}")

    def _drift(self, base: Path) -> list[tuple[str, str, list[Diagnostic]]]:
        from leadarch.crm.drift import SCOPES, drift, system_for
        from leadarch.crm.readers import SOURCES, read_export
        from leadarch.errors import CannotRun

        out = []
        for spec in self.config.drift:
            source, export = spec.get("source"), spec.get("export")
            if source not in SOURCES or not export:
                raise PluginError(
                    f"leadarch: drift entries need `source` ({', '.join(SOURCES)}) and `export`; got {spec}"
                )
            try:
                fields = read_export(source, Path(str(export)), base, spec.get("object"))
            except CannotRun as exc:
                raise _plugin_error(exc) from None
            system = spec.get("system") or system_for(self.catalog, source)
            scope = spec.get("scope", "documented")
            if scope not in SCOPES:
                raise PluginError(
                    f"leadarch: drift `scope` is one of {', '.join(SCOPES)}; got {scope!r}"
                )
            out.append(
                (source, str(export), drift(self.catalog, fields, system, str(export), scope))
            )
        return out

    def _measure(self, base: Path) -> dict[str, Any] | None:
        """The measurement of the `measure:` option's exports, kept in the catalog's cache
        folder by the content of the exports and the catalog."""
        spec = self.config.measure
        if not spec:
            return None
        from leadarch.core.cache import default_folder
        from leadarch.errors import CannotRun
        from leadarch.measure.cached import measured
        from leadarch.measure.design import design
        from leadarch.measure.engine import Window, moment, release_windows

        unknown = sorted(set(spec) - {"exports", "as_of", "since", "until", "event_log", "period"})
        exports = spec.get("exports")
        if unknown or not isinstance(exports, list) or not exports:
            raise PluginError(
                "leadarch: `measure:` takes exports (a list of history files) and optionally "
                f"as_of, since, until, event_log, period (days); got {spec}"
            )
        try:
            plan = design(self.catalog)
            if spec.get("event_log"):
                plan = plan.using_event_log(str(spec["event_log"]))
            window = Window(
                *(moment(spec.get(k), k, plan.default_zone) for k in ("since", "until", "as_of"))
            )
            paths = [(base / str(e), str(e)) for e in exports]
            period = spec.get("period", 30)
            if isinstance(period, bool) or not isinstance(period, int) or not 1 <= period <= 366:
                raise PluginError(
                    f"leadarch: `measure: period` is a number of days (1–366); got {period!r}"
                )
            windows = release_windows(self.catalog, plan.default_zone, period)
            folder = default_folder(self.root) / "measure"
            return measured(plan, paths, window, self.root, folder, windows)
        except CannotRun as exc:
            raise _plugin_error(exc) from None

    def _nav(self, config: MkDocsConfig) -> None:
        generated = self.site.nav
        if self.config.nav_section:
            generated = [{self.config.nav_section: generated}]
        if config["nav"] is None:
            docs = Path(config["docs_dir"])
            own = sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*.md"))
            made = {p.path for p in self.site.pages}
            extra = [p for p in own if p not in made]
            config["nav"] = generated + ([{"Guides": extra}] if extra else [])
        elif self.config.nav_position == "start":
            config["nav"] = generated + list(config["nav"])
        else:
            config["nav"] = list(config["nav"]) + generated

    def _register_macros(self, config: MkDocsConfig) -> None:
        macros = config["plugins"].get("macros")
        if macros is None:
            return
        from leadarch.wiki.render.macros import make_macros

        def unknown(needle: str, message: str) -> None:
            page = getattr(macros, "page", None)
            self._warn_on_page(page, needle, message)

        made = make_macros(self.catalog, self.families, lambda: _page_path(macros), unknown)
        macros.register_macros({name: self._marked(f) for name, f in made.items()})

    def _marked(self, macro: Callable[..., str]) -> Callable[..., str]:
        """The macro, its output marked for cleaning in the page's final HTML."""

        @functools.wraps(macro)
        def marked(*args: Any, **kwargs: Any) -> str:
            return self.marks.wrap(macro(*args, **kwargs))

        return marked

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        if not self.config.enabled:
            return files
        self.generated = set()
        for page in self.site.pages:
            if files.get_file_from_path(page.path) is None:  # a hand-written page wins
                files.append(File.generated(config, page.path, content=page.content))
                self.generated.add(page.path)
        for asset in ASSETS:
            content = _shipped(Path(asset).name).read_text(encoding="utf-8")
            files.append(File.generated(config, asset, content=content))
        if self.serve_mermaid:  # 3.6 MB: copied from the package, never held in memory
            files.append(
                File.generated(config, MERMAID, abs_src_path=str(_shipped("mermaid.min.js")))
            )
        if files.get_file_from_path(SCHEMA) is None:
            from leadarch.core.editor_schema import schema_text

            files.append(File.generated(config, SCHEMA, content=schema_text()))
        return files

    @event_priority(100)  # before mkdocs-macros
    def _hide_generated(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        """A generated page's body never reaches Jinja: mkdocs-macros evaluates templates
        with Python's full reach, so catalog text must not be one, whatever its front
        matter says (a front matter MkDocs cannot read is dropped, flag and all)."""
        if not self.config.enabled or page.file.src_uri not in self.generated:
            return markdown
        page.meta["render_macros"] = False  # also keeps macros off the page title
        return ""

    @event_priority(-100)  # after mkdocs-macros
    def _late_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        if not self.config.enabled:
            return markdown
        if page.file.src_uri in self.generated:
            markdown = self.site.page(page.file.src_uri).body
        if self.serve_errors:
            markdown = self.marks.wrap(_error_banner(self.serve_errors)) + markdown
        if page.file.src_uri in self.generated or "[[" not in markdown:
            return markdown
        from leadarch.wiki.render.context import Context

        broken: list[str] = []
        context = Context(self.catalog, self.site.urls, page.file.src_uri)
        markdown = context.wiki_links(markdown, broken)
        for target in broken:
            self._warn_on_page(page, f"[[{target}", self._link_problem(target))
        return markdown

    def _link_problem(self, target: str) -> str:
        from leadarch.domain.links import broken_link

        problem = broken_link(self.catalog, target)
        if problem is None:  # the entity exists; its page family is not built
            return f"wiki link [[{target}]] leads to no page: its page family is not in `pages`"
        return f"{problem[0]}; {problem[1]}"

    def _warn_on_page(self, page: Page | None, needle: str, message: str) -> None:
        """A problem of a hand-written page, as `docs/page.md:line: message`: a warning,
        so that `mkdocs build --strict` fails on it."""
        from leadarch.core.printable import printable

        where = "a page"
        if page is not None:
            where = f"{page.file.src_uri}"
            source = page.file.content_string if page.file.abs_src_path else ""
            for number, line in enumerate(source.splitlines(), 1):
                if needle in line:
                    where = f"{where}:{number}"
                    break
            docs = Path(self.docs_dir) if self.docs_dir else None
            if docs is not None:
                where = f"{printable(os.path.relpath(docs / where, Path.cwd()))}"
        log.warning(f"leadarch: {where}: {printable(message)}")

    on_page_markdown = CombinedEvent(_hide_generated, _late_markdown)

    @event_priority(-100)  # last: what other plugins added to a page is cleaned too
    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        if not self.config.enabled:
            return html
        from leadarch.wiki.sanitize import clean

        if page.file.src_uri in self.generated:
            return clean(html)
        return self.marks.clean(html)

    def on_serve(
        self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Callable[..., Any]
    ) -> LiveReloadServer:
        if self.config.enabled and self.root.is_dir():
            server.watch(str(self.root))
        return server


def _plugin_error(exc: CannotRun) -> PluginError:
    """A CannotRun as MkDocs reports a plugin's failure: its message, then its details."""
    from leadarch.core.printable import printable

    lines = [f"leadarch: {printable(str(exc))}", *(printable(d) for d in exc.details)]
    return PluginError("\n".join(lines))


def _shipped(name: str) -> Path:
    """An asset of the package, a file on disk (wheels install unzipped)."""
    return Path(str(resources.files("leadarch.wiki") / "assets" / name))


def _page_path(macros: Any) -> str:
    page = getattr(macros, "page", None)
    return page.file.src_uri if page is not None else "index.md"


def _error_banner(errors: list[str]) -> str:
    from leadarch.wiki.render.text import esc

    lines = "\n".join(f"    - {esc(e)}" for e in errors[:50])
    more = f"\n    - … and {len(errors) - 50} more" if len(errors) > 50 else ""
    return f'!!! failure "The catalog has errors — fix them and save again"\n\n{lines}{more}\n\n'
