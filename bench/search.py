"""Precise-search benchmark: sucai against ripgrep, SQLite FTS5 trigram and Tantivy over bigrams.

    .venv/bin/python bench/search.py --chars 90e6            # full run (≈ 1.5 M paragraphs)
    .venv/bin/python bench/search.py --chars 10e6 --skip fts5 # quick run

Scaling: the real corpus (../shared/corpus/text plus the seed) is replicated until it holds --chars
characters.  Replica k of a document (k ≥ 1) shifts every ASCII digit by k (2023 → 3134 for k=1),
swaps province/city names along a fixed rotation, and shuffles the document's paragraphs after its
title with a seed derived from (document, k).  Replica 0 is the original text.

Queries (same set for every engine): random substrings of real paragraphs in four length classes
(1–2, 3–4, 5–10, >10 characters), each split into common (≥ 20 paragraphs of the unscaled corpus hold
it), rare (1–3) and absent (a real substring with one character replaced by one that never occurs
next to it).  Every engine answers "exact total + top 10"; sucai end to end also builds highlights,
snippets and facets.  All engines index the normalised text, so totals must agree (checked).

Rows: one paragraph per non-empty line (tests/plain.py), numbered "<doc_id>-<n>" as the store
numbers them.  "sucai" is the public SearchIndex.search end to end (exact total, top 10 with snippets and
highlights, facets); "sucai-core" does the Tantivy row's work (exact total + ids and scores of the top 10).

Each engine is built and queried in its own process; memory is that process's peak RSS.  After the
queries, 1,000 new documents are imported (incremental catch-up) into a hard-linked copy of the sucai
index, so --reuse always measures the same index, and searched.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sucai.normalize import normalize  # noqa: E402
from sucai.search import SearchIndex  # noqa: E402
from sucai.search._query import parse  # noqa: E402
from tests.plain import rows_from_text  # noqa: E402

# ../shared beside the checkout (worktrees sit one level deeper, so look further up too).
# SUCAI_TEST_SHARED (as the tests use it) names ../shared when the checkout is elsewhere.
SHARED = (Path(os.environ["SUCAI_TEST_SHARED"]) if os.environ.get("SUCAI_TEST_SHARED") else
          next((p / "shared" for p in ROOT.parents if (p / "shared" / "corpus").exists()), ROOT.parent / "shared"))
PLACES = ["北京", "天津", "河北", "山西", "辽宁", "吉林", "江苏", "浙江", "安徽", "福建", "江西", "山东", "河南",
          "湖北", "湖南", "广东", "广西", "海南", "重庆", "四川", "贵州", "云南", "陕西", "甘肃", "青海", "宁夏"]
ORG_TYPES = ["省级", "市级", "区县", "乡镇", "中央部门"]
CLASSES = [("1-2", 1, 2), ("3-4", 3, 4), ("5-10", 5, 10), (">10", 11, 20)]
ENGINES = ["sucai", "rg", "fts5", "tantivy"]


def peak_mb() -> float:
    # VmHWM is reset by exec, unlike ru_maxrss, which a child inherits from the parent it was forked from.
    try:
        status = Path("/proc/self/status").read_text()
        return int(status.split("VmHWM:")[1].split()[0]) / 1024
    except (OSError, IndexError, ValueError):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def dir_bytes(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


# --- corpus -------------------------------------------------------------------------------------
def base_documents() -> list[dict]:
    manifest = {}
    for line in (SHARED / "corpus" / "MANIFEST.tsv").read_text(encoding="utf-8").splitlines()[1:]:
        parts = line.split("\t")
        manifest[parts[0]] = (parts[2], int(parts[3]) if parts[3].isdigit() else None)
    docs = [{"id": "seed", "kind": "工作总结", "year": 2023,
             "text": (SHARED / "seed" / "000_ddc63f42cbc988af.txt").read_text(encoding="utf-8")}]
    for path in sorted((SHARED / "corpus" / "text").glob("*.txt")):
        kind, year = manifest.get(path.stem, ("其他", None))
        docs.append({"id": path.stem, "kind": kind, "year": year, "text": path.read_text(encoding="utf-8")})
    return docs


_PLACE_RE = re.compile("|".join(PLACES))


def perturb(doc: dict, k: int, tag: str = "") -> dict:
    if k == 0 and not tag:
        return doc
    rng = random.Random(f"{doc['id']}/{k}/{tag}")
    digits = str.maketrans("0123456789", "".join(str((d + k) % 10) for d in range(10)))
    text = _PLACE_RE.sub(lambda m: PLACES[(PLACES.index(m.group()) + k) % len(PLACES)], doc["text"])
    lines = [line for line in text.translate(digits).split("\n") if line.strip()]
    head, body = lines[:1], lines[1:]
    rng.shuffle(body)
    year = doc["year"] + k % 5 if doc["year"] else None
    return {"id": f"{doc['id']}~{tag}{k}", "kind": doc["kind"], "year": year, "text": "\n".join(head + body)}


def scaled_documents(target_chars: float) -> list[dict]:
    base = base_documents()
    out, chars, k = [], 0, 0
    while chars < target_chars:
        for doc in base:
            replica = perturb(doc, k)
            out.append(replica)
            chars += len(replica["text"])
            if chars >= target_chars:
                break
        k += 1
    return out


def doc_rows(docs: list[dict], first_seq: int = 1):
    seq = first_seq
    for i, doc in enumerate(docs):
        rows = list(rows_from_text(doc["id"], doc["text"], first_seq=seq, doc_kind=doc["kind"],
                                   org_type=ORG_TYPES[i % len(ORG_TYPES)], year=doc["year"]))
        if rows:
            seq = rows[-1].seq + 1
            yield from rows


def paragraphs(docs: list[dict]) -> list[str]:
    return [r.text for r in doc_rows(docs)]


# --- queries ------------------------------------------------------------------------------------
def make_queries(per_class: int, seed: int = 7) -> list[dict]:
    norms = [normalize(p) for p in paragraphs(base_documents())]
    rng = random.Random(seed)
    alphabet = sorted({c for t in norms for c in t})
    queries: list[dict] = []
    for name, lo, hi in CLASSES:
        want = {"common": per_class, "rare": per_class, "absent": per_class}
        tries = 0
        while any(want.values()) and tries < 20000:
            tries += 1
            text = rng.choice(norms)
            length = rng.randint(lo, hi)
            if len(text) < length:
                continue
            start = rng.randint(0, len(text) - length)
            q = text[start:start + length]
            if not q.strip() or " " in q or '"' in q or q.startswith("-"):
                continue
            if want["absent"]:
                for _ in range(50):
                    i = rng.randrange(len(q))
                    cand = q[:i] + rng.choice(alphabet) + q[i + 1:]
                    if cand.strip() and " " not in cand and '"' not in cand and not cand.startswith("-") \
                            and not any(cand in t for t in norms):
                        queries.append({"q": cand, "class": name, "freq": "absent"})
                        want["absent"] -= 1
                        break
                continue
            count = sum(1 for t in norms if q in t)
            freq = "common" if count >= 20 else "rare" if count <= 3 else None
            if freq and want[freq]:
                queries.append({"q": q, "class": name, "freq": freq})
                want[freq] -= 1
    return queries


# --- engines: build -----------------------------------------------------------------------------
def build(engine: str, work: Path, docs: list[dict]) -> dict:
    target = work / engine
    if target.exists():
        shutil.rmtree(target) if target.is_dir() else target.unlink()
    started = time.perf_counter()
    if engine == "sucai":
        ix = SearchIndex.open(target)
        ix.catch_up(doc_rows(docs))
    elif engine == "rg":
        with open(target, "w", encoding="utf-8") as fh:
            for p in paragraphs(docs):
                fh.write(normalize(p) + "\n")
    elif engine == "fts5":
        db = sqlite3.connect(target)
        db.execute("CREATE VIRTUAL TABLE p USING fts5(text, tokenize='trigram')")
        db.executemany("INSERT INTO p(text) VALUES (?)", ((normalize(p),) for p in paragraphs(docs)))
        db.commit()
        db.close()
    elif engine == "tantivy":
        import tantivy

        target.mkdir()
        ix = tantivy.Index(tantivy_schema(), path=str(target))
        writer = ix.writer(heap_size=400_000_000, num_threads=2)
        for i, p in enumerate(paragraphs(docs)):
            t = normalize(p)
            doc = tantivy.Document()
            doc.add_text("bi", " ".join(t[j:j + 2] for j in range(len(t) - 1)) or t)
            doc.add_text("uni", " ".join(t))
            doc.add_integer("pid", i)
            writer.add_document(doc)
        writer.commit()
        writer.wait_merging_threads()
    return {"build_s": time.perf_counter() - started, "bytes": dir_bytes(target), "peak_mb": peak_mb()}


def tantivy_schema():
    import tantivy

    sb = tantivy.SchemaBuilder()
    # Whitespace tokenizer: we hand Tantivy ready-made unigrams and bigrams of the normalised text.
    sb.add_text_field("bi", stored=False, tokenizer_name="whitespace", index_option="position")
    sb.add_text_field("uni", stored=False, tokenizer_name="whitespace", index_option="basic")
    sb.add_integer_field("pid", stored=True, fast=True)
    return sb.build()


# --- engines: query -----------------------------------------------------------------------------
def query_runner(engine: str, work: Path):
    target = work / engine
    if engine == "sucai":
        ix = SearchIndex.open(target)
        ix.warm()  # as the server does at start
        return lambda q: ix.search(f'"{q}"', limit=10).total
    if engine == "sucai-core":
        ix = SearchIndex.open(work / "sucai")
        ix.warm()

        def core(q: str) -> int:
            # Exact total + top 10 (ids and scores), no facets, snippets or highlights: the Tantivy row's work.
            parsed = parse(f'"{q}"')
            ranked = ix.engine.single(parsed, None, 10, False, with_facets=False)
            if ranked is None:
                idfs = {t: ix.engine.idf(t) for t in parsed.terms}
                ranked = ix.engine.ranked(ix.engine.run(parsed, None, idfs), 10, with_facets=False)
            return ranked.total
        return core
    if engine == "rg":
        def rg(q: str) -> int:
            out = subprocess.run(["rg", "-F", "-c", "--", q, str(target)], capture_output=True, text=True)
            return int(out.stdout.strip() or 0)
        return rg
    if engine == "fts5":
        db = sqlite3.connect(target)

        def fts(q: str) -> int:
            if len(q) >= 3:
                phrase = '"' + q.replace('"', '""') + '"'
                db.execute("SELECT rowid FROM p WHERE p MATCH ? ORDER BY rank LIMIT 10", (phrase,)).fetchall()
                return db.execute("SELECT count(*) FROM p WHERE p MATCH ?", (phrase,)).fetchone()[0]
            like = "%" + q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            db.execute("SELECT rowid FROM p WHERE text LIKE ? ESCAPE '\\' LIMIT 10", (like,)).fetchall()
            return db.execute("SELECT count(*) FROM p WHERE text LIKE ? ESCAPE '\\'", (like,)).fetchone()[0]
        return fts
    if engine == "tantivy":
        import tantivy

        schema = tantivy_schema()
        ix = tantivy.Index(schema, path=str(target))
        searcher = ix.searcher()

        def tv(q: str) -> int:
            if len(q) == 1:
                query = tantivy.Query.term_query(schema, "uni", q)
            elif len(q) == 2:
                query = tantivy.Query.term_query(schema, "bi", q)
            else:
                query = tantivy.Query.phrase_query(schema, "bi", [q[j:j + 2] for j in range(len(q) - 1)])
            return searcher.search(query, 10, count=True).count
        return tv
    raise ValueError(engine)


def run_queries(engine: str, work: Path, queries: list[dict], repeats: int) -> dict:
    run = query_runner(engine, work)
    for item in queries[:20]:  # warm the caches and lazy tables
        run(item["q"])
    samples, cpu, totals = [], [], []
    for item in queries:
        times, cpu_times = [], []
        for _ in range(repeats):
            started, cpu_started = time.perf_counter(), time.process_time()
            total = run(item["q"])
            cpu_times.append((time.process_time() - cpu_started) * 1000)
            times.append((time.perf_counter() - started) * 1000)
        samples.append(times)
        cpu.append(cpu_times)
        totals.append(total)
    return {"samples": samples, "cpu": cpu, "totals": totals, "peak_mb": peak_mb()}


def import_test(work: Path, per_doc_seed: int = 1000) -> dict:
    # Import into a hard-linked copy: segments are immutable and the manifest is replaced, never edited,
    # so the built index stays as it was for --reuse.
    target = work / "sucai-import"
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(work / "sucai", target, copy_function=os.link)
    ix = SearchIndex.open(target)
    base = base_documents()
    new = [perturb(base[i % len(base)], 1, tag="new") for i in range(per_doc_seed)]
    marker = "新导入文档标记甲乙丙"
    new[0]["text"] = new[0]["text"] + "\n" + marker
    before = ix.search(f'"{marker}"').total
    started = time.perf_counter()
    added = ix.catch_up(doc_rows(new, first_seq=ix.last_seq() + 1))
    took = time.perf_counter() - started
    after = ix.search(f'"{marker}"').total
    return {"docs": len(new), "paragraphs": added, "import_s": took, "found_before": before, "found_after": after,
            "segments": len(ix.segments), "peak_mb": peak_mb()}


# --- report -------------------------------------------------------------------------------------
def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def report(queries: list[dict], builds: dict, runs: dict, chars: int, paras: int, utf8: int,
           imported: dict | None) -> None:
    text_mb = utf8 / 1e6
    print(f"\ncorpus: {chars / 1e6:.1f} M chars, {paras / 1e6:.2f} M paragraphs, ~{text_mb:.0f} MB UTF-8; "
          f"{len(queries)} queries")
    print(f"{'engine':<12}{'build s':>9}{'index MB':>10}{'x text':>8}{'build peak MB':>15}{'query peak MB':>15}")
    for engine, r in runs.items():
        b = builds.get(engine.replace("-core", ""), {})
        print(f"{engine:<12}{b.get('build_s', 0):>9.1f}{b.get('bytes', 0) / 1e6:>10.0f}"
              f"{b.get('bytes', 0) / 1e6 / text_mb:>8.2f}{b.get('peak_mb', 0):>15.0f}{r['peak_mb']:>15.0f}")
    print("\nlatency ms p50/p95/p99 by query class (n = queries × repeats)")
    groups = sorted({(q["class"], q["freq"]) for q in queries}, key=lambda g: ([c[0] for c in CLASSES].index(g[0]),
                                                                                g[1]))
    header = f"{'class':<16}" + "".join(f"{e:>22}" for e in runs)
    print(header)
    for cls, freq in groups:
        idx = [i for i, q in enumerate(queries) if q["class"] == cls and q["freq"] == freq]
        line = f"{cls + ' ' + freq:<16}"
        for r in runs.values():
            vals = [t for i in idx for t in r["samples"][i]]
            line += f"{pct(vals, 50):>8.2f}/{pct(vals, 95):>6.2f}/{pct(vals, 99):>6.2f}"
        print(line)
    line = f"{'all':<16}"
    for r in runs.values():
        vals = [t for s in r["samples"] for t in s]
        line += f"{pct(vals, 50):>8.2f}/{pct(vals, 95):>6.2f}/{pct(vals, 99):>6.2f}"
    print(line)
    # On a shared machine wall time includes waiting for a core; the process's own CPU time does not.
    line = f"{'all, CPU time':<16}"
    for r in runs.values():
        vals = [t for s in r.get("cpu", []) for t in s] or [0.0]
        line += f"{pct(vals, 50):>8.2f}/{pct(vals, 95):>6.2f}/{pct(vals, 99):>6.2f}"
    print(line)
    reference = runs.get("sucai") or next(iter(runs.values()))
    for engine, r in runs.items():
        diffs = [(q["q"], a, b) for q, a, b in zip(queries, reference["totals"], r["totals"], strict=False) if a != b]
        print(f"totals {engine} vs sucai: {len(queries) - len(diffs)}/{len(queries)} equal" +
              (f"; first differences {diffs[:3]}" if diffs else ""))
    if imported:
        print(f"\nimport of {imported['docs']} new documents ({imported['paragraphs']} paragraphs): "
              f"{imported['import_s']:.1f} s; marker found before/after: {imported['found_before']}/"
              f"{imported['found_after']}; segments now {imported['segments']}")


def child(args: argparse.Namespace) -> None:
    work = Path(args.work)
    if args.child == "build":
        docs = [json.loads(line) for line in (work / "corpus.jsonl").read_text(encoding="utf-8").splitlines()]
        out = build(args.engine, work, docs)
    elif args.child == "query":
        queries = json.loads((work / "queries.json").read_text(encoding="utf-8"))
        out = run_queries(args.engine, work, queries, args.repeats)
    else:
        out = import_test(work)
    print(json.dumps(out))


def in_child(kind: str, engine: str, args: argparse.Namespace) -> dict:
    cmd = [sys.executable, __file__, "--child", kind, "--engine", engine, "--work", args.work,
           "--repeats", str(args.repeats)]
    out = subprocess.run(cmd, capture_output=True, text=True)
    if out.returncode != 0:
        raise RuntimeError(f"{kind} {engine} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--chars", type=float, default=90e6)
    ap.add_argument("--work", default="/tmp/sucai-bench")
    ap.add_argument("--per-class", type=int, default=8, help="queries per length class and frequency")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--skip", default="", help="comma-separated engines to leave out")
    ap.add_argument("--reuse", action="store_true", help="reuse built indexes in --work")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    ap.add_argument("--engine", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(args)
        return
    if not SHARED.exists():
        sys.exit("../shared is absent: the benchmark needs the real corpus")
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    engines = [e for e in ENGINES if e not in args.skip.split(",")]
    if not args.reuse or not (work / "corpus.jsonl").exists():
        docs = scaled_documents(args.chars)
        with open(work / "corpus.jsonl", "w", encoding="utf-8") as fh:
            for d in docs:
                fh.write(json.dumps(d, ensure_ascii=False) + "\n")
        queries = make_queries(args.per_class)
        (work / "queries.json").write_text(json.dumps(queries, ensure_ascii=False), encoding="utf-8")
    docs = [json.loads(line) for line in (work / "corpus.jsonl").read_text(encoding="utf-8").splitlines()]
    chars = sum(len(p) for p in paragraphs(docs))
    utf8 = sum(len(p.encode("utf-8")) for p in paragraphs(docs))
    paras = sum(1 for _ in paragraphs(docs))
    del docs
    queries = json.loads((work / "queries.json").read_text(encoding="utf-8"))
    builds, runs = {}, {}
    for engine in engines:
        if args.reuse and (work / engine).exists():
            builds[engine] = json.loads((work / f"{engine}.build.json").read_text())
        else:
            builds[engine] = in_child("build", engine, args)
            (work / f"{engine}.build.json").write_text(json.dumps(builds[engine]))
        print(f"built {engine}: {builds[engine]}", flush=True)
    for engine in (["sucai", "sucai-core"] if "sucai" in engines else []) + [e for e in engines if e != "sucai"]:
        runs[engine] = in_child("query", engine, args)
        print(f"queried {engine}", flush=True)
    imported = in_child("import", "sucai", args) if "sucai" in engines else None
    report(queries, builds, runs, chars, paras, utf8, imported)


if __name__ == "__main__":
    main()
