"""Writing one segment (see _segment for its layout): text codes, postings, precomputed results.

Pure apart from the files it writes into a fresh directory; _segment reads them back.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from ..models import ROLES
from ..normalize import normalize
from ..store import IndexRow
from . import _positions, _rank
from ._segment import (
    BI_MIN,
    CAPACITY,
    DOC_FIELDS,
    FACETS,
    KINDS,
    SEP,
    TOP_N,
    UNI_MIN,
    DocRow,
    _u32,
    date_days,
    onehot,
    partial_score,
    top_order,
)

_NORM_CHUNK = 64  # paragraphs per normalize() call: long texts with one expanding character are slow


def _clean(text: str) -> str:
    # The separator must never occur inside a paragraph.
    return text.replace("\r", " ").replace("\n", " ")


def _smallest_uint(values: np.ndarray, limit: int | None = None) -> np.ndarray:
    top = int(values.max()) if len(values) else 0
    top = max(top, limit or 0)
    for dtype in (np.uint8, np.uint16, np.uint32):
        if top <= np.iinfo(dtype).max:
            return values.astype(dtype)
    return values.astype(np.uint64)


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


def _normalize_paragraphs(origs: list[str]) -> str:
    """normalize() of the paragraphs joined by SEP (plus a final SEP), in chunks that end on a SEP.

    Chunks give the same result as one call: masks look only at neighbouring characters and SEP is
    neither Han nor Latin, so a chunk boundary right after a SEP changes nothing.
    """
    return "".join(normalize(SEP.join(origs[i:i + _NORM_CHUNK]) + SEP) for i in range(0, len(origs), _NORM_CHUNK))


# --- build ------------------------------------------------------------------------------------------
def _original_tables(origs: list[str], norm_joined: str, dense: np.ndarray, vocab: np.ndarray,
                     lens: np.ndarray) -> dict[str, Any]:
    """What is needed to give back the original text: default originals, exceptions, overflow paragraphs."""
    over = np.flatnonzero(np.fromiter((len(o) for o in origs), dtype=np.int64, count=len(origs)) != lens)
    over_set = set(over.tolist())
    norms_over = {}
    if over_set:
        starts = np.concatenate(([0], np.cumsum(lens + 1)))
        norms_over = {i: norm_joined[starts[i]:starts[i + 1] - 1] for i in over_set}
    aligned = _u32(SEP.join(norms_over[i] if i in over_set else o for i, o in enumerate(origs)) + SEP)
    norm = vocab[dense]
    diff = np.flatnonzero(aligned != norm)
    orig_map = vocab.copy()
    if len(diff):
        pairs, count = np.unique((dense[diff].astype(np.uint64) << np.uint64(32)) | aligned[diff], return_counts=True)
        ids = (pairs >> np.uint64(32)).astype(np.int64)
        best = np.lexsort((count, ids))  # per id, the most frequent original comes last
        last = np.append(ids[best][1:] != ids[best][:-1], True)
        pick = best[last]
        changed = np.bincount(ids, weights=count, minlength=len(vocab))
        same = np.bincount(dense, minlength=len(vocab)) - changed
        win = count[pick] > same[ids[pick]]
        orig_map[ids[pick][win]] = (pairs[pick][win] & np.uint64(0xFFFFFFFF)).astype(np.uint32)
    exc = np.flatnonzero(orig_map[dense] != aligned)
    if len(over) and len(exc):  # paragraphs stored whole need no exceptions
        para = np.searchsorted(np.cumsum(lens + 1), exc, side="right")
        exc = exc[~np.isin(para, over)]
    exc_tab, exc_chr = np.unique(aligned[exc], return_inverse=True)
    over_texts = [origs[i] for i in over.tolist()]
    over_starts = np.zeros(len(over) + 1, dtype=np.int64)
    np.cumsum([len(t) for t in over_texts], out=over_starts[1:])
    return {
        "orig_map": orig_map, "exc_pos": exc.astype(np.uint32), "exc_chr": _smallest_uint(exc_chr.ravel()),
        "exc_tab": exc_tab.astype(np.uint32), "over_ids": over.astype(np.int64), "over_starts": over_starts,
        "_over_text": "".join(over_texts),
    }


class _Precompute:
    """Collects the precomputed rows (facets, total, top N) of frequent terms."""

    def __init__(self, lens: np.ndarray, boost: np.ndarray, date: np.ndarray, seq: np.ndarray,
                 profile: np.ndarray, n_profiles: int) -> None:
        self.lens, self.boost, self.date, self.seq = lens, boost, date, seq
        self.profile, self.n_profiles = profile, n_profiles
        self.total: list[int] = []
        self.top_ids: list[np.ndarray] = []
        self.top_tf: list[np.ndarray] = []
        self.prof_rows: list[np.ndarray] = []
        self.prof_pids: list[np.ndarray] = []

    def add(self, pids: np.ndarray, tf: np.ndarray) -> None:
        s = partial_score(tf, self.lens[pids], self.boost[pids])
        best = top_order(s, TOP_N, lambda i: (self.date[pids[i]], self.seq[pids[i]]))
        self.total.append(len(pids))
        self.top_ids.append(pids[best])
        self.top_tf.append(tf[best])
        self.prof_rows.append(np.full(len(pids), len(self.total) - 1, dtype=np.int64))
        self.prof_pids.append(pids)

    def arrays(self, prefix: str, profiles_onehot: np.ndarray) -> dict[str, np.ndarray]:
        rows = len(self.total)
        ids = np.zeros((rows, TOP_N), dtype=np.uint32)
        tfs = np.zeros((rows, TOP_N), dtype=np.uint32)
        for i, (a, b) in enumerate(zip(self.top_ids, self.top_tf, strict=True)):
            ids[i, :len(a)] = a
            tfs[i, :len(b)] = b
        if rows:
            r = np.concatenate(self.prof_rows)
            p = self.profile[np.concatenate(self.prof_pids)].astype(np.int64)
            per_profile = np.bincount(r * self.n_profiles + p, minlength=rows * self.n_profiles)
            facets = per_profile.reshape(rows, self.n_profiles) @ profiles_onehot
        else:
            facets = np.zeros((0, profiles_onehot.shape[1]), dtype=np.int64)
        return {f"{prefix}_total": np.asarray(self.total, dtype=np.uint32), f"{prefix}_ids": ids,
                f"{prefix}_tf": _smallest_uint(tfs), f"{prefix}_facets": facets.astype(np.uint32)}


def _facet_tables(rows: Sequence[IndexRow], doc_col: np.ndarray, docs: list[DocRow]) -> tuple[
        dict[str, list[Any]], np.ndarray, np.ndarray]:
    """Facet value tables, the distinct facet profiles (codes per facet) and each paragraph's profile."""
    tables: dict[str, list[Any]] = {"role": list(ROLES)}
    doc_codes = []
    for f in FACETS[:4]:
        values: dict[Any, int] = {}
        col = DOC_FIELDS.index(f)
        doc_codes.append([values.setdefault(d[col], len(values)) for d in docs])
        tables[f] = list(values)
    per_doc = np.array(doc_codes, dtype=np.int64).T.reshape(len(docs), 4)
    doc_profiles, doc_profile = np.unique(per_doc, axis=0, return_inverse=True)  # few documents: cheap
    other = ROLES.index("other")  # codes are positions in ROLES; new roles are appended, so old codes hold
    role = np.array([ROLES.index(r.role) if r.role in ROLES else other for r in rows], dtype=np.int64)
    combined, profile = np.unique(doc_profile.ravel()[doc_col] * len(ROLES) + role, return_inverse=True)
    profiles = np.concatenate([doc_profiles[combined // len(ROLES)], (combined % len(ROLES))[:, None]], axis=1)
    return tables, profiles, profile.ravel()


def build_segment(rows: Sequence[IndexRow], directory: Path) -> None:
    """Write a segment for rows into directory (which must not exist yet)."""
    if not rows or len(rows) > CAPACITY:
        raise ValueError("segment size out of range")
    directory.mkdir(parents=True)
    arrays, over_text = _text_arrays(rows)
    dense, starts, vocab = arrays["codes"], arrays["starts"].astype(np.int64), arrays["vocab"]
    lens = np.diff(starts) - 1
    docs, paths, doc_col, path_col, pidx, extra_ids = _columns(rows)
    tables, profiles, profile = _facet_tables(rows, doc_col, docs)
    kind = np.array([KINDS.index(r.kind) if r.kind in KINDS else 2 for r in rows], dtype=np.uint8)
    paid = np.array([r.paid for r in rows], dtype=np.uint8)
    seq = np.array([r.seq for r in rows], dtype=np.int64)
    seq_base = int(seq.min())
    pidx_dtype_max = 0xFFFF if pidx.max() < 0xFFFF else 0xFFFFFFFF
    pidx[pidx < 0] = pidx_dtype_max
    arrays.update({
        "doc": _smallest_uint(doc_col, 0xFFFF), "path": _smallest_uint(path_col, 0xFFFF),
        "profile": _smallest_uint(profile, 0xFFFF), "profiles": profiles.astype(np.uint32),
        "flags": (kind | (paid << 2)).astype(np.uint8), "seq": (seq - seq_base).astype(np.uint32),
        "pidx": pidx.astype(np.uint16 if pidx_dtype_max == 0xFFFF else np.uint32),
    })
    date = np.array([date_days(d.date, d.year) for d in docs], dtype=np.int64)[doc_col]
    substance = _rank.quantize(_rank.substance_of_rows([r.kind for r in rows], lens, [r.doc_id for r in rows],
                                                       [r.path for r in rows], [r.text for r in rows]))
    arrays["substance"] = substance
    # Stored top rows are ranked with the same boost queries use (law queries take the general path).
    pre = (lens, _rank.ranking_boost(kind, substance, doc_col, docs), date, seq, profile, len(profiles))
    arrays.update(_postings(dense, starts, lens, len(vocab), pre, onehot(profiles, tables)))

    for name, array in arrays.items():
        _save(directory, name, array)
    _write_bytes(directory / "over.u16", over_text.encode("utf-16-le"))
    meta = {"paragraphs": len(rows), "chars": int(lens.sum()), "docs": docs, "paths": paths,
            "max_seq": int(seq.max()), "seq_base": seq_base, "facets": tables,
            "ids": [[i, p] for i, p in extra_ids.items()]}
    _write_bytes(directory / "meta.json", json.dumps(meta, ensure_ascii=False).encode("utf-8"))


def _text_arrays(rows: Sequence[IndexRow]) -> tuple[dict[str, Any], str]:
    """The normalised text as dense character ids, paragraph starts, the vocabulary and the tables
    that give back the original text; and the text of paragraphs kept whole."""
    n = len(rows)
    origs = [_clean(r.text) for r in rows]
    norm_joined = _normalize_paragraphs(origs)
    c32 = _u32(norm_joined)
    seps = np.flatnonzero(c32 == ord(SEP))
    if len(seps) != n:
        raise RuntimeError("normaliser produced a paragraph separator")
    starts = np.zeros(n + 1, dtype=np.int64)
    starts[1:] = seps + 1
    lens = np.diff(starts) - 1
    present = np.flatnonzero(np.bincount(c32))
    vocab = np.concatenate(([ord(SEP)], present[present != ord(SEP)])).astype(np.uint32)
    lut = np.zeros(int(vocab.max()) + 1, dtype=np.uint32)
    lut[vocab] = np.arange(len(vocab), dtype=np.uint32)
    dense = lut[c32].astype(np.uint16 if len(vocab) <= 1 << 16 else np.uint32)
    del lut, c32
    arrays: dict[str, Any] = {"codes": dense, "starts": starts.astype(np.uint32), "vocab": vocab}
    arrays.update(_original_tables(origs, norm_joined, dense, vocab, lens))
    return arrays, arrays.pop("_over_text")


def _columns(rows: Sequence[IndexRow]) -> tuple[list[DocRow], list[list[str]], np.ndarray, np.ndarray, np.ndarray,
                                                dict[int, str]]:
    """Per paragraph: its document and path (numbered in tables) and its number in the document
    (-1 when its id is not "<doc_id>-<number>"; those ids are listed)."""
    n = len(rows)
    docs: list[DocRow] = []
    paths: list[list[str]] = []
    doc_index: dict[str, int] = {}
    path_index: dict[str, int] = {}
    doc_col = np.empty(n, dtype=np.int64)
    path_col = np.empty(n, dtype=np.int64)
    extra_ids = {}
    pidx = np.empty(n, dtype=np.int64)
    for i, r in enumerate(rows):
        if r.doc_id not in doc_index:
            doc_index[r.doc_id] = len(docs)
            docs.append(DocRow(*(getattr(r, f) for f in DOC_FIELDS)))
        doc_col[i] = doc_index[r.doc_id]
        key = SEP.join(r.path)
        if key not in path_index:
            path_index[key] = len(paths)
            paths.append(list(r.path))
        path_col[i] = path_index[key]
        if r.paragraph_id == f"{r.doc_id}-{r.idx}" and 0 <= r.idx < 0xFFFFFFFF:
            pidx[i] = r.idx
        else:
            pidx[i] = -1
            extra_ids[i] = r.paragraph_id
    return docs, paths, doc_col, path_col, pidx, extra_ids


def _postings(dense: np.ndarray, starts: np.ndarray, lens: np.ndarray, width: int, pre: tuple,
              profiles_onehot: np.ndarray) -> dict[str, np.ndarray]:
    """Positional bigram postings, per-character counts and the precomputed rows of frequent terms."""
    n, universe = len(lens), len(dense)
    pid_of = np.repeat(np.arange(n, dtype=np.int32), lens + 1)
    # Sort (key, position) pairs of every position in one go.  Bigrams starting at a separator have
    # keys below width and sort first: slicing them off afterwards is cheaper than filtering before.
    comb = dense[:-1].astype(np.uint64)
    comb *= np.uint64(width)
    comb += dense[1:]
    comb <<= np.uint64(32)
    comb |= np.arange(universe - 1, dtype=np.uint32)
    comb.sort()
    comb = comb[int(np.searchsorted(comb, np.uint64(width) << np.uint64(32))):]
    halves = comb.view(np.uint32).reshape(-1, 2)  # little-endian: (position, key) when keys fit 32 bits
    pos = np.ascontiguousarray(halves[:, 0])
    skeys = halves[:, 1] if width * width < 1 << 32 else comb >> np.uint64(32)
    tstart = np.concatenate(([0], np.flatnonzero(skeys[1:] != skeys[:-1]) + 1))
    keys = np.asarray(skeys[tstart])
    counts = np.diff(np.append(tstart, len(pos)))
    del skeys
    ppid = pid_of[pos]
    # A run is one (term, paragraph) pair; term starts are run starts too.
    change = np.zeros(len(ppid), dtype=bool)
    change[tstart] = True
    change[1:] |= ppid[1:] != ppid[:-1]
    run_start = np.flatnonzero(change)
    del change
    run_bounds = np.append(np.searchsorted(run_start, tstart), len(run_start))
    dfs = np.diff(run_bounds)
    out = _positions.encode(pos, counts, universe)
    del pos, halves, comb
    uni, bi = _Precompute(*pre), _Precompute(*pre)
    pre_bi = np.flatnonzero(counts >= BI_MIN)
    for t in pre_bi.tolist():
        rs = run_start[run_bounds[t]:run_bounds[t + 1]]
        bi.add(ppid[rs].astype(np.int64), np.diff(np.append(rs, tstart[t] + counts[t])))
    del ppid, run_start
    char_count, char_df, pre_uni = _char_postings(dense, pid_of, width, uni)
    out.update({
        "keys": keys.astype(np.uint32 if width * width < 1 << 32 else np.uint64),
        "counts": counts.astype(np.uint32), "dfs": dfs.astype(np.uint32),
        "char_count": char_count.astype(np.uint32), "char_df": char_df.astype(np.uint32),
        "pre_uni": pre_uni.astype(np.uint32), "pre_bi": keys[pre_bi].astype(np.uint64),
    })
    out.update(uni.arrays("uni", profiles_onehot))
    out.update(bi.arrays("bi", profiles_onehot))
    return out


def _char_postings(dense: np.ndarray, pid_of: np.ndarray, width: int,
                   uni: _Precompute) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per character: occurrences and paragraphs; frequent characters get precomputed rows."""
    # A stable sort by character keeps each character's paragraphs ascending.
    chars = dense[:-1]
    order = np.argsort(chars, kind="stable")
    char_count = np.bincount(chars, minlength=width)
    char_count[0] = 0
    order = order[int(np.count_nonzero(chars == 0)):]  # separators sort first
    cpid = pid_of[order]
    del order
    c_bounds = _positions.exclusive_cumsum(char_count)
    change = np.zeros(len(cpid), dtype=bool)
    change[c_bounds[:-1][char_count > 0]] = True
    change[1:] |= cpid[1:] != cpid[:-1]
    c_start = np.flatnonzero(change)
    del change
    c_runs = np.searchsorted(c_start, c_bounds)
    char_df = np.diff(c_runs)
    pre_uni = np.flatnonzero(char_count >= UNI_MIN)
    for c in pre_uni.tolist():
        rs = c_start[c_runs[c]:c_runs[c + 1]]
        uni.add(cpid[rs].astype(np.int64), np.diff(np.append(rs, c_bounds[c + 1])))
    return char_count, char_df, pre_uni
