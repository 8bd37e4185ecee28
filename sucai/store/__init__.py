"""The store: the library's single source of truth.

Every index (search, originality fingerprints) is derived from what a store
holds and catches up from its change sequence (`seq`).  Two implementations
share this interface: SQLite in the data home (default) and PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol

from ..models import Document


@dataclass(frozen=True)
class IndexRow:
    """One paragraph with the document facets search needs, in change order.

    `seq` is the store's change sequence number of the paragraph (monotonic,
    never reused), so an index can resume with `paragraph_rows(after_seq=...)`.
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


class Store(Protocol):
    """What ingest, search, web and writing aids may ask of a store."""

    def close(self) -> None: ...

    # documents
    def add_file(self, parsed: Any, source_hash: str) -> FileResult: ...
    def get_document(self, doc_id: str) -> StoredDocument: ...
    def list_documents(self) -> list[dict[str, Any]]: ...
    def paragraph_rows(self, after_seq: int = 0) -> Iterator[IndexRow]: ...
    def max_seq(self) -> int: ...
    def stats(self) -> dict[str, Any]: ...
