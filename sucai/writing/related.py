"""Why two documents are similar: the passages and headings they share, and their common metadata.

Shared passages come from the fingerprint index in one lookup: the paragraphs of the document
being read are fingerprinted from the index's own squeezed text, and paragraphs of the similar
documents holding most of those fingerprints are its near-equal passages.  Each passage keeps
the paid flags of both sides, so whoever shows it can drop what a reader may not read
(`visible_reasons`): a passage is evidence of what the other document says, so it counts only
when the reader may read both sides.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from ..models import Document
from .fingerprints import FingerprintIndex
from .fpbuild import chunk_fingerprints
from .text import squeeze

MIN_PASSAGE = 20  # squeezed characters: shorter paragraphs are stock phrases
MIN_SHARED = 0.5  # share of the smaller paragraph's fingerprints the two paragraphs share
EXCERPT = 36
MAX_HEADINGS = 3


@dataclass(frozen=True)
class SharedPassage:
    a_paragraph: int  # paragraph index in the document being read
    b_paragraph: int  # paragraph index in the similar document
    a_paid: bool
    b_paid: bool
    excerpt: str  # from the document being read


def _index_of(paragraph_id: str) -> int:
    return int(paragraph_id.rsplit("-", 1)[1])


def paragraph_pairs(index: FingerprintIndex, doc_id: str, others: list[str]) -> dict[str, list[tuple[int, int]]]:
    """For each other document: (paragraph of doc_id, paragraph of the other) pairs that are near-equal,
    one best partner per paragraph of doc_id, in its order."""
    num = index.doc_num(doc_id)
    targets = {n: o for o in others if (n := index.doc_num(o)) is not None}
    out: dict[str, list[tuple[int, int]]] = {o: [] for o in others}
    if num is None or not targets:
        return out
    paras = [int(p) for p in index.doc_paragraphs(num)]
    texts = index.paragraph_texts(paras)
    keep = [k for k, t in enumerate(texts) if len(t) >= MIN_PASSAGE]
    if not keep:
        return out
    hashes, local = chunk_fingerprints([texts[k] for k in keep])
    qpos, hit = index.lookup(hashes)
    mask = np.isin(index.para_doc[hit], np.array(list(targets), dtype=np.int64))
    if not mask.any():
        return out
    pairs, counts = np.unique(np.stack([local[qpos[mask]], hit[mask]]), axis=1, return_counts=True)
    sizes = np.bincount(local, minlength=len(keep))
    best: dict[tuple[int, str], tuple[float, int]] = {}
    for (a_local, b_para), shared in zip(pairs.T.tolist(), counts.tolist(), strict=True):
        share = shared / max(1, min(int(sizes[a_local]), int(index.para_nfp[b_para])))
        if share < MIN_SHARED or len(index.paragraph_text(b_para)) < MIN_PASSAGE:
            continue
        other = targets[int(index.para_doc[b_para])]
        key = (a_local, other)
        if key not in best or share > best[key][0]:
            best[key] = (share, b_para)
    for (a_local, other), (_, b_para) in sorted(best.items()):
        a_id = index.paragraph_id(paras[keep[a_local]])
        out[other].append((_index_of(a_id), _index_of(index.paragraph_id(b_para))))
    return out


def passages(pairs: list[tuple[int, int]], a: Document, b_paid: set[int], b_not_body: set[int]) -> list[SharedPassage]:
    """Shared body passages from index pairs, with both sides' paid flags and an excerpt of side a
    (titles and headings are not passages: headings are reported by `shared_headings`)."""
    out = []
    for ai, b in pairs:
        if ai < len(a.paragraphs) and a.paragraphs[ai].kind == "body" and b not in b_not_body:
            text = a.paragraphs[ai].text
            out.append(SharedPassage(ai, b, a.paragraphs[ai].paid, b in b_paid,
                                     text[:EXCERPT] + ("…" if len(text) > EXCERPT else "")))
    return out


def outline_headings(outline: list[dict[str, Any]]) -> list[str]:
    """Every heading of a stored outline (JSON nodes with children), in reading order."""
    out: list[str] = []
    for node in outline:
        out.append(node.get("heading") or "")
        out.extend(outline_headings(node.get("children") or []))
    return out


def shared_headings(mine: list[str], theirs: list[str]) -> list[str]:
    """Outline headings (public) both documents use, as this one writes them, in its order."""
    other = {squeeze(h) for h in theirs}
    seen: set[str] = set()
    out = []
    for heading in mine:
        key = squeeze(heading)
        if len(key) >= 4 and key in other and key not in seen:
            seen.add(key)
            out.append(heading)
    return out[:MAX_HEADINGS]


def common_meta(a: dict[str, Any], b: dict[str, Any]) -> list[str]:
    """What two list items (kind, org, org_type, year) have in common, as short Chinese phrases."""
    out = []
    if a.get("org") and a.get("org") == b.get("org"):
        out.append("同一单位")
    elif a.get("org_type") and a.get("org_type") == b.get("org_type") and a.get("org_type") != "其他":
        out.append(f"同为{a['org_type']}")
    if a.get("kind") and a.get("kind") == b.get("kind") and a.get("kind") != "其他":
        out.append(f"同为{a['kind']}")
    if a.get("year") and a.get("year") == b.get("year"):
        out.append(f"同为{a['year']}年")
    return out


def visible_reasons(found: list[SharedPassage], headings: list[str], meta: list[str], *, can_read_a: bool,
                    can_read_b: bool) -> dict[str, Any]:
    """The reasons a reader may see: passages only where both sides are readable to them."""
    shown = [p for p in found if (not p.a_paid or can_read_a) and (not p.b_paid or can_read_b)]
    return {"meta": meta, "headings": headings, "passages": len(shown),
            "excerpt": shown[0].excerpt if shown else None, "anchor": shown[0].a_paragraph if shown else None}
