"""Ingest throughput on the real corpus: chars/s, docs/s and peak memory.

Rows, measured in one run on the same files:
  read only      readers decode the files (the floor: I/O + decoding)
  parse only     read + clean + split + outline + metadata + figures, nothing stored
  full import    the real `import_paths` into a fresh SQLite library (one transaction per file)
  search catch-up  building the search index from the store afterwards

With --baseline DIR (another checkout, e.g. ../main) only the parse step is measured, as process CPU time
(wall time is too noisy on a shared machine), alternating this tree and the baseline in separate processes
for --rounds rounds and keeping each side's best round.

Usage: python bench/ingest.py [--limit N] [--baseline DIR [--rounds 3]] [CORPUS_TEXT_DIR]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sucai.config import load_settings  # noqa: E402
from sucai.derived.catchup import refresh_indexes  # noqa: E402
from sucai.ingest.batch import import_paths  # noqa: E402
from sucai.ingest.pipeline import parse_file  # noqa: E402
from sucai.ingest.readers import read_file  # noqa: E402
from sucai.store.home import open_library  # noqa: E402


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def row(name: str, seconds: float, chars: int, docs: int) -> str:
    return (f"| {name:<16} | {seconds:8.2f} | {chars / seconds / 1e6:8.2f} | {docs / seconds:8.1f} |"
            f" {peak_mb():8.0f} |")


# Run in a fresh interpreter per tree, so each side imports its own sucai; imports happen before the clock.
_PARSE_CPU = """import json, sys, time
from pathlib import Path
sys.path.insert(0, {tree!r})
from sucai.ingest.pipeline import parse_file
files = sorted(Path({corpus!r}).glob("*.txt"))[:{limit} or None]
t = time.process_time()
for p in files:
    parse_file(p)
print(json.dumps({{"cpu": time.process_time() - t}}))
"""


def compare(args: argparse.Namespace, chars: int) -> None:
    """Parse CPU time of this tree and a baseline checkout, side by side, alternating."""
    best: dict[str, float] = {}
    trees = {"this tree": str(ROOT), "baseline": str(Path(args.baseline).resolve())}
    for _ in range(args.rounds):
        for name, tree in trees.items():
            code = _PARSE_CPU.format(tree=tree, corpus=str(Path(args.corpus).resolve()), limit=args.limit)
            out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=tree)
            best[name] = min(best.get(name, float("inf")), json.loads(out.stdout.splitlines()[-1])["cpu"])
    print(f"| tree | parse CPU s (best of {args.rounds}) | M chars/s |")
    print("|---|---:|---:|")
    for name, cpu in best.items():
        print(f"| {name} | {cpu:.2f} | {chars / cpu / 1e6:.2f} |")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus", nargs="?", default=str(ROOT.parent / "shared" / "corpus" / "text"))
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--baseline", help="another checkout to compare parse CPU time with")
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    files = sorted(Path(args.corpus).glob("*.txt"))
    if args.limit:
        files = files[: args.limit]
    if not files:
        sys.exit(f"no .txt files in {args.corpus}")
    chars = sum(len(p.read_text(encoding="utf-8")) for p in files)
    print(f"corpus: {len(files)} files, {chars:,} chars")
    if args.baseline:
        compare(args, chars)
        return
    print("| step             |  seconds |  Mchar/s |   docs/s | peak MB |")
    print("|------------------|---------:|---------:|---------:|--------:|")

    t = time.perf_counter()
    for p in files:
        read_file(p)
    print(row("read only", time.perf_counter() - t, chars, len(files)))

    t = time.perf_counter()
    ndocs = 0
    for p in files:
        ndocs += len(parse_file(p).documents)
    print(row("parse only", time.perf_counter() - t, chars, ndocs))

    with tempfile.TemporaryDirectory() as tmp:
        settings = load_settings(home=Path(tmp) / "home", database_url="")
        library = open_library(settings)
        t = time.perf_counter()
        report = import_paths(library, files)
        print(row("full import", time.perf_counter() - t, chars, report.counts()["documents"]))
        t = time.perf_counter()
        refresh_indexes(settings, library)
        print(row("search catch-up", time.perf_counter() - t, chars, report.counts()["documents"]))
        library.close()


if __name__ == "__main__":
    main()
