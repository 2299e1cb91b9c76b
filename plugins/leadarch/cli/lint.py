"""`leadarch lint`: check the catalog and report every defect at its line."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from leadarch.cli.invocation import Invocation
from leadarch.cli.lint_args import add_lint_arguments
from leadarch.core.records import replace
from leadarch.lint.options import Inputs

NAME = "lint"


def add_parser(sub: Any) -> None:
    from leadarch.report import formats

    parser = sub.add_parser(NAME, help="check the catalog and report every defect at its line")
    add_lint_arguments(parser, formats("lint"))


def run(args: argparse.Namespace, here: Invocation) -> int:
    from leadarch.core.cache import ParseCache, default_folder
    from leadarch.core.catalog import build
    from leadarch.core.findings import Severity
    from leadarch.lint.engine import lint_catalog
    from leadarch.report import Report, cap, render

    config = here.config()
    if args.select is not None:
        config = replace(config, select=args.select)
    if args.ignore is not None:
        config = replace(config, ignore=(*config.ignore, *args.ignore))
    root = here.catalog_dir(args, config)
    catalog = build(
        root,
        cache=None if args.no_cache else ParseCache(default_folder(root, here.env, here.cwd)),
        workspace=here.workspace(Path(here.cwd, root)) if here.workspace is not None else None,
        limits=config.limits,
        cwd=here.cwd,
    )
    inputs = _since(args, root, catalog, here) if args.base or args.merge_base else Inputs()
    diagnostics = lint_catalog(catalog, config, inputs)
    shown, truncated = cap(diagnostics, config.limits.max_findings_per_code)
    report = Report("lint", tuple(shown), len(catalog.files), len(catalog.raw), truncated)
    here.stdout.write(render(report, args.format))
    return 1 if any(d.severity is Severity.ERROR for d in diagnostics) else 0


def _exists(gitcat: Any, folder: Path, rev: str) -> bool:
    from leadarch.errors import CannotRun

    gitcat.toplevel(folder)  # not a git repository at all: that is an error, said as git says
    try:
        gitcat.resolve(folder, rev)
    except CannotRun:
        return False
    return True


def _since(args: argparse.Namespace, root: Path, catalog: Any, here: Invocation) -> Inputs:
    """The changes since `--base` (or the merge base), for LA110."""
    from leadarch.core import gitcat
    from leadarch.core.revisions import catalog_at
    from leadarch.governance.diff import diff

    folder = Path(here.cwd, root)
    where = folder if folder.is_dir() else here.cwd
    if args.merge_base and not _exists(gitcat, where, args.merge_base):
        # A new repository has no main branch to compare with yet: say so, and let the
        # first commits and pushes through (an explicit --base still has to exist).
        here.warn(
            f"leadarch: the changelog check (LA110) is skipped: '{args.merge_base}' does not "
            "exist yet, so there is nothing to compare with. It runs once it does; to compare "
            "with another branch, change `--merge-base` in the hook or the command"
        )
        return Inputs()
    rev = args.base or gitcat.merge_base(where, args.merge_base)
    label = args.base or f"the merge base with {args.merge_base}"
    base, _ = catalog_at(rev, root, here.cwd)
    changes = tuple((c.ref, c.status) for c in diff(base, catalog).changes)
    return Inputs(base_changes=changes, base_label=label)
