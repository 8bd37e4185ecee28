"""What search adds on top of exact matching: reranking of the best hits, near-duplicate folding, and
related results (相关结果) with intent.  See _rank (factors) and _related (planning).

Related and intent candidates are found with the same engine calls and the same filters as exact hits
(``Engine.run`` and ``Engine.allowed``), so whatever a reader may not see never reaches them either.
They never include a paragraph that is an exact hit, and they never count in ``total``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np

from . import _rank
from ._engine import Engine, Filters
from ._query import Query
from ._related import Plan, boundary_cut, in_order_pattern, load_table
from ._segment import KINDS, ROLES, Segment

POOL = 30  # best hits by BM25 that the query-time factors reorder
RELATED_POOL = 80  # related candidates checked on their text
BODY_WHEN_INTENT = 0.6  # a query naming a section purpose wants that section's headings and points first
INTENT_POOL = 40  # role headings checked on their text, per segment
BOUNDARY_MAX = 4  # longer terms are phrases the writer typed: where they sit among words matters little
FOLD_MIN = 8  # shorter texts (二、存在的问题) are section markers: the same words head different material
TIER = {"in_order": 1.0, "loose": 0.8, "intent": 0.75, "any_order": 0.4}
MATCH_LABEL = {"in_order": "近似说法", "loose": "近似说法", "intent": "同类小节", "any_order": "词序不同"}


@dataclass
class Scored:
    segment: int
    local: int
    score: float
    doc_hits: int | None = None
    factors: dict[str, float] = field(default_factory=dict)
    match: str | None = None  # related results: how they match
    words: tuple[str, ...] = ()  # related results: the words to highlight
    similar: int = 0  # near-duplicates folded into this one
    text: str | None = None  # normalised text, once fetched

    def norm(self, segments: list[Segment]) -> str:
        if self.text is None:
            self.text = segments[self.segment].norm_text(self.local)
        return self.text


def role_of(seg: Segment, local: int) -> str:
    return ROLES[int(seg.profiles[int(seg.profile[local]), 4])]


def _spans(text: str, term: str) -> list[int]:
    """Where the term starts in the text, the first four times."""
    spans, pos = [], text.find(term)
    while pos >= 0 and len(spans) < 4:
        spans.append(pos)
        pos = text.find(term, pos + 1)
    return spans


def _boundary(text: str, terms: tuple[str, ...]) -> float:
    factor = 1.0
    for term in terms:
        if not 2 <= len(term) <= BOUNDARY_MAX:
            continue
        spans = _spans(text, term)
        if spans and all(boundary_cut(text, p, p + len(term)) for p in spans):
            factor *= _rank.CUT_FACTOR
    return factor


def focus(seg: Segment, local: int, text: str, query: Query, roles: tuple[str, ...]) -> float:
    """1 + FOCUS_STEP per repeat of a lone topic word (2–4 characters) in a body paragraph of material a
    writer borrows from (see _rank); a clause repeating 医疗保障基金 is not about 医疗保障 in that sense."""
    terms = query.terms
    if roles or len(terms) != 1 or not 2 <= len(terms[0]) <= BOUNDARY_MAX or KINDS[int(seg.kind[local])] != "body":
        return 1.0
    if _rank.doc_kind_prior(seg.docs[int(seg.doc[local])].doc_kind) < 1.0:
        return 1.0
    return 1.0 + _rank.FOCUS_STEP * (len(_spans(text, terms[0])) - 1)


def _role_factor(seg: Segment, local: int, roles: tuple[str, ...]) -> float:
    if not roles or role_of(seg, local) not in roles:
        return 1.0
    return _rank.ROLE_FACTOR * (_rank.ROLE_HEADING_FACTOR if KINDS[int(seg.kind[local])] == "heading" else 1.0)


def rerank(segments: list[Segment], picked: list[Scored], query: Query, roles: tuple[str, ...]) -> list[Scored]:
    """The first POOL hits reordered by the query-time factors; the rest keep their order below them."""
    head, tail = picked[:POOL], picked[POOL:]
    for hit in head:
        text = hit.norm(segments)
        boundary = _boundary(text, query.terms)
        role = _role_factor(segments[hit.segment], hit.local, roles)
        topic = focus(segments[hit.segment], hit.local, text, query, roles) if boundary == 1.0 else 1.0
        hit.factors.update(bm25=round(hit.score, 4), boundary=boundary, focus=round(topic, 2), intent=role)
        hit.score *= boundary * role * topic
    head.sort(key=lambda h: -h.score)  # stable: ties keep the engine's order (newer, earlier first)
    return head + tail


def fold(segments: list[Segment], picked: list[Scored], want: int) -> list[Scored]:
    """Near-duplicates (the same text but for numbers and markers) folded into the best of them, until
    ``want`` hits are kept (the rest follow unfolded: later pages fold what they show)."""
    kept: dict[tuple[int, int, str], Scored] = {}
    out: list[Scored] = []
    for n, hit in enumerate(picked):
        if len(out) >= want:
            return out + picked[n:]
        seg = segments[hit.segment]
        # Paid and free paragraphs never fold together: a locked hit must not stand for free text, nor
        # a free hit's "similar versions" vouch for what a paid one says.
        key = (int(seg.kind[hit.local]), int(seg.paid[hit.local]), _rank.fold_key(hit.norm(segments)))
        if len(key[2]) >= FOLD_MIN and key in kept:
            kept[key].similar += 1
            continue
        kept[key] = hit
        out.append(hit)
    return out


# --- related results ----------------------------------------------------------------------------------
def _is_exact(text: str, query: Query) -> bool:
    return all(any(t in text for t in clause) for clause in query.clauses)


def _excluded(text: str, query: Query) -> bool:
    return any(t in text for t in query.excluded)


def _words_in(text: str, groups: tuple[tuple[str, ...], ...]) -> tuple[str, ...]:
    return tuple(w for g in groups for w in g if w in text)


def _classify(text: str, patterns: dict[str, re.Pattern[str]]) -> str:
    for name, pattern in patterns.items():  # in_order first, then loose
        if pattern.search(text):
            return name
    return "any_order"


def related(engine: Engine, query: Query, plan: Plan, filters: Filters | None, law: bool,
            limit: int) -> list[Scored]:
    """Related results: the query's words with variants (in order, loosely, any order) and, when the
    query names a section purpose, headings of sections of that role.  Exact hits are left out."""
    found: dict[tuple[int, int], Scored] = {}
    if plan.useful:
        _word_matches(engine, query, plan, filters, law, found)
    for role in plan.roles:
        _intent_matches(engine, query, plan, role, filters, found, limit)
    out = sorted(found.values(), key=lambda h: -h.score)
    return out[:limit]


def _word_matches(engine: Engine, query: Query, plan: Plan, filters: Filters | None, law: bool,
                  found: dict[tuple[int, int], Scored]) -> None:
    loose_groups = tuple(g for g, opt in zip(plan.words, plan.optional, strict=True) if not opt) or plan.words
    patterns: dict[str, re.Pattern[str]] = {"in_order": in_order_pattern(plan.words)}
    if loose_groups != plan.words and len(loose_groups) >= 2:  # one word alone is no phrasing
        patterns["loose"] = in_order_pattern(loose_groups)
    wanted = Query(tuple(loose_groups), query.excluded)
    idfs = {t: engine.idf(t, filters) for c in wanted.clauses for t in c}  # over what this reader may see
    ranked = engine.ranked(engine.run(wanted, filters, idfs, law), RELATED_POOL, with_facets=False)
    best: dict[str, float] = {}
    scored = []
    for si, local, score, _ in ranked.picked:
        text = engine.segments[si].norm_text(local)
        if _is_exact(text, query) or _excluded(text, query):
            continue
        match = _classify(text, patterns)
        best[match] = max(best.get(match, 0.0), score)
        scored.append((si, local, score, match, _words_in(text, plan.words)))
    roles = plan.roles
    for si, local, score, match, words in scored:
        rel = TIER[match] * (0.5 + 0.5 * score / best[match])
        if match != "any_order":  # words scattered over a paragraph say little about its section
            rel *= _role_factor(engine.segments[si], local, roles)
        if roles and engine.segments[si].kind[local] != 1:
            rel *= BODY_WHEN_INTENT
        found[(si, local)] = Scored(si, local, rel, factors={"tier": TIER[match], "bm25": round(score, 4)},
                                    match=match, words=words)


def role_headings(seg: Segment, role: int, words: tuple[str, ...]) -> tuple[np.ndarray, np.ndarray]:
    """Heading paragraphs of sections with the role (ROLES index) in a segment, ascending, and a prior for
    each: ranking boost × 1.5 when the heading names one of words (the query's purpose words: 计划, 问题…)
    × 0.7 below the section's top.  Computed once per segment, role and words (segments never change)."""
    cache = seg.role_cache
    key = (role, words)
    if key not in cache:
        roles = seg.profiles[seg.profile, 4]
        ids = np.flatnonzero((roles == role) & (seg.kind == 1)).astype(np.int64)
        named = np.zeros(len(ids), dtype=bool)
        for word in words:
            named |= np.isin(ids, seg.term_hits(word).ids, assume_unique=True)
        depth = np.array([len(p) for p in seg.paths] or [0], dtype=np.int64)[np.asarray(seg.path[ids], dtype=np.int64)]
        prior = seg.boost[ids] * np.where(named, 1.5, 1.0) * np.where(depth <= 1, 1.0, 0.7)
        cache[key] = (ids, prior)
    return cache[key]


def _intent_matches(engine: Engine, query: Query, plan: Plan, role: str, filters: Filters | None,
                    found: dict[tuple[int, int], Scored], limit: int) -> None:
    """Headings of sections with the role: section heads naming the role (下半年工作计划, 存在的问题)
    first, then the points under them; the query's own words lift a heading a little."""
    table = load_table()
    # The query's own words for the purpose and their variants (做法 → 做法/经验做法/经验), not every word
    # of the role: a heading naming 成效 does not answer 主要做法.
    own = tuple(sorted({w for g in plan.words if any(table.roles.get(x) == role for x in g) for w in g}))
    words = tuple(dict.fromkeys(w for g in plan.words for w in g))
    for si, seg in enumerate(engine.segments):
        ids, prior = role_headings(seg, ROLES.index(role), own)
        keep = engine.allowed(si, ids, filters)
        if keep is not None:
            ids, prior = ids[keep], prior[keep]
        if not len(ids):
            continue
        take = min(len(ids), INTENT_POOL + limit)
        best = np.argpartition(-prior, take - 1)[:take] if take < len(ids) else np.arange(len(ids))
        for j in best[np.argsort(-prior[best], kind="stable")].tolist():
            local = int(ids[j])
            text = seg.norm_text(local)
            if (si, local) in found or _is_exact(text, query) or _excluded(text, query):
                continue
            named = tuple(w for w in words if w in text)
            rel = TIER["intent"] * float(prior[j]) / 1.8 * (1.0 + 0.25 * min(len(named), 2))
            found[(si, local)] = Scored(si, local, min(rel, 1.2), factors={"tier": TIER["intent"]},
                                        match="intent", words=named)
