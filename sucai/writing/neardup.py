"""Near-duplicates: which older document a new one is (almost) a copy of.

A document is a near-duplicate of an older one when at least ``NEAR_DUPLICATE`` of the two texts is
the same, in order (Dice over aligned characters, ``text.similarity``).  The work per document stays
bounded however many copies of a text the library holds:

1. Candidates, from a sketch: the document's ``SKETCH`` fingerprints with the lowest hash values,
   leaving out boilerplate (held by more than ``STOP_PARAGRAPHS`` paragraphs).  Hash values are
   uniform, so the same choice in a copy picks the same fingerprints, and the share of the sketch a
   document holds estimates the share of all fingerprints it holds (a bottom-k sketch).  The work is
   ``SKETCH`` postings lists whatever the document's length; documents estimated to hold at least
   ``CANDIDATE_SHARE`` of the larger fingerprint set make a shortlist (``SHORTLIST``, most shared
   first).
2. Order: a copy holds the shared fingerprints in the same order.  Each candidate's paragraphs, read
   in the order the document has the sketch's fingerprints, must mostly go forward (``IN_ORDER``);
   a text made of the same paragraphs in another order (a compilation, a reshuffled repost) is
   turned down here, without reading its text.  The longest forward runs are the ``CANDIDATES``.
3. Text: the first candidate whose aligned text reaches the line is the answer.  A candidate that
   cannot reach it by the cheap upper bound is turned down without aligning its gaps.
"""

from __future__ import annotations

from bisect import bisect_right
from typing import Any

import numpy as np

from .candidates import STOP_PARAGRAPHS
from .fingerprints import FingerprintIndex
from .text import distinct, fingerprint_positions, similarity, squeeze

# "At least 90% the same" counted on the text as written; similarity is measured on text with
# punctuation and spaces squeezed out, where a 10% change of all characters can cost up to
# ~13% (replacements fall on Han characters), so the link line sits below 0.90.
NEAR_DUPLICATE = 0.85
CANDIDATE_SHARE = 0.25  # share of fingerprints a document needs to be compared as a near-duplicate
CANDIDATES = 5  # documents compared per document
SHORTLIST = 16  # documents sharing the most fingerprints whose order is checked
# Share of a candidate's shared fingerprints that must lie in one forward run of its paragraphs.
# A copy with NEAR_DUPLICATE of its text aligned in order has at most ~15% out of place.
IN_ORDER = 0.7
SKETCH = 128  # fingerprints a document is looked up by (its lowest hash values)
FALLBACK = 16  # a text of stock phrases only is looked up by this many of its rarest


def _forward_run(seq: list[int]) -> int:
    """Length of the longest non-decreasing subsequence."""
    tails: list[int] = []
    for x in seq:
        at = bisect_right(tails, x)
        if at == len(tails):
            tails.append(x)
        else:
            tails[at] = x
    return len(tails)


def _in_order(doc: int, where: np.ndarray, postings: tuple[np.ndarray, np.ndarray, np.ndarray]) -> tuple[int, int]:
    """(the shared fingerprints in one forward run of the candidate's paragraphs, the shared ones),
    reading the candidate's paragraphs in the document's order of those fingerprints (``where``:
    position of each query fingerprint; ``postings``: (query fingerprint, paragraph, its document),
    sorted by document)."""
    qpos, paras, docs = postings
    lo, hi = np.searchsorted(docs, doc, side="left"), np.searchsorted(docs, doc, side="right")
    q, p = where[qpos[lo:hi]], paras[lo:hi]
    # a fingerprint held by several of its paragraphs (a phrase it repeats) counts once: listed last
    # paragraph first, a forward run can take only one of them
    order = np.lexsort((-p, q))
    return _forward_run(p[order].tolist()), len(distinct(q))


def _sketch_postings(fps: np.ndarray, index: FingerprintIndex,
                     before_seq: int | None) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
    """(position in fps, paragraph, document) of every posting of the sketch, sorted by document,
    and the sketch's size.  fps are sorted by value, so the sketch is the first SKETCH not boilerplate."""
    head = 2 * SKETCH  # the lowest values first: few of them are boilerplate
    while True:
        ranges = index.ranges(fps[:head])
        df = index.document_frequency(fps[:head], ranges)
        pick = np.flatnonzero(df <= STOP_PARAGRAPHS)[:SKETCH]
        if len(pick) == SKETCH or head >= len(fps):
            break
        head *= 4
    if not len(pick):  # nothing but stock phrases: their rarest few stand for the text
        pick = np.sort(np.argsort(df, kind="stable")[:FALLBACK])
    qpos, paras = index.lookup(fps[pick], ranges=[(lo[pick], hi[pick]) for lo, hi in ranges])
    if before_seq is not None:
        keep = index.para_seq[paras] < before_seq
        qpos, paras = qpos[keep], paras[keep]
    owner = index.para_doc[paras]
    by_doc = np.argsort(owner, kind="stable")
    return pick[qpos[by_doc]], paras[by_doc], owner[by_doc], len(pick)


def _candidates(text: str, index: FingerprintIndex, exclude: set[str], before_seq: int | None) -> list[int]:
    """Documents worth aligning with text, at most CANDIDATES: of the SHORTLIST sharing the most
    fingerprints, those holding them in order, the longest forward run first."""
    fps, where = fingerprint_positions(text)
    qpos, paras, owner, size = _sketch_postings(fps, index, before_seq)
    if not size:
        return []
    held = distinct(owner * np.int64(len(fps)) + qpos) // len(fps)  # (document, fingerprint) once each
    docs, counts = np.unique(held, return_counts=True)
    scale = len(fps) / size / np.maximum(np.maximum(index.doc_nfp[docs], len(fps)), 1)
    ranked = []
    for i in np.lexsort((docs, -counts * scale))[:SHORTLIST]:
        doc = int(docs[i])
        if counts[i] * scale[i] < CANDIDATE_SHARE:
            break
        if index.doc_ids[doc] in exclude:
            continue
        run, shared = _in_order(doc, where, (qpos, paras, owner))
        if run >= IN_ORDER * shared:
            ranked.append((-run * scale[i], doc))
    return [doc for _, doc in sorted(ranked)[:CANDIDATES]]


def _first_copy(text: str, candidates: list[int], index: FingerprintIndex) -> tuple[str, float] | None:
    """The first candidate at least NEAR_DUPLICATE similar (one alignment per document once a library
    holds many copies of a text, instead of aligning every candidate to find the closest)."""
    for doc in candidates:
        other = index.doc_text(doc)
        # similarity is Dice over aligned characters, at most the shorter text: skip what cannot reach
        if 2 * min(len(text), len(other)) / max(len(text) + len(other), 1) < NEAR_DUPLICATE:
            continue
        sim = similarity(text, other, at_least=NEAR_DUPLICATE)
        if sim >= NEAR_DUPLICATE:
            return index.doc_ids[doc], round(sim, 4)
    return None


def near_duplicate_of(document_text: str, index: FingerprintIndex, *, exclude: set[str] | None = None,
                      before_seq: int | None = None) -> tuple[str, float] | None:
    """The held document this text is a near-duplicate of (>= NEAR_DUPLICATE similar), or None.

    ``exclude`` leaves out documents (the document itself when already indexed); ``before_seq``
    considers only documents stored earlier, so of two versions the older one is the canonical.
    """
    text = squeeze(document_text)
    if len(text) < 50:
        return None
    return _first_copy(text, _candidates(text, index, exclude or set(), before_seq), index)


def find_near_duplicates(library: Any, index: FingerprintIndex, doc_ids: list[str]) -> dict[str, tuple[str, float]]:
    """For freshly imported documents (index already caught up): doc_id → (older doc_id, similarity).

    The lead calls this after each import batch (after ``index.catch_up``) and stores the result in
    documents.near_dup_of / similarity.  Only documents stored before each one are considered.
    """
    index.set_source(library)
    stored = library.document_texts(doc_ids)
    out = {}
    for doc_id in doc_ids:
        text = stored[doc_id] if doc_id in stored else library.get_document(doc_id).document.text
        num = index.doc_num(doc_id)
        before = (int(index.para_seq[index.doc_paragraphs(num)].min())
                  if num is not None and len(index.doc_paragraphs(num)) else None)
        found = near_duplicate_of(text, index, exclude={doc_id}, before_seq=before)
        if found:
            out[doc_id] = found
    return out


def near_duplicate_groups(library: Any) -> dict[str, str]:
    """doc_id → canonical doc_id for every linked document (chains followed to their root)."""
    links = {r["id"]: r["near_dup_of"] for r in
             library.db.all("SELECT id, near_dup_of FROM documents WHERE near_dup_of IS NOT NULL")}
    groups = {}
    for doc_id in links:
        root, seen = doc_id, set()
        while root in links and root not in seen:
            seen.add(root)
            root = links[root]
        groups[doc_id] = root
        groups.setdefault(root, root)
    return groups
