"""Text primitives of the writing aids: squeezing, sentences, k-gram hashes, winnowing, alignment.

Everything compares *squeezed* text: the output of ``sucai.normalize`` with every character that is
not a letter, digit or Han character removed.  Punctuation and spacing changes therefore never
break a match, and D建/党建, full/half width, case and traditional forms are folded by the one
normaliser.  ``squeeze_map`` keeps, for each squeezed character, the span of the original text it
came from, so matches are reported on the characters a writer sees.
"""

from __future__ import annotations

import difflib
import re
from bisect import bisect_left
from dataclasses import dataclass

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from ..normalize import normalize, normalize_map
from ..zh import CLOSE_QUOTES, SENTENCE_END

K = 5  # characters per k-gram: short enough to survive an edit every few characters
W = 6  # winnowing window: any shared run of K + W - 1 = 10 characters keeps a fingerprint

_DROP = re.compile(r"[\W_]+")
_KEEP = re.compile(r"[^\W_]+")
_SENT = re.compile(rf"[^{SENTENCE_END}\n]*(?:[{SENTENCE_END}]+[{CLOSE_QUOTES}]*|\n|$)")


def squeeze(text: str) -> str:
    """Normalised text without punctuation and white space."""
    return _DROP.sub("", normalize(text))


@dataclass(frozen=True)
class Squeezed:
    """Squeezed text plus, per squeezed character, its original span [starts[i], ends[i])."""

    text: str
    starts: list[int]
    ends: list[int]

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        return self.starts[start], self.ends[end - 1]


def squeeze_map(text: str) -> Squeezed:
    norm = normalize_map(text)
    keep = [i for m in _KEEP.finditer(norm.text) for i in range(m.start(), m.end())]
    return Squeezed(
        "".join(norm.text[i] for i in keep), [norm.starts[i] for i in keep], [norm.ends[i] for i in keep]
    )


def sentences(text: str) -> list[tuple[int, int]]:
    """Spans of the sentences of text: cut after 。！？； (closing quotes kept) and at line ends."""
    spans = []
    for m in _SENT.finditer(text):
        start, end = m.start(), m.end()
        while start < end and text[start].isspace():
            start += 1
        stripped = end
        while stripped > start and text[stripped - 1].isspace():
            stripped -= 1
        if stripped > start:
            spans.append((start, stripped))
    return spans


# ------------------------------------------------------------------ hashing

_MIX1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX2 = np.uint64(0x94D049BB133111EB)
_BASE = np.uint64(1_000_003)


def codes_of(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)


def rolling_hashes(codes: np.ndarray, k: int) -> np.ndarray:
    """Polynomial 64-bit hash of every k-gram of a code-point array (len(codes) - k + 1 values)."""
    n = len(codes) - k + 1
    c = codes.astype(np.uint64)
    h = np.zeros(max(n, 0), dtype=np.uint64)
    for j in range(k):  # uint64 arithmetic wraps, which is what a rolling hash wants
        h = h * _BASE + c[j:j + n]
    return h


def kgram_hashes(codes: np.ndarray, k: int = K) -> np.ndarray:
    """32-bit hash of every k-gram of a code-point array (len(codes) - k + 1 values)."""
    if len(codes) < k:
        return np.empty(0, dtype=np.uint32)
    h = rolling_hashes(codes, k)
    h ^= h >> np.uint64(30)
    h *= _MIX1
    h ^= h >> np.uint64(27)
    h *= _MIX2
    h ^= h >> np.uint64(31)
    return (h >> np.uint64(32)).astype(np.uint32)


def winnow(hashes: np.ndarray, group: np.ndarray | None = None, w: int = W) -> np.ndarray:
    """Positions picked by winnowing: the (first) minimum of every window of w hashes.

    ``group`` numbers the paragraph of each hash (non-decreasing); windows never span two
    paragraphs, and a paragraph with fewer than w hashes keeps its minimum, so a paragraph's
    fingerprints do not depend on its neighbours.
    """
    n = len(hashes)
    if n == 0:
        return np.empty(0, dtype=np.int64)
    if group is None:
        group = np.zeros(n, dtype=np.int64)
    picks = [np.empty(0, dtype=np.int64)]
    if n >= w:
        windows = sliding_window_view(hashes, w)
        starts = np.flatnonzero(group[:n - w + 1] == group[w - 1:])
        picks.append(starts + windows[starts].argmin(axis=1))
    cuts = np.flatnonzero(np.diff(group)) + 1
    g_start = np.concatenate([[0], cuts])
    g_end = np.concatenate([cuts, [n]])
    for lo, hi in zip(g_start[g_end - g_start < w], g_end[g_end - g_start < w], strict=True):
        picks.append(np.array([lo + int(hashes[lo:hi].argmin())]))
    return distinct(np.concatenate(picks))


def distinct(values: np.ndarray) -> np.ndarray:
    """The sorted distinct values of a one-dimensional array: ``np.unique(values)`` by a sort.

    numpy 2.4's ``np.unique`` without ``return_*`` takes a hash-table path that costs about a second
    for two million integers, a hundred times a sort (bench/ingest.py); every large call goes here.
    """
    if len(values) == 0:
        return np.sort(values)
    ordered = np.sort(values)
    keep = np.empty(len(ordered), dtype=bool)
    keep[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=keep[1:])
    return ordered[keep]


def fingerprint_positions(text: str) -> tuple[np.ndarray, np.ndarray]:
    """Winnowed k-gram hashes of one squeezed text (unique, sorted) and where each first occurs."""
    h = kgram_hashes(codes_of(text))
    picked = winnow(h)
    fps, first = np.unique(h[picked], return_index=True)
    return fps, picked[first]


def fingerprints(text: str) -> np.ndarray:
    """Winnowed k-gram hashes of one squeezed text (unique, sorted)."""
    return fingerprint_positions(text)[0]


# ------------------------------------------------------------------ alignment

def best_cluster(a: str, b: str) -> tuple[int, int, int, int, int]:
    """Align a (short) inside b: the densest chain of matching blocks.

    Returns (matched, a0, a1, b0, b1).  Matching blocks far apart in b are different places,
    so the chain breaks where the two gaps differ by more than a few characters.
    """
    return densest_chain(difflib.SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks())


def densest_chain(matching_blocks: list[difflib.Match]) -> tuple[int, int, int, int, int]:
    """best_cluster's answer from difflib's matching blocks of (a, b) (a matcher may be reused for many a)."""
    blocks = [m for m in matching_blocks if m.size]
    best = (0, 0, 0, 0, 0)
    cur: list[difflib.Match] = []
    for m in blocks + [None]:  # type: ignore[list-item]
        if m is not None and cur:
            last = cur[-1]
            gap_a, gap_b = m.a - (last.a + last.size), m.b - (last.b + last.size)
            if abs(gap_a - gap_b) <= 3 and max(gap_a, gap_b) <= 6:
                cur.append(m)
                continue
        if cur:
            matched = sum(x.size for x in cur)
            if matched > best[0]:
                best = (matched, cur[0].a, cur[-1].a + cur[-1].size, cur[0].b, cur[-1].b + cur[-1].size)
        cur = [m] if m is not None else []
    return best


def _unique_positions(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(keys occurring once, their positions), sorted by key."""
    order = np.argsort(keys, kind="stable")
    ordered = keys[order]
    single = np.ones(len(ordered), dtype=bool)
    if len(ordered) > 1:
        same = ordered[1:] == ordered[:-1]
        single[1:] &= ~same
        single[:-1] &= ~same
    return ordered[single], order[single]


def _anchors(a: str, b: str, k: int) -> list[tuple[int, int]]:
    """(i, j) for every k-gram occurring once in a and once in b, sorted by i."""
    ka, pa = _unique_positions(rolling_hashes(codes_of(a), k))
    kb, pb = _unique_positions(rolling_hashes(codes_of(b), k))
    _, ia, ib = np.intersect1d(ka, kb, assume_unique=True, return_indices=True)
    i, j = pa[ia], pb[ib]
    order = np.argsort(i, kind="stable")
    return list(zip(i[order].tolist(), j[order].tolist(), strict=True))


def _chain(anchors: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Longest chain of anchors increasing in both texts (anchors sorted by position in a)."""
    tails: list[int] = []
    tail_idx: list[int] = []
    prev = [-1] * len(anchors)
    for n, (_, j) in enumerate(anchors):
        pos = bisect_left(tails, j)
        if pos == len(tails):
            tails.append(j)
            tail_idx.append(n)
        else:
            tails[pos] = j
            tail_idx[pos] = n
        prev[n] = tail_idx[pos - 1] if pos else -1
    out = []
    n = tail_idx[-1] if tail_idx else -1
    while n >= 0:
        out.append(anchors[n])
        n = prev[n]
    return out[::-1]


def aligned_chars(a: str, b: str, k: int = 8, gap_limit: int = 4000, bound: bool = False) -> int:
    """Characters of a matched in order in b, for long texts.

    difflib alone goes astray on whole documents (its longest block first can pair the wrong
    places), so anchor on k-grams that occur once in each text (as patience diff does), chain
    them in order and run difflib only on the gaps between anchors.  With ``bound`` a gap counts
    as its shorter side instead (no difflib): an upper bound of the answer, cheap to compute.
    """
    matched, pa, pb = 0, 0, 0
    for i, j in _chain(_anchors(a, b, k)) + [(len(a), len(b))]:
        if i < pa or j < pb:
            if i - pa == j - pb and i + k > pa:  # the same diagonal: the run goes on
                matched += i + k - pa
                pa, pb = i + k, j + k
            continue
        ga, gb = a[pa:i], b[pb:j]
        if ga and gb and len(ga) <= gap_limit and len(gb) <= gap_limit:
            if bound:
                matched += min(len(ga), len(gb))
            else:
                sm = difflib.SequenceMatcher(None, ga, gb, autojunk=False)
                matched += sum(m.size for m in sm.get_matching_blocks())
        if i < len(a):
            matched += k
        pa, pb = i + k, j + k
    return matched


def similarity(a: str, b: str, at_least: float | None = None) -> float:
    """Share of the two texts that is the same (Dice over aligned characters).

    With ``at_least``, a pair that cannot reach it (by the cheap upper bound of aligned_chars) gets
    that bound instead of the exact value: still below ``at_least``, without the difflib work.
    """
    if not a or not b:
        return 0.0
    if at_least is not None:
        upper = 2 * aligned_chars(a, b, bound=True) / (len(a) + len(b))
        if upper < at_least:
            return upper
    return 2 * aligned_chars(a, b) / (len(a) + len(b))
