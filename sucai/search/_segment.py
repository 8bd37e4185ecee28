"""One immutable index segment: the normalised text as character codes, positional bigram postings,
precomputed results for frequent one- and two-character terms, and per-paragraph data.

Layout of a segment directory (arrays are .npy files, written once and never modified):

- ``codes``: the normalised text of all paragraphs as dense character ids (``vocab`` maps an id to its
  code point; id 0 is the paragraph separator that follows every paragraph); ``starts`` (n+1) holds
  each paragraph's first position.  Exact matching is vectorised over this array.
- positional postings (see ``_positions``): every position but a separator starts one bigram (its
  character and the next, possibly the separator), so each occurrence of a character is counted once.
  A bigram's key is ``a * V + b``; ``keys`` (sorted) → ``counts`` (occurrences), ``dfs`` (paragraphs),
  ``enc`` and the encoded positions in ``raw``/``lows``/``unary``/``tables``.  ``char_count``/``char_df``
  per character id.
- precomputed results for characters occurring at least ``UNI_MIN`` times and bigrams occurring at least
  ``BI_MIN`` times (``pre_uni``/``pre_bi``: the ids/keys, rows of the ``pre_*`` tables): the number of
  paragraphs, the facet counts and the ``TOP_N`` best paragraphs with their term frequencies.  Scores
  use a fixed reference length (``REF_LEN``), not the library's average, so stored rankings stay valid
  as segments are added; the idf factor is the same for every hit of one term and is applied at query
  time.
- the original text for snippets: ``orig_map`` gives, per character id, the original character it most
  often stands for (，for the normalised ","); ``exc_pos``/``exc_chr``/``exc_tab`` list the positions
  where the original differs from that; ``over_ids``/``over.u16``/``over_starts`` hold paragraphs
  whose normalisation changed their length, whole.
- per paragraph: ``doc``, ``path``, ``profile`` (index into ``profiles``: the facet codes of the
  paragraph, against the facet value tables in ``meta.json``), ``flags`` (kind | paid << 2), ``seq``
  (minus ``seq_base``) and ``pidx`` (the paragraph's number in its document when its id is
  "<doc_id>-<number>", as the store makes them; other ids are listed in ``meta.json``).
"""

from __future__ import annotations

import datetime as dt
import json
import mmap
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ..normalize import normalize
from ..store import IndexRow
from . import _positions

SEP = "\n"
KINDS = ("title", "heading", "body")
ROLES = ("summary", "problems", "plan", "other")
CAPACITY = 1 << 19  # paragraphs per segment
CHAR_CAPACITY = 48_000_000  # characters per segment: bounds build memory (~30 bytes per character)
DOC_FIELDS = ("doc_id", "title", "doc_kind", "org", "org_type", "year", "half", "date", "collection_id")
FACETS = ("doc_kind", "org_type", "year", "half", "role")

K1, B = 1.2, 0.75
REF_LEN = 60.0  # reference paragraph length for BM25's length normalisation (typical of the corpus)
KIND_BOOST = np.array([2.5, 1.8, 1.0])  # title, heading, body
TOP_N = 200
UNI_MIN = 1000
BI_MIN = 2000
_NORM_CHUNK = 64  # paragraphs per normalize() call: long texts with one expanding character are slow


def partial_score(tf: np.ndarray, lens: np.ndarray, boost: np.ndarray) -> np.ndarray:
    """BM25 term weight without idf, times the kind boost; the same expression at build and query time."""
    tf = tf.astype(np.float64)
    return tf * (K1 + 1) / (tf + K1 * (1 - B + B * lens / REF_LEN)) * boost


def top_order(score: np.ndarray, k: int, tiebreak: Callable[[np.ndarray], tuple[np.ndarray, np.ndarray]]) -> np.ndarray:
    """Indexes of the k best by score, then newer date, then earlier paragraph, best first.

    tiebreak(indexes) gives (date, seq) of those entries; it is asked only about the candidates.
    """
    if k <= 0 or not len(score):
        return np.zeros(0, dtype=np.int64)
    if len(score) > k:
        kth = np.partition(score, len(score) - k)[len(score) - k]
        cand = np.flatnonzero(score >= kth)  # ties at the boundary stay in
    else:
        cand = np.arange(len(score))
    date, seq = tiebreak(cand)
    order = np.lexsort((seq, -date, -score[cand]))
    return cand[order[:k]]


def date_days(date: str | None, year: int | None) -> int:
    text = date or (f"{year}-01-01" if year else "")
    parts = [int(p) for p in text.split("-")[:3] if p.isdigit()] if text else []
    if not parts:
        return 0
    y, m, d = (parts + [1, 1])[:3]
    try:
        return max(0, (dt.date(y, max(1, min(m, 12)), max(1, min(d, 28))) - dt.date(1900, 1, 1)).days)
    except ValueError:
        return 0


def _u32(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)


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


def _runs(group: np.ndarray, pid: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Starts and lengths of runs of equal (group, pid) in arrays sorted by group then pid."""
    change = np.empty(len(pid), dtype=bool)
    change[0] = True
    np.not_equal(group[1:], group[:-1], out=change[1:])
    change[1:] |= pid[1:] != pid[:-1]
    start = np.flatnonzero(change)
    return start, np.diff(np.append(start, len(pid)))


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


def _facet_tables(rows: Sequence[IndexRow], doc_col: np.ndarray, docs: list[list[Any]]) -> tuple[
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
    role = np.array([ROLES.index(r.role) if r.role in ROLES else 3 for r in rows], dtype=np.int64)
    combined, profile = np.unique(doc_profile.ravel()[doc_col] * len(ROLES) + role, return_inverse=True)
    profiles = np.concatenate([doc_profiles[combined // len(ROLES)], (combined % len(ROLES))[:, None]], axis=1)
    return tables, profiles, profile.ravel()


def onehot(profiles: np.ndarray, tables: dict[str, list[Any]]) -> np.ndarray:
    """(profiles × facet values) 0/1 matrix, facet values laid out in FACETS order."""
    sizes = [len(tables[f]) for f in FACETS]
    offsets = np.concatenate(([0], np.cumsum(sizes)))
    out = np.zeros((len(profiles), int(offsets[-1])), dtype=np.int64)
    for j in range(len(FACETS)):
        out[np.arange(len(profiles)), offsets[j] + profiles[:, j]] = 1
    return out


def build_segment(rows: Sequence[IndexRow], directory: Path) -> None:
    """Write a segment for rows into directory (which must not exist yet)."""
    if not rows or len(rows) > CAPACITY:
        raise ValueError("segment size out of range")
    directory.mkdir(parents=True)
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
    over_text = arrays.pop("_over_text")
    del norm_joined, origs

    docs, doc_index, paths, path_index = [], {}, [], {}
    doc_col = np.empty(n, dtype=np.int64)
    path_col = np.empty(n, dtype=np.int64)
    extra_ids = {}
    pidx = np.empty(n, dtype=np.int64)
    for i, r in enumerate(rows):
        if r.doc_id not in doc_index:
            doc_index[r.doc_id] = len(docs)
            docs.append([getattr(r, f) for f in DOC_FIELDS])
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
    date = np.array([date_days(d[7], d[5]) for d in docs], dtype=np.int64)[doc_col]
    pre = (lens, KIND_BOOST[kind], date, seq, profile, len(profiles))
    arrays.update(_postings(dense, starts, lens, len(vocab), pre, onehot(profiles, tables)))

    for name, array in arrays.items():
        _save(directory, name, array)
    _write_bytes(directory / "over.u16", over_text.encode("utf-16-le"))
    meta = {"paragraphs": n, "chars": int(lens.sum()), "docs": docs, "paths": paths,
            "max_seq": int(seq.max()), "seq_base": seq_base, "facets": tables,
            "ids": [[i, p] for i, p in extra_ids.items()]}
    _write_bytes(directory / "meta.json", json.dumps(meta, ensure_ascii=False).encode("utf-8"))


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
    # Characters: a stable sort by character keeps each character's paragraphs ascending.
    chars = dense[:-1]
    order = np.argsort(chars, kind="stable")
    char_count = np.bincount(chars, minlength=width)
    char_count[0] = 0
    order = order[int(np.count_nonzero(chars == 0)):]  # separators sort first
    cpid = pid_of[order]
    del order, pid_of
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
    out.update({
        "keys": keys.astype(np.uint32 if width * width < 1 << 32 else np.uint64),
        "counts": counts.astype(np.uint32), "dfs": dfs.astype(np.uint32),
        "char_count": char_count.astype(np.uint32), "char_df": char_df.astype(np.uint32),
        "pre_uni": pre_uni.astype(np.uint32), "pre_bi": keys[pre_bi].astype(np.uint64),
    })
    out.update(uni.arrays("uni", profiles_onehot))
    out.update(bi.arrays("bi", profiles_onehot))
    return out


# --- load -------------------------------------------------------------------------------------------
@dataclass
class Postings:
    """A term's hits in a segment: sorted local paragraph numbers and occurrence counts."""

    ids: np.ndarray
    tf: np.ndarray


EMPTY = Postings(np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64))
_BLOCK_SHIFT = 5
_MAPPED = {"codes", "raw", "lows", "unary", "tables", "uni_ids", "uni_tf", "bi_ids", "bi_tf", "uni_facets",
           "bi_facets", "path", "pidx", "seq"}
_ARRAYS = ("codes", "starts", "vocab", "orig_map", "exc_pos", "exc_chr", "exc_tab", "over_ids", "over_starts",
           "doc", "path", "profile", "profiles", "flags", "seq", "pidx", "keys", "counts", "dfs", "enc", "raw",
           "lows", "unary", "tables", "char_count", "char_df", "pre_uni", "pre_bi", "uni_total", "uni_ids", "uni_tf", "uni_facets",
           "bi_total", "bi_ids", "bi_tf", "bi_facets")


def _map_npy(path: Path) -> np.ndarray:
    """A read-only array over a memory map of an .npy file, its pages mapped now (MAP_POPULATE).

    Mapping everything at open costs a few milliseconds per 100 MB of cached file; otherwise the
    first queries of a process would pay one page fault per 4 KiB of text or postings they touch.
    """
    with open(path, "rb") as fh:
        version = np.lib.format.read_magic(fh)
        read = np.lib.format.read_array_header_1_0 if version == (1, 0) else np.lib.format.read_array_header_2_0
        shape, fortran, dtype = read(fh)
        offset = fh.tell()
        count = int(np.prod(shape))
        if fortran or count == 0:
            return np.load(path)
        flags = mmap.MAP_SHARED | getattr(mmap, "MAP_POPULATE", 0)
        mapped = mmap.mmap(fh.fileno(), 0, flags=flags, prot=mmap.PROT_READ)
    return np.frombuffer(mapped, dtype=dtype, count=count, offset=offset).reshape(shape)


class Segment:
    """A loaded segment: big arrays memory-mapped, small ones in memory."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        meta = json.loads((directory / "meta.json").read_text(encoding="utf-8"))
        self.n: int = meta["paragraphs"]
        self.chars: int = meta["chars"]
        self.max_seq: int = meta["max_seq"]
        self.seq_base: int = meta["seq_base"]
        self.docs: list[list[Any]] = meta["docs"]
        self.paths: list[list[str]] = meta["paths"]
        self.facet_tables: dict[str, list[Any]] = meta["facets"]
        self.extra_ids = {int(i): p for i, p in meta["ids"]}
        for name in _ARRAYS:
            path = directory / f"{name}.npy"
            setattr(self, name, _map_npy(path) if name in _MAPPED else np.load(path))
        self.over_text = (directory / "over.u16").read_bytes().decode("utf-16-le")
        self.universe = len(self.codes)
        self.width = len(self.vocab)
        self.starts = self.starts.astype(np.int64)
        self.lens = np.diff(self.starts) - 1
        self.kind = self.flags & 3
        self.paid = (self.flags >> 2) & 1
        self.boost = KIND_BOOST[self.kind]
        # What scoring, filters and facets need of a hit, in one gather: length | kind << 32 | profile << 34.
        self.info = self.lens.astype(np.uint64) | (self.kind.astype(np.uint64) << np.uint64(32)) \
            | (self.profile.astype(np.uint64) << np.uint64(34))
        self.positions = _positions.Positions(self.counts, self.enc, self.raw, self.lows, self.unary, self.tables,
                                              self.universe)
        self.doc_date = np.array([date_days(d[7], d[5]) for d in self.docs], dtype=np.int64)
        self.onehot = onehot(self.profiles.astype(np.int64), self.facet_tables)
        self.doc_index = {d[0]: i for i, d in enumerate(self.docs)}
        self.over_index = {int(p): k for k, p in enumerate(self.over_ids.tolist())}
        self.no_pidx = int(np.iinfo(self.pidx.dtype).max)  # marks ids listed in meta.json
        # Paragraph holding position x is at least block[x >> 5]: paragraphs starting before that block.
        nblocks = (self.universe >> _BLOCK_SHIFT) + 1
        before = np.bincount(self.starts[1:-1] >> _BLOCK_SHIFT, minlength=nblocks)
        self.block = np.concatenate(([0], np.cumsum(before)[:-1])).astype(np.int32)

    # --- text -------------------------------------------------------------------------------
    def paragraph_id(self, local: int) -> str:
        number = int(self.pidx[local])
        if number == self.no_pidx:
            return self.extra_ids[local]
        return f"{self.docs[int(self.doc[local])][0]}-{number}"

    def _chars(self, codes: np.ndarray) -> str:
        return codes.astype(np.uint32).tobytes().decode("utf-32-le")

    def norm_text(self, local: int) -> str:
        return self._chars(self.vocab[self.codes[self.starts[local]:self.starts[local + 1] - 1]])

    def original_text(self, local: int) -> str:
        k = self.over_index.get(local)
        if k is not None:
            return self.over_text[self.over_starts[k]:self.over_starts[k + 1]]
        start, end = int(self.starts[local]), int(self.starts[local + 1]) - 1
        out = self.orig_map[self.codes[start:end]]
        a, b = np.searchsorted(self.exc_pos, np.array([start, end], dtype=self.exc_pos.dtype))
        if b > a:
            out[self.exc_pos[a:b].astype(np.int64) - start] = self.exc_tab[self.exc_chr[a:b]]
        return self._chars(out)

    # --- terms ------------------------------------------------------------------------------
    def dense(self, term: str) -> np.ndarray | None:
        """The term's character ids, or None when a character never occurs in this segment."""
        codes = _u32(term)
        idx = np.searchsorted(self.vocab, codes)
        if (idx >= self.width).any():
            return None
        if not np.array_equal(self.vocab[idx], codes) or (idx == 0).any():
            return None
        return idx.astype(np.int64)

    def term_index(self, d: np.ndarray) -> np.ndarray | None:
        """Indexes into keys of the term's bigrams (in term order), or None if one is absent."""
        want = (d[:-1] * self.width + d[1:]).astype(self.keys.dtype)
        t = np.searchsorted(self.keys, want)
        if (t >= len(self.keys)).any() or not np.array_equal(self.keys[t], want):
            return None
        return t

    def _decode(self, t: int) -> np.ndarray:
        return self.positions.decode(t)

    def char_positions(self, c: int) -> np.ndarray:
        """Every position of character id c (unordered)."""
        lo = np.array([c * self.width, (c + 1) * self.width], dtype=self.keys.dtype)
        t0, t1 = (int(x) for x in np.searchsorted(self.keys, lo))
        parts = self.positions.decode_range(t0, t1)
        if not parts:
            return np.zeros(0, dtype=np.int64)
        return np.concatenate(parts).astype(np.int64, copy=False)

    def phrase_positions(self, d: np.ndarray, t: np.ndarray) -> np.ndarray:
        """Sorted start positions of a term of two or more characters (ids d, bigram indexes t)."""
        j = int(np.argmin(self.counts[t]))
        starts = self._decode(int(t[j]))
        if len(d) == 2:
            return starts
        if j:
            starts -= j
        # Check the other characters, rarest first, shrinking the candidates as we go.
        rest = [k for k in range(len(d)) if k != j and k != j + 1]
        rest.sort(key=lambda k: int(self.char_count[d[k]]))
        codes = self.codes
        last = self.universe - 1
        for k in rest:
            if not len(starts):
                break
            at = starts + k
            np.minimum(at, last, out=at)  # past the end reads the final separator, which never matches
            starts = starts[codes[at] == d[k]]
        return starts

    def paragraphs_of(self, pos: np.ndarray) -> np.ndarray:
        """The paragraph holding each position."""
        p = self.block[pos >> _BLOCK_SHIFT].astype(np.int64)
        starts = self.starts
        todo = np.flatnonzero(starts[p + 1] <= pos)
        while len(todo):
            p[todo] += 1
            todo = todo[starts[p[todo] + 1] <= pos[todo]]
        return p

    def hits_from_positions(self, pos: np.ndarray, ordered: bool) -> Postings:
        if not len(pos):
            return EMPTY
        if not ordered and len(pos) * 4 > self.n:
            # Many positions: count per paragraph instead of sorting.
            tf = np.bincount(self.paragraphs_of(pos), minlength=self.n)
            ids = np.flatnonzero(tf)
            return Postings(ids, tf[ids])
        if not ordered:
            pos = np.sort(pos)
        p = self.paragraphs_of(pos)
        first = np.flatnonzero(np.diff(p)) + 1
        first = np.concatenate(([0], first))
        return Postings(p[first], np.diff(np.append(first, len(p))))

    def term_hits(self, term: str) -> Postings:
        """Exact hits of a normalised term: paragraphs holding it and how often."""
        d = self.dense(term)
        if d is None:
            return EMPTY
        if len(d) == 1:
            return self.hits_from_positions(self.char_positions(int(d[0])), ordered=False)
        t = self.term_index(d)
        if t is None:
            return EMPTY
        return self.hits_from_positions(self.phrase_positions(d, t), ordered=True)

    def hits_within(self, term: str, within: np.ndarray) -> Postings:
        """Exact hits of a term among sorted paragraph numbers, by scanning their text when that is cheaper."""
        d = self.dense(term)
        if d is None or not len(within):
            return EMPTY
        t = self.term_index(d) if len(d) > 1 else None
        if len(d) > 1 and t is None:
            return EMPTY
        cost = int(self.char_count[d[0]]) if len(d) == 1 else int(self.counts[t].min())
        lens = self.lens[within]
        if int(lens.sum()) >= cost:
            hits = self.term_hits(term)
            keep = np.isin(hits.ids, within, assume_unique=True)
            return Postings(hits.ids[keep], hits.tf[keep])
        return self._scan(d, within, lens)

    def _scan(self, d: np.ndarray, within: np.ndarray, lens: np.ndarray) -> Postings:
        """Occurrences of character ids d in the given paragraphs, found on the text itself."""
        owner = np.repeat(np.arange(len(within)), lens)
        pos = np.arange(len(owner), dtype=np.int64) + np.repeat(self.starts[within] - np.cumsum(lens) + lens, lens)
        codes = self.codes
        last = self.universe - 1
        for k in range(len(d)):
            if not len(pos):
                break
            at = np.minimum(pos + k, last)
            keep = codes[at] == d[k]
            pos, owner = pos[keep], owner[keep]
        if not len(owner):
            return EMPTY
        tf = np.bincount(owner, minlength=len(within))
        found = np.flatnonzero(tf)
        return Postings(within[found], tf[found])

    # --- statistics and precomputed rows ----------------------------------------------------
    def df(self, term: str) -> int:
        """Paragraphs holding the term: exact for one or two characters, an upper bound beyond."""
        d = self.dense(term)
        if d is None:
            return 0
        if len(d) == 1:
            return int(self.char_df[d[0]])
        t = self.term_index(d)
        return 0 if t is None else int(self.dfs[t].min())

    def precomputed(self, term: str) -> tuple[str, int] | None:
        """("uni"|"bi", row) when the term's results are precomputed in this segment."""
        d = self.dense(term)
        if d is None or len(d) > 2:
            return None
        if len(d) == 1:
            table, key = self.pre_uni, int(d[0])
            prefix = "uni"
        else:
            table, key = self.pre_bi, int(d[0]) * self.width + int(d[1])
            prefix = "bi"
        i = int(np.searchsorted(table, np.array(key, dtype=table.dtype)))  # same dtype: no copy of the table
        if i < len(table) and int(table[i]) == key:
            return prefix, i
        return None

    def precomputed_row(self, which: tuple[str, int]) -> tuple[int, np.ndarray, np.ndarray, np.ndarray]:
        """(total, facet counts, top ids, their term frequencies) of a precomputed row."""
        prefix, i = which
        total = int(getattr(self, f"{prefix}_total")[i])
        k = min(total, TOP_N)
        ids = np.asarray(getattr(self, f"{prefix}_ids")[i, :k], dtype=np.int64)
        tf = np.asarray(getattr(self, f"{prefix}_tf")[i, :k], dtype=np.int64)
        return total, np.asarray(getattr(self, f"{prefix}_facets")[i], dtype=np.int64), ids, tf

    def weights(self, ids: np.ndarray, tf: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(partial scores, info) of hits: see partial_score and self.info."""
        info = self.info[ids]
        lens = (info & np.uint64(0xFFFFFFFF)).astype(np.float64)
        boost = KIND_BOOST[(info >> np.uint64(32)) & np.uint64(3)]
        return partial_score(tf, lens, boost), info

    @staticmethod
    def profiles_of(info: np.ndarray) -> np.ndarray:
        return (info >> np.uint64(34)).astype(np.int64)

    def facet_counts(self, info: np.ndarray) -> np.ndarray:
        """Counts per facet value (FACETS order, this segment's tables) over hits given by their info."""
        per = np.bincount(self.profiles_of(info), minlength=len(self.profiles))
        return per @ self.onehot

    def tiebreak(self, ids: np.ndarray) -> Callable[[np.ndarray], tuple[np.ndarray, np.ndarray]]:
        return lambda i: (self.date_of(ids[i]), self.seq_of(ids[i]))

    def seq_of(self, ids: np.ndarray) -> np.ndarray:
        return np.asarray(self.seq[ids], dtype=np.int64) + self.seq_base

    def date_of(self, ids: np.ndarray) -> np.ndarray:
        return self.doc_date[np.asarray(self.doc[ids], dtype=np.int64)]
