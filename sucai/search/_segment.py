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
from collections.abc import Callable
from dataclasses import dataclass, fields
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np

from ..models import ROLES  # noqa: F401 - the role facet's values, re-exported
from ..store import IndexRow
from . import _positions
from ._rank import ranking_boost

SEP = "\n"
KINDS = ("title", "heading", "body")
CAPACITY = 1 << 20  # paragraphs per segment (with CHAR_CAPACITY: ~19 segments at 900 M characters)
CHAR_CAPACITY = 48_000_000  # characters per segment: bounds build memory (~30 bytes per character)


# The document facets of a segment's paragraphs (``docs`` in meta.json, one list per document):
# the document fields of a store row, typed as the store types them.
DOC_FIELDS = ("doc_id", "title", "doc_kind", "org", "org_type", "year", "half", "date", "collection_id")
DocRow = NamedTuple("DocRow", [(f, IndexRow.__annotations__[f]) for f in DOC_FIELDS])  # type: ignore[misc]
FACETS = ("doc_kind", "org_type", "year", "half", "role")

K1, B = 1.2, 0.75
REF_LEN = 60.0  # reference paragraph length for BM25's length normalisation (typical of the corpus)
TOP_N = 200
UNI_MIN = 1000
BI_MIN = 2000
TERM_CACHE = 4096  # terms whose character ids and bigram indexes a loaded segment remembers
# Indexes up to this many bytes are read into the page cache at open (MAP_POPULATE); larger ones are mapped
# lazily, so opening reads only what the segment keeps in memory and a query faults in what it touches.
POPULATE_MAX = 1 << 30



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


@lru_cache(maxsize=1 << 16)
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


def onehot(profiles: np.ndarray, tables: dict[str, list[Any]]) -> np.ndarray:
    """(profiles × facet values) 0/1 matrix, facet values laid out in FACETS order."""
    sizes = [len(tables[f]) for f in FACETS]
    offsets = np.concatenate(([0], np.cumsum(sizes)))
    out = np.zeros((len(profiles), int(offsets[-1])), dtype=np.int64)
    for j in range(len(FACETS)):
        out[np.arange(len(profiles)), offsets[j] + profiles[:, j]] = 1
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
           "bi_facets", "path", "pidx", "seq", "ng_ids", "ng_tf", "ng_facets"}
# Precomputed rows of frequent 3- and 4-character terms (see _ngrams); absent from older segments.
NG_FILES = ("pre_ng", "ng_total", "ng_ids", "ng_tf", "ng_facets")


def ngram_key(d: np.ndarray, width: int) -> int:
    """The pre_ng key of a 3- or 4-character term given as character ids (distinct for both lengths)."""
    key = 0
    for c in d.tolist():
        key = key * width + int(c)
    return key + (width ** 3 if len(d) == 4 else 0)


@dataclass(eq=False, repr=False)
class SegmentArrays:
    """The arrays of a segment directory, one .npy file each (see the module docstring)."""

    codes: np.ndarray
    starts: np.ndarray
    vocab: np.ndarray
    orig_map: np.ndarray
    exc_pos: np.ndarray
    exc_chr: np.ndarray
    exc_tab: np.ndarray
    over_ids: np.ndarray
    over_starts: np.ndarray
    doc: np.ndarray
    path: np.ndarray
    profile: np.ndarray
    profiles: np.ndarray
    flags: np.ndarray
    substance: np.ndarray  # hundredths of _rank.substance, per paragraph
    seq: np.ndarray
    pidx: np.ndarray
    keys: np.ndarray
    counts: np.ndarray
    dfs: np.ndarray
    enc: np.ndarray
    raw: np.ndarray
    lows: np.ndarray
    unary: np.ndarray
    tables: np.ndarray
    char_count: np.ndarray
    char_df: np.ndarray
    pre_uni: np.ndarray
    pre_bi: np.ndarray
    uni_total: np.ndarray
    uni_ids: np.ndarray
    uni_tf: np.ndarray
    uni_facets: np.ndarray
    bi_total: np.ndarray
    bi_ids: np.ndarray
    bi_tf: np.ndarray
    bi_facets: np.ndarray
    pre_ng: np.ndarray
    ng_total: np.ndarray
    ng_ids: np.ndarray
    ng_tf: np.ndarray
    ng_facets: np.ndarray

    @staticmethod
    def read(directory: Path, populate: bool = True) -> dict[str, np.ndarray]:
        """Every array of the directory: the big ones memory-mapped, the small ones in memory."""
        def load(name: str) -> np.ndarray:
            path = directory / f"{name}.npy"
            if name in NG_FILES and not (directory / "pre_ng.npy").exists():
                return np.zeros((0, TOP_N) if name in ("ng_ids", "ng_tf") else 0, dtype=np.uint64)
            return _map_npy(path, populate) if name in _MAPPED else np.load(path)

        return {f.name: load(f.name) for f in fields(SegmentArrays)}


def _map_npy(path: Path, populate: bool = True) -> np.ndarray:
    """A read-only array over a memory map of an .npy file, its pages mapped now (MAP_POPULATE) if asked.

    Mapping everything at open costs a few milliseconds per 100 MB of cached file; otherwise the
    first queries of a process would pay one page fault per 4 KiB of text or postings they touch.
    Above POPULATE_MAX that trade turns (a 4.5 GB index took 26 s to open cold), so the caller asks
    for lazy maps there.
    """
    with open(path, "rb") as fh:
        version = np.lib.format.read_magic(fh)
        read = np.lib.format.read_array_header_1_0 if version == (1, 0) else np.lib.format.read_array_header_2_0
        shape, fortran, dtype = read(fh)
        offset = fh.tell()
        count = int(np.prod(shape))
        if fortran or count == 0:
            return np.load(path)
        flags = mmap.MAP_SHARED | (getattr(mmap, "MAP_POPULATE", 0) if populate else 0)
        mapped = mmap.mmap(fh.fileno(), 0, flags=flags, prot=mmap.PROT_READ)
    return np.frombuffer(mapped, dtype=dtype, count=count, offset=offset).reshape(shape)


def _touch(array: np.ndarray) -> None:
    """Read one byte of every page of a (mapped) array, so its pages are mapped into this process."""
    if array.size and array.flags.c_contiguous:
        int(array.reshape(-1).view(np.uint8)[::mmap.PAGESIZE].sum())


def _remembered(cache: dict[Any, Any], key: Any, compute: Callable[[Any], Any]) -> Any:
    """cache[key], computed on first use; the cache is emptied when it holds TERM_CACHE entries."""
    if key in cache:
        return cache[key]
    if len(cache) >= TERM_CACHE:
        cache.clear()
    found = cache[key] = compute(key)
    return found


class Segment(SegmentArrays):
    """A loaded segment: big arrays memory-mapped, small ones in memory."""

    def __init__(self, directory: Path, populate: bool = True) -> None:
        super().__init__(**SegmentArrays.read(directory, populate))
        self.directory = directory
        meta = json.loads((directory / "meta.json").read_text(encoding="utf-8"))
        self.n: int = meta["paragraphs"]
        self.chars: int = meta["chars"]
        self.max_seq: int = meta["max_seq"]
        self.seq_base: int = meta["seq_base"]
        self.docs: list[DocRow] = [DocRow(*d) for d in meta["docs"]]
        self.paths: list[list[str]] = meta["paths"]
        self.facet_tables: dict[str, list[Any]] = meta["facets"]
        self.extra_ids = {int(i): p for i, p in meta["ids"]}
        self.universe = len(self.codes)
        self.width = len(self.vocab)
        self.starts = self.starts.astype(np.int64)
        self.lens = np.diff(self.starts) - 1
        self.kind = self.flags & 3
        self.paid = (self.flags >> 2) & 1
        self.doc_index = {d.doc_id: i for i, d in enumerate(self.docs)}
        self.over_index = {int(p): k for k, p in enumerate(self.over_ids.tolist())}
        self.no_pidx = int(np.iinfo(self.pidx.dtype).max)  # marks ids listed in meta.json
        self._dense_cache: dict[str, np.ndarray | None] = {}
        self._index_cache: dict[bytes, np.ndarray | None] = {}
        # (role, words) → heading ids of sections with that role and their prior (see _assist.role_headings)
        self.role_cache: dict[tuple[int, tuple[str, ...]], tuple[np.ndarray, np.ndarray]] = {}

    WARM = ("boost", "law_boost", "info", "positions", "doc_date", "onehot", "facet_slots", "block")

    def warm(self, read_ahead: bool = False) -> None:
        """Compute the derived tables now (a server, before it answers): otherwise the first query that
        needs each pays for it, about 25 ms a segment of 2^20 paragraphs.  With read_ahead the kernel is
        asked to bring the segment's files into the page cache (a lazily mapped index, after a restart or
        after other work pushed it out: the first queries would otherwise wait on the disk)."""
        if read_ahead and hasattr(os, "posix_fadvise"):
            for path in self.directory.iterdir():
                with open(path, "rb") as fh:
                    os.posix_fadvise(fh.fileno(), 0, 0, os.POSIX_FADV_WILLNEED)
        for name in self.WARM:
            getattr(self, name)
        if read_ahead:  # map every page now: a phrase check reads the text at scattered positions, and
            for name in sorted(_MAPPED):  # its first run paid a page fault per 4 KiB touched (0.1–1 s at 900 M)
                _touch(getattr(self, name))

    @staticmethod
    def populated(directories: list[Path]) -> bool:
        """Whether segments in these directories are read in at open: their files hold ≤ POPULATE_MAX bytes."""
        return sum(f.stat().st_size for d in directories if d.is_dir() for f in d.iterdir()) <= POPULATE_MAX

    # Derived tables, computed on first use: opening a large index reads only the term dictionaries.
    @cached_property
    def over_text(self) -> str:
        return (self.directory / "over.u16").read_bytes().decode("utf-16-le")

    @cached_property
    def boost(self) -> np.ndarray:
        return ranking_boost(self.kind, self.substance, self.doc, self.docs)

    @cached_property
    def law_boost(self) -> np.ndarray:
        return ranking_boost(self.kind, self.substance, self.doc, self.docs, law=True)

    @cached_property
    def info(self) -> np.ndarray:
        """What scoring, filters and facets need of a hit, in one gather: length | kind << 32 | profile << 34."""
        return self.lens.astype(np.uint64) | (self.kind.astype(np.uint64) << np.uint64(32)) \
            | (self.profile.astype(np.uint64) << np.uint64(34))

    @cached_property
    def positions(self) -> _positions.Positions:
        return _positions.Positions(self.counts, self.enc, self.raw, self.lows, self.unary, self.tables, self.universe)

    @cached_property
    def doc_date(self) -> np.ndarray:
        return np.array([date_days(d.date, d.year) for d in self.docs], dtype=np.int64)

    @cached_property
    def onehot(self) -> np.ndarray:
        return onehot(self.profiles.astype(np.int64), self.facet_tables)

    @cached_property
    def facet_slots(self) -> np.ndarray:
        """Per profile, its value's column in onehot for each facet (FACETS order)."""
        sizes = [len(self.facet_tables[f]) for f in FACETS]
        return np.asarray(self.profiles, dtype=np.int64) + np.concatenate(([0], np.cumsum(sizes)[:-1]))

    @cached_property
    def block(self) -> np.ndarray:
        """Paragraph holding position x is at least block[x >> 5]: paragraphs starting before that block."""
        nblocks = (self.universe >> _BLOCK_SHIFT) + 1
        before = np.bincount(self.starts[1:-1] >> _BLOCK_SHIFT, minlength=nblocks)
        return np.concatenate(([0], np.cumsum(before)[:-1])).astype(np.int32)

    # --- text -------------------------------------------------------------------------------
    def paragraph_id(self, local: int) -> str:
        number = int(self.pidx[local])
        if number == self.no_pidx:
            return self.extra_ids[local]
        return f"{self.docs[int(self.doc[local])].doc_id}-{number}"

    def _chars(self, codes: np.ndarray) -> str:
        return codes.astype(np.uint32).tobytes().decode("utf-32-le")

    def norm_text(self, local: int) -> str:
        return self._chars(self.vocab[self.codes[self.starts[local]:self.starts[local + 1] - 1]])

    def texts_of(self, ids: np.ndarray) -> dict[int, str]:
        """Normalised texts of a few paragraphs, decoded in one go (each slice keeps its separator)."""
        slices = [self.codes[a:b] for a, b in zip(self.starts[ids].tolist(), self.starts[ids + 1].tolist(), strict=True)]
        joined = self._chars(self.vocab[np.concatenate(slices)]) if slices else ""
        return dict(zip(ids.tolist(), joined.split(SEP)[:-1], strict=True))

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

    @cached_property
    def _id_keys(self) -> tuple[np.ndarray | None, np.ndarray]:
        """(order or None when already sorted, sorted doc << 32 | pidx keys): paragraphs by id."""
        keys = (np.asarray(self.doc, dtype=np.int64) << 32) | np.asarray(self.pidx, dtype=np.int64)
        if bool(np.all(keys[1:] >= keys[:-1])):
            return None, keys
        order = np.argsort(keys, kind="stable")
        return order, keys[order]

    def locals_of(self, paragraph_ids: list[str]) -> np.ndarray:
        """Local numbers of paragraphs by id (-1: not in this segment)."""
        wanted = np.full(len(paragraph_ids), -1, dtype=np.int64)
        for i, pid in enumerate(paragraph_ids):
            head, _, tail = pid.rpartition("-")
            d = self.doc_index.get(head)
            if d is not None and tail.isdigit() and str(int(tail)) == tail and int(tail) < self.no_pidx:
                wanted[i] = (d << 32) | int(tail)
        order, keys = self._id_keys
        at = np.minimum(np.searchsorted(keys, wanted), max(len(keys) - 1, 0))
        found = (wanted >= 0) & (keys[at] == wanted) if len(keys) else np.zeros(len(wanted), dtype=bool)
        out = np.where(found, at if order is None else order[at], -1)
        extra = {p: i for i, p in self.extra_ids.items()} if self.extra_ids else {}
        for i, pid in enumerate(paragraph_ids):
            if out[i] < 0 and pid in extra:
                out[i] = extra[pid]
        return out

    # --- terms ------------------------------------------------------------------------------
    def dense(self, term: str) -> np.ndarray | None:
        """The term's character ids, or None when a character never occurs in this segment (cached:
        a query asks several times, and related results look up each word's variants)."""
        return _remembered(self._dense_cache, term, self._dense)

    def _dense(self, term: str) -> np.ndarray | None:
        codes = _u32(term)
        idx = np.searchsorted(self.vocab, codes)
        if (idx >= self.width).any():
            return None
        if not np.array_equal(self.vocab[idx], codes) or (idx == 0).any():
            return None
        return idx.astype(np.int64)

    def term_index(self, d: np.ndarray) -> np.ndarray | None:
        """Indexes into keys of the term's bigrams (in term order), or None if one is absent (cached)."""
        return _remembered(self._index_cache, d.tobytes(), lambda _: self._term_index(d))

    def _term_index(self, d: np.ndarray) -> np.ndarray | None:
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
        """("uni"|"bi"|"ng", row) when the term's results are precomputed in this segment."""
        d = self.dense(term)
        if d is None or len(d) > 4:
            return None
        if len(d) == 1:
            table, key = self.pre_uni, int(d[0])
            prefix = "uni"
        elif len(d) == 2:
            table, key = self.pre_bi, int(d[0]) * self.width + int(d[1])
            prefix = "bi"
        else:
            table, key = self.pre_ng, ngram_key(d, self.width)
            prefix = "ng"
        if not len(table):
            return None
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

    def weights(self, ids: np.ndarray, tf: np.ndarray, law: bool = False) -> tuple[np.ndarray, np.ndarray]:
        """(partial scores, info) of hits: see partial_score, _rank.ranking_boost and self.info."""
        info = self.info[ids]
        lens = (info & np.uint64(0xFFFFFFFF)).astype(np.float64)
        boost = (self.law_boost if law else self.boost)[ids]
        return partial_score(tf, lens, boost), info

    @staticmethod
    def profiles_of(info: np.ndarray) -> np.ndarray:
        return (info >> np.uint64(34)).astype(np.int64)

    def facet_counts(self, info: np.ndarray) -> np.ndarray:
        """Counts per facet value (FACETS order, this segment's tables) over hits given by their info."""
        per = np.bincount(self.profiles_of(info), minlength=len(self.profiles))
        used = np.flatnonzero(per)  # a few profiles of the many: no (profiles × values) product
        slots = self.facet_slots[used]
        counts = np.bincount(slots.ravel(), weights=np.repeat(per[used], slots.shape[1]),
                             minlength=self.onehot.shape[1])
        return counts.astype(np.int64)

    def tiebreak(self, ids: np.ndarray) -> Callable[[np.ndarray], tuple[np.ndarray, np.ndarray]]:
        return lambda i: (self.date_of(ids[i]), self.seq_of(ids[i]))

    def seq_of(self, ids: np.ndarray) -> np.ndarray:
        return np.asarray(self.seq[ids], dtype=np.int64) + self.seq_base

    def date_of(self, ids: np.ndarray) -> np.ndarray:
        return self.doc_date[np.asarray(self.doc[ids], dtype=np.int64)]
