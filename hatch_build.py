"""Wheel build hook: puts the pinned Mermaid (npm `mermaid`, dist/mermaid.min.js) into the
wheel as `leadarch/wiki/assets/mermaid.min.js`, so that the wiki plugin serves it itself:
no CDN, no copy in the user's docs/, no node_modules in their repository.

Mermaid is never committed to git. The file comes from, in order:
  1. `$LEADARCH_MERMAID_JS`, a path to a mermaid.min.js already built;
  2. `node_modules/mermaid/dist/mermaid.min.js` beside this file (./setup.sh installs it);
  3. `npm ci` with the `package.json` and `package-lock.json` beside this file (the sdist
     carries both, so a wheel can be rebuilt from the sdist alone).
Its version must be the one the lock file pins: a wheel never ships a Mermaid other than
the one the tests ran against.

`LEADARCH_MERMAID=require` (releases, the adoption test) fails the build when none of the
three works; by default a machine without npm gets a wheel without Mermaid and a warning
(the lint needs none, and the wiki plugin says how to get it); `LEADARCH_MERMAID=skip`
builds that lint-only wheel on purpose.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface
from hatchling.metadata.plugin.interface import MetadataHookInterface

IN_WHEEL = "leadarch/wiki/assets/mermaid.min.js"
IN_PACKAGE = Path("node_modules") / "mermaid" / "dist" / "mermaid.min.js"


class MermaidHook(BuildHookInterface):  # type: ignore[type-arg]
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel":
            return
        root = Path(self.root)
        if version == "editable":
            _into_source_tree(root)  # an editable install serves the source tree itself
            return
        policy = os.environ.get("LEADARCH_MERMAID", "")
        if policy == "skip":
            return
        self._scratch = Path(tempfile.mkdtemp(prefix="leadarch-mermaid-"))
        try:
            built = self._mermaid(root, _pinned_version(root))
        except NoNpm as exc:
            if policy == "require":
                raise
            self.app.display_warning(f"leadarch: a wheel without Mermaid: {exc}")
            return
        build_data["force_include"][str(built)] = IN_WHEEL

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        scratch = getattr(self, "_scratch", None)
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)

    def _mermaid(self, root: Path, pinned: str) -> Path:
        given = os.environ.get("LEADARCH_MERMAID_JS")
        if given:
            path = Path(given)
            if not path.is_file():
                raise RuntimeError(f"LEADARCH_MERMAID_JS={given}: no such file")
            return path
        local = root / IN_PACKAGE
        if local.is_file() and _installed_version(root / "node_modules") == pinned:
            return local
        return _npm_ci(root, pinned, self._scratch)


def _into_source_tree(root: Path) -> None:
    """The Mermaid of node_modules where the plugin looks for it in a source checkout
    (git-ignored); without node_modules the lint still works and the wiki says what to do."""
    installed = root / IN_PACKAGE
    target = root / "plugins" / IN_WHEEL
    if installed.is_file() and (
        not target.is_file() or target.read_bytes() != installed.read_bytes()
    ):
        shutil.copyfile(installed, target)


class NoNpm(RuntimeError):
    """Mermaid cannot be built here: no npm, and no file given."""


def _pinned_version(root: Path) -> str:
    lock = root / "package-lock.json"
    if not lock.is_file():
        raise RuntimeError(
            "package-lock.json is missing: the wheel bundles the Mermaid it pins (build from "
            "the source checkout or the sdist, which carry it)"
        )
    packages = json.loads(lock.read_text(encoding="utf-8")).get("packages", {})
    version = packages.get("node_modules/mermaid", {}).get("version")
    if not version:
        raise RuntimeError("package-lock.json pins no `mermaid` version")
    return str(version)


def _installed_version(node_modules: Path) -> str | None:
    manifest = node_modules / "mermaid" / "package.json"
    if not manifest.is_file():
        return None
    return str(json.loads(manifest.read_text(encoding="utf-8")).get("version"))


def _npm_ci(root: Path, pinned: str, out: Path) -> Path:
    """Install the lock's Mermaid in a scratch folder (never in the source tree, which may
    be a read-only unpacked sdist) and keep only the one file the wheel needs."""
    npm = shutil.which("npm")
    if npm is None:
        raise NoNpm(
            "building the wheel needs Mermaid: install Node.js and npm, or set "
            "LEADARCH_MERMAID_JS to a mermaid.min.js of version " + pinned
        )
    with tempfile.TemporaryDirectory(prefix="leadarch-npm-") as scratch:
        for name in ("package.json", "package-lock.json"):
            shutil.copy2(root / name, Path(scratch) / name)
        subprocess.run(
            [npm, "ci", "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error"],
            cwd=scratch,
            check=True,
        )
        if _installed_version(Path(scratch) / "node_modules") != pinned:
            raise RuntimeError(f"npm ci did not install mermaid {pinned}")
        kept = out / "mermaid.min.js"
        shutil.copyfile(Path(scratch) / IN_PACKAGE, kept)
    return kept


class PackageIndexReadme(MetadataHookInterface):  # type: ignore[misc]
    """The README as a package index shows it: a link to a file of the source tree
    (`[Performance page](docs/performance.md)`) would be dead there, so it becomes the
    link's text naming the file (`Performance page (docs/performance.md in leadarch's
    source)`); links to anchors and to web pages stay."""

    PLUGIN_NAME = "custom"

    def update(self, metadata: dict[str, Any]) -> None:
        text = (Path(self.root) / "README.md").read_text(encoding="utf-8")
        metadata["readme"] = {"content-type": "text/markdown", "text": for_package_index(text)}


RELATIVE_LINK = re.compile(r"\[([^\]]+)\]\((?!https?:|mailto:|#)([^)\s]+)\)")


def for_package_index(readme: str) -> str:
    return RELATIVE_LINK.sub(
        lambda m: f"{m.group(1)} (`{m.group(2)}` in leadarch's source)", readme
    )
