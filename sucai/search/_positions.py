"""Compact positional postings: for every character bigram of a segment, the sorted text positions where it starts.

Each term's positions (values below ``universe``, the segment's text length) are stored in one of three
byte-aligned forms, whichever is smallest for its number of positions n:

- ``RAW``: n little-endian uint32;
- ``EF16``/``EF8``: Elias–Fano with the low 16 (or 8) bits as n uint16 (uint8), followed by the high bits
  as a unary bit vector (bit ``high + i`` set for the i-th position), ``n + (universe >> L) + 1`` bits.

Every term's region starts on a four-byte boundary so uint16/uint32 views need no copies.  Encoding is
vectorised over all terms of a segment at once; decoding one term costs a few numpy calls.
"""

from __future__ import annotations

import numpy as np

RAW, EF16, EF8 = 0, 1, 2
_LOW_BITS = {EF16: 16, EF8: 8}


def _high_bytes(n: np.ndarray, universe: int, low_bits: int) -> np.ndarray:
    return (n + (universe >> low_bits) + 1 + 7) // 8


def layout(counts: np.ndarray, universe: int) -> tuple[np.ndarray, np.ndarray]:
    """(encoding per term, byte offset of every term's region plus the end) for the given counts."""
    n = counts.astype(np.int64)
    costs = np.stack([4 * n, 2 * n + _high_bytes(n, universe, 16), n + _high_bytes(n, universe, 8)])
    enc = np.argmin(costs, axis=0).astype(np.uint8)
    size = np.take_along_axis(costs, enc[None, :].astype(np.int64), axis=0)[0]
    offs = np.zeros(len(n) + 1, dtype=np.int64)
    np.cumsum((size + 3) & ~3, out=offs[1:])
    return enc, offs


def encode(pos: np.ndarray, term_start: np.ndarray, universe: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Encode positions grouped by term (ascending within a term; term t owns pos[term_start[t]:term_start[t+1]]).

    Returns (enc, offs, blob).
    """
    total = len(pos)
    counts = np.diff(np.append(term_start, total))
    enc, offs = layout(counts, universe)
    blob = np.zeros(int(offs[-1]), dtype=np.uint8)
    if total == 0:
        return enc, offs, blob
    elem_term = np.repeat(np.arange(len(counts), dtype=np.int32), counts)
    elem_i = np.arange(total, dtype=np.int64) - np.repeat(term_start.astype(np.int64), counts)
    elem_enc = enc[elem_term]
    raw = elem_enc == RAW
    if raw.any():
        blob.view(np.uint32)[(offs[elem_term[raw]] >> 2) + elem_i[raw]] = pos[raw]
    del raw
    for code, low_bits in _LOW_BITS.items():
        sel = elem_enc == code
        if not sel.any():
            continue
        et, ei, ep = elem_term[sel], elem_i[sel], pos[sel].astype(np.int64)
        start = offs[et]
        if low_bits == 16:
            blob.view(np.uint16)[(start >> 1) + ei] = ep & 0xFFFF
        else:
            blob[start + ei] = ep & 0xFF
        bit = (ep >> low_bits) + ei
        byte = start + counts[et] * (low_bits // 8) + (bit >> 3)
        value = np.left_shift(1, bit & 7).astype(np.uint8)
        # Bytes are non-decreasing (ascending positions within a term, terms in offset order).
        first = np.flatnonzero(np.diff(byte)) + 1
        first = np.concatenate(([0], first))
        blob[byte[first]] = np.bitwise_or.reduceat(value, first)
    return enc, offs, blob


def decode(blob: np.ndarray, enc: int, offset: int, n: int, universe: int) -> np.ndarray:
    """The positions of one term, ascending, as int64."""
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    if enc == RAW:
        return blob[offset:offset + 4 * n].view(np.uint32).astype(np.int64)
    low_bits = _LOW_BITS[enc]
    width = low_bits // 8
    lows = blob[offset:offset + width * n].view(np.uint16 if width == 2 else np.uint8)
    hb = int(_high_bytes(np.int64(n), universe, low_bits))
    bits = np.unpackbits(blob[offset + width * n:offset + width * n + hb], bitorder="little")
    high = np.flatnonzero(bits)
    high -= np.arange(n)
    high <<= low_bits
    high |= lows
    return high


def decode_range(blob: np.ndarray, enc: np.ndarray, offs: np.ndarray, counts: np.ndarray, t0: int, t1: int,
                 universe: int) -> list[np.ndarray]:
    """Positions of terms t0..t1-1, one array per stretch; consecutive RAW terms are read as one stretch."""
    out = []
    t = t0
    while t < t1:
        if enc[t] == RAW:
            u = t + 1
            while u < t1 and enc[u] == RAW:
                u += 1
            a, b = int(offs[t]), int(offs[u - 1]) + 4 * int(counts[u - 1])
            out.append(blob[a:b].view(np.uint32))
            t = u
        else:
            out.append(decode(blob, int(enc[t]), int(offs[t]), int(counts[t]), universe))
            t += 1
    return out
