"""Compact positional postings: for every character bigram of a segment, the sorted text positions where it starts.

Each term's positions (values below ``universe``, the segment's text length) are kept in one of three
forms, whichever is smallest for its number of positions n (H = ``universe >> 16`` + 1 is the number of
64 Ki-character blocks):

- ``RAW``: n uint32 in ``raw`` (rare terms);
- ``UNARY``: the low 16 bits as n uint16 in ``lows``, the high bits as a unary bit vector in ``unary``
  (Elias–Fano: bit ``high + i`` set for the i-th position), n + H bits;
- ``BLOCKS``: the low 16 bits in ``lows``, H uint32 counts of positions per block in ``tables``
  (frequent terms, where the counts are smaller than the unary vector and decode with one ``np.repeat``).

Terms are laid out in key order in each array, so a term's offsets follow from ``counts`` and ``enc``
alone (``offsets``) and all RAW terms of a key range are one slice.  About 2.3 bytes per position.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

RAW, UNARY, BLOCKS = 0, 1, 2


def blocks(universe: int) -> int:
    return (universe >> 16) + 1


def choose(counts: np.ndarray, universe: int) -> np.ndarray:
    """The smallest encoding for each term."""
    n = counts.astype(np.int64)
    h = blocks(universe)
    costs = np.stack([4 * n, 2 * n + (n + h + 7) // 8, 2 * n + 4 * h])
    return np.argmin(costs, axis=0).astype(np.uint8)


def _unary_bytes(n: np.ndarray, universe: int) -> np.ndarray:
    return (n + blocks(universe) + 7) // 8


def exclusive_cumsum(values: np.ndarray) -> np.ndarray:
    """[0, v0, v0+v1, …]: where each of a run of lengths starts, plus the end."""
    out = np.zeros(len(values) + 1, dtype=np.int64)
    np.cumsum(values, out=out[1:])
    return out


@dataclass
class Offsets:
    """Where each term starts in each array (one entry per term plus the end)."""

    raw: np.ndarray
    lows: np.ndarray
    unary: np.ndarray
    tables: np.ndarray


def offsets(counts: np.ndarray, enc: np.ndarray, universe: int) -> Offsets:
    n = counts.astype(np.int64)
    return Offsets(
        raw=exclusive_cumsum(np.where(enc == RAW, n, 0)),
        lows=exclusive_cumsum(np.where(enc != RAW, n, 0)),
        unary=exclusive_cumsum(np.where(enc == UNARY, _unary_bytes(n, universe), 0)),
        tables=exclusive_cumsum(np.where(enc == BLOCKS, blocks(universe), 0)),
    )


def encode(pos: np.ndarray, counts: np.ndarray, universe: int) -> dict[str, np.ndarray]:
    """Encode positions grouped by term in key order (ascending within a term, counts[t] each)."""
    counts = counts.astype(np.int64)
    enc = choose(counts, universe)
    off = offsets(counts, enc, universe)
    elem_enc = np.repeat(enc, counts)
    out = {"enc": enc, "raw": pos[elem_enc == RAW].astype(np.uint32)}
    out["lows"] = (pos[elem_enc != RAW] & 0xFFFF).astype(np.uint16)
    bits = np.zeros(int(off.unary[-1]) * 8, dtype=bool)
    terms = np.flatnonzero(enc == UNARY)
    if len(terms):
        # The i-th position of a term sets bit high + i of the term's vector.
        n = counts[terms]
        at = np.repeat(off.unary[terms] * 8 - exclusive_cumsum(n)[:-1], n)
        at += np.arange(len(at), dtype=np.int64)
        at += pos[elem_enc == UNARY] >> 16
        bits[at] = True
        del at
    out["unary"] = np.packbits(bits, bitorder="little")
    del bits
    terms = np.flatnonzero(enc == BLOCKS)
    h = blocks(universe)
    slot = np.repeat(np.arange(len(terms), dtype=np.int64) * h, counts[terms])
    slot += pos[elem_enc == BLOCKS] >> 16
    out["tables"] = np.bincount(slot, minlength=len(terms) * h).astype(np.uint32)
    return out


class Positions:
    """Decoding side over loaded (possibly memory-mapped) arrays."""

    def __init__(self, counts: np.ndarray, enc: np.ndarray, raw: np.ndarray, lows: np.ndarray,
                 unary: np.ndarray, tables: np.ndarray, universe: int) -> None:
        self.counts, self.enc = counts, enc
        self.raw, self.lows, self.unary, self.tables = raw, lows, unary, tables
        self.universe = universe
        self.h = blocks(universe)
        self.off = offsets(counts, enc, universe)

    def decode(self, t: int) -> np.ndarray:
        """The positions of term t, ascending, as int64."""
        n = int(self.counts[t])
        enc = int(self.enc[t])
        if enc == RAW:
            a = int(self.off.raw[t])
            return self.raw[a:a + n].astype(np.int64)
        a = int(self.off.lows[t])
        lows = self.lows[a:a + n]
        if enc == BLOCKS:
            w = int(self.off.tables[t])
            out = np.repeat(np.arange(self.h, dtype=np.int64) << 16, self.tables[w:w + self.h])
        else:
            b = int(self.off.unary[t])
            out = np.flatnonzero(np.unpackbits(self.unary[b:int(self.off.unary[t + 1])], bitorder="little"))
            out -= np.arange(n)
            out <<= 16
        out |= lows
        return out

    def decode_range(self, t0: int, t1: int) -> list[np.ndarray]:
        """Positions of terms t0..t1-1 (each array ascending within a term).

        The RAW terms of the range are one slice of ``raw``; the other terms' lows, unary vectors and
        block tables are contiguous too, so they are decoded together in a few vectorised passes.
        """
        out = []
        a, b = int(self.off.raw[t0]), int(self.off.raw[t1])
        if b > a:
            out.append(self.raw[a:b])
        packed = t0 + np.flatnonzero(self.enc[t0:t1] != RAW)
        if len(packed) <= 2:
            out.extend(self.decode(t) for t in packed.tolist())
            return out
        n = self.counts[packed].astype(np.int64)
        enc = self.enc[packed]
        high = np.empty(int(n.sum()), dtype=np.int64)
        elem_enc = np.repeat(enc, n)
        unary = enc == UNARY
        if unary.any():
            u0, u1 = int(self.off.unary[t0]), int(self.off.unary[t1])
            ones = np.flatnonzero(np.unpackbits(self.unary[u0:u1], bitorder="little"))
            # The i-th one of a term sits at bit high + i of the term's vector.
            nu = n[unary]
            first = exclusive_cumsum(nu)[:-1]
            start = (self.off.unary[packed[unary]] - u0) * 8  # each term's first bit
            ones -= np.repeat(start - first, nu)
            ones -= np.arange(len(ones))
            high[elem_enc == UNARY] = ones
        if not unary.all():
            w0, w1 = int(self.off.tables[t0]), int(self.off.tables[t1])
            per = self.tables[w0:w1]
            blocks_hi = np.tile(np.arange(self.h, dtype=np.int64), len(per) // self.h)
            high[elem_enc == BLOCKS] = np.repeat(blocks_hi, per)
        high <<= 16
        high |= self.lows[int(self.off.lows[t0]):int(self.off.lows[t1])]
        out.append(high)
        return out
