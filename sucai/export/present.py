"""Plain dicts made from stored documents: one shape for the CLI's JSON, the API and the pages.

`entitled` decides whether paid paragraph text may be included; callers get it
from the one entitlement check (sucai.access) and never decide it themselves.
"""

from __future__ import annotations

from typing import Any

from ..models import OutlineNode
from ..store import StoredDocument

LIST_FIELDS = ("id", "title", "kind", "org", "org_type", "year", "half", "date", "chars", "collection", "position")


def list_item(row: dict[str, Any]) -> dict[str, Any]:
    return {k: row.get(k) for k in LIST_FIELDS}


def outline_json(nodes: tuple[OutlineNode, ...], paragraph_ids: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    out = []
    for n in nodes:
        item: dict[str, Any] = {
            "level": n.level, "marker": n.marker, "heading": n.heading, "role": n.role,
            "children": outline_json(n.children, paragraph_ids),
        }
        if paragraph_ids and 0 <= n.paragraph < len(paragraph_ids):
            item["paragraph_id"] = paragraph_ids[n.paragraph]
        out.append(item)
    return out


def document_json(stored: StoredDocument, *, entitled: bool = True) -> dict[str, Any]:
    """The `show` shape.  Paid paragraphs a reader is not entitled to carry text None and
    locked True, and figures reported in them are left out."""
    doc = stored.document
    m = doc.meta
    paragraphs = []
    for pid, p in zip(stored.paragraph_ids, doc.paragraphs, strict=True):
        locked = p.paid and not entitled
        item: dict[str, Any] = {
            "id": pid, "kind": p.kind, "text": None if locked else p.text, "path": list(p.path),
            "paid": p.paid, "role": p.role,
        }
        if locked:
            item["locked"] = True
        elif p.items:
            item["items"] = [{"marker": it.marker, "text": it.text} for it in p.items]
        paragraphs.append(item)
    figures = [
        {"subject": f.subject, "value": f.value, "unit": f.unit, "change": f.change, "text": f.text}
        for f in doc.figures
        if entitled or f.paragraph is None or not doc.paragraphs[f.paragraph].paid
    ]
    return {
        "id": stored.id, "title": doc.title, "kind": m.kind, "org": m.org, "org_type": m.org_type,
        "year": m.year, "half": m.half, "date": m.date, "chars": doc.chars,
        "collection": stored.collection_id, "position": stored.position,
        "paid": any(p.paid for p in doc.paragraphs),
        "outline": outline_json(doc.outline, stored.paragraph_ids),
        "paragraphs": paragraphs, "figures": figures,
        "near_duplicate_of": stored.near_duplicate_of,
        "ocr": doc.ocr,
    }


def fold_near_duplicates(hits: list[dict[str, Any]], canonical: dict[str, str]) -> list[dict[str, Any]]:
    """Fold hits from near-duplicate documents into the first hit of their group.

    `canonical` maps a linked document to the one it repeats (see writing.near_duplicate_groups);
    the kept hit gets `similar_versions`, the number of other versions folded into it.
    """
    kept: dict[str, dict[str, Any]] = {}
    out: list[dict[str, Any]] = []
    for hit in hits:
        root = canonical.get(hit["doc_id"], hit["doc_id"])
        if root in kept:
            kept[root]["similar_versions"] = kept[root].get("similar_versions", 0) + 1
            continue
        hit = dict(hit)
        kept[root] = hit
        out.append(hit)
    return out
