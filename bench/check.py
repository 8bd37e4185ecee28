"""Benchmark of the originality check (查重) on the real corpus scaled to at least 90 M characters.

    .venv/bin/python bench/check.py [--copies 15] [--draft-chars 10000] [--dir DIR]

Scaling: the corpus (../shared/corpus/text, about 6.1 M characters) is read line by line, one line
= one paragraph, and replicated ``--copies`` times.  Copy 0 is the text as is; every other copy
has 1% of its Han characters replaced by random Han characters drawn from the corpus (a fresh
random choice per copy), so the copies are near-duplicates, not identical, as reposts in a real
素材库 are.  Paragraph rows go straight into a FingerprintIndex (the parser and the SQL store are
not what is measured here).

The draft: about half of its sentences are corpus sentences (half of those lightly edited:
punctuation changed, one character replaced, digits made full-width), the other half are corpus
sentences with their characters shuffled (text that appears nowhere).  The naive baseline looks
for every draft sentence, with its final punctuation removed, as an exact substring of the whole
scaled text joined into one string (str.find).

Each phase runs in its own process so its peak memory (ru_maxrss) is its own.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import random
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sucai.store import IndexRow  # noqa: E402
from sucai.writing.check import check_draft  # noqa: E402
from sucai.writing.fingerprints import FingerprintIndex  # noqa: E402
from sucai.writing.text import sentences  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "text"
ENDERS = "。！？；!?;：:，,"


def corpus_docs() -> list[tuple[str, list[str]]]:
    docs = []
    for path in sorted(CORPUS.glob("*.txt")):
        lines = [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]
        if lines:
            docs.append((path.stem, lines))
    return docs


def perturb(lines: list[str], rng: np.random.Generator, pool: np.ndarray, share: float = 0.01) -> list[str]:
    text = "\n".join(lines)
    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).copy()
    han = np.flatnonzero((codes >= 0x4E00) & (codes <= 0x9FFF))
    if len(han):
        picked = rng.choice(han, size=max(1, int(len(han) * share)), replace=False)
        codes[picked] = rng.choice(pool, size=len(picked))
    return codes.tobytes().decode("utf-32-le").split("\n")


def scaled_rows(copies: int) -> Any:
    """IndexRows of the corpus replicated `copies` times (see the module docstring)."""
    docs = corpus_docs()
    all_codes = np.frombuffer("".join(docs[0][1] + docs[1][1]).encode("utf-32-le"), dtype=np.uint32)
    pool = np.unique(all_codes[(all_codes >= 0x4E00) & (all_codes <= 0x9FFF)])
    rng = np.random.default_rng(7)
    seq = 0
    for copy in range(copies):
        for stem, lines in docs:
            body = lines if copy == 0 else perturb(lines, rng, pool)
            doc_id = f"{stem}~{copy}"
            for idx, text in enumerate(body):
                seq += 1
                yield IndexRow(seq=seq, paragraph_id=f"{doc_id}-{idx}", doc_id=doc_id, idx=idx, kind="body",
                               text=text, paid=False, path=(), role="other", title=f"{body[0][:30]}（副本{copy}）",
                               doc_kind="其他", org=None, org_type="其他", year=None, half=None, date=None,
                               collection_id=None)


def make_draft(chars: int, seed: int = 11) -> tuple[str, list[tuple[int, int]]]:
    """A draft of about `chars` characters and the spans of its copied sentences."""
    rng = random.Random(seed)
    pool = []
    for _stem, lines in corpus_docs():
        for line in lines:
            for s, e in sentences(line):
                sent = line[s:e].rstrip(ENDERS)
                if 15 <= len(sent) <= 80:
                    pool.append(sent)
    parts, copied, size = [], [], 0
    while size < chars:
        sent = rng.choice(pool)
        roll = rng.random()
        if roll < 0.25:
            shown = sent
            copied.append((size, size + len(shown)))
        elif roll < 0.5:
            shown = sent.replace("，", "、", 1).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
            i = rng.randrange(len(shown))
            shown = shown[:i] + "蓥" + shown[i + 1:]
            copied.append((size, size + len(shown)))
        else:
            letters = list(sent)
            rng.shuffle(letters)
            shown = "".join(letters)
        parts.append(shown + "。")
        size += len(shown) + 1
    return "".join(parts), copied


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def phase_build(directory: str, copies: int, out: Any) -> None:
    t0 = time.perf_counter()
    chars = 0

    def counted():
        nonlocal chars
        for row in scaled_rows(copies):
            chars += len(row.text)
            yield row

    index = FingerprintIndex.open(Path(directory))
    paragraphs = index.rebuild(counted())
    size = sum(f.stat().st_size for f in Path(directory).rglob("*") if f.is_file())
    out.put({"chars": chars, "paragraphs": paragraphs, "seconds": time.perf_counter() - t0, "peak_mb": peak_mb(),
             "disk_mb": size / 2**20, "fingerprints": sum(len(s.hashes) for s in index.segments)})


class _NoStore:
    """check_draft asks the store only for matched paragraphs' original text (for source_text); the
    bench has no SQL store, so it answers with empty text: source passages are not timed."""

    def paragraph(self, _pid: str) -> dict[str, Any]:
        return {"text": "", "paid": 0}


def phase_check(directory: str, draft: str, copied: list[tuple[int, int]], out: Any) -> None:
    t0 = time.perf_counter()
    index = FingerprintIndex.open(Path(directory))
    opened = time.perf_counter() - t0

    t1 = time.perf_counter()
    report = check_draft(draft, index, _NoStore(), entitled=lambda _d: True)
    seconds = time.perf_counter() - t1
    peak = peak_mb()
    found = 0
    for start, end in copied:
        if any(min(end, m["end"]) - max(start, m["start"]) >= (end - start) / 2 for m in report["matches"]):
            found += 1
    out.put({"open_seconds": opened, "seconds": seconds, "peak_mb": peak, "copy_ratio": report["copy_ratio"],
             "matches": len(report["matches"]), "copied_found": found})


def phase_naive(draft: str, copies: int, out: Any) -> None:
    text = "\n".join(r.text for r in scaled_rows(copies))
    base = peak_mb()
    spans = sentences(draft)
    t0 = time.perf_counter()
    found = sum(1 for s, e in spans if text.find(draft[s:e].rstrip(ENDERS)) >= 0)
    out.put({"seconds": time.perf_counter() - t0, "peak_mb": peak_mb(), "text_mb": base,
             "sentences": len(spans), "found": found})


def run(target: Any, *args: Any) -> dict[str, Any]:
    ctx = mp.get_context("spawn")  # a fresh interpreter per phase, so each peak RSS is the phase's own
    queue: Any = ctx.Queue()
    proc = ctx.Process(target=target, args=(*args, queue))
    proc.start()
    result = queue.get()
    proc.join()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=16)
    parser.add_argument("--draft-chars", type=int, default=10_000)
    parser.add_argument("--dir", default=None, help="index directory (kept); default a temporary one")
    args = parser.parse_args()
    if not CORPUS.is_dir():
        sys.exit(f"../shared/corpus is absent ({CORPUS})")
    directory = args.dir or tempfile.mkdtemp(prefix="sucai-bench-check-")
    draft, copied = make_draft(args.draft_chars)
    try:
        build = run(phase_build, directory, args.copies)
        check = run(phase_check, directory, draft, copied)
        naive = run(phase_naive, draft, args.copies)
    finally:
        if args.dir is None:
            shutil.rmtree(directory, ignore_errors=True)
    print(f"library: {build['chars'] / 1e6:.1f} M characters, {build['paragraphs']:,} paragraphs "
          f"({args.copies} copies of the corpus, copies 1.. with 1% of Han characters replaced)")
    print(f"draft: {len(draft):,} characters, {len(copied)} copied sentences (half edited)\n")
    print(f"{'step':<34}{'time':>10}{'peak RSS':>12}  result")
    print(f"{'fingerprint index build':<34}{build['seconds']:>9.1f}s{build['peak_mb']:>10.0f}MB  "
          f"{build['fingerprints']:,} fingerprints, {build['disk_mb']:.0f} MB on disk")
    print(f"{'check_draft (index open)':<34}{check['open_seconds']:>9.2f}s{'':>12}")
    print(f"{'check_draft':<34}{check['seconds']:>9.2f}s{check['peak_mb']:>10.0f}MB  "
          f"{check['copied_found']}/{len(copied)} copied sentences found, copy ratio {check['copy_ratio']:.1%}, "
          f"{check['matches']} passages")
    print(f"{'naive exact substring scan':<34}{naive['seconds']:>9.2f}s{naive['peak_mb']:>10.0f}MB  "
          f"{naive['found']}/{naive['sentences']} draft sentences found verbatim (edited copies cannot be)")


if __name__ == "__main__":
    main()
