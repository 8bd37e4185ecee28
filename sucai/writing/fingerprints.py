"""The originality fingerprint index: winnowed k-gram hashes of every paragraph, derived from the store.

Layout under ``<home>/fingerprints/``:

- ``manifest.json``: format version, normaliser fingerprint, k and w, the live segments, last seq.
  Replaced atomically (write, fsync, rename), so a crash leaves the previous manifest in force.
- ``seg-<n>/``: one immutable segment per catch-up, written under a temporary name and renamed
  when complete.  Arrays (.npy, memory-mapped when read):
  ``starts`` (n + 1, cumulative squeezed lengths; the text itself is read through ``sources``),
  ``seq`` (int64), ``doc`` (uint32, index into ids.json docs), ``idx`` (uint32: the paragraph id is
  ``<doc id>-<idx>`` as the store numbers paragraphs), ``nfp`` (fingerprints per paragraph),
  ``hashes`` (uint32, sorted) with ``posts`` (uint32, the paragraph holding each hash);
  ``ids.json`` holds document ids, titles and the ids of paragraphs not numbered that way ("odd").
  Format 1 listed every paragraph id in ids.json instead of ``idx``; formats 1 and 2 also kept a
  ``text.npy`` copy of the squeezed text, now ignored.  Both are still read.

Segments are written by ``fpbuild.Builder`` with bounded memory (spilled columns and sorted runs)
and merged into one when there are more than ``MAX_SEGMENTS``.  A changed normaliser or
format makes the index stale: it then reports ``last_seq() == 0`` and answers nothing, and the next
catch-up (which gets every row) replaces it whole.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ..derived import IndexFiles, all_to_merge, index_lock
from ..normalize import fingerprint as normalizer_fingerprint
from ..store import IndexRow
from .fpbuild import Builder, squeeze_texts
from .sources import TextSource, store_texts
from .text import K, W

FORMAT = 3  # 3: no text.npy; 2: paragraph ids as idx.npy (ids.json keeps only the odd ones)
READABLE = (1, 2)  # older formats read as they are (their text.npy is ignored; rewritten when merged)
TEXT_CACHE = 20_000  # squeezed paragraph texts kept between calls (a check reads ~900–4,000)
MAX_SEGMENTS = 8
POSTINGS_CAP = 4000  # a k-gram held by more paragraphs than this only contributes its first ones



def _save(directory: Path, name: str, array: np.ndarray) -> None:
    with open(directory / f"{name}.npy", "wb") as fh:
        np.save(fh, array)
        fh.flush()
        os.fsync(fh.fileno())


@dataclass
class _Segment:
    name: str
    starts: np.ndarray
    seq: np.ndarray
    doc: np.ndarray
    nfp: np.ndarray
    hashes: np.ndarray
    posts: np.ndarray
    idx: np.ndarray  # paragraph id = "<doc id>-<idx>", as the store numbers them ...
    odd: dict[int, str]  # ... but for these (local number → id)
    doc_ids: list[str]
    titles: list[str]
    directory: Path
    listed: bool = False  # format 1: ids listed in ids.json (no idx.npy)

    @classmethod
    def load(cls, directory: Path) -> _Segment:
        arrays = {n: np.load(directory / f"{n}.npy", mmap_mode="r")
                  for n in ("starts", "seq", "doc", "nfp", "hashes", "posts")}
        ids = json.loads((directory / "ids.json").read_text(encoding="utf-8"))
        listed = "paragraphs" in ids  # format 1: every id listed
        if listed:
            idx, odd = _compact_ids(ids["paragraphs"], ids["docs"], np.asarray(arrays["doc"]))
        else:
            idx, odd = np.load(directory / "idx.npy", mmap_mode="r"), {int(k): v for k, v in ids["odd"].items()}
        return cls(directory.name, idx=idx, odd=odd, doc_ids=ids["docs"], titles=ids["titles"], directory=directory,
                   listed=listed, **arrays)

    def paragraph_id(self, i: int) -> str:
        found = self.odd.get(i)
        return found if found is not None else f"{self.doc_ids[int(self.doc[i])]}-{int(self.idx[i])}"


def _write_ids(directory: Path, ids: dict[str, Any]) -> None:
    with open(directory / "ids.json", "w", encoding="utf-8") as fh:
        json.dump(ids, fh, ensure_ascii=False)
        fh.flush()
        os.fsync(fh.fileno())


def _compact_ids(ids: list[str], doc_ids: list[str], doc: np.ndarray) -> tuple[np.ndarray, dict[int, str]]:
    """A format-1 segment's listed paragraph ids as (idx array, odd ids)."""
    idx = np.zeros(len(ids), dtype=np.uint32)
    odd = {}
    for i, pid in enumerate(ids):
        head, _, tail = pid.rpartition("-")
        if tail.isdigit() and head == doc_ids[int(doc[i])] and str(int(tail)) == tail:
            idx[i] = int(tail)
        else:
            odd[i] = pid
    return idx, odd


class FingerprintIndex:
    """Read and extend the fingerprint index of one directory."""

    def __init__(self, directory: Path, source: TextSource | None = None) -> None:
        self.directory = directory
        self.source = source  # where paragraph texts are read (see sources); set_source if None
        self._texts: dict[int, str] = {}
        self.files = IndexFiles(directory, self._expected())
        self._load()

    @classmethod
    def open(cls, directory: Path, source: TextSource | None = None) -> FingerprintIndex:
        directory.mkdir(parents=True, exist_ok=True)
        return cls(directory, source)

    def set_source(self, library: Any) -> None:
        """Read paragraph texts from this store unless a source is already set."""
        if self.source is None:
            self.source = store_texts(library)

    # ------------------------------------------------------------ state
    def _expected(self) -> dict[str, Any]:
        return {"format": FORMAT, "normalizer": normalizer_fingerprint(), "k": K, "w": W}

    def _load(self) -> None:
        manifest, self.stale = self.files.read()
        older = self.files.read_any() if self.stale else None
        if older is not None and older.get("format") in READABLE and {**older, "format": FORMAT}.items() >= \
                self._expected().items():
            manifest, self.stale = older, False  # an older layout still read; new segments are written new
        self._last_seq = int(manifest["last_seq"]) if manifest else 0
        # a stale manifest's counter still counts: its segment names stay taken until swept
        self._counter = int((manifest or self.files.read_any() or {}).get("counter", 0))
        names = manifest["segments"] if manifest else []
        self.segments = [_Segment.load(self.directory / n) for n in names]
        self._build_tables()

    def _build_tables(self) -> None:
        """Global paragraph numbering across segments and the document table."""
        self.bases = np.cumsum([0] + [len(s.seq) for s in self.segments]).astype(np.int64)
        self.doc_ids: list[str] = []
        self.titles: list[str] = []
        self._doc_num: dict[str, int] = {}
        para_doc = []
        for seg in self.segments:
            local = np.empty(len(seg.doc_ids), dtype=np.int64)
            for i, (d, t) in enumerate(zip(seg.doc_ids, seg.titles, strict=True)):
                if d not in self._doc_num:
                    self._doc_num[d] = len(self.doc_ids)
                    self.doc_ids.append(d)
                    self.titles.append(t)
                local[i] = self._doc_num[d]
            para_doc.append(local[np.asarray(seg.doc, dtype=np.int64)])
        self.para_doc = np.concatenate(para_doc) if para_doc else np.empty(0, dtype=np.int64)
        self.para_seq = (np.concatenate([np.asarray(s.seq) for s in self.segments])
                         if self.segments else np.empty(0, dtype=np.int64))
        nfp = (np.concatenate([np.asarray(s.nfp, dtype=np.int64) for s in self.segments])
               if self.segments else np.empty(0, dtype=np.int64))
        self.para_nfp = nfp
        self.doc_nfp = np.bincount(self.para_doc, weights=nfp, minlength=len(self.doc_ids)).astype(np.int64)
        self._doc_paras: dict[int, np.ndarray] | None = None
        self._texts = {}  # keyed by global number, which a new segment list changes

    def last_seq(self) -> int:
        return self._last_seq

    def __len__(self) -> int:
        return int(self.bases[-1])

    # ------------------------------------------------------------ writing
    def _new_name(self) -> str:
        self._counter += 1
        return f"seg-{self._counter:06d}"

    def _commit(self, keep: list[str], last_seq: int, builder: Builder | None) -> None:
        """Replace the live segments by `keep` plus the builder's new segment, in one manifest swap
        (caller holds the lock)."""
        with self.files.batch(keep, last_seq, always=True) as batch:
            if builder is not None:
                batch.write_segment(self._new_name(), lambda d: _write_ids(d, builder.write(d)))
            batch.extra["counter"] = self._counter
        self.files.sweep(batch.segments, temporaries=True)
        self._load()

    def catch_up(self, rows: Iterable[IndexRow]) -> int:
        """Add rows (those after last_seq(); older ones are skipped) as one new segment."""
        with index_lock(self.directory):
            self._load()  # another process may have caught up meanwhile
            keep = [] if self.stale else [s.name for s in self.segments]
            floor = last = self._last_seq
            builder = Builder(self.directory)
            try:
                for row in rows:
                    if row.seq <= floor:
                        continue
                    builder.add(row)
                    last = max(last, row.seq)
                added = len(builder)
                if not added and not self.stale:
                    return 0
                self._commit(keep, last, builder if added else None)
            finally:
                builder.close()
            if all_to_merge({s.name: len(s.seq) for s in self.segments}, MAX_SEGMENTS):
                self._merge()
            return added

    def rebuild(self, rows: Iterable[IndexRow]) -> int:
        """Replace the whole index with rows (all of the store)."""
        with index_lock(self.directory):
            self._load()
            builder = Builder(self.directory)
            last = 0
            try:
                for row in rows:
                    builder.add(row)
                    last = max(last, row.seq)
                self._commit([], last, builder)
            finally:
                builder.close()
            return len(self)

    def _merge(self) -> None:
        """Fold all segments into one (caller holds the lock), a block at a time."""
        builder = Builder(self.directory)
        try:
            for seg in self.segments:
                builder.add_segment(seg.directory, np.asarray(seg.idx) if seg.listed else None, seg.odd,
                                    seg.doc_ids, seg.titles)
            self._commit([], self._last_seq, builder)
        finally:
            builder.close()

    # ------------------------------------------------------------ reading
    def paragraph_text(self, para: int) -> str:
        """Squeezed normalised text of a paragraph by global number."""
        return self.paragraph_texts([para])[0]

    def paragraph_texts(self, paras: Iterable[int]) -> list[str]:
        """Squeezed texts of paragraphs by global number, those not read before in one call of the
        source ("" for a paragraph the store no longer has)."""
        paras = [int(p) for p in paras]
        known = self._texts
        missing = [p for p in dict.fromkeys(paras) if p not in known]
        fetched: dict[int, str] = {}
        if missing:
            if self.source is None:
                raise RuntimeError("FingerprintIndex has no text source (set_source)")
            wanted = {self.paragraph_id(p): int(self.para_seq[p]) for p in missing}
            got = self.source(wanted)
            texts = squeeze_texts([got.get(pid, "") for pid in wanted])
            fetched = dict(zip(missing, texts, strict=True))
        out = [known[p] if p in known else fetched[p] for p in paras]
        if len(known) + len(fetched) > TEXT_CACHE:
            self._texts = fetched
        else:
            known.update(fetched)
        return out

    def paragraph_id(self, para: int) -> str:
        s = int(np.searchsorted(self.bases, para, side="right")) - 1
        return self.segments[s].paragraph_id(para - int(self.bases[s]))

    def paragraph_numbers(self, paragraphs: list[tuple[str, str, int]]) -> np.ndarray:
        """Global numbers of the held paragraphs among (paragraph id, document id, idx) triples."""
        odd = {pid: int(base) + i for seg, base in zip(self.segments, self.bases, strict=False)
               for i, pid in seg.odd.items()}
        found = [odd[p] for p, _, _ in paragraphs if p in odd]
        docs = np.array([self._doc_num.get(d, -1) for _, d, _ in paragraphs], dtype=np.int64)
        keys = (docs << 32) + np.array([i for _, _, i in paragraphs], dtype=np.int64)
        idx = (np.concatenate([np.asarray(s.idx, dtype=np.int64) for s in self.segments])
               if self.segments else np.empty(0, dtype=np.int64))
        held = (self.para_doc << 32) + idx
        order = np.argsort(held, kind="stable")
        at = np.minimum(np.searchsorted(held[order], keys), max(len(order) - 1, 0))
        hit = (docs >= 0) & (held[order][at] == keys) if len(order) else np.zeros(len(keys), dtype=bool)
        return np.union1d(order[at[hit]], np.array(found, dtype=np.int64)).astype(np.int64)

    def doc_num(self, doc_id: str) -> int | None:
        return self._doc_num.get(doc_id)

    def doc_paragraphs(self, doc: int) -> np.ndarray:
        if self._doc_paras is None:
            order = np.argsort(self.para_doc, kind="stable")
            bounds = np.searchsorted(self.para_doc[order], np.arange(len(self.doc_ids) + 1))
            self._doc_paras = {d: order[bounds[d]:bounds[d + 1]] for d in range(len(self.doc_ids))}
        return self._doc_paras.get(doc, np.empty(0, dtype=np.int64))

    def doc_text(self, doc: int) -> str:
        return "".join(self.paragraph_texts(self.doc_paragraphs(doc).tolist()))

    def ranges(self, hashes: np.ndarray) -> list[tuple[np.ndarray, np.ndarray]]:
        """Per segment, where each hash's postings lie: (lo, hi) into its sorted arrays (sorted
        query hashes make the binary searches walk the arrays in one direction)."""
        hashes = np.asarray(hashes, dtype=np.uint32)
        return [(np.searchsorted(seg.hashes, hashes, side="left"), np.searchsorted(seg.hashes, hashes, side="right"))
                for seg in self.segments]

    def lookup(self, hashes: np.ndarray, cap: int = POSTINGS_CAP,
               ranges: list[tuple[np.ndarray, np.ndarray]] | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Postings of each query hash: (query position, global paragraph number) pairs.

        A hash held by more than ``cap`` paragraphs of a segment contributes only its first cap
        paragraphs there: boilerplate still finds a source, without scanning it everywhere.
        ``ranges`` (from ``ranges(hashes)``) saves the searches when they are already made.
        """
        qs, ps = [], []
        hashes = np.asarray(hashes, dtype=np.uint32)
        found = ranges if ranges is not None else self.ranges(hashes)
        for seg, base, (lo, hi) in zip(self.segments, self.bases, found, strict=False):
            counts = np.minimum(hi, lo + cap) - lo
            total = int(counts.sum())
            if not total:
                continue
            q = np.repeat(np.arange(len(hashes)), counts)
            offsets = np.arange(total) - np.repeat(np.cumsum(counts) - counts, counts)
            qs.append(q)
            ps.append(np.asarray(seg.posts)[np.repeat(lo, counts) + offsets].astype(np.int64) + int(base))
        if not qs:
            return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
        return np.concatenate(qs), np.concatenate(ps)

    def document_frequency(self, hashes: np.ndarray,
                           ranges: list[tuple[np.ndarray, np.ndarray]] | None = None) -> np.ndarray:
        """How many paragraphs hold each hash (all segments)."""
        df = np.zeros(len(hashes), dtype=np.int64)
        for lo, hi in ranges if ranges is not None else self.ranges(hashes):
            df += hi - lo
        return df
