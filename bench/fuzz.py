"""The long fuzz run behind the wiki's Reliability page.

    python bench/fuzz.py --cases 10000 --seed 1 [--out bench/reliability.json]

Each case is a catalog with hostile text in a text slot (valid or broken YAML; random
text, metacharacters, or the script-injection corpus of tests/payloads.py), random ids
and references, or random line deletions, duplications, swaps and byte flips of the
example catalog. Every case is linted in-process with a time bound. A sample of the clean
hostile-text cases is rendered to pages, turned into the HTML the wiki serves (rendered
with MkDocs' extensions, then cleaned) and audited for anything that could run; every
`--browser-every`-th of those is built with the real `mkdocs build --strict` and opened in
Chromium with an init script that records any script execution. Every `--faults-every`-th
case stops a random writing command at a random commit point with a random signal
(strace), runs the next command, and checks that the catalog is all old or all new, with
no temporary file left.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.fuzzing import METACHARACTERS, SLOTS, catalog_with_text, lint_ok, mutate, write_files  # noqa: E402
from tests.payloads import PAYLOADS  # noqa: E402

HOSTILE = METACHARACTERS + PAYLOADS
SIGNALS = ("SIGKILL", "SIGTERM", "SIGHUP", "SIGINT")

EXAMPLE = {
    p.relative_to(REPO / "catalog").as_posix(): p.read_text()
    for p in sorted((REPO / "catalog").rglob("*.yaml"))
}


def random_text(rng: random.Random) -> str:
    kind = rng.randrange(5)
    if kind == 0:
        return rng.choice(HOSTILE)
    if kind == 1:
        return "".join(chr(rng.randrange(0, 0x3000)) for _ in range(rng.randrange(0, 60)))
    if kind == 2:
        return rng.choice(HOSTILE) + "".join(
            chr(rng.randrange(32, 0x250)) for _ in range(rng.randrange(0, 20))
        )
    if kind == 3:
        return "\n\n".join(rng.sample(PAYLOADS, rng.randrange(1, 6)))
    return "".join(rng.choice("ab<>&\"'{}[]#;|`*_\\\n\t") for _ in range(rng.randrange(500, 4000)))


def unsafe_pages(root: Path) -> list[str]:
    """What could run in the pages of the catalog at `root`, as the wiki serves them."""
    from leadarch.core.catalog import build
    from leadarch.lint.rules import RULES
    from leadarch.wiki.render.site import build_site

    from tests.html_audit import final_html, unsafe

    found = []
    for page in build_site(build(root), rules=RULES).pages:
        found += [f"{page.path}: {what}" for what in unsafe(final_html(page.body))]
    return found


def executions_in_chromium(root: Path, driver: object) -> list[str]:
    """The real build of the catalog at `root`, every page opened with the recorder: what ran."""
    from tests import browser
    from tests.conftest import build_wiki

    result = build_wiki(root)
    if result.returncode != 0:
        return [f"mkdocs build --strict failed: {result.stderr[-300:]}"]
    site = root / "site"
    found: list[str] = []
    with browser.serve(site) as url:
        for page in sorted(p.parent.relative_to(site).as_posix() for p in site.rglob("index.html")):
            driver.get(url + ("" if page == "." else page + "/"))  # type: ignore[attr-defined]
            audit = driver.execute_script(browser.AUDIT)  # type: ignore[attr-defined]
            found += [f"{page}: {what}" for what in audit["hits"] + audit["bad"]]
    return found


def fault_case(work: Path, rng: random.Random) -> str | None:
    """A writing command stopped at a random commit point: None when the catalog came out
    all old or all new with no temporary file, else what went wrong."""
    from tests.faults import COMMANDS, RENAMES, commit_points, copy_catalog, run_leadarch, snapshot

    command = rng.choice(sorted(COMMANDS))
    old = snapshot(copy_catalog(work, "old", command))
    done = copy_catalog(work, "new", command)
    points = commit_points(done, COMMANDS[command])
    new = snapshot(done)
    target = copy_catalog(work, "stopped", command)
    signal_name, n = rng.choice(SIGNALS), rng.randrange(1, points + 1)
    run_leadarch(
        target, *COMMANDS[command], inject=f"inject={RENAMES}:signal={signal_name}:when={n}"
    )
    after = run_leadarch(target, "lint")
    state = snapshot(target)
    shutil.rmtree(work, ignore_errors=True)
    if "Traceback" in after.stderr:
        return f"{command} {signal_name} at {n}: the next command crashed"
    return None if state in (old, new) else f"{command} {signal_name} at rename {n}: partial write"


def write_failure_case(work: Path) -> int:
    """Bytes lost when a write fails part-way (must be 0)."""
    from leadarch.governance import edit
    from leadarch.governance.changelog import add_change

    from tests.conftest import writer

    catalog = work / "catalog"
    shutil.copytree(REPO / "catalog", catalog)
    before = {p: p.read_bytes() for p in catalog.rglob("*") if p.is_file()}
    real = os.replace

    def fail(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device", dst)

    edit.os.replace = fail  # type: ignore[assignment]
    try:
        add_change(writer(catalog.parent), catalog, "changed", "stage:mql", "x")
    except OSError:
        pass
    finally:
        edit.os.replace = real  # type: ignore[assignment]
    after = {p: p.read_bytes() for p in catalog.rglob("*") if p.is_file()}
    lost = sum(
        abs(len(before[p]) - len(after.get(p, b""))) + (before[p] != after.get(p)) for p in before
    )
    return lost + sum(len(v) for p, v in after.items() if p not in before)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "reliability.json")
    parser.add_argument("--bound", type=float, default=10.0, help="seconds a lint may take")
    parser.add_argument(
        "--browser-every", type=int, default=25, help="open every Nth rendered case in Chromium"
    )
    parser.add_argument(
        "--faults-every", type=int, default=100, help="stop a write in every Nth case"
    )
    args = parser.parse_args()
    rng = random.Random(args.seed)
    counts = dict.fromkeys(
        (
            "cases",
            "clean",
            "findings",
            "usage_errors",
            "crashes",
            "hangs",
            "rendered",
            "unsafe_html",
            "built_and_opened",
            "script_executions",
            "stopped_writes",
            "partial_writes",
        ),
        0,
    )
    slowest = 0.0
    failures: list[str] = []
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp, _chromium() as driver:
        for case in range(args.cases):
            root = Path(tmp) / f"c{case}"
            kind = case % 3
            write_files(root, case_files(kind, rng))
            t0 = time.perf_counter()
            try:
                code, _ = lint_ok(root)
            except Exception as exc:
                counts["crashes"] += 1
                failures.append(f"case {case}: {type(exc).__name__}: {exc}"[:300])
                continue
            finally:
                elapsed = time.perf_counter() - t0
                slowest = max(slowest, elapsed)
                counts["hangs"] += elapsed > args.bound
                counts["cases"] += 1
            counts[{0: "clean", 1: "findings", 2: "usage_errors"}[code]] += 1
            if code == 0 and kind == 0 and case % 9 == 0:
                counts["rendered"] += 1
                found = unsafe_pages(root)
                counts["unsafe_html"] += bool(found)
                failures += [f"case {case}: {what}"[:300] for what in found[:3]]
                if driver is not None and (counts["rendered"] - 1) % args.browser_every == 0:
                    counts["built_and_opened"] += 1
                    project = Path(tmp) / f"site{case}"
                    shutil.copytree(root, project / "catalog")
                    ran = executions_in_chromium(project, driver)
                    counts["script_executions"] += len(ran)
                    failures += [f"case {case}: {what}"[:300] for what in ran[:3]]
                    shutil.rmtree(project, ignore_errors=True)
            shutil.rmtree(root, ignore_errors=True)
            if args.faults_every and case % args.faults_every == 0:
                counts["stopped_writes"] += 1
                problem = fault_case(Path(tmp) / f"w{case}", rng)
                if problem:
                    counts["partial_writes"] += 1
                    failures.append(f"case {case}: {problem}")
        bytes_lost = write_failure_case(Path(tmp) / "writes")
    result = {
        **counts,
        "bytes_lost_on_failed_write": bytes_lost,
        "slowest_lint_seconds": round(slowest, 3),
        "seconds": round(time.perf_counter() - started, 1),
        "seed": args.seed,
        "python": sys.version.split()[0],
        "failures": failures[:20],
    }
    args.out.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))
    bad = ("crashes", "hangs", "unsafe_html", "script_executions", "partial_writes")
    return 1 if any(counts[k] for k in bad) or bytes_lost else 0


def case_files(kind: int, rng: random.Random) -> dict[str, str]:
    """Hostile text in a slot (0), a mangled example catalog (1), or hostile ids (2)."""
    if kind == 0:
        return catalog_with_text(random_text(rng), rng.randrange(len(SLOTS)), rng.random() < 0.3)
    if kind == 1:
        files = dict(EXAMPLE)
        for _ in range(rng.randrange(1, 6)):
            name = rng.choice(sorted(files))
            files[name] = mutate(files[name], rng)
        return files
    ident = random_text(rng)[:20]
    files = catalog_with_text(ident, 0, False)
    queue = {
        "id": ident,
        "name": "Q",
        "role": ident[:5],
        "sla": "sla_mql",
        "description": "[[" + ident + "]]",
    }
    files["x.yaml"] = "queues:\n  - " + json.dumps(queue) + "\n"
    return files


@contextlib.contextmanager
def _chromium() -> Iterator[object | None]:
    from tests import browser

    if not browser.available():
        print("Chromium is not installed: no case is opened in a browser", file=sys.stderr)
        yield None
        return
    with browser.chromium() as driver:
        browser.record_scripts(driver)
        yield driver


if __name__ == "__main__":
    sys.exit(main())
