"""Precise search (精准搜索): every paragraph whose normalised text holds the query, ranked and faceted.

Public face (everything else in this package is private):

- ``SearchIndex.open(directory)`` loads the index kept in ``<home>/index/`` or starts an empty one.
  ``needs_rebuild`` is true when the stored index was made by another schema or normaliser; it is
  then ignored (``last_seq() == 0``) and the next ``catch_up`` or ``rebuild`` replaces it.
- ``catch_up(rows)`` indexes ``IndexRow``s (from ``store.paragraph_rows(after_seq=index.last_seq())``)
  as new segments and returns how many it added; ``rebuild(rows)`` replaces everything.
- ``search(query, limit=, offset=, filters=, group=, explain=, related=, fold=)`` → ``SearchResult``;
  hits are ranked for writers (see _rank); ``result.related`` holds related results (相关结果, see
  _assist): never exact hits, never counted in ``total``, found under the same filters;
  ``SearchResult.to_dict()`` is the CLI/API JSON with every hit's text: routes that answer a reader
  lock each paid hit through sucai.access.lock_hit.  Readers not entitled to paid text search with
  ``Filters(paid_docs=...)`` (see sucai.access.search_filters): the paid paragraphs they may not
  read do not exist for that query (total, hits, facets, idf and scores).
- ``find_titles(text, limit=)`` → documents whose normalised title contains the text.
- ``Filters`` (see ``_engine.Filters``) and ``parse_year`` for "YYYY" / "YYYY-YYYY".

Semantics: a hit is a paragraph (title, heading or body) whose normalised text (sucai.normalize)
contains every positive term (or one term of each ``A OR B`` group) and no excluded term; ``total``
is exact.  Crash safety (sucai.derived): segments are written to fresh directories and become part of the
index only when ``manifest.json`` naming them is atomically replaced; anything else found on disk
is removed.
"""

from __future__ import annotations

import re
import time
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from ..derived import Batch, IndexFiles, smallest_to_merge
from ..errors import QueryError
from ..normalize import fingerprint, normalize, normalize_map
from ..store import IndexRow
from . import _assist
from ._assist import Scored
from ._engine import Engine, Filters
from ._ngrams import build as build_segment
from ._query import parse
from ._rank import KIND_BOOST, doc_kind_prior, wants_law
from ._related import boundary_cut
from ._related import plan as related_plan
from ._segment import CAPACITY, CHAR_CAPACITY, K1, KINDS, REF_LEN, B, DocRow, Segment, partial_score
from ._snippet import make_snippet

__all__ = ["Filters", "Hit", "SearchIndex", "SearchResult", "parse_year"]

SCHEMA_VERSION = 3
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
    match: str | None = None  # related results only: 近似说法 / 同类小节 / 词序不同
    similar_versions: int = 0  # near-duplicates folded into this hit

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "doc_id": self.doc_id, "paragraph_id": self.paragraph_id, "title": self.title,
            "path": list(self.path), "snippet": self.snippet, "highlights": [list(h) for h in self.highlights],
            "score": self.score, "paid": self.paid, "kind": self.kind,
        }
        if self.doc_hits is not None:
            out["doc_hits"] = self.doc_hits
        if self.match is not None:
            out["match"] = self.match
        if self.similar_versions:
            out["similar_versions"] = self.similar_versions
        if self.explain is not None:
            out["explain"] = self.explain
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
    related: list[Hit] = field(default_factory=list)  # 相关结果: never exact hits, never in total

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "query": self.query, "total": self.total, "took_ms": round(self.took_ms, 3),
            "hits": [h.to_dict() for h in self.hits],
            "related": [h.to_dict() for h in self.related], "facets": self.facets,
        }
        if self.docs is not None:
            out["docs"] = self.docs
        return out



class SearchIndex:
    """The search index of one data home; see the module docstring."""

    def __init__(self, directory: Path, manifest: dict[str, Any], needs_rebuild: bool) -> None:
        self.directory = directory
        self.files = IndexFiles(directory, _header())
        self.manifest = manifest
        self.needs_rebuild = needs_rebuild
        self._load()

    # --- lifecycle ----------------------------------------------------------------------------
    @classmethod
    def open(cls, directory: Path) -> SearchIndex:
        files = IndexFiles(Path(directory), _header())
        stored, stale = files.read()
        index = cls(files.directory, stored or cls._empty_manifest(), stale)
        files.sweep(index.manifest["segments"])
        _warm_up()
        return index

    def warm(self) -> None:
        """Everything a query computes once per process, computed now (servers call this at start)."""
        lazy = not Segment.populated([seg.directory for seg in self.segments])  # mapped at open if small
        for seg in self.segments:
            seg.warm(read_ahead=lazy)

    @staticmethod
    def _empty_manifest() -> dict[str, Any]:
        return {**_header(), "last_seq": 0, "segments": []}

    def _load(self) -> None:
        # Segments never change once written: keep the ones already loaded.
        loaded = {seg.directory.name: seg for seg in getattr(self, "segments", [])}
        dirs = [self.directory / name for name in self.manifest["segments"]]
        populate = Segment.populated(dirs)
        self.segments = [loaded.get(d.name) or Segment(d, populate) for d in dirs]
        self.engine = Engine(self.segments)
        self._titles: tuple[str, list[int], list[DocRow]] | None = None

    def _committed(self, batch: Batch) -> None:
        if batch.manifest is None:
            return
        self.manifest, self.needs_rebuild = batch.manifest, False
        self.files.sweep(self.manifest["segments"])
        self._load()

    def _write_segment(self, batch: Batch, rows: list[IndexRow]) -> None:
        name = f"seg-{time.strftime('%Y%m%d%H%M%S')}-{uuid.uuid4().hex[:8]}"
        batch.write_segment(name, lambda tmp: build_segment(rows, tmp))
        batch.advance(max(r.seq for r in rows))

    def last_seq(self) -> int:
        return int(self.manifest["last_seq"])

    def catch_up(self, rows: Iterable[IndexRow]) -> int:
        """Index rows newer than last_seq() in new segments, committed chunk by chunk so a long
        catch-up resumes where it stopped; returns how many were added."""
        floor, added = self.last_seq(), 0
        for chunk in _chunks(r for r in rows if r.seq > floor):
            with self.files.batch(self.manifest["segments"], self.last_seq()) as batch:
                self._write_segment(batch, chunk)
            self._committed(batch)
            added += len(chunk)
        if self.needs_rebuild:  # nothing to add, but the stale index is replaced by an empty one
            with self.files.batch([], 0, always=True) as batch:
                pass
            self._committed(batch)
        self._merge_small()
        return added

    def rebuild(self, rows: Iterable[IndexRow]) -> int:
        """Replace the whole index with rows; the old index stays in use until the new one is complete."""
        added = 0
        with self.files.batch([], 0, always=True) as batch:
            for chunk in _chunks(rows):
                self._write_segment(batch, chunk)
                added += len(chunk)
        self._committed(batch)
        self._merge_small()
        return added

    def _merge_small(self) -> None:
        """Fold the smallest segments into one so query cost does not grow with the number of imports."""
        # A segment's fill: the larger of its paragraph and character shares of a full segment.
        fill = {s.directory.name: max(s.n / CAPACITY, s.chars / CHAR_CAPACITY) for s in self.segments}
        small = smallest_to_merge(fill, MERGE_AT, full=0.5)
        if not small:
            return
        # One segment's rows at a time: merged segments may hold tens of millions of characters.
        rows = (row for seg in self.segments if seg.directory.name in small for row in _segment_rows(seg))
        kept = [n for n in self.manifest["segments"] if n not in small]
        with self.files.batch(kept, self.last_seq(), always=True) as batch:
            for chunk in _chunks(rows):
                self._write_segment(batch, chunk)
            batch.last_seq = self.last_seq()
        self._committed(batch)

    # --- queries ------------------------------------------------------------------------------
    def search(self, query: str, *, limit: int = 10, offset: int = 0, filters: Filters | None = None,
               group: bool = False, explain: bool = False, related: bool = True, fold: bool = False) -> SearchResult:
        """Exact hits ranked for writers; ``related`` adds 相关结果 on the first page when exact hits run
        short or the query names a section purpose; ``fold`` folds near-duplicate hits into one."""
        started = time.perf_counter()
        parsed = parse(query)
        k = limit + offset
        law = wants_law(parsed.terms, filters.kind if filters else ())
        plan = related_plan(parsed.terms)
        want = k if group else max(_assist.POOL, 2 * k if fold else k)
        ranked = None if explain else self.engine.single(parsed, filters, want, group, law=law)
        idfs = {t: self.engine.idf(t, filters) for t in parsed.terms}
        if ranked is None:
            results = self.engine.run(parsed, filters, idfs, law)
            ranked = self.engine.grouped(results, limit, offset) if group else self.engine.ranked(results, want)
        picked = [Scored(si, local, score, doc_hits) for si, local, score, doc_hits in ranked.picked]
        if not group:
            picked = _assist.rerank(self.segments, picked, parsed, plan.roles)
            if fold:
                picked = _assist.fold(self.segments, picked, k)
            picked = picked[offset:offset + limit]
        hits = [self._hit(p, parsed.terms, idfs, explain, law, filters) for p in picked]
        extra: list[Hit] = []
        # A query with OR alternatives already says which wordings it wants: no related results.
        alternatives = any(len(c) > 1 for c in parsed.clauses)
        if related and not offset and not group and limit and not alternatives and (ranked.total < limit or plan.roles):
            found = _assist.related(self.engine, parsed, plan, filters, law, limit)
            extra = [self._hit(r, r.words, idfs, explain, law, filters) for r in found]
        took = (time.perf_counter() - started) * 1000
        return SearchResult(query, ranked.total, took, hits, ranked.facets, ranked.docs, related=extra)

    def _hit(self, p: Scored, terms: tuple[str, ...], idfs: dict[str, float], explain: bool, law: bool,
             filters: Filters | None) -> Hit:
        seg = self.segments[p.segment]
        local = p.local
        doc = seg.docs[int(seg.doc[local])]
        original = seg.original_text(local)
        snippet, highlights = make_snippet(original, terms)
        kind = KINDS[int(seg.kind[local])]
        details = self._explain(p, terms, idfs, law, filters) if explain else None
        label = _assist.MATCH_LABEL[p.match] if p.match else None
        return Hit(doc.doc_id, seg.paragraph_id(local), doc.title, list(seg.paths[int(seg.path[local])]), snippet,
                   highlights, round(p.score, 4), bool(seg.paid[local]), kind, p.doc_hits, details, label,
                   p.similar)

    def _explain(self, p: Scored, terms: tuple[str, ...], idfs: dict[str, float], law: bool,
                 filters: Filters | None) -> dict[str, Any]:
        """Every factor of the score: BM25 per term, paragraph kind, substance, document kind, and the
        query-time factors (word boundary, intent role; the tier of a related result)."""
        seg = self.segments[p.segment]
        local = p.local
        text = p.norm(self.segments)
        length = int(seg.lens[local])
        boost = (seg.law_boost if law else seg.boost)[local : local + 1]
        paid_docs = filters.paid_docs if filters is not None else None
        out_terms = {}
        for term in terms:
            tf = len(re.findall(f"(?={re.escape(term)})", text))
            idf = idfs.get(term) or self.engine.idf(term, filters)  # over what this reader may see
            part = idf * float(partial_score(np.array([tf]), seg.lens[local : local + 1], boost)[0])
            out_terms[term] = {"tf": tf, "df": self.engine.df(term, paid_docs), "idf": round(idf, 4),
                               "score": round(part, 4)}
        doc_kind = seg.docs[int(seg.doc[local])].doc_kind
        return {"terms": out_terms, "length": length, "ref_length": REF_LEN, "k1": K1, "b": B,
                "kind_boost": float(KIND_BOOST[int(seg.kind[local])]), "substance": int(seg.substance[local]) / 100,
                "doc_kind_prior": 1.0 if law else doc_kind_prior(doc_kind), "section_role": _assist.role_of(seg, local),
                **p.factors, "score": round(p.score, 4), "date_days": int(seg.date_of(local))}

    def texts_at(self, wanted: dict[str, int]) -> dict[str, str]:
        """Original text of each paragraph id held at exactly the given seq (others are left out:
        not indexed yet, or indexed at another version)."""
        out: dict[str, str] = {}
        for seg in reversed(self.segments):
            ids = [p for p in wanted if p not in out]
            if not ids:
                break
            local = seg.locals_of(ids)
            hit = np.flatnonzero(local >= 0)
            for i, seq in zip(hit.tolist(), seg.seq_of(local[hit]).tolist(), strict=True):
                if seq == wanted[ids[i]]:
                    out[ids[i]] = seg.original_text(int(local[i]))
        return out

    def find_titles(self, text: str, limit: int = 20) -> list[dict[str, Any]]:
        """Documents whose normalised title contains text, in library order."""
        needle = normalize(text)
        if not needle.strip():
            return []
        if self._titles is None:
            seen: dict[str, DocRow] = {}
            for seg in self.segments:
                for d in seg.docs:
                    seen.setdefault(d.doc_id, d)
            docs = list(seen.values())
            joined = "\n".join(normalize(d.title or "").replace("\n", " ") for d in docs)
            starts = [0]
            for d in docs:
                starts.append(starts[-1] + len(normalize(d.title or "")) + 1)
            self._titles = (joined, starts, docs)
        joined, starts, docs = self._titles
        out, pos = [], joined.find(needle)
        import bisect

        while pos >= 0 and len(out) < limit:
            i = bisect.bisect_right(starts, pos) - 1
            d = docs[i]
            out.append({"doc_id": d.doc_id, "title": d.title, "doc_kind": d.doc_kind, "org": d.org, "year": d.year})
            pos = joined.find(needle, starts[i + 1])
        return out

    def stats(self) -> dict[str, Any]:
        size = sum(f.stat().st_size for f in self.directory.rglob("*") if f.is_file())
        return {"paragraphs": self.engine.n, "segments": len(self.segments), "last_seq": self.last_seq(),
                "bytes": size, "needs_rebuild": self.needs_rebuild}


def _header() -> dict[str, Any]:
    """The manifest fields that must match the code: another schema or normaliser means a rebuild."""
    return {"schema": SCHEMA_VERSION, "normalizer": fingerprint()}


def _chunks(rows: Iterable[IndexRow]) -> Iterator[list[IndexRow]]:
    """Rows in runs that fit one segment (paragraphs and characters)."""
    batch: list[IndexRow] = []
    chars = 0
    for row in rows:
        batch.append(row)
        chars += len(row.text) + 1
        if len(batch) == CAPACITY or chars >= CHAR_CAPACITY:
            yield batch
            batch, chars = [], 0
    if batch:
        yield batch


def _warm_up() -> None:
    """Do one-off work now, so that no query pays for it: the normaliser's tables (about 0.2 s) and
    numpy's lazy import of numpy.ma on the first np.unique (about 10 ms)."""
    normalize("Ｄ建")
    normalize_map("Ｄ建")
    np.unique(np.arange(2), return_inverse=True)
    boundary_cut("人民生活", 1, 3)  # loads the segmenter's dictionary (about 0.1 s)


def _segment_rows(seg: Segment) -> list[IndexRow]:
    """Rebuild the IndexRows a segment was made from (used to merge segments)."""
    rows = []
    seqs = seg.seq_of(slice(None))
    roles = seg.profiles[seg.profile, 4]
    role_names = seg.facet_tables["role"]  # the codes as this segment wrote them
    for local in range(seg.n):
        d = seg.docs[int(seg.doc[local])]
        rows.append(IndexRow(
            seq=int(seqs[local]), paragraph_id=seg.paragraph_id(local), idx=_idx(seg, local),
            kind=KINDS[int(seg.kind[local])], text=seg.original_text(local), paid=bool(seg.paid[local]),
            path=tuple(seg.paths[int(seg.path[local])]), role=role_names[int(roles[local])], **d._asdict()))
    return rows


def _idx(seg: Segment, local: int) -> int:
    number = int(seg.pidx[local])
    return local if number == seg.no_pidx else number
