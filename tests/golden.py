"""Golden outputs: what every command prints, returns and writes, recorded once and compared
byte for byte ever after (a move of the code must change none of it).

    LEADARCH_REFRESH_GOLDEN=1 python -m pytest -m golden   # record, on purpose

Each case runs the real command (`python -m leadarch …`, no lint server) in a fresh copy of
a catalog — the example, or the generated medium one — inside a git repository with one
commit, after an optional edit; the record holds the exit code, stdout, stderr and the
new content of every file the command changed. The temporary folder is written `<ROOT>`.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from leadarch.core.editor_schema import schema_text

REPO = Path(__file__).resolve().parents[1]
GOLDEN = REPO / "tests" / "golden"
REFRESH = bool(os.environ.get("LEADARCH_REFRESH_GOLDEN"))
REALDATA = REPO / "tests" / "fixtures" / "realdata"
DESCRIBE = REALDATA / "salesforce" / "describe" / "Lead.describe.raw.json"
METADATA = REALDATA / "salesforce" / "metadata_octoforce"
HUBSPOT = REALDATA / "hubspot" / "contact_properties_v1_demo_portal_2016.raw.json"
GIT_ENV = {
    "GIT_AUTHOR_NAME": "t",
    "GIT_AUTHOR_EMAIL": "t@example.invalid",
    "GIT_COMMITTER_NAME": "t",
    "GIT_COMMITTER_EMAIL": "t@example.invalid",
    "GIT_AUTHOR_DATE": "2026-01-01T00:00:00Z",
    "GIT_COMMITTER_DATE": "2026-01-01T00:00:00Z",
}
ENV = {
    **os.environ,
    **GIT_ENV,
    "LEADARCH_NO_SERVER": "1",
    "NO_MKDOCS_2_WARNING": "1",
    "COLUMNS": "100",
}
LEADS_CSV = """name,Lead.Email,Lead.Region__c,Lead.Segment__c,Lead.Demo_Requested__c,activities
Ana,ana@bank.example,NA,Enterprise,true,demo_request;web_visit
Bo,bo@gmail.com,EMEA,SMB,false,content_download
Cy,cy@firm.example,,,false,
"""
BROKEN = {
    "broken.yaml": (
        "queues:\n  - {id: broken_q, name: Broken, role: no_such_role, description: Broken.}\n"
        "teams:\n  - {id: broken_team, name: Broken team}\n"
    ),
    "syntax.yaml": "stages:\n  - [unclosed\n",
}


def _broken(root: Path) -> None:
    for name, text in BROKEN.items():
        (root / "catalog" / name).write_text(text, encoding="utf-8")


def _edited(root: Path) -> None:
    """A change since the commit: one description reworded, one team added."""
    first = sorted((root / "catalog").rglob("*.yaml"))[0]
    text = first.read_text(encoding="utf-8")
    first.write_text(text.replace("description: ", "description: Reworded ", 1), encoding="utf-8")
    (root / "catalog" / "extra.yaml").write_text(
        "teams:\n  - {id: golden_team, name: Golden team, description: Added since the commit.}\n",
        encoding="utf-8",
    )


def _disordered(root: Path) -> None:
    """Keys out of schema order in the first block entity of three files (for fmt)."""
    for path in sorted((root / "catalog").rglob("*.yaml"))[:3]:
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        for i in range(len(lines) - 1):
            a, b = lines[i], lines[i + 1]
            if a.startswith("  - ") and b.startswith("    ") and b[4:5] != " " and ":" in a + b:
                lines[i], lines[i + 1] = "  - " + b[4:], "    " + a[4:]
                break
        path.write_text("".join(lines), encoding="utf-8")


def _leads(root: Path) -> None:
    (root / "leads.csv").write_text(LEADS_CSV, encoding="utf-8")


@dataclass(frozen=True)
class Case:
    name: str
    argv: tuple[str, ...]
    prepare: Callable[[Path], None] | None = None
    catalogs: tuple[str, ...] = ("example", "medium")
    args: dict[str, tuple[str, ...]] = field(default_factory=dict)  # per-catalog argv

    def command(self, catalog: str) -> tuple[str, ...]:
        return self.args.get(catalog, self.argv)


QUEUE = {"example": "sdr_na", "medium": "q_0"}
CASES = [
    Case("lint", ("lint",)),
    *(
        Case(f"lint-{fmt}", ("lint", "--format", fmt))
        for fmt in ("json", "github", "sarif", "markdown")
    ),
    Case("lint-select", ("lint", "--select", "LA02,LA1")),
    Case("lint-ignore", ("lint", "--ignore", "LA100")),
    Case("lint-no-cache", ("lint", "--no-cache")),
    Case("lint-usage-error", ("lint", "--format", "nonsense")),
    Case("lint-unknown-code", ("lint", "--select", "LA999")),
    Case("lint-missing-folder", ("lint", "no_such_folder")),
    *(
        Case(f"lint-broken-{fmt}", ("lint", "--format", fmt), _broken)
        for fmt in ("text", "json", "github", "sarif", "markdown")
    ),
    Case("lint-base", ("lint", "--base", "HEAD"), _edited),
    Case("lint-merge-base", ("lint", "--merge-base", "main"), _edited),
    Case("rules", ("rules",), catalogs=("example",)),
    Case("rules-json", ("rules", "--format", "json"), catalogs=("example",)),
    Case("schema", ("schema",), catalogs=("example",)),
    *(
        Case(f"diff-{fmt}", ("diff", "--format", fmt), _edited)
        for fmt in ("text", "json", "markdown", "github", "sarif")
    ),
    Case("diff-none", ("diff",)),
    Case("diff-bad-revision", ("diff", "no-such-branch")),
    Case(
        "impact",
        (),
        args={"example": ("impact", "field:Lead.Status"), "medium": ("impact", "queue:q_0")},
    ),
    Case(
        "impact-json",
        (),
        args={
            "example": ("impact", "field:Lead.Status", "--format", "json"),
            "medium": ("impact", "queue:q_0", "--format", "json"),
        },
    ),
    Case("impact-unknown", ("impact", "stage:no_such_stage")),
    Case("route", ("route", "leads.csv", "--coverage"), _leads),
    Case("score", ("score", "leads.csv", "--coverage"), _leads),
    Case("release", ("release", "9.0.0", "--date", "2026-12-01")),
    Case("release-out-of-order", ("release", "0.0.1", "--date", "2020-01-01")),
    Case(
        "changelog-add",
        (),
        args={
            c: ("changelog", "add", "--type", "changed", "--ref", f"queue:{q}", "Tuned.")
            for c, q in QUEUE.items()
        },
    ),
    Case(
        "rename",
        (),
        args={c: ("rename", f"queue:{q}", f"{q}_renamed") for c, q in QUEUE.items()},
    ),
    Case("fmt-check", ("fmt", "--check"), _disordered),
    Case("fmt", ("fmt",), _disordered),
    Case("import-salesforce", ("import", "salesforce", str(DESCRIBE))),
    Case("import-salesforce-metadata", ("import", "salesforce-metadata", str(METADATA))),
    Case("import-hubspot", ("import", "hubspot", str(HUBSPOT), "--object", "contacts")),
    *(
        Case(f"drift-salesforce-{fmt}", ("drift", "salesforce", str(DESCRIBE), "--format", fmt))
        for fmt in ("text", "json", "markdown", "github", "sarif")
    ),
    Case("drift-salesforce-metadata", ("drift", "salesforce-metadata", str(METADATA))),
    Case("drift-hubspot", ("drift", "hubspot", str(HUBSPOT))),
    Case("server-status", ("server", "status")),
]


def catalog_template(kind: str, cache: Path) -> Path:
    """The example catalog, or the medium one generated once into `cache`."""
    if kind == "example":
        return REPO / "catalog"
    out = cache / f"template-{kind}"
    if not out.exists():
        subprocess.run(
            [sys.executable, str(REPO / "bench" / "generate.py"), "--scale", kind, str(out)],
            check=True,
        )
    return out


def _git(root: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=root, env=ENV, check=True, capture_output=True)


def _files(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".git" not in p.parts and ".leadarch_cache" not in p.parts
    }


def record(case: Case, kind: str, work: Path, template: Path) -> str:
    """Run the case in a fresh repository under `work` and return its record."""
    root = work / f"{kind}-{case.name}"
    shutil.copytree(template, root / "catalog")
    _git(root, "init", "-q", "-b", "main")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "catalog")
    if case.prepare is not None:
        case.prepare(root)
    before = _files(root)
    done = subprocess.run(
        [sys.executable, "-m", "leadarch", *case.command(kind)],
        cwd=root,
        env=ENV,
        capture_output=True,
        text=True,
        timeout=300,
    )
    after = _files(root)
    written = [name for name in after if before.get(name) != after[name]]
    removed = [name for name in before if name not in after]
    lines = [
        f"$ leadarch {' '.join(case.command(kind))}",
        f"exit: {done.returncode}",
        "--- stdout",
        done.stdout,
        "--- stderr",
        done.stderr,
    ]
    for name in written:
        text = after[name].decode("utf-8", errors="replace")
        if name.endswith("catalog.schema.json") and text == schema_text():
            text = "(the bundled schema, exactly as `leadarch schema` prints it)\n"
        lines += [f"--- wrote {name}", text]
    lines += [f"--- removed {name}" for name in removed]
    text = "\n".join(lines)
    return text.replace(str(root), "<ROOT>").replace(str(REPO), "<REPO>")


def golden_path(case: Case, kind: str) -> Path:
    return GOLDEN / "cli" / kind / f"{case.name}.txt"


def compare_or_refresh(path: Path, actual: str) -> None:
    """Assert `actual` equals the golden file, or (LEADARCH_REFRESH_GOLDEN) write it."""
    if REFRESH:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
        return
    assert path.is_file(), f"no golden file {path}: record it with LEADARCH_REFRESH_GOLDEN=1"
    expected = path.read_text(encoding="utf-8")
    if actual != expected:
        import difflib

        diff = "".join(
            difflib.unified_diff(
                expected.splitlines(keepends=True),
                actual.splitlines(keepends=True),
                str(path),
                "now",
                n=2,
            )
        )
        raise AssertionError(f"{path.relative_to(REPO)} differs:\n{diff[:6000]}")
