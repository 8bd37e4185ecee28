"""The whole pipeline at 10 M, 90 M and 900 M characters: ingest, both indexes, search, 查重, daily import, web.

    .venv/bin/python bench/scale.py                          # 10e6,90e6,900e6 under /work/scale-work
    .venv/bin/python bench/scale.py --sizes 10e6 --reuse     # re-measure, skipping builds already done
    .venv/bin/python bench/scale.py --sizes 90e6 --pg        # also ingest the 90 M corpus into PostgreSQL

Corpus: bench/search.py's replication (replica k shifts digits by k, rotates place names, shuffles the
paragraphs after the title) plus a fresh perturbation per replica (1% of the Han
characters replaced by random Han characters), so replicas are near-duplicates, never equal.  It is
written twice: as .txt files (one per document, for `sucai`'s own ingest) and as bench/search.py's
corpus.jsonl (the same texts, one paragraph a line, for the engine rows).

Per size, under --work/<size>/ (kept; --reuse skips every build already recorded in results.json):
  end to end (sizes ≤ --e2e-max): import_paths into a fresh SQLite home, then the search index, the
    fingerprints and the near-duplicate search, as `sucai ingest` does (settle_import), each stage timed;
    the home's search end to end on the query set; 查重 of a 10,000-character draft (bench/check.py's);
    1,000 new documents imported into a copy of the home until searchable; `/api/search` with 16
    clients beside the static-file baseline (bench/web.py); the server's resident memory (RssAnon:
    page cache excluded) after the query mix.
  engine side (every size): bench/search.py's builds and query runners: sucai end to end and core,
    Tantivy over bigrams and ripgrep on the same paragraphs, totals checked equal; the 1,000-document
    import into the search index; a fingerprint index built from the same rows and 查重 against it.
  Above --e2e-max the store and the whole-pipeline stages are not run: their times are extrapolated
  linearly from the largest measured size and marked "extrap." in the tables.

Every stage runs in its own process; wall time and CPU time (the process and its children) are both
reported, since the machine is shared: the load average is printed with every table.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import check as check_bench  # noqa: E402
import search as search_bench  # noqa: E402
from scale_report import label_of, print_report  # noqa: E402
from web_scale import proc_rss  # noqa: E402

ENGINES = ("sucai", "rg", "tantivy")
MARKER = "新导入文档标记甲乙丙"


def load_average() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def rss_mb() -> dict[str, float]:
    """This process's resident memory: anonymous (heap, arrays read in) and file-backed (mmap), MB."""
    return proc_rss(os.getpid())


def cpu_now() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def timed(fn: Any, *args: Any, **kwargs: Any) -> tuple[Any, dict[str, float]]:
    """fn(*args, **kwargs) and its wall and CPU seconds (this process and the children it waited for)."""
    wall, cpu = time.perf_counter(), cpu_now()
    value = fn(*args, **kwargs)
    return value, {"wall_s": time.perf_counter() - wall, "cpu_s": cpu_now() - cpu}


# --- corpus ----------------------------------------------------------------------------------------
def han_pool(docs: list[dict]) -> np.ndarray:
    codes = np.frombuffer("".join(d["text"] for d in docs[:50]).encode("utf-32-le"), dtype=np.uint32)
    return np.unique(codes[(codes >= 0x4E00) & (codes <= 0x9FFF)])


def replica(doc: dict, k: int, rng: np.random.Generator, pool: np.ndarray, tag: str = "") -> dict:
    """bench/search.py's replica k, plus 1% of its Han characters replaced by random Han characters."""
    out = search_bench.perturb(doc, k, tag)
    if not (k or tag):
        return out
    codes = np.frombuffer(out["text"].encode("utf-32-le"), dtype=np.uint32).copy()
    han = np.flatnonzero((codes >= 0x4E00) & (codes <= 0x9FFF))
    if len(han):
        picked = rng.choice(han, size=max(1, len(han) // 100), replace=False)
        codes[picked] = rng.choice(pool, size=len(picked))
    return {**out, "text": codes.tobytes().decode("utf-32-le")}


def write_corpus(size_dir: Path, chars: float, files: bool, per_class: int) -> dict:
    """corpus.jsonl for the engines and (when `files`) one .txt per document for the ingest."""
    base = search_bench.base_documents()
    pool = han_pool(base)
    engines = size_dir / "engines"
    engines.mkdir(parents=True, exist_ok=True)
    total, docs, k = 0, 0, 0
    with open(engines / "corpus.jsonl", "w", encoding="utf-8") as jsonl:
        while total < chars:
            rng = np.random.default_rng([7, k])
            folder = size_dir / "corpus" / f"r{k:03d}"
            if files:
                folder.mkdir(parents=True, exist_ok=True)
            for doc in base:
                rep = replica(doc, k, rng, pool)
                jsonl.write(json.dumps(rep, ensure_ascii=False) + "\n")
                if files:
                    (folder / f"{rep['id'].replace('~', '_')}.txt").write_text(rep["text"], encoding="utf-8")
                total += len(rep["text"])
                docs += 1
                if total >= chars:
                    break
            k += 1
    queries = search_bench.make_queries(per_class)
    (engines / "queries.json").write_text(json.dumps(queries, ensure_ascii=False), encoding="utf-8")
    return {"chars": total, "docs": docs, "replicas": k, "utf8_bytes": _utf8_bytes(engines / "corpus.jsonl")}


def _utf8_bytes(jsonl: Path) -> int:
    size = 0
    with open(jsonl, encoding="utf-8") as fh:
        for line in fh:
            size += len(json.loads(line)["text"].encode("utf-8"))
    return size


def daily_documents(n: int) -> list[dict]:
    """The 1,000 new documents of a day: fresh replicas (tag "new"), the first one carrying MARKER."""
    base = search_bench.base_documents()
    pool = han_pool(base)
    rng = np.random.default_rng([11])
    new = [replica(base[i % len(base)], 1 + i // len(base), rng, pool, tag="new") for i in range(n)]
    new[0]["text"] += "\n" + MARKER
    return new


def draft() -> tuple[str, list[tuple[int, int]]]:
    """bench/check.py's 10,000-character draft of edited copies (and shuffled, unfindable sentences)."""
    made = check_bench.make_draft("paraphrased", 10_000, 11, check_bench._corpus_sentences())
    return made["text"], [(c[0], c[1]) for c in made["copied"]]


# --- stages run in child processes -----------------------------------------------------------------
def settings_for(home: Path, url: str = "") -> Any:
    from sucai.config import load_settings

    return load_settings(env={}, home=home, database_url=url)


def stage_ingest(size_dir: Path, home: Path, url: str = "") -> dict:
    """`sucai ingest` of the corpus folder into a fresh home on the command's own schedule: the import
    (parsing in workers, one writer), then settle_import (the search index in a child while this process
    brings the fingerprints level, the near-duplicate search split between this process and a child).
    Each phase's CPU is recorded where it ran; the wall time is that of the import and of the settling."""
    import sucai.derived.catchup as catchup
    import sucai.writing as writing
    from sucai.derived import alongside
    from sucai.ingest.batch import import_paths
    from sucai.store.home import open_library
    from sucai.writing import fingerprint_dir

    if home.exists():  # an ingest that was stopped: start again from a fresh home
        shutil.rmtree(home)
    settings = settings_for(home, url)
    library = open_library(settings)
    report, store = timed(import_paths, library, [size_dir / "corpus"])
    # the parse workers are the forkserver's children, not ours: they report their own CPU
    store["parse_workers_cpu_s"] = report.timings.get("parse_cpu", 0.0)
    phases: dict[str, dict[str, float]] = {}

    def phased(name: str, fn: Any) -> Any:
        def run(*args: Any, **kwargs: Any) -> Any:
            value, spent = timed(fn, *args, **kwargs)
            mine = phases.setdefault(name, {"wall_s": 0.0, "cpu_s": 0.0})
            mine["wall_s"] += spent["wall_s"]
            mine["cpu_s"] += spent["cpu_s"]
            return value
        return run

    saved = catchup.catch_up_search, catchup.catch_up_fingerprints, writing.find_near_duplicates
    catchup.catch_up_search = phased("search_index", saved[0])
    catchup.catch_up_fingerprints = phased("fingerprints", saved[1])
    writing.find_near_duplicates = phased("near_duplicates", saved[2])
    alongside.CPU.clear()
    try:
        links, settle = timed(catchup.settle_import, settings, library, report.new_documents)
    finally:
        catchup.catch_up_search, catchup.catch_up_fingerprints, writing.find_near_duplicates = saved
    for job, stage in (("search", "search_index"), ("near", "near_duplicates")):  # children's CPU
        phases.setdefault(stage, {"wall_s": 0.0, "cpu_s": 0.0})["cpu_s"] += alongside.CPU.get(job, 0.0)
    settle["children_cpu_s"] = sum(alongside.CPU.values())
    counts = report.counts()
    library.close()
    return {"store": store, **phases, "settle": settle,
            "documents": counts["documents"], "rejected": counts["rejected"], "near_links": len(links),
            "index_bytes": search_bench.dir_bytes(settings.index_dir),
            "fingerprint_bytes": search_bench.dir_bytes(fingerprint_dir(settings)),
            "store_bytes": store_bytes(home)}


def store_bytes(home: Path) -> int:
    return sum(f.stat().st_size for f in home.glob("library.sqlite3*"))


def stage_home_queries(home: Path, queries_file: Path, repeats: int) -> dict:
    """The home's own search index, end to end (SearchIndex.search as the service calls it)."""
    from sucai.search import SearchIndex

    ix, opened = timed(SearchIndex.open, settings_for(home).index_dir)
    warmed = timed(ix.warm)[1]  # as the server does at start
    queries = json.loads(queries_file.read_text(encoding="utf-8"))
    samples, cpu, totals = [], [], []
    for item in queries[:20]:
        ix.search(f'"{item["q"]}"', limit=10)
    for item in queries:
        runs = [timed(ix.search, f'"{item["q"]}"') for _ in range(repeats)]
        samples.append([t["wall_s"] * 1000 for _, t in runs])
        cpu.append([t["cpu_s"] * 1000 for _, t in runs])
        totals.append(runs[0][0].total)
    return {"samples": samples, "cpu": cpu, "totals": totals, "rss": rss_mb(), "segments": len(ix.segments),
            "open": opened, "warm": warmed}


def stage_check(fp_dir: Path, home: Path | None) -> dict:
    """查重 of the 10,000-character draft: against the home (store for sources) or the bare index."""
    from sucai.writing import FingerprintIndex
    from sucai.writing.check import check_draft

    text, copied = draft()
    misses: list[str] = []  # paragraphs the engine's search index lacks (the daily import's): no text
    # without a home the candidates' text comes from the engine's search index built from the same rows
    source = None if home is not None else check_bench._text_source(str(fp_dir.parent / "engines" / "sucai"), misses)
    index, opened = timed(FingerprintIndex.open, fp_dir, source)
    library = None
    if home is not None:
        from sucai.store.home import open_library

        library = open_library(settings_for(home))
    store = library or check_bench._NoStore()
    # the process's one-time tables (the normaliser's lookup tables: ~2 s of CPU) are built by a short
    # warm-up check, as a server builds them at its first check; the first check is reported beside
    _, first = timed(check_draft, text[:300], index, store, entitled=lambda _d: True)
    report, took = timed(check_draft, text, index, store, entitled=lambda _d: True)
    found = sum(1 for s, e in copied if any(min(e, m["end"]) - max(s, m["start"]) >= (e - s) / 2
                                            for m in report["matches"]))
    if library is not None:
        library.close()
    return {"open": opened, "check": took, "warm_up": first, "copy_ratio": report["copy_ratio"], "matches": len(report["matches"]),
            "copied": len(copied), "copied_found": found, "rss": rss_mb(), "text_misses": len(misses),
            "segments": len(index.segments)}


def stage_fp_rows(engines: Path, fp_dir: Path, n: int) -> dict:
    """A fingerprint index built straight from the engine rows (no store): the size the e2e cannot reach."""
    from sucai.writing import FingerprintIndex

    docs = _read_docs(engines / "corpus.jsonl")
    if fp_dir.exists():
        shutil.rmtree(fp_dir)
    added, took = timed(FingerprintIndex.open(fp_dir).rebuild, search_bench.doc_rows(docs))
    del docs
    new = daily_documents(n)
    index = FingerprintIndex.open(fp_dir)
    more, daily = timed(index.catch_up, search_bench.doc_rows(new, first_seq=index.last_seq() + 1))
    return {"build": took, "paragraphs": added, "bytes": search_bench.dir_bytes(fp_dir), "peak": rss_mb(),
            "daily": daily, "daily_paragraphs": more}


def _read_docs(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


def stage_daily(size_dir: Path, home: Path, n: int) -> dict:
    """1,000 new documents imported (files, `sucai ingest`'s calls) into a copy of the home until found."""
    from sucai.derived.catchup import settle_import
    from sucai.ingest.batch import import_paths
    from sucai.search import SearchIndex
    from sucai.store.home import open_library

    folder = size_dir / "daily"
    if not folder.exists():
        folder.mkdir()
        for doc in daily_documents(n):
            (folder / f"{doc['id'].replace('~', '_')}.txt").write_text(doc["text"], encoding="utf-8")
    copy = size_dir / "home-daily"
    if copy.exists():
        shutil.rmtree(copy)
    shutil.copytree(home, copy)
    settings = settings_for(copy)
    library = open_library(settings)

    def import_and_find() -> int:
        report = import_paths(library, [folder])
        report.near_duplicates = settle_import(settings, library, report.new_documents)
        return SearchIndex.open(settings.index_dir).search(f'"{MARKER}"').total

    found, took = timed(import_and_find)
    segments = len(SearchIndex.open(settings.index_dir).segments)
    library.close()
    shutil.rmtree(copy)
    return {"import": took, "found_after": found, "segments_after": segments}


def child_main(args: argparse.Namespace) -> None:
    size_dir = Path(args.work)
    home = size_dir / "home"
    kind = args.stage
    if kind == "corpus":
        out = write_corpus(size_dir, args.chars, args.files, args.per_class)
    elif kind in ("ingest", "ingest-pg"):
        out = stage_ingest(size_dir, size_dir / ("home-pg" if args.pg_url else "home"), args.pg_url or "")
    elif kind == "home-queries":
        out = stage_home_queries(home, size_dir / "engines" / "queries.json", args.repeats)
    elif kind == "check-home":
        out = stage_check(home / "fingerprints", home)
    elif kind == "check-rows":
        out = stage_check(size_dir / "fp-rows", None)
    elif kind == "fp-rows":
        out = stage_fp_rows(size_dir / "engines", size_dir / "fp-rows", args.daily)
    elif kind == "daily":
        out = stage_daily(size_dir, home, args.daily)
    elif kind == "engine-query":
        opened = timed(lambda: search_bench.SearchIndex.open(size_dir / "engines" / "sucai").warm())[1] \
            if args.engine == "sucai" else {}  # open and warm, as a server starts
        out = search_bench.run_queries(args.engine, size_dir / "engines",
                                       json.loads((size_dir / "engines" / "queries.json").read_text("utf-8")),
                                       args.repeats)
        out["rss"], out["open"] = rss_mb(), opened
    else:
        raise SystemExit(f"unknown stage {kind}")
    print(json.dumps(out, ensure_ascii=False))


# --- driver ----------------------------------------------------------------------------------------
def in_child(argv: list[str]) -> dict:
    """Run a child (this script or bench/search.py) and add its wall and CPU time to its JSON answer."""
    before, started = resource.getrusage(resource.RUSAGE_CHILDREN), time.perf_counter()
    out = subprocess.run([sys.executable, *argv], capture_output=True, text=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if out.returncode != 0:
        raise RuntimeError(f"{argv[:4]} failed:\n{out.stderr[-3000:]}")
    result = json.loads(out.stdout.strip().splitlines()[-1])
    result["stage"] = {"wall_s": time.perf_counter() - started,
                       "cpu_s": after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime}
    return result


class Run:
    """One size: its directory, recorded results (results.json) and the child processes it starts."""

    def __init__(self, args: argparse.Namespace, chars: float) -> None:
        self.args, self.chars = args, chars
        self.dir = Path(args.work) / label_of(chars)
        self.results_file = self.dir / "results.json"
        if not args.reuse and self.dir.exists():
            shutil.rmtree(self.dir)
        self.dir.mkdir(parents=True, exist_ok=True)
        self.results = json.loads(self.results_file.read_text()) if self.results_file.exists() else {}
        self.results.update({"chars_target": chars, "label": label_of(chars), "_done": []})
        self.e2e = chars <= args.e2e_max

    def save(self) -> None:
        self.results_file.write_text(json.dumps(self.results, ensure_ascii=False, indent=1))

    def stage(self, name: str, extra: list[str], build: bool = False) -> dict:
        """A stage of this script in a child; builds are skipped when recorded (with --reuse)."""
        if build and name in self.results:
            return self.results[name]
        print(f"[{time.strftime('%H:%M:%S')}] {self.results['label']} {name} (load {load_average()})", flush=True)
        out = in_child([__file__, "--stage", name.split(":")[0], "--work", str(self.dir),
                        "--chars", str(self.chars), "--repeats", str(self.args.repeats),
                        "--per-class", str(self.args.per_class), "--daily", str(self.args.daily), *extra])
        out["load"] = load_average()
        self.results[name] = out
        self.save()
        return out

    def engine(self, kind: str, engine: str) -> dict:
        """bench/search.py's own child (build/query/import) on this size's engines directory."""
        key = f"engine-{kind}:{engine}"
        if kind == "build" and key in self.results and (self.dir / "engines" / engine).exists():
            return self.results[key]
        print(f"[{time.strftime('%H:%M:%S')}] {self.results['label']} {key} (load {load_average()})", flush=True)
        if kind == "query":
            out = in_child([__file__, "--stage", "engine-query", "--engine", engine, "--work", str(self.dir),
                            "--repeats", str(self.args.repeats)])
        else:
            out = in_child([str(ROOT / "bench" / "search.py"), "--child", kind, "--engine", engine,
                            "--work", str(self.dir / "engines"), "--repeats", str(self.args.repeats)])
        out["load"] = load_average()
        self.results[key] = out
        self.save()
        return out


def available_engines(skip: str) -> list[str]:
    out = [e for e in ENGINES if e not in skip.split(",")]
    if "rg" in out and shutil.which("rg") is None:
        out.remove("rg")
    if "tantivy" in out:
        try:
            import tantivy  # noqa: F401
        except ImportError:
            out.remove("tantivy")
    return out


def run_size(args: argparse.Namespace, chars: float) -> dict:
    run = Run(args, chars)
    if "corpus" not in run.results or not (run.dir / "engines" / "corpus.jsonl").exists():
        run.results.pop("corpus", None)
        run.stage("corpus", ["--files"] if run.e2e else [], build=True)
    engines = available_engines(args.skip)
    run.results["engines"] = engines
    run.results["queries"] = json.loads((run.dir / "engines" / "queries.json").read_text(encoding="utf-8"))
    if run.e2e:
        end_to_end(run)
    # sucai's own figures first, then the fingerprints, then the other engines (slowest to build last).
    for engine in ["sucai"] + [e for e in engines if e != "sucai"]:
        if engine != "sucai" and not run.e2e:
            fingerprints_from_rows(run)
        run.engine("build", engine)
        for name in ["sucai", "sucai-core"] if engine == "sucai" else [engine]:
            run.engine("query", name)
        if engine == "sucai":
            run.engine("import", "sucai")
    if not run.e2e:
        fingerprints_from_rows(run)
    run.save()
    return run.results


def fingerprints_from_rows(run: Run) -> None:
    """Above --e2e-max: the fingerprint index from the engine rows, and 查重 against it (once per run)."""
    if "check-rows" in run.results.get("_done", []):
        return
    if "fp-rows" not in run.results or not (run.dir / "fp-rows").exists():
        run.results.pop("fp-rows", None)
        run.stage("fp-rows", [], build=True)
    run.stage("check-rows", [])
    run.results.setdefault("_done", []).append("check-rows")


def end_to_end(run: Run) -> None:
    from web_scale import web_stage

    if "ingest" not in run.results or not (run.dir / "home").exists():
        run.results.pop("ingest", None)
        run.stage("ingest", [], build=True)
    run.results["ingest"]["store_bytes"] = store_bytes(run.dir / "home")
    if run.args.pg and "ingest-pg" not in run.results:
        from web_scale import pg_database

        with pg_database() as url:
            run.stage("ingest-pg", ["--pg-url", url])
    run.stage("home-queries", [])
    run.stage("check-home", [])
    run.stage("daily", [])
    run.results["web"] = web_stage(run.dir / "home", run.dir / "engines" / "queries.json", run.args.clients,
                                   run.args.seconds)
    run.save()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="10e6,90e6,900e6", help="comma-separated corpus sizes in characters")
    ap.add_argument("--work", default="/work/scale-work", help="built corpora, homes and indexes (kept)")
    ap.add_argument("--reuse", action="store_true", help="skip builds recorded in --work")
    ap.add_argument("--e2e-max", type=float, default=90e6, help="largest size ingested end to end")
    ap.add_argument("--skip", default="", help="engines to leave out (rg, tantivy)")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--per-class", type=int, default=8, help="queries per length class and frequency (12 groups)")
    ap.add_argument("--daily", type=int, default=1000, help="documents in the daily import")
    ap.add_argument("--clients", type=int, default=16)
    ap.add_argument("--seconds", type=float, default=5.0, help="per web route")
    ap.add_argument("--pg", action="store_true", help="also ingest into PostgreSQL (sizes ≤ --e2e-max)")
    ap.add_argument("--json", default=None, help="results file (default --work/results.json)")
    ap.add_argument("--report-only", action="store_true", help="print the tables of what --work holds")
    ap.add_argument("--stage", help=argparse.SUPPRESS)
    ap.add_argument("--chars", type=float, help=argparse.SUPPRESS)
    ap.add_argument("--files", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--engine", help=argparse.SUPPRESS)
    ap.add_argument("--pg-url", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.stage:
        child_main(args)
        return
    if not search_bench.SHARED.exists():
        sys.exit("../shared is absent: the benchmark needs the real corpus")
    Path(args.work).mkdir(parents=True, exist_ok=True)
    results = {}
    for chars in sorted(float(s) for s in args.sizes.split(",")):
        recorded = Path(args.work) / label_of(chars) / "results.json"
        if args.report_only:  # what earlier (possibly unfinished) runs recorded
            if recorded.exists():
                results[label_of(chars)] = json.loads(recorded.read_text(encoding="utf-8"))
            continue
        results[label_of(chars)] = run_size(args, chars)
    path = Path(args.json or Path(args.work) / "results.json")
    path.write_text(json.dumps(results, ensure_ascii=False, indent=1))
    print_report(results, load_average())
    print(f"\nresults: {path}")


if __name__ == "__main__":
    main()
