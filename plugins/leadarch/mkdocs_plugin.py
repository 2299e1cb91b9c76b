"""MkDocs plugin `leadarch`: lints the catalog once per build (the wiki pages come later).

Thin glue: error findings fail the build with their `path:line:col: CODE message`,
warnings become MkDocs warnings (so `--strict` fails on them too).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin

log = logging.getLogger("mkdocs.plugins.leadarch")


class LeadarchConfig(Config):
    enabled = c.Type(bool, default=True)
    catalog = c.Type(str, default="catalog")


class LeadarchPlugin(BasePlugin[LeadarchConfig]):
    def on_config(self, config: Any) -> Any:
        if not self.config.enabled:
            return config
        from leadarch.config import load_config
        from leadarch.diagnostics import Severity
        from leadarch.engine import lint
        from leadarch.loader import CannotRun

        root = Path(config["config_file_path"]).parent / self.config.catalog
        try:
            _, diagnostics = lint(root, load_config(root))
        except CannotRun as exc:
            raise PluginError(f"leadarch: {exc}") from None
        errors = [d for d in diagnostics if d.severity is Severity.ERROR]
        for d in diagnostics:
            if d.severity is Severity.WARNING:
                log.warning(str(d))
        if errors:
            raise PluginError(
                "leadarch: the catalog has errors:\n" + "\n".join(str(d) for d in errors)
            )
        return config
