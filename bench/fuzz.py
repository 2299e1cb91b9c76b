"""The long fuzz run behind the wiki's Reliability page.

    python bench/fuzz.py --cases 10000 --seed 1 [--out bench/reliability.json]

Each case is a catalog with hostile text in a text slot (valid or broken YAML), random
ids and references, or random line deletions, duplications, swaps and byte flips of the
example catalog. Every case is linted in-process with a time bound; a sample of the
clean hostile-text cases is also rendered to pages and checked for unescaped markup.
Then `changelog add` is run with a write that fails part-way, and the bytes compared.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.fuzzing import METACHARACTERS, SLOTS, catalog_with_text, lint_ok, mutate, write_files  # noqa: E402

EXAMPLE = {
    p.relative_to(REPO / "catalog").as_posix(): p.read_text()
    for p in sorted((REPO / "catalog").rglob("*.yaml"))
}


def random_text(rng: random.Random) -> str:
    kind = rng.randrange(4)
    if kind == 0:
        return rng.choice(METACHARACTERS)
    if kind == 1:
        return "".join(chr(rng.randrange(0, 0x3000)) for _ in range(rng.randrange(0, 60)))
    if kind == 2:
        return rng.choice(METACHARACTERS) + "".join(
            chr(rng.randrange(32, 0x250)) for _ in range(rng.randrange(0, 20))
        )
    return "".join(rng.choice("ab<>&\"'{}[]#;|`*_\\\n\t") for _ in range(rng.randrange(500, 4000)))


def rendered_safely(root: Path) -> bool:
    from leadarch.catalog import build
    from leadarch.render.site import build_site

    site = build_site(build(root))
    text = "".join(p.content for p in site.pages)
    # Catalog text reaches Markdown with every `<` escaped: no tag can open.
    return re.search(r"<(script|img|iframe|svg|object|embed|a|style)\b", text, re.I) is None


def write_failure_case(work: Path) -> int:
    """Bytes lost when a write fails part-way (must be 0)."""
    from leadarch import edit
    from leadarch.changelog import add_change

    catalog = work / "catalog"
    shutil.copytree(REPO / "catalog", catalog)
    before = {p: p.read_bytes() for p in catalog.rglob("*") if p.is_file()}
    real = os.replace

    def fail(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device", dst)

    edit.os.replace = fail  # type: ignore[assignment]
    try:
        add_change(catalog, "changed", "stage:mql", "x")
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
    args = parser.parse_args()
    rng = random.Random(args.seed)
    counts = {
        "cases": 0,
        "clean": 0,
        "findings": 0,
        "usage_errors": 0,
        "crashes": 0,
        "hangs": 0,
        "injections": 0,
        "rendered": 0,
    }
    slowest = 0.0
    failures: list[str] = []
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        for case in range(args.cases):
            root = Path(tmp) / f"c{case}"
            kind = case % 3
            if kind == 0:
                files = catalog_with_text(
                    random_text(rng), rng.randrange(len(SLOTS)), rng.random() < 0.3
                )
            elif kind == 1:
                files = dict(EXAMPLE)
                for _ in range(rng.randrange(1, 6)):
                    name = rng.choice(sorted(files))
                    files[name] = mutate(files[name], rng)
            else:
                ident = random_text(rng)[:20]
                files = catalog_with_text(ident, 0, False)
                files["x.yaml"] = (
                    "queues:\n  - "
                    + json.dumps(
                        {
                            "id": ident,
                            "name": "Q",
                            "role": ident[:5],
                            "sla": "sla_mql",
                            "description": "[[" + ident + "]]",
                        }
                    )
                    + "\n"
                )
            write_files(root, files)
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
            if code == 0 and kind == 0 and case % 30 == 0:
                counts["rendered"] += 1
                if not rendered_safely(root):
                    counts["injections"] += 1
                    failures.append(f"case {case}: unescaped markup in a rendered page")
            shutil.rmtree(root, ignore_errors=True)
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
    return 1 if counts["crashes"] or counts["hangs"] or counts["injections"] or bytes_lost else 0


if __name__ == "__main__":
    sys.exit(main())
