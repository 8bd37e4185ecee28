"""Precomputed rows for frequent three- and four-character terms (``pre_ng`` and ``ng_*`` in a segment).

A common multi-character query (中华人民, 人民政府) has up to hundreds of thousands of hits in a large
library, and evaluating it exactly costs work per hit.  As for one- and two-character terms, a segment
stores for its most frequent three- and four-character terms the number of paragraphs holding them, their
facet counts and the ``TOP_N`` best paragraphs with term frequencies.  The rows are made from the written
segment with the matching queries use (``Segment.phrase_positions``), so their hit sets are the queries'
own; a segment written before these rows existed simply has none (``add_rows`` gives it some).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

from ..store import IndexRow
from ._build import _Precompute, _save, build_segment
from ._segment import BI_MIN, NG_FILES, Segment, ngram_key

NG_MIN = 2000  # occurrences in a segment; at least BI_MIN, so every bigram of such a term is precomputed
NG_ROWS = 2048  # at most this many rows per segment (≈ 4 KB each), the most frequent terms


def build(rows: Sequence[IndexRow], directory: Path) -> None:
    """Write a segment for rows into directory (which must not exist yet), with its n-gram rows."""
    build_segment(rows, directory)
    add_rows(directory)


def frequent_terms(seg: Segment) -> list[np.ndarray]:
    """Character ids of the segment's most frequent 3- and 4-character terms (≥ NG_MIN occurrences)."""
    frequent_bi = np.asarray(seg.pre_bi, dtype=np.int64)
    if NG_MIN < BI_MIN or not len(frequent_bi) or seg.universe < 4 or seg.width ** 4 * 2 >= 1 << 63:
        return []
    codes = np.asarray(seg.codes, dtype=np.int64)
    width = seg.width
    ok = np.isin(codes[:-1] * width + codes[1:], frequent_bi) & (codes[:-1] != 0) & (codes[1:] != 0)
    found: list[tuple[int, int, np.ndarray]] = []  # (-count, key, ids)
    for length in (3, 4):
        span = len(ok) - (length - 2)
        start = ok[:span].copy()
        for j in range(1, length - 1):
            start &= ok[j:span + j]
        at = np.flatnonzero(start)
        key = codes[at]
        for j in range(1, length):
            key = key * width + codes[at + j]
        del at
        uniq, count = np.unique(key, return_counts=True)
        keep = np.flatnonzero(count >= NG_MIN)
        for u, c in zip(uniq[keep].tolist(), count[keep].tolist(), strict=True):
            ids = [(u // width ** (length - 1 - j)) % width for j in range(length)]
            found.append((-c, u, np.array(ids, dtype=np.int64)))
    found.sort(key=lambda f: (f[0], f[1]))
    return [d for _, _, d in found[:NG_ROWS]]


def add_rows(directory: Path) -> int:
    """Give the segment in directory its n-gram rows, unless it has them; returns the number of rows."""
    if (directory / "pre_ng.npy").exists():
        return -1
    seg = Segment(directory)
    terms = sorted(frequent_terms(seg), key=lambda d: ngram_key(d, seg.width))
    every = np.arange(seg.n)
    rows = _Precompute(seg.lens, seg.boost, seg.date_of(every), seg.seq_of(every), np.asarray(seg.profile),
                       len(seg.profiles))
    for d in terms:
        t = seg._term_index(d)
        if t is None:  # cannot happen for a term counted in the text; kept for safety
            raise RuntimeError("frequent term without postings")
        hits = seg.hits_from_positions(seg.phrase_positions(d, t), ordered=True)
        rows.add(hits.ids, hits.tf)
    arrays = rows.arrays("ng", seg.onehot)
    arrays["pre_ng"] = np.array([ngram_key(d, seg.width) for d in terms], dtype=np.uint64)
    # pre_ng last: its presence marks a segment whose rows are complete.
    for name in [*(n for n in NG_FILES if n != "pre_ng"), "pre_ng"]:
        _save(directory, name, arrays[name])
    return len(terms)
