"""Originality check (查重), near-duplicate detection and more-like-this over the fingerprint index.

Check: the draft is cut into sentences; each sentence's k-grams are looked up in the fingerprint
index, the paragraphs sharing most of them are aligned with the sentence, and the best one is a
match when

- the whole sentence is the same as a passage of it: aligned characters / the longer of the
  sentence and the passage >= ``SENTENCE_SIMILARITY`` (edits of a character or two, D建/党建,
  punctuation and width changes all stay above it), or
- a run of at least ``PASSAGE_MIN`` characters inside the sentence is the same at
  >= ``PASSAGE_SIMILARITY`` (a copied clause inside a new sentence).

Each sentence's alignments are tried against its own best candidates and against the sources of
the sentences around it; one source per sentence is then chosen for the draft as a whole (most
characters covered, then fewest changes of source, then similarity), so a stock phrase inside a
copied passage is credited to the passage's source.  Adjacent matches of one source paragraph are
merged into one passage.  The copy ratio is the
share of the draft's non-space characters that lie inside matches.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from typing import Any

import numpy as np

from .candidates import draft_candidates, visible_postings
from .fingerprints import FingerprintIndex
from .neardup import NEAR_DUPLICATE, near_duplicate_groups
from .text import (
    codes_of,
    densest_chain,
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
CONTEXT = 3  # sentences either side whose sources are also tried on a sentence
SIMILARITY_SLACK = 0.05  # sources this close to the closest one are as good (the passage's own wins)


class _Aligner:
    """best_cluster of sentences in paragraphs for one draft: each paragraph's difflib tables are
    made once, and a sentence is aligned once with each distinct text (replicas, reposts)."""

    def __init__(self, index: FingerprintIndex) -> None:
        self.index = index
        self.texts: dict[int, str] = {}
        self.matchers: dict[str, difflib.SequenceMatcher] = {}
        self.done: dict[tuple[str, str], tuple[int, int, int, int, int]] = {}

    def __call__(self, sent: str, para: int) -> tuple[int, int, int, int, int]:
        source = self.texts.get(para)
        if source is None:
            source = self.texts[para] = self.index.paragraph_text(para)
        found = self.done.get((sent, source))
        if found is None:
            matcher = self.matchers.get(source)
            if matcher is None:
                matcher = self.matchers[source] = difflib.SequenceMatcher(None, "", source, autojunk=False)
            matcher.set_seq1(sent)
            found = self.done[(sent, source)] = densest_chain(matcher.get_matching_blocks())
        return found


def _alignments(sent: str, align: _Aligner, paras: list[int]) -> list[dict[str, Any]]:
    """Every paragraph of paras that holds the squeezed sentence well enough to be a match."""
    out = []
    for para in paras:
        matched, a0, a1, b0, b1 = align(sent, para)
        whole = matched / max(len(sent), b1 - b0)
        local = matched / max(a1 - a0, b1 - b0, 1)
        if whole >= SENTENCE_SIMILARITY and matched >= MIN_CHARS:
            out.append({"para": para, "a0": 0, "a1": len(sent), "similarity": whole, "b": (b0, b1)})
        elif a1 - a0 >= PASSAGE_MIN and local >= PASSAGE_SIMILARITY:
            out.append({"para": para, "a0": a0, "a1": a1, "similarity": local, "b": (b0, b1)})
    return out


def _equivalent(options: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The options that cover the most of the sentence and are about as close as the closest one."""
    cover = max(o["a1"] - o["a0"] for o in options)
    widest = [o for o in options if o["a1"] - o["a0"] == cover]
    best = max(o["similarity"] for o in widest)
    return [o for o in widest if o["similarity"] >= best - SIMILARITY_SLACK]


def _assign(options: list[list[dict[str, Any]]]) -> list[dict[str, Any] | None]:
    """One source per sentence: the most draft covered, then the fewest changes of source paragraph
    from one matched sentence to the next, then the highest similarity.

    A stock phrase (综合整治内卷式竞争) stands in many documents, and alone the shortest paragraph that
    is nothing else would win it; chosen with its neighbours it goes to the source of the passage
    around it, so a copied paragraph comes back as one passage of one source (dynamic programming
    over the sentences that have any match; ties go to the better-ranked candidate).
    """
    live = [i for i, o in enumerate(options) if o]
    chosen: list[dict[str, Any] | None] = [None] * len(options)
    if not live:
        return chosen
    # per live sentence: its options, each option's best (-source changes, similarity sum) so far,
    # and the option of the previous live sentence on that best path
    steps: list[tuple[list[dict[str, Any]], list[tuple[int, float]], list[int]]] = []
    for i in live:
        opts = _equivalent(options[i])
        scores, back = [], []
        for o in opts:
            if not steps:
                scores.append((0, o["similarity"]))
                back.append(-1)
                continue
            prev_opts, prev_scores, _ = steps[-1]
            paths = [(s[0] - (p["para"] != o["para"]), s[1] + o["similarity"])
                     for p, s in zip(prev_opts, prev_scores, strict=True)]
            k = max(range(len(paths)), key=lambda j: (*paths[j], -j))
            scores.append(paths[k])
            back.append(k)
        steps.append((opts, scores, back))
    last = steps[-1][1]
    k = max(range(len(last)), key=lambda j: (*last[j], -j))
    for i, (opts, _, back) in zip(reversed(live), reversed(steps), strict=True):
        chosen[i] = opts[k]
        k = back[k]
    return chosen


def _raw_matches(text: str, index: FingerprintIndex, visible: np.ndarray | None) -> list[dict[str, Any]]:
    """Sentence matches as dicts with draft offsets, before merging."""
    sq = squeeze_map(text)
    # Map every squeezed character to its sentence, then work sentence by sentence.
    spans = sentences(text)
    starts = np.array(sq.starts, dtype=np.int64)
    sent_of = np.searchsorted(np.array([e for _, e in spans], dtype=np.int64), starts, side="right")
    bounds = np.searchsorted(sent_of, np.arange(len(spans) + 1))
    sents = [(n, int(bounds[n]), int(bounds[n + 1])) for n in range(len(spans))
             if bounds[n + 1] - bounds[n] >= MIN_CHARS]
    grams = [kgram_hashes(codes_of(sq.text[lo:hi])) for _, lo, hi in sents]
    tried = [[int(p) for p in found] for found in draft_candidates(index, grams, visible)]
    align = _Aligner(index)
    options = [_alignments(sq.text[lo:hi], align, paras) for (_, lo, hi), paras in zip(sents, tried, strict=True)]
    # The sources of the sentences around one are tried on it too: its own candidates, ranked by
    # how much of it they hold, may all be other documents that share a stock phrase with it.
    around = [[o["para"] for near in options[max(0, i - CONTEXT):i + CONTEXT + 1] for o in near]
              for i in range(len(sents))]
    for i, (_, lo, hi) in enumerate(sents):
        extra = [p for p in dict.fromkeys(around[i]) if p not in tried[i]]
        options[i] += _alignments(sq.text[lo:hi], align, extra)
    out = []
    for (n, lo, hi), found in zip(sents, _assign(options), strict=True):
        if found is None:
            continue
        start, end = sq.source_span(lo + found["a0"], lo + found["a1"])
        if found["a0"] == 0 and found["a1"] == hi - lo:
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
                entitled: Callable[[str], bool], visible: np.ndarray | None = None) -> dict[str, Any]:
    """The originality report of a draft: chars, copy ratio, matched passages with their sources.

    ``visible`` (sucai.writing.visible_mask) limits the sources to paragraphs the reader may read, so
    matches, similarities and the copy ratio say nothing about paid text they may not read.
    ``entitled(doc_id)`` comes from the one entitlement check; a paid source the reader may not read
    (only possible without ``visible``) is named but its text is withheld (source_text None, locked).
    """
    index = fingerprint_index
    index.set_source(library)
    raw = _merge(_raw_matches(text, index, visible), text, index)
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
    inked = np.array([not ch.isspace() for ch in text], dtype=bool)
    chars = int(inked.sum())
    copied = int((covered & inked).sum())
    return {"chars": chars, "copied_chars": copied, "copy_ratio": round(copied / chars, 4) if chars else 0.0,
            "matches": matches}


# ------------------------------------------------------------------ more like this

def _rank(index: FingerprintIndex, fps: np.ndarray, by_doc: bool,
          visible: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
    """Paragraphs (or documents) sharing fingerprints with fps, scored by IDF-weighted cosine
    over the visible paragraphs only (their number, frequencies and sizes)."""
    qpos, paras = visible_postings(index.lookup(fps, cap=20_000), visible)
    if len(paras) == 0:
        return np.empty(0, dtype=np.int64), np.empty(0)
    if visible is None:
        df, n, doc_nfp = index.document_frequency(fps), len(index), index.doc_nfp
    else:
        df, n = np.bincount(qpos, minlength=len(fps)), int(visible.sum())
        doc_nfp = np.bincount(index.para_doc[visible], weights=index.para_nfp[visible],
                              minlength=len(index.doc_ids)).astype(np.int64)
    idf = np.log1p(n / np.maximum(df, 1))
    keys = index.para_doc[paras] if by_doc else paras
    units, inverse = np.unique(keys, return_inverse=True)
    score = np.bincount(inverse, weights=idf[qpos], minlength=len(units))
    sizes = doc_nfp[units] if by_doc else index.para_nfp[units]
    score = score / np.sqrt(np.maximum(sizes, 1) * max(len(fps), 1)) / max(float(idf.mean()), 1e-9)
    return units, score


def similar(library: Any, fingerprint_index: FingerprintIndex, doc_id: str | None = None,
            paragraph_id: str | None = None, limit: int = 10, visible: np.ndarray | None = None) -> list[dict[str, Any]]:
    """More like this for a document or a paragraph: ids, titles and scores only (no text).

    The document itself, its near-duplicates (linked in the store, or found now) and, for a
    paragraph, its own document are left out.  With ``visible`` (public paragraphs only) both the
    document's own text and the others' are limited to those paragraphs.
    """
    index = fingerprint_index
    index.set_source(library)
    if (doc_id is None) == (paragraph_id is None):
        raise ValueError("give doc_id or paragraph_id")
    if paragraph_id is not None:
        row = library.paragraph(paragraph_id)
        doc_id = row["doc_id"]
        text = squeeze(row["text"])
    else:
        paragraphs = library.get_document(doc_id).document.paragraphs
        text = squeeze("\n".join(p.text for p in paragraphs if visible is None or not p.paid))
    groups = near_duplicate_groups(library)
    own = groups.get(doc_id, doc_id)
    units, score = _rank(index, fingerprints(text), by_doc=paragraph_id is None, visible=visible)
    out: list[dict[str, Any]] = []
    for i in np.argsort(-score):
        unit = int(units[i])
        doc = unit if paragraph_id is None else int(index.para_doc[unit])
        other = index.doc_ids[doc]
        if other == doc_id or groups.get(other, other) == own:
            continue
        if paragraph_id is None and score[i] > 0.3 and similarity(text, _doc_text(index, doc, visible), NEAR_DUPLICATE) >= NEAR_DUPLICATE:
            continue
        item = {"doc_id": other, "title": index.titles[doc], "score": round(float(score[i]), 4)}
        if paragraph_id is not None:
            item["paragraph_id"] = index.paragraph_id(unit)
        out.append(item)
        if len(out) >= limit:
            break
    return out


def _doc_text(index: FingerprintIndex, doc: int, visible: np.ndarray | None) -> str:
    if visible is None:
        return index.doc_text(doc)
    return "".join(index.paragraph_texts(p for p in index.doc_paragraphs(doc).tolist() if visible[p]))
