"""Candidate source paragraphs of a draft's sentences, with bounded work at any library size.

Two stages, the whole draft at once:

1. Postings.  Each sentence's k-grams are looked up in the fingerprint index and at most
   ``POSTINGS_BUDGET`` postings a sentence are read (every k-gram up to the one that crosses the
   budget): first the sentence's own winnowed k-grams (any paragraph holding a window of the
   sentence holds that window's minimum as a fingerprint), then the others, each group rarest
   first.  A k-gram held by more than ``STOP_PARAGRAPHS`` paragraphs is boilerplate
   (依法追究刑事责任, 全面贯彻落实), not evidence of copying: unless it is winnowed it is not read,
   and when read, only its first ``STOP_PARAGRAPHS`` paragraphs per segment are.  The paragraphs
   sharing the most read k-grams, weighted by rarity (IDF), times 1 + the share of the paragraph's
   fingerprints hit (the sentence itself beats a long paragraph that repeats a phrase of it), form
   a pool of ``POOL`` per sentence; paragraphs that share the same k-grams and have as many
   fingerprints (replicas, reposts) are one entry there, the lowest-numbered.
2. Verification.  Every k-gram of the sentence (read or not) is looked for in the text of each
   pooled paragraph; the score is the sum of the IDF of those it holds (an unread k-gram weighs as
   little as the commonest read one may), times 1 + the share of the paragraph they cover, so a
   paragraph holding the sentence's own words beats one holding a stock phrase, and of two that
   hold it all the shorter (the sentence itself) wins.  The best ``CANDIDATES`` are aligned.

Ties go to the lower paragraph number, so the answer does not depend on the order of anything.
Paragraphs outside ``visible`` (paid text the reader may not read) are dropped before anything is
counted; which k-grams are stop-listed depends on the whole index's counts, as the cap on
postings read did before.
"""

from __future__ import annotations

import numpy as np

from .fingerprints import FingerprintIndex
from .text import K, codes_of, distinct, kgram_hashes, winnow

CANDIDATES = 5  # paragraphs aligned with each sentence
POOL = 16  # paragraphs verified per sentence
STOP_PARAGRAPHS = 2000  # a k-gram in more paragraphs than this is boilerplate
POSTINGS_BUDGET = 2000  # postings scored per sentence, rarest k-grams first


def visible_postings(found: tuple[np.ndarray, np.ndarray],
                     visible: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
    qpos, paras = found
    if visible is None or not len(paras):
        return qpos, paras
    keep = visible[paras]
    return qpos[keep], paras[keep]


def _groups(keys: np.ndarray) -> np.ndarray:
    """Start of each run of equal values in a sorted array."""
    return np.r_[0, np.flatnonzero(keys[1:] != keys[:-1]) + 1] if len(keys) else np.empty(0, dtype=np.int64)


def _top(sent: np.ndarray, para: np.ndarray, score: np.ndarray, n: int, per: int) -> list[np.ndarray]:
    """Per sentence (0..n-1), its `per` best paragraphs: highest score, then lowest number."""
    ranked = np.lexsort((para, -score, sent))
    bounds = np.searchsorted(sent[ranked], np.arange(n + 1))
    return [para[ranked[bounds[s]:min(bounds[s + 1], bounds[s] + per)]] for s in range(n)]


def draft_candidates(index: FingerprintIndex, grams: list[np.ndarray],
                     visible: np.ndarray | None) -> list[np.ndarray]:
    """Per sentence (its k-gram hashes in ``grams``), the paragraphs most likely to hold it, best first."""
    hashes = np.concatenate(grams) if grams else np.empty(0, dtype=np.uint32)
    sent = np.repeat(np.arange(len(grams)), [len(g) for g in grams])
    if not len(hashes):
        return [np.empty(0, dtype=np.int64) for _ in grams]
    distinct, inverse = np.unique(hashes, return_inverse=True)
    ranges = index.ranges(distinct)
    total = index.document_frequency(distinct, ranges)[inverse]
    pick = _within_budget(total, sent, winnow(hashes, sent))
    picked = [(lo[inverse[pick]], hi[inverse[pick]]) for lo, hi in ranges]
    qpos, paras = visible_postings(index.lookup(hashes[pick], cap=STOP_PARAGRAPHS, ranges=picked), visible)
    qpos = pick[qpos]
    df = np.bincount(qpos, minlength=len(hashes))  # postings of each k-gram the reader may see
    if not len(paras):
        return [np.empty(0, dtype=np.int64) for _ in grams]
    idf = np.log((len(index) + 1) / (df + 0.5))
    idf[df == 0] = float(idf[df > 0].min())  # unread (or unseen) k-grams weigh the least
    width = len(index) + 1
    units, inverse, counts = np.unique(sent[qpos].astype(np.int64) * width + paras, return_inverse=True,
                                       return_counts=True)
    sents, paras = units // width, units % width
    score = np.bincount(inverse, weights=idf[qpos], minlength=len(units))
    score = np.round(score * (1 + counts / np.maximum(index.para_nfp[paras], 1)), 9)
    # replicas of a paragraph look the same here: the lowest-numbered stands for them all
    twins = np.lexsort((paras, index.para_nfp[paras], score, sents))
    same = np.r_[False, (np.diff(sents[twins]) == 0) & (np.diff(score[twins]) == 0)
                 & (np.diff(index.para_nfp[paras][twins]) == 0)]
    first = np.sort(twins[~same])
    pool = _top(sents[first], paras[first], score[first], len(grams), POOL)
    return _verified(index, hashes, sent, idf, pool)


def _within_budget(total: np.ndarray, sent: np.ndarray, winnowed: np.ndarray) -> np.ndarray:
    """The k-grams to read: per sentence, its winnowed ones first (any paragraph holding a window of
    the sentence holds that window's winnowed k-gram as a fingerprint), rarest first, while fewer than
    POSTINGS_BUDGET postings are taken; of the others none held by more than STOP_PARAGRAPHS."""
    first = np.ones(len(sent), dtype=bool)
    first[winnowed] = False
    order = np.lexsort((np.arange(len(sent)), total, first, sent))
    counts = np.minimum(total[order], STOP_PARAGRAPHS)
    taken = np.cumsum(counts) - counts  # postings taken before each k-gram, over the whole draft
    starts = _groups(sent[order])
    before = taken - np.repeat(taken[starts], np.diff(np.r_[starts, len(order)]))
    read = (before < POSTINGS_BUDGET) & ((total[order] <= STOP_PARAGRAPHS) | ~first[order])
    read[starts] = True
    return np.sort(order[read & (total[order] > 0)])


def _verified(index: FingerprintIndex, hashes: np.ndarray, sent: np.ndarray, idf: np.ndarray,
              pool: list[np.ndarray]) -> list[np.ndarray]:
    """Rank each sentence's pool by the IDF of all its k-grams found in the paragraph's text."""
    pair_sent = np.repeat(np.arange(len(pool)), [len(p) for p in pool])
    pair_para = np.concatenate(pool).astype(np.int64)
    if not len(pair_para):
        return pool
    paras, pair_unit = np.unique(pair_para, return_inverse=True)
    texts = index.paragraph_texts(paras.tolist())
    lengths = np.array([len(t) for t in texts], dtype=np.int64)
    h = kgram_hashes(codes_of("".join(texts)))
    ends = np.cumsum(lengths)
    unit = np.searchsorted(ends, np.arange(len(h)), side="right")
    inside = np.arange(len(h)) + K <= ends[unit]
    wanted = np.zeros(1 << 22, dtype=bool)  # a coarse filter: only k-grams the draft may hold are kept
    wanted[hashes >> 10] = True
    inside &= wanted[h >> 10]
    held = distinct((unit[inside].astype(np.uint64) << np.uint64(32)) | h[inside].astype(np.uint64))
    # every (pair, k-gram of the pair's sentence): does the paragraph hold it?
    first = np.searchsorted(sent, np.arange(len(pool) + 1))
    sizes = (first[1:] - first[:-1])[pair_sent]
    pair_of = np.repeat(np.arange(len(pair_para)), sizes)
    q = np.repeat(first[:-1][pair_sent], sizes) + np.arange(len(pair_of)) - np.repeat(np.cumsum(sizes) - sizes, sizes)
    keys = (pair_unit[pair_of].astype(np.uint64) << np.uint64(32)) | hashes[q].astype(np.uint64)
    pos = np.minimum(np.searchsorted(held, keys), max(len(held) - 1, 0))
    hit = held[pos] == keys if len(held) else np.zeros(len(keys), dtype=bool)
    score = np.bincount(pair_of, weights=idf[q] * hit, minlength=len(pair_para))
    found = np.bincount(pair_of, weights=hit, minlength=len(pair_para))
    score *= 1 + found / np.maximum(lengths[pair_unit] - K + 1, 1)
    return _top(pair_sent, pair_para, score, len(pool), CANDIDATES)

