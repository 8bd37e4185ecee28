"""Near-duplicates: which older document a new one is (almost) a copy of.

A document is a near-duplicate of an older one when at least ``NEAR_DUPLICATE`` of the two texts is
the same, in order (Dice over aligned characters, ``text.similarity``).  The work per document stays
bounded however many copies of a text the library holds:

1. Candidates: the documents holding at least ``CANDIDATE_SHARE`` of its fingerprints, read from
   bounded postings (``candidates.doc_overlaps``), most shared first, at most ``CANDIDATES``.
2. Order: a copy holds the shared fingerprints in the same order.  Each candidate's paragraphs, read
   in the order the document has those fingerprints, must mostly go forward (``IN_ORDER``); a text
   made of the same paragraphs in another order (a compilation, a reshuffled repost) is turned down
   here, without reading its text.
3. Text: the first candidate whose aligned text reaches the line is the answer.  A candidate that
   cannot reach it by the cheap upper bound is turned down without aligning its gaps.
"""

from __future__ import annotations

from bisect import bisect_right
from typing import Any

import numpy as np

from .candidates import doc_overlaps
from .fingerprints import FingerprintIndex
from .text import codes_of, kgram_hashes, similarity, squeeze, winnow

# "At least 90% the same" counted on the text as written; similarity is measured on text with
# punctuation and spaces squeezed out, where a 10% change of all characters can cost up to
# ~13% (replacements fall on Han characters), so the link line sits below 0.90.
NEAR_DUPLICATE = 0.85
CANDIDATE_SHARE = 0.25  # share of fingerprints a document needs to be compared as a near-duplicate
CANDIDATES = 5  # documents compared per document
# Share of a candidate's shared fingerprints that must lie in one forward run of its paragraphs.
# A copy with NEAR_DUPLICATE of its text aligned in order has at most ~15% out of place.
IN_ORDER = 0.7
SAMPLE = 256  # shared fingerprints the order is judged on


def fingerprint_positions(text: str) -> tuple[np.ndarray, np.ndarray]:
    """The fingerprints of a squeezed text (as ``text.fingerprints``) and where each first occurs."""
    h = kgram_hashes(codes_of(text))
    picked = winnow(h)
    fps, first = np.unique(h[picked], return_index=True)
    return fps, picked[first]


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


def _in_order(doc: int, index: FingerprintIndex, where: np.ndarray, postings: tuple[np.ndarray, np.ndarray]) -> bool:
    """Whether the candidate's paragraphs holding the shared fingerprints mostly go forward when read
    in the document's order of those fingerprints (``where``: position of each query fingerprint)."""
    qpos, paras = postings
    mine = index.para_doc[paras] == doc
    q, p = where[qpos[mine]], paras[mine]
    if len(p) == 0:
        return True  # only boilerplate fingerprints were shared: the text decides
    distinct = np.unique(q)
    if len(distinct) > SAMPLE:  # evenly spaced fingerprints estimate the share as well, for less work
        kept = np.isin(q, distinct[np.linspace(0, len(distinct) - 1, SAMPLE).astype(np.int64)])
        q, p = q[kept], p[kept]
    # a fingerprint held by several of its paragraphs (a phrase it repeats) counts once: listed last
    # paragraph first, a forward run can take only one of them
    order = np.lexsort((-p, q))
    return _forward_run(p[order].tolist()) >= IN_ORDER * len(np.unique(q))


def _candidates(text: str, index: FingerprintIndex, exclude: set[str], before_seq: int | None) -> list[int]:
    """Documents worth aligning with text: most shared fingerprints first, in order, at most CANDIDATES."""
    fps, where = fingerprint_positions(text)
    docs, counts, postings = doc_overlaps(index, fps, before_seq, CANDIDATE_SHARE)
    share = counts / np.maximum(np.maximum(index.doc_nfp[docs], len(fps)), 1)
    out = []
    for i in np.lexsort((docs, -share)):
        if share[i] < CANDIDATE_SHARE or len(out) == CANDIDATES:
            break
        doc = int(docs[i])
        if index.doc_ids[doc] not in exclude and _in_order(doc, index, where, postings):
            out.append(doc)
    return out


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
