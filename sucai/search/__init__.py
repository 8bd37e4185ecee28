"""Precise search (精准搜索): every paragraph whose normalised text holds the query, ranked and faceted.

Public face (everything else in this package is private):

- ``SearchIndex.open(directory)`` loads the index kept in ``<home>/index/`` or starts an empty one.
  ``needs_rebuild`` is true when the stored index was made by another schema or normaliser; it is
  then ignored (``last_seq() == 0``) and the next ``catch_up`` or ``rebuild`` replaces it.
- ``catch_up(rows)`` indexes ``IndexRow``s (from ``store.paragraph_rows(after_seq=index.last_seq())``)
  as new segments and returns how many it added; ``rebuild(rows)`` replaces everything.
- ``search(query, limit=, offset=, filters=, group=, explain=)`` → ``SearchResult``;
  ``SearchResult.to_dict(entitled=)`` is the CLI/API JSON.  With ``entitled=False`` paid hits are
  still listed and counted but come back locked: ``"locked": true``, empty snippet, highlights and path.
- ``find_titles(text, limit=)`` → documents whose normalised title contains the text.
- ``Filters`` (see ``_engine.Filters``) and ``parse_year`` for "YYYY" / "YYYY-YYYY".

Semantics: a hit is a paragraph (title, heading or body) whose normalised text (sucai.normalize)
contains every positive term (or one term of each ``A OR B`` group) and no excluded term; ``total``
is exact.  Crash safety: segments are written to fresh directories and become part of the index only
when ``manifest.json`` naming them is atomically replaced; anything else found on disk is removed.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from ..derived.files import fsync_dir
from ..errors import QueryError
from ..normalize import fingerprint, normalize, normalize_map
from ..store import IndexRow
from ._engine import Engine, Filters
from ._query import Query, parse
from ._segment import CAPACITY, CHAR_CAPACITY, K1, KINDS, REF_LEN, ROLES, B, Segment, build_segment
from ._snippet import make_snippet

__all__ = ["Filters", "Hit", "SearchIndex", "SearchResult", "parse_year"]

SCHEMA_VERSION = 2
MANIFEST = "manifest.json"
MERGE_AT = 12  # merge small segments once there are more than this many


def parse_year(text: str) -> tuple[int, int]:
    """'2023' → (2023, 2023); '2019-2023' → (2019, 2023)."""
    m = re.fullmatch(r"\s*(\d{4})\s*(?:[-–~至]\s*(\d{4}))?\s*", text)
    if not m:
        raise QueryError(f"年份格式应为 YYYY 或 YYYY-YYYY：{text}")
    lo, hi = int(m.group(1)), int(m.group(2) or m.group(1))
    return (lo, hi) if lo <= hi else (hi, lo)


@dataclass
class Hit:
    doc_id: str
    paragraph_id: str
    title: str
    path: list[str]
    snippet: str
    highlights: list[list[int]]
    score: float
    paid: bool
    kind: str
    doc_hits: int | None = None
    explain: dict[str, Any] | None = None

    def to_dict(self, entitled: bool = True) -> dict[str, Any]:
        out: dict[str, Any] = {
            "doc_id": self.doc_id, "paragraph_id": self.paragraph_id, "title": self.title,
            "path": list(self.path), "snippet": self.snippet, "highlights": [list(h) for h in self.highlights],
            "score": self.score, "paid": self.paid, "kind": self.kind,
        }
        if self.doc_hits is not None:
            out["doc_hits"] = self.doc_hits
        if self.explain is not None:
            out["explain"] = self.explain
        if self.paid and not entitled:
            out.update(locked=True, snippet="", highlights=[], path=[])
        return out


@dataclass
class SearchResult:
    query: str
    total: int
    took_ms: float
    hits: list[Hit]
    facets: dict[str, dict[str, int]]
    docs: int | None = None  # number of documents, when grouped
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self, entitled: bool = True) -> dict[str, Any]:
        out: dict[str, Any] = {
            "query": self.query, "total": self.total, "took_ms": round(self.took_ms, 3),
            "hits": [h.to_dict(entitled) for h in self.hits], "facets": self.facets,
        }
        if self.docs is not None:
            out["docs"] = self.docs
        return out



class SearchIndex:
    """The search index of one data home; see the module docstring."""

    def __init__(self, directory: Path, manifest: dict[str, Any], needs_rebuild: bool) -> None:
        self.directory = directory
        self.manifest = manifest
        self.needs_rebuild = needs_rebuild
        self._load()

    # --- lifecycle ----------------------------------------------------------------------------
    @classmethod
    def open(cls, directory: Path) -> SearchIndex:
        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        fresh = cls._empty_manifest()
        path = directory / MANIFEST
        manifest, stale = fresh, False
        if path.exists():
            try:
                stored = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                stored = {}
            if stored.get("schema") == SCHEMA_VERSION and stored.get("normalizer") == fresh["normalizer"]:
                manifest = stored
            else:
                stale = True
        index = cls(directory, manifest, stale)
        index._remove_unreferenced()
        _warm_up()
        return index

    @staticmethod
    def _empty_manifest() -> dict[str, Any]:
        return {"schema": SCHEMA_VERSION, "normalizer": fingerprint(), "last_seq": 0, "segments": []}

    def _load(self) -> None:
        # Segments never change once written: keep the ones already loaded.
        loaded = {seg.directory.name: seg for seg in getattr(self, "segments", [])}
        self.segments = [loaded.get(name) or Segment(self.directory / name) for name in self.manifest["segments"]]
        self.engine = Engine(self.segments)
        self._titles: tuple[str, list[int], list[list[Any]]] | None = None

    def _remove_unreferenced(self) -> None:
        keep = set(self.manifest["segments"])
        for child in self.directory.iterdir():
            if child.name.startswith("seg-") and child.name not in keep:
                shutil.rmtree(child, ignore_errors=True)

    def _commit(self, segments: list[str], last_seq: int) -> None:
        manifest = {**self._empty_manifest(), "last_seq": last_seq, "segments": segments}
        tmp = self.directory / f"{MANIFEST}.{uuid.uuid4().hex}.tmp"
        with open(tmp, "w", encoding="utf-8") as fh:
            json.dump(manifest, fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, self.directory / MANIFEST)
        fsync_dir(self.directory)
        self.manifest, self.needs_rebuild = manifest, False
        self._remove_unreferenced()
        self._load()

    def _write_segment(self, rows: list[IndexRow]) -> str:
        name = f"seg-{time.strftime('%Y%m%d%H%M%S')}-{uuid.uuid4().hex[:8]}"
        tmp = self.directory / f"tmp-{name}"
        build_segment(rows, tmp)
        fsync_dir(tmp)
        os.replace(tmp, self.directory / name)
        return name

    def last_seq(self) -> int:
        return int(self.manifest["last_seq"])

    def catch_up(self, rows: Iterable[IndexRow]) -> int:
        """Index rows newer than last_seq() in new segments; returns how many were added."""
        return self._add(rows, list(self.manifest["segments"]), self.last_seq())

    def rebuild(self, rows: Iterable[IndexRow]) -> int:
        """Replace the whole index with rows; the old index stays in use until the new one is complete."""
        return self._add(rows, [], 0, commit_each=False)

    def _add(self, rows: Iterable[IndexRow], segments: list[str], last_seq: int, commit_each: bool = True) -> int:
        added, batch, chars = 0, [], 0
        for row in rows:
            if row.seq <= last_seq and commit_each:
                continue
            batch.append(row)
            chars += len(row.text) + 1
            if len(batch) == CAPACITY or chars >= CHAR_CAPACITY:
                segments.append(self._write_segment(batch))
                last_seq, added = max(last_seq, max(r.seq for r in batch)), added + len(batch)
                batch, chars = [], 0
                if commit_each:
                    self._commit(segments, last_seq)
        if batch:
            segments.append(self._write_segment(batch))
            last_seq, added = max(last_seq, max(r.seq for r in batch)), added + len(batch)
        if added or not commit_each or self.needs_rebuild:
            self._commit(segments, last_seq)
        if len(self.manifest["segments"]) > MERGE_AT:
            self._merge_small()
        return added

    def _merge_small(self) -> None:
        """Fold the smallest segments into one so query cost does not grow with the number of imports."""
        names = list(self.manifest["segments"])
        sizes = {s.directory.name: s.n for s in self.segments}
        small = sorted(names, key=lambda n: sizes[n])[: len(names) - MERGE_AT // 2]
        rows: list[IndexRow] = []
        for seg in self.segments:
            if seg.directory.name in small:
                rows.extend(_segment_rows(seg))
        merged, batch, chars = [], [], 0
        for row in rows:
            batch.append(row)
            chars += len(row.text) + 1
            if len(batch) == CAPACITY or chars >= CHAR_CAPACITY:
                merged.append(self._write_segment(batch))
                batch, chars = [], 0
        if batch:
            merged.append(self._write_segment(batch))
        kept = [n for n in names if n not in small]
        self._commit(kept + merged, self.last_seq())

    # --- queries ------------------------------------------------------------------------------
    def search(self, query: str, *, limit: int = 10, offset: int = 0, filters: Filters | None = None,
               group: bool = False, explain: bool = False) -> SearchResult:
        started = time.perf_counter()
        parsed = parse(query)
        k = limit + offset
        ranked = None if explain else self.engine.single(parsed, filters, k, group)
        idfs = {t: self.engine.idf(t) for t in parsed.terms}
        if ranked is None:
            results = self.engine.run(parsed, filters, idfs)
            ranked = self.engine.grouped(results, limit, offset) if group else self.engine.ranked(results, k)
        picked = ranked.picked if group else ranked.picked[offset:]
        hits = [self._hit(si, local, score, parsed, idfs, explain, doc_hits) for si, local, score, doc_hits in picked]
        took = (time.perf_counter() - started) * 1000
        return SearchResult(query, ranked.total, took, hits, ranked.facets, ranked.docs)

    def _hit(self, si: int, local: int, score: float, query: Query, idfs: dict[str, float], explain: bool,
             doc_hits: int | None) -> Hit:
        seg = self.segments[si]
        doc = seg.docs[int(seg.doc[local])]
        original = seg.original_text(local)
        snippet, highlights = make_snippet(original, query.terms)
        kind = KINDS[int(seg.kind[local])]
        details = self._explain(si, local, query, idfs) if explain else None
        return Hit(doc[0], seg.paragraph_id(local), doc[1], list(seg.paths[int(seg.path[local])]), snippet,
                   highlights, round(score, 4), bool(seg.paid[local]), kind, doc_hits, details)

    def _explain(self, si: int, local: int, query: Query, idfs: dict[str, float]) -> dict[str, Any]:
        seg = self.segments[si]
        text = seg.norm_text(local)
        length = int(seg.lens[local])
        norm = K1 * (1 - B + B * length / REF_LEN)
        terms = {}
        for term in query.terms:
            tf = len(re.findall(f"(?={re.escape(term)})", text))
            part = idfs[term] * tf * (K1 + 1) / (tf + norm) * float(seg.boost[local]) if tf else 0.0
            terms[term] = {"tf": tf, "df": self.engine.df(term), "idf": round(idfs[term], 4), "score": round(part, 4)}
        return {"terms": terms, "length": length, "ref_length": REF_LEN, "k1": K1, "b": B,
                "kind_boost": float(seg.boost[local]), "date_days": int(seg.date_of(local))}

    def find_titles(self, text: str, limit: int = 20) -> list[dict[str, Any]]:
        """Documents whose normalised title contains text, in library order."""
        needle = normalize(text)
        if not needle.strip():
            return []
        if self._titles is None:
            seen: dict[str, list[Any]] = {}
            for seg in self.segments:
                for d in seg.docs:
                    seen.setdefault(d[0], d)
            docs = list(seen.values())
            joined = "\n".join(normalize(d[1] or "").replace("\n", " ") for d in docs)
            starts = [0]
            for d in docs:
                starts.append(starts[-1] + len(normalize(d[1] or "")) + 1)
            self._titles = (joined, starts, docs)
        joined, starts, docs = self._titles
        out, pos = [], joined.find(needle)
        import bisect

        while pos >= 0 and len(out) < limit:
            i = bisect.bisect_right(starts, pos) - 1
            d = docs[i]
            out.append({"doc_id": d[0], "title": d[1], "doc_kind": d[2], "org": d[3], "year": d[5]})
            pos = joined.find(needle, starts[i + 1])
        return out

    def stats(self) -> dict[str, Any]:
        size = sum(f.stat().st_size for f in self.directory.rglob("*") if f.is_file())
        return {"paragraphs": self.engine.n, "segments": len(self.segments), "last_seq": self.last_seq(),
                "bytes": size, "needs_rebuild": self.needs_rebuild}


def _warm_up() -> None:
    """Do one-off work now, so that no query pays for it: the normaliser's tables (about 0.2 s) and
    numpy's lazy import of numpy.ma on the first np.unique (about 10 ms)."""
    normalize("Ｄ建")
    normalize_map("Ｄ建")
    np.unique(np.arange(2), return_inverse=True)


def _segment_rows(seg: Segment) -> list[IndexRow]:
    """Rebuild the IndexRows a segment was made from (used to merge segments)."""
    rows = []
    seqs = seg.seq_of(slice(None))
    roles = seg.profiles[seg.profile, 4]
    for local in range(seg.n):
        d = seg.docs[int(seg.doc[local])]
        rows.append(IndexRow(
            seq=int(seqs[local]), paragraph_id=seg.paragraph_id(local), doc_id=d[0], idx=_idx(seg, local),
            kind=KINDS[int(seg.kind[local])], text=seg.original_text(local), paid=bool(seg.paid[local]),
            path=tuple(seg.paths[int(seg.path[local])]), role=ROLES[int(roles[local])], title=d[1],
            doc_kind=d[2], org=d[3], org_type=d[4], year=d[5], half=d[6], date=d[7], collection_id=d[8]))
    return rows


def _idx(seg: Segment, local: int) -> int:
    number = int(seg.pidx[local])
    return local if number == seg.no_pidx else number
