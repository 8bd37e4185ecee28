"""Originality check (查重), near-duplicate detection and more-like-this over the fingerprint index.

Check: the draft is cut into sentences; each sentence's k-grams are looked up in the fingerprint
index, the paragraphs sharing most of them are aligned with the sentence, and the best one is a
match when

- the whole sentence is the same as a passage of it: aligned characters / the longer of the
  sentence and the passage >= ``SENTENCE_SIMILARITY`` (edits of a character or two, D建/党建,
  punctuation and width changes all stay above it), or
- a run of at least ``PASSAGE_MIN`` characters inside the sentence is the same at
  >= ``PASSAGE_SIMILARITY`` (a copied clause inside a new sentence).

Adjacent matches of one source paragraph are merged into one passage.  The copy ratio is the
share of the draft's non-space characters that lie inside matches.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from .fingerprints import FingerprintIndex
from .text import (
    best_cluster,
    codes_of,
    fingerprints,
    kgram_hashes,
    sentences,
    similarity,
    squeeze,
    squeeze_map,
)

SENTENCE_SIMILARITY = 0.75
PASSAGE_MIN = 20
PASSAGE_SIMILARITY = 0.85
MIN_CHARS = 8  # shorter sentences (headings such as 二、存在问题) say too little to be copied
CANDIDATES = 5
# "At least 90% the same" counted on the text as written; similarity is measured on text with
# punctuation and spaces squeezed out, where a 10% change of all characters can cost up to
# ~13% (replacements fall on Han characters), so the link line sits below 0.90.
NEAR_DUPLICATE = 0.85


def _candidates(index: FingerprintIndex, hashes: np.ndarray) -> np.ndarray:
    """Paragraphs most likely to hold a sentence, best first.

    Each shared k-gram counts by its rarity (IDF), so a paragraph sharing the sentence's own words
    beats one sharing only a stock phrase; the share of the paragraph's fingerprints hit breaks ties
    in favour of a short paragraph that is the sentence itself.
    """
    qpos, paras = index.lookup(hashes)
    if len(paras) == 0:
        return paras
    df = np.bincount(qpos, minlength=len(hashes))
    idf = np.log((len(index) + 1) / (df + 0.5))
    units, inverse, counts = np.unique(paras, return_inverse=True, return_counts=True)
    score = np.bincount(inverse, weights=idf[qpos], minlength=len(units))
    score *= 1 + counts / np.maximum(index.para_nfp[units], 1)
    return units[np.lexsort((units, -score))[:CANDIDATES]]


def _sentence_match(sent: str, index: FingerprintIndex, candidates: np.ndarray) -> dict[str, Any] | None:
    """Best aligned source for one squeezed sentence among candidate paragraphs."""
    best: dict[str, Any] | None = None
    for para in candidates:
        source = index.paragraph_text(int(para))
        matched, a0, a1, b0, b1 = best_cluster(sent, source)
        whole = matched / max(len(sent), b1 - b0)
        local = matched / max(a1 - a0, b1 - b0, 1)
        if whole >= SENTENCE_SIMILARITY and matched >= MIN_CHARS:
            cand = {"para": int(para), "a0": 0, "a1": len(sent), "similarity": whole, "b": (b0, b1)}
        elif a1 - a0 >= PASSAGE_MIN and local >= PASSAGE_SIMILARITY:
            cand = {"para": int(para), "a0": a0, "a1": a1, "similarity": local, "b": (b0, b1)}
        else:
            continue
        cover = cand["a1"] - cand["a0"]
        if best is None or (cover, cand["similarity"]) > (best["a1"] - best["a0"], best["similarity"]):
            best = cand
    return best


def _raw_matches(text: str, index: FingerprintIndex) -> list[dict[str, Any]]:
    """Sentence matches as dicts with draft offsets, before merging."""
    sq = squeeze_map(text)
    # Map every squeezed character to its sentence, then work sentence by sentence.
    spans = sentences(text)
    starts = np.array(sq.starts, dtype=np.int64)
    sent_of = np.searchsorted(np.array([e for _, e in spans], dtype=np.int64), starts, side="right")
    bounds = np.searchsorted(sent_of, np.arange(len(spans) + 1))
    out = []
    for n in range(len(spans)):
        lo, hi = int(bounds[n]), int(bounds[n + 1])
        sent = sq.text[lo:hi]
        if len(sent) < MIN_CHARS:
            continue
        hashes = kgram_hashes(codes_of(sent))
        found = _sentence_match(sent, index, _candidates(index, hashes))
        if found is None:
            continue
        start, end = sq.source_span(lo + found["a0"], lo + found["a1"])
        if found["a0"] == 0 and found["a1"] == len(sent):
            start, end = spans[n]
        out.append({"start": start, "end": end, "para": found["para"], "similarity": found["similarity"],
                    "b": found["b"], "chars": found["a1"] - found["a0"]})
    return out


def _joins(prev: dict[str, Any], m: dict[str, Any], text: str, index: FingerprintIndex) -> bool:
    """Whether two matches of one paragraph are one passage: nothing lies between them but punctuation
    or a short sentence (a heading such as （二）加强监管) that the source has between them too."""
    if prev["para"] != m["para"]:
        return False
    gap = squeeze(text[prev["end"]:m["start"]])
    if not gap:
        return True
    between = index.paragraph_text(m["para"])[prev["b"][1]:m["b"][0]]
    return len(gap) < MIN_CHARS and gap in between


def _merge(matches: list[dict[str, Any]], text: str, index: FingerprintIndex) -> list[dict[str, Any]]:
    """Join consecutive matches of the same paragraph into one passage."""
    merged: list[dict[str, Any]] = []
    for m in matches:
        prev = merged[-1] if merged else None
        if prev and _joins(prev, m, text, index):
            total = prev["chars"] + m["chars"]
            prev["similarity"] = (prev["similarity"] * prev["chars"] + m["similarity"] * m["chars"]) / max(total, 1)
            prev["chars"] = total
            prev["end"] = m["end"]
            prev["b"] = (min(prev["b"][0], m["b"][0]), max(prev["b"][1], m["b"][1]))
            continue
        merged.append(dict(m))
    return merged


def _source_passage(paragraph_text: str, b0: int, b1: int) -> str:
    """The original characters of the paragraph behind squeezed span [b0, b1)."""
    sq = squeeze_map(paragraph_text)
    if not sq.text or b0 >= len(sq.text):
        return paragraph_text
    start, end = sq.source_span(b0, min(b1, len(sq.text)))
    # the squeezed text has no punctuation: give back the sentence's closing marks as the reader sees them
    while end < len(paragraph_text) and paragraph_text[end] in _CLOSERS:
        end += 1
    return paragraph_text[start:end]


_CLOSERS = "。！？；，、：.!?;,:”’」』）)"


def check_draft(text: str, fingerprint_index: FingerprintIndex, library: Any, *,
                entitled: Callable[[str], bool]) -> dict[str, Any]:
    """The originality report of a draft: chars, copy ratio, matched passages with their sources.

    ``entitled(doc_id)`` comes from the one entitlement check; a paid source the reader may not read
    is named (document, paragraph, title) but its text is withheld (source_text None, locked True).
    """
    index = fingerprint_index
    raw = _merge(_raw_matches(text, index), text, index)
    covered = np.zeros(len(text), dtype=bool)
    matches = []
    for m in raw:
        covered[m["start"]:m["end"]] = True
        pid = index.paragraph_id(m["para"])
        doc_num = int(index.para_doc[m["para"]])
        doc_id = index.doc_ids[doc_num]
        row = library.paragraph(pid)
        item: dict[str, Any] = {
            "start": m["start"], "end": m["end"], "text": text[m["start"]:m["end"]], "doc_id": doc_id,
            "paragraph_id": pid, "similarity": round(float(m["similarity"]), 3), "title": index.titles[doc_num],
        }
        if row.get("paid") and not entitled(doc_id):
            item["source_text"] = None
            item["locked"] = True
        else:
            item["source_text"] = _source_passage(row["text"], *m["b"])
        matches.append(item)
    visible = np.array([not ch.isspace() for ch in text], dtype=bool)
    chars = int(visible.sum())
    copied = int((covered & visible).sum())
    return {"chars": chars, "copied_chars": copied, "copy_ratio": round(copied / chars, 4) if chars else 0.0,
            "matches": matches}


# ------------------------------------------------------------------ near-duplicates

def _doc_candidates(fps: np.ndarray, index: FingerprintIndex, *, exclude: set[str],
                    before_seq: int | None) -> list[tuple[int, float]]:
    """Documents sharing the most fingerprints with fps: (doc number, share of the larger set)."""
    _, paras = index.lookup(fps, cap=1_000_000)
    if before_seq is not None:
        paras = paras[index.para_seq[paras] < before_seq]
    if len(paras) == 0:
        return []
    docs, counts = np.unique(index.para_doc[paras], return_counts=True)
    share = counts / np.maximum(np.maximum(index.doc_nfp[docs], len(fps)), 1)
    order = np.argsort(-share)
    return [(int(docs[i]), float(share[i])) for i in order[:5]
            if index.doc_ids[int(docs[i])] not in exclude and share[i] >= 0.25]


def near_duplicate_of(document_text: str, index: FingerprintIndex, *, exclude: set[str] | None = None,
                      before_seq: int | None = None) -> tuple[str, float] | None:
    """The held document this text is a near-duplicate of (>= NEAR_DUPLICATE similar), or None.

    ``exclude`` leaves out documents (the document itself when already indexed); ``before_seq``
    considers only documents stored earlier, so of two versions the older one is the canonical.
    """
    text = squeeze(document_text)
    if len(text) < 50:
        return None
    best: tuple[str, float] | None = None
    for doc, _ in _doc_candidates(fingerprints(text), index, exclude=exclude or set(), before_seq=before_seq):
        sim = similarity(text, index.doc_text(doc))
        if sim >= NEAR_DUPLICATE and (best is None or sim > best[1]):
            best = (index.doc_ids[doc], round(sim, 4))
    return best


def find_near_duplicates(library: Any, index: FingerprintIndex, doc_ids: list[str]) -> dict[str, tuple[str, float]]:
    """For freshly imported documents (index already caught up): doc_id → (older doc_id, similarity).

    The lead calls this after each import batch (after ``index.catch_up``) and stores the result in
    documents.near_dup_of / similarity.  Only documents stored before each one are considered.
    """
    out = {}
    for doc_id in doc_ids:
        stored = library.get_document(doc_id)
        num = index.doc_num(doc_id)
        first_seq = (int(index.para_seq[index.doc_paragraphs(num)].min())
                     if num is not None and len(index.doc_paragraphs(num)) else None)
        found = near_duplicate_of(stored.document.text, index, exclude={doc_id}, before_seq=first_seq)
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


# ------------------------------------------------------------------ more like this

def _rank(index: FingerprintIndex, fps: np.ndarray, by_doc: bool) -> tuple[np.ndarray, np.ndarray]:
    """Paragraphs (or documents) sharing fingerprints with fps, scored by IDF-weighted cosine."""
    qpos, paras = index.lookup(fps, cap=20_000)
    if len(paras) == 0:
        return np.empty(0, dtype=np.int64), np.empty(0)
    df = index.document_frequency(fps)
    idf = np.log1p(len(index) / np.maximum(df, 1))
    keys = index.para_doc[paras] if by_doc else paras
    units, inverse = np.unique(keys, return_inverse=True)
    score = np.bincount(inverse, weights=idf[qpos], minlength=len(units))
    sizes = index.doc_nfp[units] if by_doc else index.para_nfp[units]
    score = score / np.sqrt(np.maximum(sizes, 1) * max(len(fps), 1)) / max(float(idf.mean()), 1e-9)
    return units, score


def similar(library: Any, fingerprint_index: FingerprintIndex, doc_id: str | None = None,
            paragraph_id: str | None = None, limit: int = 10) -> list[dict[str, Any]]:
    """More like this for a document or a paragraph: ids, titles and scores only (no text).

    The document itself, its near-duplicates (linked in the store, or found now) and, for a
    paragraph, its own document are left out.
    """
    index = fingerprint_index
    if (doc_id is None) == (paragraph_id is None):
        raise ValueError("give doc_id or paragraph_id")
    if paragraph_id is not None:
        row = library.paragraph(paragraph_id)
        doc_id = row["doc_id"]
        text = squeeze(row["text"])
    else:
        text = squeeze(library.get_document(doc_id).document.text)
    groups = near_duplicate_groups(library)
    own = groups.get(doc_id, doc_id)
    units, score = _rank(index, fingerprints(text), by_doc=paragraph_id is None)
    out: list[dict[str, Any]] = []
    for i in np.argsort(-score):
        unit = int(units[i])
        doc = unit if paragraph_id is None else int(index.para_doc[unit])
        other = index.doc_ids[doc]
        if other == doc_id or groups.get(other, other) == own:
            continue
        if paragraph_id is None and score[i] > 0.3 and similarity(text, index.doc_text(doc)) >= NEAR_DUPLICATE:
            continue
        item = {"doc_id": other, "title": index.titles[doc], "score": round(float(score[i]), 4)}
        if paragraph_id is not None:
            item["paragraph_id"] = index.paragraph_id(unit)
        out.append(item)
        if len(out) >= limit:
            break
    return out
