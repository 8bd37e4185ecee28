"""Building a fingerprint segment with bounded memory: columns and sorted runs spilled to disk.

A build (a catch-up, a rebuild of the whole store or a merge of segments) hashes its rows a chunk
at a time (``CHUNK_CHARS``).  Each chunk's per-paragraph values (squeezed length, seq, ids) are appended to
raw files, and its fingerprints are sorted by hash and written as a *run*.  Writing the segment
copies the columns into ``.npy`` files and merges the runs bucket by bucket of the hash space
(``BUCKET_POSTINGS`` postings a bucket), so memory holds one chunk or one bucket, never the segment:
a 900 M-character rebuild takes what a 4 M one does, plus the document table.

Runs hold paragraphs in increasing order (chunks come in row order, segments in their order), so
a stable sort of a bucket by hash gives (hash, paragraph) order: the layout of a one-pass build.
"""

from __future__ import annotations

import os
import re
import shutil
import uuid
from pathlib import Path
from typing import BinaryIO

import numpy as np

from ..normalize import normalize
from ..store import IndexRow
from .text import K, W, distinct, kgram_hashes, winnow

CHUNK_CHARS = 4_000_000  # paragraph characters hashed per numpy pass
BUCKET_POSTINGS = 4_000_000  # postings sorted at once when the runs are merged
COPY_BYTES = 1 << 22

_DROP = re.compile(r"[\W_]+")


def npy_writer(path: Path, dtype: type | np.dtype, size: int) -> BinaryIO:
    """Open `path` for writing a one-dimensional .npy of `size` values, header written."""
    fh = open(path, "wb")  # noqa: SIM115 (returned to the caller, who closes it)
    header = {"descr": np.lib.format.dtype_to_descr(np.dtype(dtype)), "fortran_order": False, "shape": (size,)}
    np.lib.format.write_array_header_1_0(fh, header)
    return fh


def _close_synced(fh: BinaryIO) -> None:
    fh.flush()
    os.fsync(fh.fileno())
    fh.close()


def npy_body(path: Path) -> BinaryIO:
    """Open a one-dimensional .npy positioned at its data."""
    fh = open(path, "rb")  # noqa: SIM115 (returned to the caller, who closes it)
    np.lib.format.read_magic(fh)
    np.lib.format.read_array_header_1_0(fh)
    return fh


class _Column:
    """A one-dimensional array appended in pieces to a raw file, then saved as one .npy."""

    def __init__(self, path: Path, dtype: type) -> None:
        self.path, self.dtype, self.size = path, np.dtype(dtype), 0
        self._fh = open(path, "wb")  # noqa: SIM115 (closed by save or discard)

    def append(self, values: np.ndarray | list[int]) -> None:
        data = np.ascontiguousarray(values, dtype=self.dtype)
        self._fh.write(data.tobytes())
        self.size += len(data)

    def append_file(self, source: Path, count: int) -> None:
        """Append the body of the .npy `source` (of this dtype, `count` values) without loading it."""
        with npy_body(source) as src:
            shutil.copyfileobj(src, self._fh, COPY_BYTES)
        self.size += count

    def discard(self) -> None:
        self._fh.close()
        self.path.unlink(missing_ok=True)

    def save(self, target: Path) -> None:
        self._fh.close()
        out = npy_writer(target, self.dtype, self.size)
        with open(self.path, "rb") as src:
            shutil.copyfileobj(src, out, COPY_BYTES)
        _close_synced(out)
        self.path.unlink()


def chunk_fingerprints(squeezed: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Winnowed fingerprints of many paragraphs in one numpy pass: (hashes, paragraph numbers)."""
    lengths = np.array([len(s) for s in squeezed], dtype=np.int64)
    codes = np.frombuffer("".join(squeezed).encode("utf-32-le"), dtype=np.uint32)
    h = kgram_hashes(codes)
    if len(h) == 0:
        return np.empty(0, dtype=np.uint32), np.empty(0, dtype=np.int64)
    ends = np.cumsum(lengths)
    para = np.searchsorted(ends, np.arange(len(h)), side="right")  # paragraph of each k-gram start
    inside = np.arange(len(h)) + K <= ends[para]  # k-grams that straddle two paragraphs are dropped
    h, para = h[inside], para[inside]
    picked = winnow(h, para, W)
    # The same hash twice in one paragraph counts once.
    key = distinct((para[picked].astype(np.uint64) << np.uint64(32)) | h[picked].astype(np.uint64))
    return (key & np.uint64(0xFFFFFFFF)).astype(np.uint32), (key >> np.uint64(32)).astype(np.int64)


def squeeze_rows(rows: list[IndexRow]) -> list[str]:
    """Normalised paragraph text without punctuation or spaces, one string a row."""
    return squeeze_texts([r.text for r in rows])


def squeeze_texts(texts: list[str]) -> list[str]:
    """squeeze_rows of paragraph texts (what the index compares a paragraph by)."""
    joined = "\n".join(t.replace("\n", " ") for t in texts)
    normed = normalize(joined).split("\n")
    if len(normed) != len(texts):  # a mask or fold produced a line break: fall back row by row
        normed = [normalize(t.replace("\n", " ")) for t in texts]
    return [_DROP.sub("", t) for t in normed]


class Builder:
    """Accumulates rows (or whole segments) into one new segment, spilling to `spill_root`."""

    COLUMNS = {"starts": np.int64, "seq": np.int64, "doc": np.uint32, "idx": np.uint32,
               "nfp": np.uint32}

    def __init__(self, spill_root: Path) -> None:
        self.spill = spill_root / f"tmp-build-{uuid.uuid4().hex[:8]}"  # swept as a temporary after a crash
        self.spill.mkdir(parents=True)
        self.cols = {name: _Column(self.spill / f"{name}.raw", dtype) for name, dtype in self.COLUMNS.items()}
        self.cols["starts"].append([0])
        self.count = 0  # paragraphs added
        self.units = 0  # UTF-16 units of text added
        self.odd: dict[int, str] = {}
        self.doc_index: dict[str, int] = {}
        self.titles: list[str] = []
        self.runs: list[tuple[Path, Path, int]] = []  # (hashes.npy, posts.npy, paragraph offset), sorted runs
        self._pending: list[IndexRow] = []
        self._pending_chars = 0

    def __len__(self) -> int:
        return self.count + len(self._pending)

    def add(self, row: IndexRow) -> None:
        self._pending.append(row)
        self._pending_chars += len(row.text)
        if self._pending_chars >= CHUNK_CHARS:
            self.flush()

    def _doc(self, doc_id: str, title: str) -> int:
        if doc_id not in self.doc_index:
            self.doc_index[doc_id] = len(self.titles)
            self.titles.append(title)
        return self.doc_index[doc_id]

    def flush(self) -> None:
        rows, self._pending, self._pending_chars = self._pending, [], 0
        if not rows:
            return
        squeezed = squeeze_rows(rows)
        base = self.count
        for i, row in enumerate(rows):
            if row.paragraph_id != f"{row.doc_id}-{row.idx}":
                self.odd[base + i] = row.paragraph_id
        lengths = np.array([len(s) for s in squeezed], dtype=np.int64)
        self.cols["starts"].append(np.cumsum(lengths) + self.units)
        self.units += int(lengths.sum())
        self.cols["seq"].append([r.seq for r in rows])
        self.cols["idx"].append([r.idx for r in rows])
        self.cols["doc"].append([self._doc(r.doc_id, r.title) for r in rows])
        h, para = chunk_fingerprints(squeezed)
        self.cols["nfp"].append(np.bincount(para, minlength=len(rows)))
        order = np.argsort(h, kind="stable")  # para ascending within each hash: (hash, paragraph) order
        self._run(h[order], para[order].astype(np.uint32), base)
        self.count += len(rows)

    def _run(self, hashes: np.ndarray, posts: np.ndarray, base: int) -> None:
        n = len(self.runs)
        paths = (self.spill / f"run-{n:05d}.h.npy", self.spill / f"run-{n:05d}.p.npy")
        for path, arr in zip(paths, (hashes, posts), strict=True):
            np.save(path, arr)
        self.runs.append((*paths, base))

    def add_segment(self, directory: Path, idx: np.ndarray | None, odd: dict[int, str], doc_ids: list[str],
                    titles: list[str]) -> None:
        """Append a whole written segment (its files under `directory`), reading it a block at a time.
        `idx` is given for a format-1 segment (which has no idx.npy)."""
        starts = np.load(directory / "starts.npy", mmap_mode="r")
        n, units = len(starts) - 1, int(starts[-1])
        remap = np.array([self._doc(d, t) for d, t in zip(doc_ids, titles, strict=True)], dtype=np.uint32)
        doc = np.load(directory / "doc.npy", mmap_mode="r")
        for lo in range(0, n, BUCKET_POSTINGS):
            hi = min(n, lo + BUCKET_POSTINGS)
            self.cols["starts"].append(np.asarray(starts[lo + 1:hi + 1], dtype=np.int64) + self.units)
            self.cols["doc"].append(remap[np.asarray(doc[lo:hi], dtype=np.int64)])
        del starts, doc
        self.cols["seq"].append_file(directory / "seq.npy", n)
        self.cols["nfp"].append_file(directory / "nfp.npy", n)
        if idx is None:
            self.cols["idx"].append_file(directory / "idx.npy", n)
        else:
            self.cols["idx"].append(idx)
        self.odd.update({self.count + i: pid for i, pid in odd.items()})
        self.runs.append((directory / "hashes.npy", directory / "posts.npy", self.count))
        self.count += n
        self.units += units

    def write(self, directory: Path) -> dict[str, object]:
        """Write the segment's arrays into `directory` (a fresh temporary, renamed by the caller);
        returns what ids.json holds."""
        self.flush()
        directory.mkdir(parents=True)
        for name, column in self.cols.items():
            column.save(directory / f"{name}.npy")
        merge_runs(self.runs, directory)
        return {"odd": self.odd, "docs": list(self.doc_index), "titles": self.titles}

    def close(self) -> None:
        """Remove the spilled files (after writing, or when the build is abandoned)."""
        for column in self.cols.values():
            column.discard()
        shutil.rmtree(self.spill, ignore_errors=True)


def _cuts(runs: list[tuple[Path, Path, int]], total: int) -> list[np.uint32]:
    """Hash values splitting the runs' postings into buckets of about BUCKET_POSTINGS (from a sample)."""
    if total <= BUCKET_POSTINGS:
        return []
    stride = max(1, total // 1_000_000)
    sample = np.sort(np.concatenate([np.array(np.load(h, mmap_mode="r")[::stride]) for h, _, _ in runs]))
    step = max(1, BUCKET_POSTINGS // stride)
    return [np.uint32(c) for c in distinct(sample[step::step])]


def merge_runs(runs: list[tuple[Path, Path, int]], directory: Path) -> None:
    """hashes.npy and posts.npy of `directory`: the runs merged in (hash, paragraph) order, a bucket of
    the hash space at a time (runs are reopened per bucket so their pages do not stay mapped)."""
    total = sum(len(np.load(h, mmap_mode="r")) for h, _, _ in runs)
    cuts = _cuts(runs, total)
    out_h = npy_writer(directory / "hashes.npy", np.uint32, total)
    out_p = npy_writer(directory / "posts.npy", np.uint32, total)
    for lo, hi in zip([None, *cuts], [*cuts, None], strict=True):
        hs, ps = [], []
        for h_path, p_path, base in runs:
            h = np.load(h_path, mmap_mode="r")
            a = 0 if lo is None else int(np.searchsorted(h, lo))
            b = len(h) if hi is None else int(np.searchsorted(h, hi))
            if b > a:
                hs.append(np.array(h[a:b]))
                ps.append(np.asarray(np.load(p_path, mmap_mode="r")[a:b], dtype=np.uint32) + np.uint32(base))
            del h
        if hs:
            hashes, posts = np.concatenate(hs), np.concatenate(ps)
            order = np.argsort(hashes, kind="stable")  # runs are in paragraph order: ties stay so
            out_h.write(hashes[order].tobytes())
            out_p.write(posts[order].tobytes())
    _close_synced(out_h)
    _close_synced(out_p)
