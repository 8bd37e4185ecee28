"""Benchmark of the originality check (查重) at scale: this tree against a baseline tree, side by side.

    .venv/bin/python bench/check.py --chars 90e6 --work /tmp/sucai-check [--reuse] [--base ../check-base]
    .venv/bin/python bench/check.py --chars 900e6 --replicate 10 --work /tmp/sucai-check --reuse --base ../check-base

Library: the corpus replicated to --chars characters by bench/search.py's scheme (replica k shifts
digits by k, rotates province names and shuffles the paragraphs after the title), one paragraph a
line, straight into a FingerprintIndex (parser and SQL store are not measured here).  Each tree
builds its own index (--work/fp-<size>-main, -this; --reuse keeps them with their build figures).
``--replicate N`` stands in for N× the library cheaply: N segments, each a hard-linked copy of the
index of --chars/N with its document ids renamed (every fingerprint held N times as often).

Drafts (each about --draft-chars characters, --drafts of each kind, fixed seeds):

- copied: runs of 1–4 consecutive sentences pasted from random library paragraphs (80% of the
  draft) between fresh sentences;
- paraphrased: the same, every copied sentence edited (a comma made 、, one or two characters
  replaced, digits made full-width, a clause of 4–8 characters dropped from longer sentences);
- fresh: sentences of the corpus with their characters shuffled (words nobody wrote).

Quality: character precision (share of matched draft characters that lie in copied sentences) and
recall (share of copied-sentence characters inside a match), and the share of matches whose source
paragraph really holds the copied text (its document is a replica of the sentence's document, or
the squeezed sentence stands in the source).  Each tree checks every draft in its own process (a
warm-up draft first); time is CPU (all threads) and wall per draft, p50/p95 per kind; memory is
the process's peak RSS (VmHWM) with the index memory-mapped, and its anonymous part (RssAnon).
"""

from __future__ import annotations

import argparse
import inspect
import json
import os
import random
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

KINDS = ("copied", "paraphrased", "fresh")
ENDERS = "。！？；!?;：:，,"
_DIGITS = str.maketrans("0123456789", "０１２３４５６７８９")
_NOT_HAN = re.compile(r"[^\u4e00-\u9fff]")


def dir_bytes(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def peak_mb() -> float:
    status = Path("/proc/self/status").read_text()
    return int(status.split("VmHWM:")[1].split()[0]) / 1024


def anon_mb() -> float:
    """Resident memory not backed by files (the memory-mapped index is page cache, counted apart)."""
    status = Path("/proc/self/status").read_text()
    return int(status.split("RssAnon:")[1].split()[0]) / 1024


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


# --- drafts -------------------------------------------------------------------------------------
def _corpus_sentences() -> list[tuple[str, list[str]]]:
    """(document id, its sentences of 12–90 characters without the final mark) for the base corpus."""
    from bench.search import base_documents
    from sucai.writing.text import sentences

    out = []
    for doc in base_documents():
        for line in doc["text"].split("\n"):
            sents = [line[s:e].rstrip(ENDERS) for s, e in sentences(line)]
            sents = [s for s in sents if 12 <= len(s) <= 90]
            if sents:
                out.append((doc["id"], sents))
    return out


def _edit(sent: str, rng: random.Random, pool: str) -> str:
    shown = sent.replace("，", "、", 1).translate(_DIGITS)
    for _ in range(rng.choice((1, 2))):
        i = rng.randrange(len(shown))
        shown = shown[:i] + rng.choice(pool) + shown[i + 1:]
    if len(shown) > 30 and rng.random() < 0.5:
        i, n = rng.randrange(len(shown) - 10), rng.randint(4, 8)
        shown = shown[:i] + shown[i + n:]
    return shown


def make_draft(kind: str, chars: int, seed: int, lines: list[tuple[str, list[str]]]) -> dict[str, Any]:
    """A draft of about `chars` characters with its copied spans: (start, end, doc id, original)."""
    rng = random.Random(f"{kind}/{seed}")
    pool = "".join(sorted({c for _, sents in lines[:200] for s in sents for c in s if "\u4e00" <= c <= "\u9fff"}))
    parts: list[str] = []
    copied: list[tuple[int, int, str, str]] = []
    size = 0
    while size < chars:
        doc_id, sents = rng.choice(lines)
        if kind != "fresh" and rng.random() < 0.8:
            first = rng.randrange(len(sents))
            for sent in sents[first:first + rng.randint(1, 4)]:
                shown = sent if kind == "copied" else _edit(sent, rng, pool)
                copied.append((size, size + len(shown) + 1, doc_id, sent))  # with its 。
                parts.append(shown + "。")
                size += len(shown) + 1
            continue
        letters = list(rng.choice(sents))
        rng.shuffle(letters)
        parts.append("".join(letters) + "。")
        size += len(letters) + 1
    return {"kind": kind, "seed": seed, "text": "".join(parts), "copied": copied}


def quality(draft: dict[str, Any], matches: list[dict[str, Any]]) -> dict[str, float]:
    """Character precision and recall of the matches, and how many name a source that holds the text."""
    n = len(draft["text"])
    truth, found = bytearray(n), bytearray(n)
    for start, end, _, _ in draft["copied"]:
        truth[start:end] = b"\x01" * (end - start)
    for m in matches:
        found[m["start"]:m["end"]] = b"\x01" * (m["end"] - m["start"])
    both = sum(1 for a, b in zip(truth, found, strict=True) if a and b)
    sources_ok = 0
    for m in matches:
        origins = [c for c in draft["copied"] if min(c[1], m["end"]) > max(c[0], m["start"])]
        stem = m["doc_id"].split("~")[0]
        held = _NOT_HAN.sub("", m["source"])
        sources_ok += any(c[2] == stem or _NOT_HAN.sub("", c[3]) in held for c in origins)
    return {"tp": both, "found": sum(found), "truth": sum(truth), "sources_ok": sources_ok,
            "matches": len(matches)}


# --- phases (each in its own process, importing sucai from the tree it is given) ---------------------
def rss_mb() -> float:
    status = Path("/proc/self/status").read_text()
    return int(status.split("VmRSS:")[1].split()[0]) / 1024


def stream_documents(chars: float, totals: dict[str, int], base: list[dict]):  # noqa: ANN201 (a generator)
    """bench/search.py's scaled_documents(chars), made one document at a time (the library is never held
    whole, so the build's peak memory is the builder's own); counts characters into `totals`."""
    from bench.search import perturb

    k = 0
    while totals["chars"] < chars:
        for doc in base:
            replica = perturb(doc, k)
            totals["chars"] += len(replica["text"])
            totals["utf8"] += len(replica["text"].encode("utf-8"))
            yield replica
            if totals["chars"] >= chars:
                return
        k += 1


def phase_build(directory: str, chars: float) -> dict[str, Any]:
    from bench.search import base_documents, doc_rows
    from sucai.writing.fingerprints import FingerprintIndex

    t0, c0 = time.perf_counter(), time.process_time()
    totals = {"chars": 0, "utf8": 0}
    index = FingerprintIndex.open(Path(directory))
    base = base_documents()
    before = rss_mb()  # the interpreter, numpy and the base corpus: what the build adds comes after
    paragraphs = index.rebuild(doc_rows(stream_documents(chars, totals, base)))
    return {"chars": totals["chars"], "utf8_bytes": totals["utf8"], "paragraphs": paragraphs, "corpus_seconds": 0.0,
            "seconds": time.perf_counter() - t0, "cpu": time.process_time() - c0, "peak_mb": peak_mb(),
            "start_mb": before, "bytes": dir_bytes(Path(directory)),
            "fingerprints": sum(len(s.hashes) for s in index.segments)}


def phase_search(directory: str, chars: float) -> dict[str, Any]:
    """The search index of the same rows (same ids and seqs): where this tree reads candidates' text."""
    from bench.search import base_documents, doc_rows
    from sucai.search import SearchIndex

    c0 = time.process_time()
    totals = {"chars": 0, "utf8": 0}
    rows = SearchIndex.open(Path(directory)).rebuild(doc_rows(stream_documents(chars, totals, base_documents())))
    return {"rows": rows, "cpu": time.process_time() - c0, "peak_mb": peak_mb(), "bytes": dir_bytes(Path(directory))}


def _text_source(search_dir: str, misses: list[str]) -> Any:
    """The search index as the fingerprint index's text source (this tree); misses would go to the
    store, which the bench does not have: they are counted (there should be none)."""
    from sucai.search import SearchIndex
    from sucai.writing.sources import search_texts

    search = SearchIndex.open(Path(search_dir))
    return search_texts(lambda: search, lambda wanted: misses.extend(wanted) or {})


class _NoStore:
    """check_draft asks the store only for matched paragraphs' original text (source_text); the bench
    has no SQL store, so it answers with empty text (source passages are not timed)."""

    def paragraph(self, _pid: str) -> dict[str, Any]:
        return {"text": "", "paid": 0}


def phase_check(directory: str, drafts_file: str, search_dir: str = "") -> dict[str, Any]:
    from sucai.writing import check_draft
    from sucai.writing.fingerprints import FingerprintIndex

    drafts = json.loads(Path(drafts_file).read_text(encoding="utf-8"))
    t0 = time.perf_counter()
    misses: list[str] = []
    reads_search = "source" in inspect.signature(FingerprintIndex.open).parameters
    index = (FingerprintIndex.open(Path(directory), _text_source(search_dir, misses)) if reads_search
             else FingerprintIndex.open(Path(directory)))
    opened = time.perf_counter() - t0
    check_draft(drafts[0]["text"][:3000], index, _NoStore(), entitled=lambda _d: True)  # warm-up
    runs = []
    for draft in drafts:
        w0, c0 = time.perf_counter(), time.process_time()
        report = check_draft(draft["text"], index, _NoStore(), entitled=lambda _d: True)
        runs.append({"kind": draft["kind"], "wall": time.perf_counter() - w0, "cpu": time.process_time() - c0,
                     "matches": report["matches"]})
    peak, anon = peak_mb(), anon_mb()
    for run in runs:  # the source paragraphs' text, for the quality figures (after the timing)
        run["matches"] = [{"start": m["start"], "end": m["end"], "doc_id": m["doc_id"], "paragraph_id": m["paragraph_id"],
                           "source": _source(index, m["doc_id"], m["paragraph_id"])} for m in run["matches"]]
    return {"open_seconds": opened, "peak_mb": peak, "anon_mb": anon, "runs": runs,
            **({"misses": len(misses)} if reads_search else {})}


def _near_candidates(text: str, index: Any, doc_id: str, first_seq: int) -> list[int]:
    """The documents a tree compares the text with (doc numbers, in its order), whatever its API."""
    try:
        from sucai.writing.neardup import _candidates
    except ImportError:  # trees before sucai.writing.neardup (1 December 2026)
        from sucai.writing.check import _doc_candidates

        if "queries" in inspect.signature(_doc_candidates).parameters:  # batched (main since 9c850b0)
            return [d for d, _ in _doc_candidates([fingerprints_of(text)], index, [{doc_id}], [first_seq])[0]]
        return [d for d, _ in _doc_candidates(fingerprints_of(text), index, exclude={doc_id}, before_seq=first_seq)]
    return _candidates(text, index, {doc_id}, first_seq)


def fingerprints_of(text: str) -> Any:
    from sucai.writing.text import fingerprints

    return fingerprints(text)


def phase_near(directory: str, count: str) -> dict[str, Any]:
    """Near-duplicate search (as at ingest) for `count` documents spread over the index: each against the
    documents stored before it; the link found and the CPU it took."""
    from sucai.writing import near_duplicate_of
    from sucai.writing.fingerprints import FingerprintIndex
    from sucai.writing.text import squeeze

    index = FingerprintIndex.open(Path(directory))
    step = max(1, len(index.doc_ids) // int(count))
    links, cpu, candidates = {}, [], {}
    for doc in range(0, len(index.doc_ids), step)[:int(count)]:
        paras = index.doc_paragraphs(doc)
        text, doc_id = index.doc_text(doc), index.doc_ids[doc]
        c0 = time.process_time()
        found = near_duplicate_of(text, index, exclude={doc_id}, before_seq=int(index.para_seq[paras].min()))
        cpu.append(time.process_time() - c0)
        links[doc_id] = list(found) if found else None
        candidates[doc_id] = _near_candidates(squeeze(text), index, doc_id, int(index.para_seq[paras].min()))
    return {"links": links, "cpu": cpu, "peak_mb": peak_mb(), "candidates": candidates}


def print_near(near: dict[str, dict[str, Any]]) -> None:
    print("\n| tree | documents | linked | same link as the first tree | same candidate shares (top 5) "
          "| CPU p50 | CPU p95 | CPU max | peak RSS |")
    print("|---|---|---|---|---|---|---|---|---|")
    first = next(iter(near.values()))["links"]
    first_cands = next(iter(near.values()))["candidates"]
    for name, res in near.items():
        links = res["links"]
        same = sum(1 for d, link in links.items() if link == first.get(d))
        cands = sum(1 for d, c in res["candidates"].items() if c == first_cands.get(d, []))
        print(f"| {name} | {len(links)} | {sum(1 for v in links.values() if v)} | {same} | {cands} "
              f"| {pct(res['cpu'], 50):.3f} s "
              f"| {pct(res['cpu'], 95):.3f} s | {max(res['cpu']):.3f} s | {res['peak_mb']:.0f} MB |")


def _source(index: Any, doc_id: str, paragraph_id: str) -> str:
    for p in index.doc_paragraphs(index.doc_num(doc_id)):
        if index.paragraph_id(int(p)) == paragraph_id:
            return index.paragraph_text(int(p))
    return ""


def in_child(code: Path, phase: str, *args: str) -> dict[str, Any]:
    """Run a phase in a fresh interpreter with `code` (a sucai tree) first on sys.path."""
    env = dict(os.environ, PYTHONPATH=f"{code}:{ROOT}")
    out = subprocess.run([sys.executable, __file__, "--child", phase, "--code", str(code), *args],
                         env=env, check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


# --- report -------------------------------------------------------------------------------------
def summarise(result: dict[str, Any], drafts: list[dict[str, Any]]) -> dict[str, dict[str, float]]:
    out = {}
    for kind in KINDS:
        pairs = [(r, d) for r, d in zip(result["runs"], drafts, strict=True) if d["kind"] == kind]
        q = [quality(d, r["matches"]) for r, d in pairs]
        tp, found, truth = (sum(x[k] for x in q) for k in ("tp", "found", "truth"))
        out[kind] = {
            "wall50": pct([r["wall"] for r, _ in pairs], 50), "wall95": pct([r["wall"] for r, _ in pairs], 95),
            "cpu50": pct([r["cpu"] for r, _ in pairs], 50), "cpu95": pct([r["cpu"] for r, _ in pairs], 95),
            "precision": tp / found if found else 1.0, "recall": tp / truth if truth else 1.0,
            "sources": (f"{sum(x['sources_ok'] for x in q) / sum(x['matches'] for x in q):.3f}"
                        if any(x["matches"] for x in q) else "–"),
            "matches": sum(x["matches"] for x in q) / len(q), "found_chars": found / len(q),
        }
    return out


def breakdown(directory: Path, skip: tuple[str, ...] = ()) -> str:
    """Bytes of the index by file (all segments), largest first."""
    sizes: dict[str, int] = {}
    for f in directory.rglob("*"):
        if f.is_file() and f.name not in skip:
            sizes[f.name] = sizes.get(f.name, 0) + f.stat().st_size
    return ", ".join(f"{name} {b / 2**20:.0f}" for name, b in sorted(sizes.items(), key=lambda x: -x[1]) if b > 2**20)


def print_tables(size: str, builds: dict[str, dict[str, Any]], trees: dict[str, dict[str, Any]],
                 drafts: list) -> None:
    any_build = next(iter(builds.values()))
    print(f"\n## {size}: {any_build['chars'] / 1e6:.0f} M characters ({any_build['utf8_bytes'] / 2**20:.0f} MiB "
          f"UTF-8), {any_build['paragraphs']:,} paragraphs\n")
    print("| tree | fingerprints | index | × UTF-8 text | build wall | build CPU | build peak RSS | by file (MiB) |")
    print("|---|---|---|---|---|---|---|---|")
    for name, b in builds.items():
        print(f"| {name} | {b['fingerprints']:,} | {b['bytes'] / 2**20:.0f} MiB | {b['bytes'] / b['utf8_bytes']:.2f} "
              f"| {b['seconds']:.0f} s | {b['cpu']:.0f} s | {b['peak_mb']:.0f} MB (from {b.get('start_mb', float('nan')):.0f}) | {b['files']} |")
    print("\n| tree | draft | wall p50 | wall p95 | CPU p50 | CPU p95 | precision | recall | right source "
          "| passages | peak RSS (anon) | open |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for name, res in trees.items():
        for kind, s in summarise(res, drafts).items():
            print(f"| {name} | {kind} | {s['wall50']:.2f} s | {s['wall95']:.2f} s | {s['cpu50']:.2f} s "
                  f"| {s['cpu95']:.2f} s | {s['precision']:.3f} | {s['recall']:.3f} | {s['sources']} "
                  f"| {s['matches']:.0f} | {res['peak_mb']:.0f} ({res.get('anon_mb', 0):.0f}) MB | {res['open_seconds']:.2f} s |")
    for name, res in trees.items():
        if "misses" in res:
            print(f"\n{name}: {res['misses']} paragraph texts not in the search index (would be read from the store)")
    same = [name for name in trees if name != "this"]
    if same and "this" in trees:
        first = trees[same[0]]["runs"]
        equal = sum(a["matches"] == b["matches"] for a, b in zip(first, trees["this"]["runs"], strict=True))
        print(f"drafts whose matches (spans, sources, source text) equal {same[0]}'s: {equal} of {len(first)}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--chars", type=float, default=90e6)
    ap.add_argument("--work", default="/tmp/sucai-bench-check")
    ap.add_argument("--reuse", action="store_true", help="reuse the index built in --work")
    ap.add_argument("--base", default=None, help="a baseline sucai tree (e.g. a worktree of main)")
    ap.add_argument("--drafts", type=int, default=5, help="drafts of each kind")
    ap.add_argument("--draft-chars", type=int, default=10_000)
    ap.add_argument("--this-index", help="index directory for this tree (default WORK/fp-SIZE-this)")
    ap.add_argument("--main-index", help="index directory for --base (default WORK/fp-SIZE-main)")
    ap.add_argument("--replicate", type=int, default=0,
                    help="make the index as N hard-linked segment copies of a --chars/N index (a cheap stand-in)")
    ap.add_argument("--near", type=int, default=0, help="also search near-duplicates of N documents (both trees, "
                    "this tree's index)")
    ap.add_argument("--no-check", action="store_true", help="skip the drafts (build and --near only)")
    ap.add_argument("--search", help="search index of the same rows, this tree's text source "
                    "(default WORK/search-SIZE; built if absent)")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    ap.add_argument("--code", help=argparse.SUPPRESS)
    ap.add_argument("rest", nargs="*", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        sys.path.insert(0, args.code)  # the tree under test, ahead of this one
        phase = {"build": phase_build, "check": phase_check, "near": phase_near, "search": phase_search}[args.child]
        numeric = args.child in ("build", "search")
        print(json.dumps(phase(args.rest[0], *(float(a) if numeric else a for a in args.rest[1:]))))
        return
    size = f"{args.chars / 1e6:.0f}M"
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    lines = _corpus_sentences()
    drafts = [make_draft(kind, args.draft_chars, seed, lines) for kind in KINDS for seed in range(args.drafts)]
    drafts_file = work / f"drafts-{os.getpid()}.json"
    drafts_file.write_text(json.dumps(drafts, ensure_ascii=False), encoding="utf-8")
    print(f"load average at start: {os.getloadavg()}")
    trees = {"main": Path(args.base).resolve()} if args.base else {}
    trees["this"] = ROOT
    results, builds = {}, {}
    for name, code in trees.items():
        base_size = f"{args.chars / 1e6 / args.replicate:.0f}M" if args.replicate else size
        default = work / (f"fp-{base_size}-{name}-{args.replicate}x" if args.replicate else f"fp-{size}-{name}")
        directory = Path(getattr(args, f"{name}_index") or default)
        builds[name] = _built(code, directory, args.chars, args.reuse, args.replicate)
        extra = [] if name == "main" else [_search_built(Path(args.search or work / f"search-{size}"), args.chars)]
        if not args.no_check:
            results[name] = in_child(code, "check", str(directory), str(drafts_file), *extra)
    near = {name: in_child(code, "near", str(directory), str(args.near)) for name, code in trees.items()} \
        if args.near else {}
    drafts_file.unlink()
    print(f"load average at end: {os.getloadavg()}")
    print_tables(size, builds, results, drafts)
    if near:
        print_near(near)


def _search_built(directory: Path, chars: float) -> str:
    """The search index this tree reads candidates' text from (built once, kept)."""
    if not (directory / "manifest.json").exists():
        print(f"search index built: {in_child(ROOT, 'search', str(directory), str(chars))}")
    return str(directory)


def upgrade_copy(source: Path, target: Path) -> None:
    """A format-2 copy of a format-1 index built from the same rows (arrays hard-linked, ids rewritten),
    which is what this tree would build: at 900 M a second build takes too long on a shared machine."""
    from sucai.writing import fingerprints as fp

    target.mkdir(parents=True)
    manifest = json.loads((source / "manifest.json").read_text())
    for name in manifest["segments"]:
        (target / name).mkdir()
        for f in (source / name).iterdir():
            if f.suffix == ".npy":
                os.link(f, target / name / f.name)
        ids = json.loads((source / name / "ids.json").read_text(encoding="utf-8"))
        doc = fp.np.load(source / name / "doc.npy", mmap_mode="r")
        idx, odd = fp._compact_ids(ids["paragraphs"], ids["docs"], fp.np.asarray(doc))
        fp._save(target / name, "idx", idx)
        (target / name / "ids.json").write_text(json.dumps({"odd": odd, "docs": ids["docs"], "titles": ids["titles"]},
                                                           ensure_ascii=False), encoding="utf-8")
    (target / "manifest.json").write_text(json.dumps({**manifest, "format": fp.FORMAT}))


def replicate_index(source: Path, target: Path, copies: int) -> None:
    """An index of `copies` segments, each a hard-linked copy of source's one segment with its document
    ids renamed (<id>@<k>): every fingerprint held `copies` times as often, as `copies`× the library."""
    manifest = json.loads((source / "manifest.json").read_text())
    (seg,) = manifest["segments"]
    target.mkdir(parents=True)
    names = []
    for k in range(copies):
        name = f"seg-{k + 1:06d}"
        (target / name).mkdir()
        for f in (source / seg).glob("*.npy"):
            os.link(f, target / name / f.name)
        ids = json.loads((source / seg / "ids.json").read_text(encoding="utf-8"))
        if "paragraphs" in ids:  # format 1
            ids["paragraphs"] = [f"{p.rpartition('-')[0]}@{k}-{p.rpartition('-')[2]}" for p in ids["paragraphs"]]
        ids["docs"] = [f"{d}@{k}" for d in ids["docs"]]
        (target / name / "ids.json").write_text(json.dumps(ids, ensure_ascii=False), encoding="utf-8")
        names.append(name)
    (target / "manifest.json").write_text(json.dumps({**manifest, "segments": names, "counter": copies}))


def _built(code: Path, directory: Path, chars: float, reuse: bool, replicate: int = 0) -> dict[str, Any]:
    """Build the index with `code` into directory (or reuse it: its build figures are kept beside it)."""
    figures = directory.with_name(directory.name + ".build.json")
    older = directory.with_name(directory.name.replace("-this", "-main"))
    if reuse and figures.exists():
        build = json.loads(figures.read_text())
    elif replicate:
        built = _built(code, Path(str(directory).replace(f"-{replicate}x", "")), chars / replicate, reuse)
        replicate_index(Path(str(directory).replace(f"-{replicate}x", "")), directory, replicate)
        build = {**built, "bytes": dir_bytes(directory), "fingerprints": built["fingerprints"] * replicate,
                 "chars": built["chars"] * replicate, "utf8_bytes": built["utf8_bytes"] * replicate,
                 "paragraphs": built["paragraphs"] * replicate, "seconds": float("nan"), "cpu": float("nan"),
                 "peak_mb": float("nan")}
        figures.write_text(json.dumps(build))
    elif reuse and older.exists() and code == ROOT and not directory.exists():
        upgrade_copy(older, directory)
        build = json.loads(older.with_name(older.name + ".build.json").read_text())
        build["bytes"] = dir_bytes(directory)
        build["seconds"] = build["cpu"] = build["peak_mb"] = float("nan")  # not built: upgraded copy
        figures.write_text(json.dumps(build))
    else:
        if directory.exists():
            subprocess.run(["rm", "-rf", str(directory)], check=True)
        build = in_child(code, "build", str(directory), str(chars))
        figures.write_text(json.dumps(build))
    if code == ROOT:  # an older index's text.npy is not read by this tree (a merge drops it)
        build["bytes"] = dir_bytes(directory) - sum(f.stat().st_size for f in directory.rglob("text.npy"))
    build["files"] = f"{directory.name}: {breakdown(directory, skip=('text.npy',) if code == ROOT else ())}"
    return build

if __name__ == "__main__":
    main()
