"""The one entitlement check, and the helpers every route uses to apply it.

`can_read_paid(reader, doc_id)` is the only place that decides whether a reader
may receive the text of a document's paid paragraphs.  Everything that sends
document text out (pages, API, snippets, similar documents, basket, exports,
compilations, figures) goes through the helpers below, which call it.
Outline headings and titles are public: they show readers what membership brings.

The rule for derived answers: every figure derived from text (search totals, hits,
facets, "找到 N", figure tables and their document counts, similar-document scores,
查重 matches, similarities and copy ratio) is computed over the text this reader may
read.  `paid_scope(reader)` says which paid paragraphs that is; the search engine
takes it as a filter (`search_filters`) and the fingerprint index as a mask
(`sucai.writing.visible_mask`), so paid paragraphs a reader may not read do not exist
for their searches and checks, rather than being counted and then hidden.  What
membership would add is told only in query-independent terms (`membership_teaser`).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from .accounts import Reader
from .export import Part
from .export.present import document_json
from .search import Filters
from .store import StoredDocument

LOCKED_NOTE = "（会员内容：开通会员或购买本篇后可阅读全文）"


def can_read_paid(reader: Reader, doc_id: str) -> bool:
    """Admins and active members read everything; others only the documents they bought."""
    return reader.member_active or doc_id in reader.orders


def paid_scope(reader: Reader) -> tuple[str, ...] | None:
    """The paid paragraphs this reader's searches and checks may see: None for all of them
    (active members, admins), otherwise those of the documents they bought (often none)."""
    if reader.member_active:
        return None
    return tuple(sorted(reader.orders))


def search_filters(reader: Reader, filters: Filters) -> Filters:
    """The reader's search filters with their visibility: the engine filters paid paragraphs
    out before counting, so total, hits, facets and scores are over readable text only."""
    return replace(filters, paid_docs=paid_scope(reader))


def membership_teaser(reader: Reader, paid_paragraphs: int) -> str | None:
    """What membership adds, for non-members: a count over the whole library, never per query
    (a per-query count would answer "does this string occur in paid text?")."""
    if reader.member_active or paid_paragraphs <= 0:
        return None
    if paid_paragraphs >= 10_000:
        amount = f"{paid_paragraphs / 10_000:.1f}".rstrip("0").rstrip(".") + " 万段"
    else:
        amount = f"{paid_paragraphs} 段"
    return f"会员可检索全文：另有 {amount}会员内容"


def document_for(reader: Reader, stored: StoredDocument) -> dict[str, Any]:
    """The `show` JSON of a document as this reader may receive it."""
    return document_json(stored, entitled=can_read_paid(reader, stored.id))


def has_locked(reader: Reader, stored: StoredDocument) -> bool:
    """Whether some of the document's text is withheld from this reader."""
    return not can_read_paid(reader, stored.id) and any(p.paid for p in stored.document.paragraphs)


def lock_hit(reader: Reader, hit: dict[str, Any]) -> dict[str, Any]:
    """A search hit as this reader may see it: a paid hit they are not entitled to
    keeps its title and outline path but loses snippet text and highlights.  Titles are
    public, and with the engine's visibility filter no other locked hit reaches here; this
    stays as a second line of defence."""
    if not hit.get("paid") or hit.get("kind") == "title" or can_read_paid(reader, str(hit.get("doc_id"))):
        return hit
    locked = {k: v for k, v in hit.items() if k not in ("snippet", "highlights", "text", "context")}
    locked.update(snippet="", highlights=[], locked=True)
    return locked


def part_for(reader: Reader, doc_id: str, part: Part) -> Part:
    """An export part without the paid paragraphs this reader may not receive.

    Withheld paragraphs become one note where they stood, so the file shows that
    something is missing instead of silently skipping it."""
    if can_read_paid(reader, doc_id) or not any(p.paid for p in part.paragraphs):
        return part
    kept = []
    for para in part.paragraphs:
        if not para.paid:
            kept.append(para)
        elif not kept or kept[-1].text != LOCKED_NOTE:
            kept.append(replace(para, text=LOCKED_NOTE, paid=False, level=0, head=None))
    return replace(part, paragraphs=tuple(kept))
