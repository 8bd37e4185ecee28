"""One immutable index segment: paragraphs, their normalised text and a character-bigram index.

Layout of a segment directory (arrays are .npy files, written once and never modified):

- ``norm.u16``: the normalised text of all paragraphs, UTF-16-LE, each followed by "\\n";
  ``starts`` (int64, n+1) holds each paragraph's start in code points.
- ``patch_pos``/``patch_chr``: where the original text differs from the normalised text by one
  character (full-width punctuation, upper case, traditional characters), the original character;
  ``over_ids``/``over.u16``/``over_starts``: paragraphs whose normalisation changed their length
  (masks, expansions), stored whole.  Together they give back the original text for snippets
  without storing every paragraph twice.
- the bigram index: every position of the text starts one bigram (its character and the next one,
  or the separator at a paragraph's end), so each occurrence of a character is counted exactly once.
  Characters get dense ids (``vocab``, separator = 0); a bigram's key is ``a * V + b``.  ``keys``
  (sorted) → ``term_runs`` → runs of postings sharing the high bits of the paragraph number
  (``run_hi``, ``run_start``) → ``lo`` (uint16, low bits) and ``tf`` (uint8, occurrences capped at
  255).  Two bytes per posting instead of four keep the index under twice the text size.
  ``char_df`` counts the paragraphs holding each character.
- per-paragraph arrays (``lens``, ``kind``, ``role``, ``paid``, ``doc``, ``path``, ``seq``),
  ``ids.txt`` (paragraph ids, one a line) and ``meta.json`` (document and path tables).
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ..normalize import normalize
from ..store import IndexRow

SEP = "\n"
KINDS = ("title", "heading", "body")
ROLES = ("summary", "problems", "plan", "other")
CAPACITY = 1 << 19  # paragraphs per segment; bounds build memory (~25 bytes per character)
DOC_FIELDS = ("doc_id", "title", "doc_kind", "org", "org_type", "year", "half", "date", "collection_id")


def _u32(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)


def _clean(text: str) -> str:
    # The separator must never occur inside a paragraph.
    return text.replace("\r", " ").replace("\n", " ")


def _save(directory: Path, name: str, array: np.ndarray) -> None:
    with open(directory / f"{name}.npy", "wb") as fh:
        np.save(fh, array)
        fh.flush()
        os.fsync(fh.fileno())


def _write_bytes(path: Path, data: bytes) -> None:
    with open(path, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())


def _patches(origs: list[str], norms: list[str], norm_joined: str) -> dict[str, np.ndarray]:
    """Per-character differences between original and normalised text, plus whole overflow paragraphs."""
    over = [i for i, (o, n) in enumerate(zip(origs, norms, strict=False)) if len(o) != len(n)]
    over_set = set(over)
    aligned = SEP.join(n if i in over_set else o for i, (o, n) in enumerate(zip(origs, norms, strict=False))) + SEP
    a, b = _u32(aligned), _u32(norm_joined)
    pos = np.flatnonzero(a != b)
    over_texts = [origs[i] for i in over]
    over_starts = np.zeros(len(over) + 1, dtype=np.int64)
    np.cumsum([len(t) for t in over_texts], out=over_starts[1:])
    return {
        "patch_pos": pos.astype(np.uint32),
        "patch_chr": a[pos].astype(np.uint32),
        "over_ids": np.asarray(over, dtype=np.int64),
        "over_starts": over_starts,
        "_over_text": "".join(over_texts),
    }


def _bigram_index(codes: np.ndarray, lens: np.ndarray) -> dict[str, np.ndarray]:
    """The bigram postings of a text given as code points (paragraphs each followed by SEP)."""
    n = len(lens)
    present = np.flatnonzero(np.bincount(codes))
    vocab = np.concatenate(([ord(SEP)], present[present != ord(SEP)])).astype(np.uint32)
    width = np.uint64(len(vocab))
    lut = np.zeros(int(vocab.max()) + 1, dtype=np.uint32)
    lut[vocab] = np.arange(len(vocab), dtype=np.uint32)
    dense = lut[codes]
    del lut
    pid = np.repeat(np.arange(n, dtype=np.uint64), lens + 1)
    valid = dense[:-1] != 0
    first = dense[:-1][valid].astype(np.uint64)
    second = dense[1:][valid].astype(np.uint64)
    combined = ((first * width + second) << np.uint64(32)) | pid[:-1][valid]
    del first, second, valid, pid, dense
    combined.sort()
    change = np.empty(len(combined), dtype=bool)
    change[0] = True
    np.not_equal(combined[1:], combined[:-1], out=change[1:])
    post_start = np.flatnonzero(change)
    del change
    tf = np.minimum(np.diff(np.append(post_start, len(combined))), 255).astype(np.uint8)
    unique = combined[post_start]
    del combined, post_start
    ukeys = unique >> np.uint64(32)
    upid = (unique & np.uint64(0xFFFFFFFF)).astype(np.int64)
    del unique
    hi = upid >> 16
    key_change = np.empty(len(ukeys), dtype=bool)
    key_change[0] = True
    np.not_equal(ukeys[1:], ukeys[:-1], out=key_change[1:])
    run_change = key_change.copy()
    run_change[1:] |= hi[1:] != hi[:-1]
    term_start = np.flatnonzero(key_change)
    run_start = np.flatnonzero(run_change)
    keys = ukeys[term_start]
    term_runs = np.append(np.searchsorted(run_start, term_start), len(run_start)).astype(np.uint32)
    # Paragraphs per character: distinct (first character, paragraph) pairs.
    char_pairs = ((ukeys // width) << np.uint64(32)) | upid.astype(np.uint64)
    char_pairs.sort()
    distinct = np.empty(len(char_pairs), dtype=bool)
    distinct[0] = True
    np.not_equal(char_pairs[1:], char_pairs[:-1], out=distinct[1:])
    char_pairs = char_pairs[distinct]
    char_df = np.bincount((char_pairs >> np.uint64(32)).astype(np.int64), minlength=len(vocab))
    return {
        "vocab": vocab,
        "keys": keys.astype(np.uint32 if int(width) ** 2 < 1 << 32 else np.uint64),
        "term_runs": term_runs,
        "run_hi": hi[run_start].astype(np.uint16),
        "run_start": np.append(run_start, len(ukeys)).astype(np.uint32),
        "lo": (upid & 0xFFFF).astype(np.uint16),
        "tf": tf,
        "char_df": char_df.astype(np.int64),
    }


def build_segment(rows: Sequence[IndexRow], directory: Path) -> None:
    """Write a segment for rows into directory (which must not exist yet)."""
    if not rows or len(rows) > CAPACITY:
        raise ValueError("segment size out of range")
    directory.mkdir(parents=True)
    origs = [_clean(r.text) for r in rows]
    norm_joined = normalize(SEP.join(origs)) + SEP
    norms = norm_joined.split(SEP)[:-1]
    if len(norms) != len(rows):
        raise RuntimeError("normaliser produced a paragraph separator")
    lens = np.fromiter((len(t) for t in norms), dtype=np.int64, count=len(norms))
    starts = np.zeros(len(rows) + 1, dtype=np.int64)
    np.cumsum(lens + 1, out=starts[1:])
    arrays: dict[str, Any] = {"starts": starts.astype(np.uint32), "lens": lens.astype(np.int32)}
    arrays.update(_patches(origs, norms, norm_joined))
    over_text = arrays.pop("_over_text")
    arrays.update(_bigram_index(_u32(norm_joined), lens))
    docs, doc_index = [], {}
    paths, path_index = [], {}
    doc_col = np.empty(len(rows), dtype=np.int32)
    path_col = np.empty(len(rows), dtype=np.int32)
    for i, r in enumerate(rows):
        if r.doc_id not in doc_index:
            doc_index[r.doc_id] = len(docs)
            docs.append([getattr(r, f) for f in DOC_FIELDS])
        doc_col[i] = doc_index[r.doc_id]
        path = list(r.path)
        key = SEP.join(path)
        if key not in path_index:
            path_index[key] = len(paths)
            paths.append(path)
        path_col[i] = path_index[key]
    arrays["doc"] = doc_col
    arrays["path"] = path_col
    arrays["kind"] = np.array([KINDS.index(r.kind) if r.kind in KINDS else 2 for r in rows], dtype=np.uint8)
    arrays["role"] = np.array([ROLES.index(r.role) if r.role in ROLES else 3 for r in rows], dtype=np.uint8)
    arrays["paid"] = np.array([r.paid for r in rows], dtype=bool)
    arrays["seq"] = np.array([r.seq for r in rows], dtype=np.int64)
    for name, array in arrays.items():
        _save(directory, name, array)
    _write_bytes(directory / "norm.u16", norm_joined.encode("utf-16-le"))
    _write_bytes(directory / "over.u16", over_text.encode("utf-16-le"))
    _write_bytes(directory / "ids.txt", "\n".join(r.paragraph_id for r in rows).encode("utf-8"))
    meta = {"paragraphs": len(rows), "chars": int(lens.sum()), "docs": docs, "paths": paths,
            "max_seq": max(r.seq for r in rows)}
    _write_bytes(directory / "meta.json", json.dumps(meta, ensure_ascii=False).encode("utf-8"))


@dataclass
class Postings:
    """A term's postings in a segment: sorted local paragraph numbers and occurrence counts."""

    ids: np.ndarray
    tf: np.ndarray


EMPTY = Postings(np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64))


class Segment:
    """A loaded segment: big arrays memory-mapped, the normalised text held as one str."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        meta = json.loads((directory / "meta.json").read_text(encoding="utf-8"))
        self.n: int = meta["paragraphs"]
        self.chars: int = meta["chars"]
        self.max_seq: int = meta["max_seq"]
        self.docs: list[list[Any]] = meta["docs"]
        self.paths: list[list[str]] = meta["paths"]
        mapped = {"lo", "tf", "patch_pos", "patch_chr"}
        for name in ("starts", "lens", "patch_pos", "patch_chr", "over_ids", "over_starts", "vocab", "keys",
                     "term_runs", "run_hi", "run_start", "lo", "tf", "char_df", "doc", "path", "kind", "role",
                     "paid", "seq"):
            mode = "r" if name in mapped else None
            setattr(self, name, np.load(directory / f"{name}.npy", mmap_mode=mode))
        self.starts = self.starts.astype(np.int64)
        self.text = (directory / "norm.u16").read_bytes().decode("utf-16-le")
        self.over_text = (directory / "over.u16").read_bytes().decode("utf-16-le")
        self.width = len(self.vocab)
        self._ids: list[str] | None = None

    # --- text -------------------------------------------------------------------------------
    def paragraph_id(self, local: int) -> str:
        if self._ids is None:
            self._ids = (self.directory / "ids.txt").read_text(encoding="utf-8").split("\n")
        return self._ids[local]

    def norm_text(self, local: int) -> str:
        return self.text[self.starts[local]:self.starts[local + 1] - 1]

    def original_text(self, local: int) -> str:
        k = int(np.searchsorted(self.over_ids, local))
        if k < len(self.over_ids) and self.over_ids[k] == local:
            return self.over_text[self.over_starts[k]:self.over_starts[k + 1]]
        start, end = int(self.starts[local]), int(self.starts[local + 1]) - 1
        chars = list(self.text[start:end])
        a, b = np.searchsorted(self.patch_pos, np.array([start, end], dtype=self.patch_pos.dtype))
        for pos, ch in zip(self.patch_pos[a:b].tolist(), self.patch_chr[a:b].tolist(), strict=False):
            chars[pos - start] = chr(ch)
        return "".join(chars)

    # --- postings ---------------------------------------------------------------------------
    def dense(self, term: str) -> np.ndarray | None:
        codes = _u32(term)
        idx = np.searchsorted(self.vocab, codes)
        idx[idx >= self.width] = 0
        if not np.array_equal(self.vocab[idx], codes) or (idx == 0).any():
            return None
        return idx.astype(np.uint64)

    def _decode_runs(self, r0: int, r1: int) -> Postings:
        a, b = int(self.run_start[r0]), int(self.run_start[r1])
        lo = self.lo[a:b].astype(np.int64)
        if r1 - r0 == 1:
            lo += int(self.run_hi[r0]) << 16
        else:
            lengths = np.diff(self.run_start[r0:r1 + 1])
            lo += np.repeat(self.run_hi[r0:r1].astype(np.int64) << 16, lengths)
        return Postings(lo, self.tf[a:b].astype(np.int64))

    def bigram_terms(self, term_codes: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
        """Term indexes and paragraph counts of a term's distinct bigrams, rarest first; None if one is absent."""
        keys = np.unique(term_codes[:-1] * np.uint64(self.width) + term_codes[1:]).astype(self.keys.dtype)
        t = np.searchsorted(self.keys, keys)
        t[t >= len(self.keys)] = 0
        if not np.array_equal(self.keys[t], keys):
            return None
        df = self.run_start[self.term_runs[t + 1]] - self.run_start[self.term_runs[t]]
        order = np.argsort(df, kind="stable")
        return t[order], df[order]

    def term_postings(self, t: int) -> Postings:
        return self._decode_runs(int(self.term_runs[t]), int(self.term_runs[t + 1]))

    def contains_in(self, t: int, ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Which of the sorted ids hold bigram term t, and how often, without decoding its whole postings."""
        found = np.zeros(len(ids), dtype=bool)
        tf = np.zeros(len(ids), dtype=np.int64)
        if t < 0 or len(ids) == 0:
            return found, tf
        r0, r1 = int(self.term_runs[t]), int(self.term_runs[t + 1])
        his = ids >> 16
        for r in range(r0, r1):
            hi = int(self.run_hi[r])
            i0, i1 = np.searchsorted(his, [hi, hi + 1])
            if i0 == i1:
                continue
            a, b = int(self.run_start[r]), int(self.run_start[r + 1])
            lo = self.lo[a:b]
            want = (ids[i0:i1] & 0xFFFF).astype(np.uint16)
            pos = np.searchsorted(lo, want)
            pos[pos >= len(lo)] = 0
            hit = lo[pos] == want
            found[i0:i1] = hit
            tf[i0:i1][hit] = self.tf[a:b][pos[hit]]
        return found, tf

    def char_postings(self, d: int) -> Postings:
        """Paragraphs holding character d: the union of all bigrams that start with it."""
        bounds = np.array([d * self.width, (d + 1) * self.width], dtype=self.keys.dtype)
        t0, t1 = np.searchsorted(self.keys, bounds)
        if t0 == t1:
            return EMPTY
        parts = self._decode_runs(int(self.term_runs[t0]), int(self.term_runs[t1]))
        if t1 - t0 == 1:
            return parts
        if len(parts.ids) * 8 > self.n:
            counts = np.bincount(parts.ids, weights=parts.tf, minlength=self.n)
            ids = np.flatnonzero(counts)
            return Postings(ids, counts[ids].astype(np.int64))
        ids, inverse = np.unique(parts.ids, return_inverse=True)
        return Postings(ids, np.bincount(inverse, weights=parts.tf).astype(np.int64))

    def char_df_of(self, d: int) -> int:
        return int(self.char_df[d])
