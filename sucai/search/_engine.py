"""Query evaluation over loaded segments: exact matching, BM25 scores, filters, facets and top-k.

A term's hits in a segment come from positional postings (``Segment.term_hits``): one character is the
union of the bigrams it starts; longer terms decode their rarest bigram and check the other characters
on the text at those positions, all vectorised.  A single one- or two-character term with no filter is
answered from the precomputed rows of segments where it is frequent (total, facets and the best
``TOP_N`` paragraphs), merged with the exact computation in segments where it is not.
"""

from __future__ import annotations

import math
from collections import OrderedDict
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from ._query import Query
from ._segment import FACETS, TOP_N, Postings, Segment, top_order

_NONE = np.empty(0, dtype=np.int64)
TITLE = 0  # kind code of title paragraphs (_segment.KINDS)
FACET_NAMES = {"doc_kind": "kind", "org_type": "org_type", "year": "year", "half": "half", "role": "role"}


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
    # The reader's visibility (sucai.access.visibility): None when every paid paragraph may be
    # searched; otherwise only the paid paragraphs of these documents (bought ones) exist for
    # this query.  A filter, not a post-filter: totals, facets, scores and idf never see the rest.
    paid_docs: tuple[str, ...] | None = None


NO_FILTERS = Filters()
IDF_CACHE = 4096  # visible document frequencies kept per engine (segments never change)


# Candidates few enough that reading their text for each further term is cheaper than that term's
# postings (a long query cut into many words, a rare first word: related results, the >10 rare class).
TEXT_CHECK = 128


def _within(seg: Segment, term: str, within: np.ndarray, texts: dict[int, str] | None) -> Postings:
    """Hits of a term among sorted candidates: from their texts when given (every candidate's), else
    from the segment.  Counts overlapping occurrences, as the positions do."""
    if texts is None:
        return seg.hits_within(term, within)
    ids, tf = [], []
    for local in within.tolist():
        text = texts[local]
        n, at = 0, text.find(term)
        while at >= 0:
            n += 1
            at = text.find(term, at + 1)
        if n:
            ids.append(local)
            tf.append(n)
    return Postings(np.array(ids, dtype=np.int64), np.array(tf, dtype=np.int64))


@dataclass
class SegmentHits:
    segment: int
    ids: np.ndarray
    scores: np.ndarray
    info: np.ndarray  # Segment.info of each hit


@dataclass
class Ranked:
    """The answer to a query before hits are built: exact total and facets, the best hits in order."""

    total: int
    facets: dict[str, dict[str, int]]
    picked: list[tuple[int, int, float, int | None]]  # (segment, local id, score, hits in document)
    docs: int | None = None


class Engine:
    def __init__(self, segments: list[Segment]) -> None:
        self.segments = segments
        self.n = sum(seg.n for seg in segments)
        self.doc_codes: dict[str, int] = {}
        self.gdoc = [np.array([self.doc_codes.setdefault(d.doc_id, len(self.doc_codes)) for d in seg.docs],
                              dtype=np.int64) for seg in segments]
        self._hidden: dict[tuple[int, tuple[str, ...]], np.ndarray] = {}
        self._visible_df: OrderedDict[tuple[str, tuple[str, ...] | None], int] = OrderedDict()
        self._facet_slots()

    def _facet_slots(self) -> None:
        """One slot per (facet, value) over all segments; per segment, its facet positions' slots.

        Facet counts of a query are then summed per slot with one bincount per segment, not a Python
        loop over every segment's values (a large library has tens of segments)."""
        slots: dict[tuple[str, str], int] = {}
        self.slot_of: list[np.ndarray] = []
        for seg in self.segments:
            local = []
            for f in FACETS:
                for v in seg.facet_tables[f]:
                    local.append(-1 if v is None else slots.setdefault((FACET_NAMES[f], str(v)), len(slots)))
            self.slot_of.append(np.array(local, dtype=np.int64))
        self.slot_names = list(slots)
        for local_slots in self.slot_of:  # None values go to the last slot
            local_slots[local_slots < 0] = len(self.slot_names)

    # --- visibility -----------------------------------------------------------------------------
    def hidden(self, si: int, paid_docs: tuple[str, ...] | None) -> np.ndarray:
        """Sorted local ids of the paid paragraphs of segment si that a reader seeing only the paid
        paragraphs of paid_docs may not search (empty when paid_docs is None: all are visible).
        Titles are public everywhere; a paid heading paragraph is hidden, as its text may run on
        into body text (outline headings stay public through the outline and the heading library)."""
        if paid_docs is None:
            return _NONE
        key = (si, paid_docs)
        found = self._hidden.get(key)
        if found is None:
            seg = self.segments[si]
            ids = np.flatnonzero(seg.paid & (seg.kind != TITLE))  # a title is public, paid flag or not
            if paid_docs and len(ids):
                wanted = set(paid_docs)
                bought = np.array([d.doc_id in wanted for d in seg.docs], dtype=bool)
                ids = ids[~bought[np.asarray(seg.doc[ids], dtype=np.int64)]]
            found = ids
            if len(self._hidden) > IDF_CACHE:
                self._hidden.clear()
            self._hidden[key] = found
        return found

    def visible_n(self, paid_docs: tuple[str, ...] | None) -> int:
        return self.n - sum(len(self.hidden(si, paid_docs)) for si in range(len(self.segments)))

    # --- statistics -----------------------------------------------------------------------------
    def df(self, term: str, paid_docs: tuple[str, ...] | None = None) -> int:
        """Paragraphs holding the term that this reader may see (remembered: segments never change)."""
        key = (term, paid_docs)
        if key in self._visible_df:
            self._visible_df.move_to_end(key)
            return self._visible_df[key]
        if paid_docs is None:
            total = sum(seg.df(term) for seg in self.segments)
        else:
            total = 0
            for si, seg in enumerate(self.segments):
                # Segment.df is exact only up to two characters: beyond, count the real hits.
                found = seg.df(term) if len(term) <= 2 else _exact_df(seg, term)
                hidden = self.hidden(si, paid_docs)
                if found and len(hidden):
                    found -= len(seg.hits_within(term, hidden).ids)
                total += found
        self._visible_df[key] = total
        while len(self._visible_df) > IDF_CACHE:
            self._visible_df.popitem(last=False)
        return total

    def idf(self, term: str, filters: Filters | None = None) -> float:
        """BM25 idf over the paragraphs this query may see (so scores say nothing of hidden ones)."""
        paid_docs = filters.paid_docs if filters is not None else None
        n = self.visible_n(paid_docs)
        df = min(max(self.df(term, paid_docs), 1), max(n, 1))
        return math.log(1 + (n - df + 0.5) / (df + 0.5))

    # --- facets ---------------------------------------------------------------------------------
    def facets(self, parts: list[tuple[int, np.ndarray]]) -> dict[str, dict[str, int]]:
        """Facet dictionaries from per-segment count vectors (FACETS order, segment-local tables)."""
        out: dict[str, dict[str, int]] = {FACET_NAMES[f]: {} for f in FACETS}
        if not parts:
            return out
        width = len(self.slot_names) + 1  # the last slot collects None values, which are not shown
        total = np.zeros(width, dtype=np.int64)
        for si, counts in parts:
            total += np.bincount(self.slot_of[si], weights=counts, minlength=width).astype(np.int64)
        for j in np.flatnonzero(total[:-1]).tolist():
            facet, key = self.slot_names[j]
            out[facet][key] = int(total[j])
        return out

    # --- single frequent-or-not term without filters: precomputed rows where they exist --------
    def single(self, query: Query, filters: Filters | None, k: int, group: bool,
               with_facets: bool = True, law: bool = False) -> Ranked | None:
        """The fast path for one term of one to four characters, or None when it does not apply.

        Stored rows are ranked with the document-kind prior, so queries that leave it out (``law``)
        take the general path."""
        if law or group or query.excluded or len(query.clauses) != 1 or len(query.clauses[0]) != 1:
            return None
        paid_docs = filters.paid_docs if filters is not None else None
        if (filters is not None and replace(filters, paid_docs=None) != NO_FILTERS) or k > TOP_N:
            return None
        term = query.clauses[0][0]
        if len(term) > 4:
            return None
        idf = self.idf(term, filters)
        total, parts = 0, []
        cand_seg, cand_ids, cand_scores = [], [], []
        for si, seg in enumerate(self.segments):
            hidden = self.hidden(si, paid_docs)
            row = seg.precomputed(term)
            pre = _visible_row(seg, term, row, hidden, k) if row is not None else None
            if pre is not None:
                n, counts, ids, tf = pre
                if not n:  # every hit hidden from this reader
                    continue
                ids, tf = ids[:k], tf[:k]  # stored best first
                weights, _ = seg.weights(ids, tf)
            else:
                hits = seg.term_hits(term)
                if len(hidden) and len(hits.ids):
                    keep = ~np.isin(hits.ids, hidden, assume_unique=True)
                    hits = Postings(hits.ids[keep], hits.tf[keep])
                n, ids, tf = len(hits.ids), hits.ids, hits.tf
                if not n:
                    continue
                weights, info = seg.weights(ids, tf)
                counts = seg.facet_counts(info) if with_facets else None
            total += n
            parts.append((si, counts))
            scores = idf * weights
            if pre is None and len(ids) > k:
                best = top_order(scores, k, seg.tiebreak(ids))
                ids, scores = ids[best], scores[best]
            cand_seg.append(np.full(len(ids), si))
            cand_ids.append(ids)
            cand_scores.append(scores)
        picked = self._merge(cand_seg, cand_ids, cand_scores, k)
        return Ranked(total, self.facets(parts) if with_facets else {}, picked)

    def _merge(self, segs: list[np.ndarray], ids: list[np.ndarray], scores: list[np.ndarray],
               k: int) -> list[tuple[int, int, float, int | None]]:
        if not segs:
            return []
        seg_a, id_a, sc_a = np.concatenate(segs), np.concatenate(ids), np.concatenate(scores)
        # Few candidates (at most k per segment): fetching all their tie-breakers is cheap.
        date = np.concatenate([self.segments[int(s[0])].date_of(i) for s, i in zip(segs, ids, strict=True) if len(s)])
        seq = np.concatenate([self.segments[int(s[0])].seq_of(i) for s, i in zip(segs, ids, strict=True) if len(s)])
        best = top_order(sc_a, k, lambda i: (date[i], seq[i]))
        return [(int(seg_a[i]), int(id_a[i]), float(sc_a[i]), None) for i in best.tolist()]

    # --- general path ---------------------------------------------------------------------------
    def _clause(self, seg: Segment, clause: tuple[str, ...], idfs: dict[str, float],
                within: np.ndarray | None, law: bool = False,
                texts: dict[int, str] | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(ids, scores, info) of the paragraphs matching one of the clause's terms (``texts``: the
        candidates' texts, when they are few enough to be read instead of the terms' postings)."""
        parts = []
        for term in clause:
            hits = seg.term_hits(term) if within is None else _within(seg, term, within, texts)
            weights, info = seg.weights(hits.ids, hits.tf, law)
            parts.append((hits.ids, idfs[term] * weights, info))
        if len(parts) == 1:
            return parts[0]
        ids = np.concatenate([p[0] for p in parts])
        scores = np.concatenate([p[1] for p in parts])
        uniq, inverse = np.unique(ids, return_inverse=True)
        return uniq, np.bincount(inverse, weights=scores, minlength=len(uniq)), seg.info[uniq]

    def _filter_mask(self, si: int, ids: np.ndarray, info: np.ndarray, filters: Filters) -> np.ndarray | None:
        seg = self.segments[si]
        tables = seg.facet_tables
        profile_ok = np.ones(len(seg.profiles), dtype=bool)
        doc_ok = np.ones(len(seg.docs), dtype=bool)
        restricted = False

        def allow(facet: str, keep: Any) -> None:
            nonlocal restricted
            j = FACETS.index(facet)
            ok = np.array([bool(keep(v)) for v in tables[facet]] + [False], dtype=bool)
            profile_ok[:] &= ok[seg.profiles[:, j].astype(np.int64)]
            restricted = True

        if filters.kind:
            allow("doc_kind", lambda v: v in filters.kind)
        if filters.org_type:
            allow("org_type", lambda v: v in filters.org_type)
        if filters.year:
            lo, hi = filters.year
            allow("year", lambda v: isinstance(v, int) and lo <= v <= hi)
        if filters.half:
            allow("half", lambda v: v in filters.half)
        if filters.role:
            allow("role", lambda v: v in filters.role)
        if filters.org:
            doc_ok &= np.array([bool(d.org) and filters.org in d.org for d in seg.docs], dtype=bool)
            restricted = True
        if filters.collection:
            doc_ok &= np.array([d.collection_id == filters.collection for d in seg.docs], dtype=bool)
            restricted = True
        if filters.doc:
            wanted = seg.doc_index.get(filters.doc, -1)
            doc_ok &= np.arange(len(seg.docs)) == wanted
            restricted = True
        hidden = self.hidden(si, filters.paid_docs)
        if not restricted and not filters.headings and not len(hidden):
            return None
        mask = profile_ok[seg.profiles_of(info)]
        if len(hidden):
            mask &= ~np.isin(ids, hidden, assume_unique=True)
        if not doc_ok.all():
            mask &= doc_ok[seg.doc[ids]]
        if filters.headings:
            mask &= ((info >> np.uint64(32)) & np.uint64(3)) == 1
        return mask

    def allowed(self, si: int, ids: np.ndarray, filters: Filters | None) -> np.ndarray | None:
        """Which of the paragraphs ids (of segment si) pass the filters (None: all): the test run() applies."""
        if filters is None or not len(ids):
            return None
        return self._filter_mask(si, ids, self.segments[si].info[ids], filters)

    def run(self, query: Query, filters: Filters | None, idfs: dict[str, float],
            law: bool = False) -> list[SegmentHits]:
        """All hits of a query, per segment, with scores (``law``: without the document-kind prior)."""
        # Evaluate the clause expected to match least first; the others only check its hits.
        order = sorted(query.clauses, key=lambda c: sum(self.df(t) for t in c))
        results = []
        for si, seg in enumerate(self.segments):
            ids, scores, info = self._clause(seg, order[0], idfs, None, law)
            if filters is not None and len(ids):
                mask = self._filter_mask(si, ids, info, filters)
                if mask is not None:
                    ids, scores, info = ids[mask], scores[mask], info[mask]
            texts = None
            for clause in order[1:]:
                if not len(ids):
                    break
                if texts is None and len(ids) <= TEXT_CHECK:
                    texts = seg.texts_of(ids)
                c_ids, c_scores, _ = self._clause(seg, clause, idfs, ids, law, texts)
                keep = np.searchsorted(ids, c_ids)
                ids, scores, info = c_ids, scores[keep] + c_scores, info[keep]
            for term in query.excluded:
                if not len(ids):
                    break
                hit = _within(seg, term, ids, texts).ids
                keep = ~np.isin(ids, hit, assume_unique=True)
                ids, scores, info = ids[keep], scores[keep], info[keep]
            if len(ids):
                results.append(SegmentHits(si, ids, scores, info))
        return results

    def ranked(self, results: list[SegmentHits], k: int, with_facets: bool = True) -> Ranked:
        total = sum(len(r.ids) for r in results)
        facets = self.facets([(r.segment, self.segments[r.segment].facet_counts(r.info)) for r in results]) \
            if with_facets else {}
        segs, ids, scores = [], [], []
        for r in results:
            seg = self.segments[r.segment]
            if len(r.ids) > k:
                best = top_order(r.scores, k, seg.tiebreak(r.ids))
            else:
                best = np.arange(len(r.ids))
            segs.append(np.full(len(best), r.segment))
            ids.append(r.ids[best])
            scores.append(r.scores[best])
        return Ranked(total, facets, self._merge(segs, ids, scores, k))

    def grouped(self, results: list[SegmentHits], limit: int, offset: int) -> Ranked:
        """Hits folded by document: each document's best paragraph and its number of hits."""
        total = sum(len(r.ids) for r in results)
        facets = self.facets([(r.segment, self.segments[r.segment].facet_counts(r.info)) for r in results])
        if not results:
            return Ranked(total, facets, [], 0)
        doc = np.concatenate([self.gdoc[r.segment][self.segments[r.segment].doc[r.ids]] for r in results])
        seg_a = np.concatenate([np.full(len(r.ids), r.segment) for r in results])
        id_a = np.concatenate([r.ids for r in results])
        score = np.concatenate([r.scores for r in results])
        date = np.concatenate([self.segments[r.segment].date_of(r.ids) for r in results])
        seq = np.concatenate([self.segments[r.segment].seq_of(r.ids) for r in results])
        order = np.lexsort((seq, -date, -score, doc))  # by document, best paragraph first
        first = np.ones(len(order), dtype=bool)
        first[1:] = doc[order][1:] != doc[order][:-1]
        best = order[first]
        counts = np.diff(np.append(np.flatnonzero(first), len(order)))
        rank = np.lexsort((seq[best], -date[best], -score[best]))[offset:offset + limit]
        picked = [(int(seg_a[best[i]]), int(id_a[best[i]]), float(score[best[i]]), int(counts[i])) for i in rank]
        return Ranked(total, facets, picked, len(best))


def _exact_df(seg: Segment, term: str) -> int:
    """Paragraphs of the segment holding the term: from its precomputed row when it has one."""
    row = seg.precomputed(term)
    return seg.precomputed_row(row)[0] if row is not None else len(seg.term_hits(term).ids)


def _visible_row(seg: Segment, term: str, row: tuple[str, int], hidden: np.ndarray,
                 k: int) -> tuple[int, np.ndarray, np.ndarray, np.ndarray] | None:
    """A precomputed row (total, facet counts, best ids, tf) without the hidden paragraphs: their hits
    are found by scanning only them and subtracted.  None when too few of the stored best remain to
    give the top k exactly (the caller then computes the term exactly)."""
    n, counts, ids, tf = seg.precomputed_row(row)
    if not len(hidden):
        return n, counts, ids, tf
    gone = seg.hits_within(term, hidden)
    if not len(gone.ids):
        return n, counts, ids, tf
    _, info = seg.weights(gone.ids, gone.tf)
    keep = ~np.isin(ids, gone.ids)
    n -= len(gone.ids)
    ids, tf = ids[keep], tf[keep]
    if len(ids) < min(k, n):
        return None
    return n, counts - seg.facet_counts(info), ids, tf
