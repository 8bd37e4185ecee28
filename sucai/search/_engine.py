"""Query evaluation over loaded segments: exact matching, BM25 scores, filters, facets and top-k.

A term's hits in a segment are found by intersecting the postings of its bigrams, rarest first, and,
for terms of three or more characters, confirming each remaining candidate on the normalised text
(which also gives the exact occurrence count).  One-character terms are the union of the bigrams
that start with the character; two-character terms are exact from their postings.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from itertools import repeat
from typing import Any

import numpy as np

from ._query import Query
from ._segment import KINDS, ROLES, Postings, Segment

K1, B = 1.2, 0.75
KIND_BOOST = {"title": 2.5, "heading": 1.8, "body": 1.0}
DIRECT_VERIFY = 1024  # below this many candidates, check the text instead of intersecting postings
MAX_INTERSECT = 3
_EMPTY_IDS = np.zeros(0, dtype=np.int64)
_EMPTY_F = np.zeros(0, dtype=np.float64)


@dataclass(frozen=True)
class Filters:
    """Result filters; empty tuples mean no restriction.  Values are matched as stored."""

    kind: tuple[str, ...] = ()  # document kind (工作总结, 政府工作报告, ...)
    org_type: tuple[str, ...] = ()
    org: str | None = None  # substring of the organisation name
    year: tuple[int, int] | None = None  # inclusive range
    half: tuple[str, ...] = ()
    role: tuple[str, ...] = ()
    headings: bool = False  # heading paragraphs only
    collection: str | None = None
    doc: str | None = None


@dataclass
class SegmentHits:
    segment: int
    ids: np.ndarray
    scores: np.ndarray
    keys: np.ndarray = field(default_factory=lambda: _EMPTY_IDS)


def _date_days(date: str | None, year: int | None) -> int:
    text = date or (f"{year}-01-01" if year else "")
    parts = [int(p) for p in text.split("-")[:3] if p.isdigit()] if text else []
    if not parts:
        return 0
    y, m, d = (parts + [1, 1])[:3]
    try:
        return max(0, (dt.date(y, max(1, min(m, 12)), max(1, min(d, 28))) - dt.date(1900, 1, 1)).days)
    except ValueError:
        return 0


class Codes:
    """Facet and filter codes of every paragraph of one segment, against shared value tables."""

    def __init__(self, seg: Segment, tables: dict[str, dict[Any, int]], doc_codes: dict[str, int]) -> None:
        def code(table: str, value: Any) -> int:
            return tables[table].setdefault(value, len(tables[table]))

        docs = seg.docs  # doc_id, title, doc_kind, org, org_type, year, half, date, collection_id
        per_doc = {
            "doc_kind": np.array([code("doc_kind", d[2]) for d in docs], dtype=np.int32),
            "org": np.array([code("org", d[3]) for d in docs], dtype=np.int32),
            "org_type": np.array([code("org_type", d[4]) for d in docs], dtype=np.int32),
            "year": np.array([code("year", d[5]) for d in docs], dtype=np.int32),
            "half": np.array([code("half", d[6]) for d in docs], dtype=np.int32),
            "collection": np.array([code("collection", d[8]) for d in docs], dtype=np.int32),
            "doccode": np.array([doc_codes.setdefault(d[0], len(doc_codes)) for d in docs], dtype=np.int32),
            "date": np.array([_date_days(d[7], d[5]) for d in docs], dtype=np.int64),
        }
        self.fields = {name: arr[seg.doc] for name, arr in per_doc.items()}
        self.fields["role"] = seg.role.astype(np.int32)
        self.fields["kind"] = seg.kind.astype(np.int32)
        boost = np.array([KIND_BOOST[k] for k in KINDS])[seg.kind]
        self.boost = boost
        self.seq = seg.seq


class Engine:
    def __init__(self, segments: list[Segment]) -> None:
        self.segments = segments
        self.tables: dict[str, dict[Any, int]] = {name: {} for name in
                                                  ("doc_kind", "org", "org_type", "year", "half", "collection")}
        self.tables["role"] = {r: i for i, r in enumerate(ROLES)}
        self.tables["kind"] = {k: i for i, k in enumerate(KINDS)}
        self.doc_codes: dict[str, int] = {}
        self.codes = [Codes(seg, self.tables, self.doc_codes) for seg in segments]
        self.n = sum(seg.n for seg in segments)
        self.avglen = (sum(seg.chars for seg in segments) / self.n) if self.n else 1.0
        self.norm = [K1 * (1 - B + B * seg.lens.astype(np.float64) / self.avglen) for seg in segments]

    # --- terms --------------------------------------------------------------------------------
    def df(self, term: str) -> int:
        """Paragraphs holding the term: exact for one or two characters, an upper bound beyond."""
        total = 0
        for seg in self.segments:
            d = seg.dense(term)
            if d is None:
                continue
            if len(term) == 1:
                total += seg.char_df_of(int(d[0]))
            else:
                found = seg.bigram_terms(d)
                total += int(found[1][0]) if found is not None else 0
        return total

    def idf(self, term: str) -> float:
        df = max(self.df(term), 1)
        return math.log(1 + (self.n - df + 0.5) / (df + 0.5))

    @staticmethod
    def _verify(seg: Segment, term: str, ids: np.ndarray) -> Postings:
        starts = seg.starts
        # map() over a bound method keeps the per-candidate cost in C.
        counts = map(seg.text.count, repeat(term, len(ids)), starts[ids].tolist(), (starts[ids + 1] - 1).tolist())
        tf = np.fromiter(counts, dtype=np.int64, count=len(ids))
        keep = tf > 0
        return Postings(ids[keep], tf[keep])

    def term_hits(self, seg: Segment, term: str, within: np.ndarray | None = None) -> Postings:
        """Exact hits of a normalised term in a segment, optionally restricted to sorted ids."""
        if within is not None and len(within) <= DIRECT_VERIFY:
            return self._verify(seg, term, within)
        d = seg.dense(term)
        if d is None:
            return Postings(_EMPTY_IDS, _EMPTY_IDS)
        if len(term) == 1:
            hits = seg.char_postings(int(d[0]))
            if within is None:
                return hits
            idx = np.searchsorted(hits.ids, within)
            idx[idx >= len(hits.ids)] = 0
            ok = hits.ids[idx] == within if len(hits.ids) else np.zeros(len(within), dtype=bool)
            return Postings(within[ok], hits.tf[idx[ok]])
        found = seg.bigram_terms(d)
        if found is None:
            return Postings(_EMPTY_IDS, _EMPTY_IDS)
        terms = found[0].tolist()
        if within is None:
            first = seg.term_postings(terms[0])
            cand, tf, rest = first.ids, first.tf, terms[1:]
        else:
            cand, tf, rest = within, None, terms
        for i, t in enumerate(rest):
            # Beyond a few bigrams, checking the text is cheaper than more intersections.
            if len(term) > 2 and (len(cand) <= DIRECT_VERIFY or i >= MAX_INTERSECT):
                break
            hit, t_tf = seg.contains_in(t, cand)
            cand, tf = cand[hit], t_tf[hit]
        if len(term) == 2:
            return Postings(cand, tf)
        return self._verify(seg, term, cand)

    # --- query --------------------------------------------------------------------------------
    def _clause(self, si: int, clause: tuple[str, ...], idfs: dict[str, float],
                within: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
        seg, norm = self.segments[si], self.norm[si]
        parts = []
        for term in clause:
            hits = self.term_hits(seg, term, within)
            tf = hits.tf.astype(np.float64)
            parts.append((hits.ids, idfs[term] * tf * (K1 + 1) / (tf + norm[hits.ids])))
        if len(parts) == 1:
            return parts[0]
        ids = np.concatenate([p[0] for p in parts])
        scores = np.concatenate([p[1] for p in parts])
        uniq, inverse = np.unique(ids, return_inverse=True)
        return uniq, np.bincount(inverse, weights=scores, minlength=len(uniq))

    def _filter_mask(self, si: int, ids: np.ndarray, filters: Filters) -> np.ndarray | None:
        fields = self.codes[si].fields
        mask = None

        def allow(name: str, values: Any) -> None:
            nonlocal mask
            table = self.tables[name]
            allowed = np.zeros(max(len(table), 1), dtype=bool)
            for v in values:
                if v in table:
                    allowed[table[v]] = True
            m = allowed[fields[name][ids]]
            mask = m if mask is None else mask & m

        if filters.kind:
            allow("doc_kind", filters.kind)
        if filters.org_type:
            allow("org_type", filters.org_type)
        if filters.org:
            allow("org", [o for o in self.tables["org"] if o and filters.org in o])
        if filters.year:
            lo, hi = filters.year
            allow("year", [y for y in self.tables["year"] if isinstance(y, int) and lo <= y <= hi])
        if filters.half:
            allow("half", filters.half)
        if filters.role:
            allow("role", filters.role)
        if filters.headings:
            allow("kind", ["heading"])
        if filters.collection:
            allow("collection", [filters.collection])
        if filters.doc:
            code = self.doc_codes.get(filters.doc, -1)
            m = fields["doccode"][ids] == code
            mask = m if mask is None else mask & m
        return mask

    def _exclude(self, si: int, ids: np.ndarray, excluded: tuple[str, ...]) -> np.ndarray:
        keep = np.ones(len(ids), dtype=bool)
        for term in excluded:
            if not keep.any():
                break
            hits = self.term_hits(self.segments[si], term, ids[keep])
            keep[np.searchsorted(ids, hits.ids)] = False
        return keep

    def run(self, query: Query, filters: Filters | None) -> tuple[list[SegmentHits], dict[str, float]]:
        """All hits of a query, per segment, with scores."""
        idfs = {t: self.idf(t) for t in query.terms}
        # Evaluate the clause expected to match least first; the others only check its hits.
        order = sorted(query.clauses, key=lambda c: sum(self.df(t) for t in c))
        results = []
        for si in range(len(self.segments)):
            ids, scores = self._clause(si, order[0], idfs, None)
            if filters is not None and len(ids):
                mask = self._filter_mask(si, ids, filters)
                if mask is not None:
                    ids, scores = ids[mask], scores[mask]
            for clause in order[1:]:
                if not len(ids):
                    break
                c_ids, c_scores = self._clause(si, clause, idfs, ids)
                keep = np.searchsorted(ids, c_ids)
                ids, scores = c_ids, scores[keep] + c_scores
            if query.excluded and len(ids):
                keep = self._exclude(si, ids, query.excluded)
                ids, scores = ids[keep], scores[keep]
            if len(ids):
                scores = scores * self.codes[si].boost[ids]
                results.append(SegmentHits(si, ids, scores))
        return results, idfs

    def rank_keys(self, hits: SegmentHits) -> np.ndarray:
        """One int64 per hit ordering by score, then newer date, then earlier paragraph."""
        codes = self.codes[hits.segment]
        q = np.minimum(np.round(hits.scores * 1e4), (1 << 24) - 1).astype(np.int64)
        date = np.minimum(codes.fields["date"][hits.ids], (1 << 17) - 1)
        seq = (1 << 22) - 1 - np.minimum(codes.seq[hits.ids], (1 << 22) - 1)
        return (q << 39) | (date << 22) | seq

    def facets(self, results: list[SegmentHits]) -> dict[str, dict[str, int]]:
        out: dict[str, dict[str, int]] = {}
        for facet, table_name in (("kind", "doc_kind"), ("org_type", "org_type"), ("year", "year"),
                                  ("half", "half"), ("role", "role")):
            table = self.tables[table_name]
            counts = np.zeros(max(len(table), 1), dtype=np.int64)
            for hits in results:
                counts += np.bincount(self.codes[hits.segment].fields[table_name][hits.ids], minlength=len(counts))
            names = {code: value for value, code in table.items()}
            out[facet] = {str(names[c]): int(n) for c, n in enumerate(counts.tolist())
                          if n and names.get(c) is not None}
        return out
