"""The store: the library's single source of truth.

Every index (search, originality fingerprints) is derived from what a store
holds and catches up from its change sequence (`seq`).  One `Library` class
(store/library.py) runs over either database: SQLite in the data home (default)
or PostgreSQL (store/db.py translates the SQL).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from ..models import Document


class IndexRow(NamedTuple):
    """One paragraph with the document facets search needs, in change order.

    `seq` is the store's change sequence number of the paragraph (monotonic,
    never reused), so an index can resume with `paragraph_rows(after_seq=...)`.
    A named tuple: the indexes read every paragraph of the store through it, and a tuple is built
    several times faster than a frozen dataclass.
    """

    seq: int
    paragraph_id: str
    doc_id: str
    idx: int
    kind: str
    text: str
    paid: bool
    path: tuple[str, ...]
    role: str
    title: str
    doc_kind: str
    org: str | None
    org_type: str
    year: int | None
    half: str | None
    date: str | None
    collection_id: str | None


@dataclass(frozen=True)
class StoredDocument:
    id: str
    seq: int
    document: Document
    collection_id: str | None
    position: int | None
    paragraph_ids: tuple[str, ...]
    source_path: str | None
    created_at: str
    near_duplicate_of: str | None = None


@dataclass(frozen=True)
class FileResult:
    """What importing one file did; `status` is imported, duplicate or rejected."""

    path: str
    status: str
    documents: tuple[str, ...] = ()
    collection: str | None = None
    duplicate_of: str | None = None
    error: str | None = None
    warnings: tuple[str, ...] = field(default_factory=tuple)
    duplicates: tuple[str, ...] = ()  # existing documents that articles of this file repeat
