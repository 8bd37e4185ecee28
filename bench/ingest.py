"""Ingest throughput on the real corpus: chars/s, docs/s and peak memory.

Rows, measured in one run on the same files:
  read only      readers decode the files (the floor: I/O + decoding)
  parse only     read + clean + split + outline + metadata + figures, nothing stored
  full import    the real `import_paths` into a fresh SQLite library (one transaction per file)
  search catch-up  building the search index from the store afterwards

With --baseline DIR (another checkout, e.g. ../main) only the parse step is measured, as process CPU time
(wall time is too noisy on a shared machine), alternating this tree and the baseline in separate processes
for --rounds rounds and keeping each side's best round; each side also hashes every parsed file, and the
files whose parse differs between the trees are counted (and the first few named).

With --e2e the real `sucai ingest` command runs into a fresh data home (import, search index, fingerprints,
near-duplicates), each tree in its own process, alternating with the baseline when one is given; per stage
it prints wall and CPU seconds (CPU of the parse workers included), end-to-end chars/s, the load average,
and whether both trees stored the same documents.

Usage: python bench/ingest.py [--limit N] [--e2e] [--baseline DIR [--rounds 3]] [CORPUS_TEXT_DIR]
"""

from __future__ import annotations

import argparse
import json
import os
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
cpu = time.process_time() - t
import hashlib
digests = {{p.name: hashlib.sha1(repr(parse_file(p)).encode()).hexdigest() for p in files}} if {check} else {{}}
print(json.dumps({{"cpu": cpu, "digests": digests}}))
"""


def compare(args: argparse.Namespace, chars: int) -> None:
    """Parse CPU time of this tree and a baseline checkout, side by side, alternating."""
    best: dict[str, float] = {}
    digests: dict[str, dict[str, str]] = {}
    load = f"{os.getloadavg()[0]:.2f}"
    trees = {"this tree": str(ROOT), "baseline": str(Path(args.baseline).resolve())}
    for _ in range(args.rounds):
        for name, tree in trees.items():
            code = _PARSE_CPU.format(tree=tree, corpus=str(Path(args.corpus).resolve()), limit=args.limit,
                                     check=not digests.get(name))
            out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=tree)
            answer = json.loads(out.stdout.splitlines()[-1])
            best[name] = min(best.get(name, float("inf")), answer["cpu"])
            digests[name] = digests.get(name) or answer["digests"]
    print(f"load average before/after: {load} / {os.getloadavg()[0]:.2f}")
    print(f"| tree | parse CPU s (best of {args.rounds}) | M chars/s |")
    print("|---|---:|---:|")
    for name, cpu in best.items():
        print(f"| {name} | {cpu:.2f} | {chars / cpu / 1e6:.2f} |")
    differ = sorted(f for f, d in digests["this tree"].items() if digests["baseline"].get(f) != d)
    print(f"parsed files that differ from the baseline: {len(differ)} of {len(digests['this tree'])}"
          + (f" (first: {', '.join(differ[:5])})" if differ else ""))


# One `sucai ingest` into a fresh home, in a fresh interpreter per tree.  The stages are timed by
# wrapping the functions the command calls (nothing else changes); parse CPU is the workers' own
# when the tree parses in a pool (its report says so), else the time spent in parse_file.
_E2E = """import hashlib, json, sys, tempfile, time
from pathlib import Path
sys.path.insert(0, {tree!r})
import sucai.derived.catchup as catchup
import sucai.ingest.batch as batch
import sucai.writing as writing
from sucai.cli import main
from sucai.store.library import Library
stages = {{}}
def timed(name, fn):
    def run(*a, **k):
        w, c = time.perf_counter(), time.process_time()
        try:
            return fn(*a, **k)
        finally:
            s = stages.setdefault(name, [0.0, 0.0])
            s[0] += time.perf_counter() - w
            s[1] += time.process_time() - c
    return run
imported = batch.import_paths
def import_paths(*a, **k):
    report = imported(*a, **k)
    if "parse_cpu" in getattr(report, "timings", {{}}):
        stages["parse"] = [None, report.timings["parse_cpu"]]
    return report
batch.import_paths = timed("import (parse + store)", import_paths)
batch.parse_file = timed("parse", batch.parse_file)
Library.add_file = timed("store", Library.add_file)
if hasattr(Library, "add_files"):  # a tree that stores a batch of files per transaction
    Library.add_files = timed("store", Library.add_files)
catchup.catch_up_search = timed("search index", catchup.catch_up_search)
catchup.catch_up_fingerprints = timed("fingerprints", catchup.catch_up_fingerprints)
writing.find_near_duplicates = timed("near-duplicates", writing.find_near_duplicates)
catchup.settle_import = timed("indexes + near-duplicates", catchup.settle_import)
with tempfile.TemporaryDirectory() as tmp:
    w, c = time.perf_counter(), time.process_time()
    main(["--home", tmp, "ingest", {corpus!r}], standalone_mode=False)
    try:  # a tree that settles a big import on both cores reports its children's CPU
        from sucai.derived.alongside import CPU as alongside
    except ImportError:
        alongside = {{}}
    if "search" in alongside:
        stages["search index"] = [None, alongside["search"]]
    if "near" in alongside:
        stages["near-duplicates"][1] += alongside["near"]
    stages["indexes + near-duplicates"][1] += sum(alongside.values())
    c -= sum(alongside.values())
    pooled = stages.get("parse", [0.0])[0] is None  # parse CPU was spent in workers, not here
    if pooled:
        stages["import (parse + store)"][1] += stages["parse"][1]
    stages["end to end"] = [time.perf_counter() - w,
                            time.process_time() - c + (stages["parse"][1] if pooled else 0.0)]
    from sucai.config import load_settings
    from sucai.store.home import open_library
    library = open_library(load_settings(home=Path(tmp), database_url=""))
    h = hashlib.sha1()
    for r in library.db.iterate("SELECT id, title, kind, org, year, half, date, chars, outline_json, near_dup_of"
                                " FROM documents ORDER BY id", ()):
        h.update(repr(sorted(r.items())).encode())
    for r in library.db.iterate("SELECT id, text, path_json, role, kind, items_json FROM paragraphs ORDER BY id", ()):
        h.update(repr(sorted(r.items())).encode())
    library.close()
print(json.dumps({{"stages": stages, "store": h.hexdigest()}}))
"""

STAGES = ("parse", "store", "import (parse + store)", "search index", "fingerprints", "near-duplicates",
          "indexes + near-duplicates", "end to end")


def end_to_end(args: argparse.Namespace, chars: int, nfiles: int) -> None:
    """`sucai ingest` into a fresh home by stage, this tree and the baseline side by side."""
    trees = {"this tree": str(ROOT)}
    if args.baseline:
        trees["baseline"] = str(Path(args.baseline).resolve())
    corpus = str(Path(args.corpus).resolve())
    if args.limit:  # the command takes a folder: link the first N files into one
        folder = Path(tempfile.mkdtemp(prefix="sucai-bench-"))
        for p in sorted(Path(corpus).glob("*.txt"))[: args.limit]:
            (folder / p.name).symlink_to(p)
        corpus = str(folder)
    best: dict[str, dict[str, list[float | None]]] = {}
    stored: dict[str, str] = {}
    load = f"{os.getloadavg()[0]:.2f}"
    for _ in range(args.rounds):
        for name, tree in trees.items():
            code = _E2E.format(tree=tree, corpus=corpus)
            out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=tree)
            answer = json.loads(out.stdout.splitlines()[-1])
            stored[name] = answer["store"]
            mine = best.setdefault(name, answer["stages"])
            if answer["stages"]["end to end"][0] < mine["end to end"][0]:
                best[name] = answer["stages"]
    print(f"`sucai ingest` of {nfiles} files into a fresh home, best of {args.rounds};"
          f" load average before/after: {load} / {os.getloadavg()[0]:.2f}")
    print("| stage | " + " | ".join(f"{n} wall s | {n} CPU s" for n in trees) + " |")
    print("|---|" + "---:|---:|" * len(trees))
    for stage in STAGES:
        cells = [best[n].get(stage, [None, None]) for n in trees]
        print(f"| {stage} | " + " | ".join(" | ".join("-" if v is None else f"{v:.2f}" for v in c)
                                          for c in cells) + " |")
    print("| end to end M chars/s | " + " | ".join(
        f"{chars / best[n]['end to end'][0] / 1e6:.2f} | " for n in trees) + "|")
    if len(stored) > 1:
        print("stored documents and paragraphs identical: " + ("yes" if len(set(stored.values())) == 1 else "NO"))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus", nargs="?", default=str(ROOT.parent / "shared" / "corpus" / "text"))
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--baseline", help="another checkout to compare parse CPU time with")
    ap.add_argument("--rounds", type=int, default=0, help="rounds per tree (default 3, with --e2e 1)")
    ap.add_argument("--e2e", action="store_true", help="the real `sucai ingest` end to end, by stage")
    args = ap.parse_args()
    args.rounds = args.rounds or (1 if args.e2e else 3)
    files = sorted(Path(args.corpus).glob("*.txt"))
    if args.limit:
        files = files[: args.limit]
    if not files:
        sys.exit(f"no .txt files in {args.corpus}")
    chars = sum(len(p.read_text(encoding="utf-8")) for p in files)
    print(f"corpus: {len(files)} files, {chars:,} chars")
    if args.e2e:
        end_to_end(args, chars, len(files))
        return
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
