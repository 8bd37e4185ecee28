"""The one entitlement check, and the helpers every route uses to apply it.

`can_read_paid(reader, doc_id)` is the only place that decides whether a reader
may receive the text of a document's paid paragraphs.  Everything that sends
document text out (pages, API, snippets, similar documents, basket, exports,
compilations, figures) goes through the helpers below, which call it.
Outline headings and titles are public: they show readers what membership brings.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from .accounts import Reader
from .export import Part
from .export.present import document_json
from .store import StoredDocument

LOCKED_NOTE = "（会员内容：开通会员或购买本篇后可阅读全文）"


def can_read_paid(reader: Reader, doc_id: str) -> bool:
    """Admins and active members read everything; others only the documents they bought."""
    return reader.member_active or doc_id in reader.orders


def document_for(reader: Reader, stored: StoredDocument) -> dict[str, Any]:
    """The `show` JSON of a document as this reader may receive it."""
    return document_json(stored, entitled=can_read_paid(reader, stored.id))


def has_locked(reader: Reader, stored: StoredDocument) -> bool:
    """Whether some of the document's text is withheld from this reader."""
    return not can_read_paid(reader, stored.id) and any(p.paid for p in stored.document.paragraphs)


def lock_hit(reader: Reader, hit: dict[str, Any]) -> dict[str, Any]:
    """A search hit as this reader may see it: a paid hit they are not entitled to
    keeps its title and outline path but loses snippet text and highlights."""
    if not hit.get("paid") or can_read_paid(reader, str(hit.get("doc_id"))):
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
