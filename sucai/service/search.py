"""Searching for readers: the query, its filters, the search log and popular searches."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from .. import accounts
from ..access import lock_hit, membership_teaser, paid_scope, search_filters
from ..accounts import Reader
from ..config import Settings
from ..derived.catchup import Indexes
from ..errors import SucaiError
from ..store.basket import SearchLog
from ..store.library import Library
from .base import MAX_QUERY, Memo, Part, check_query_length

_POPULAR_MAX_CHARS = 20


class Searching(Part):
    def __init__(self, settings: Settings, library: Library, indexes: Indexes) -> None:
        super().__init__(settings, library)
        self.indexes = indexes
        self.log = SearchLog(library.db)
        self.memo = Memo(library)
        self.answers = Memo(library, size=256)

    def index_status(self) -> dict[str, int]:
        index = self.indexes.search.get()
        return {"store_seq": self.library.max_seq(), "index_seq": index.last_seq()}

    def search(self, reader: Reader, q: str, *, limit: int = 20, offset: int = 0,
               filters: dict[str, Any] | None = None, headings: bool = False, group: bool = False) -> dict[str, Any]:
        q = q.strip()
        if not q:
            raise SucaiError("请输入检索词")
        check_query_length(q)
        wanted = {k: v for k, v in (filters or {}).items() if v not in (None, "")}
        if headings:
            wanted["headings"] = True
        # one answer per query, store state and what the reader may search (paid_scope), shared by
        # every reader with that scope; each reader's copy is locked below
        # keyed by the index's own level too: the index may still be catching up with the store,
        # and an answer from a lagging index must not outlive the catch-up
        level = self.indexes.search.get().last_seq()
        key = ("search", level, paid_scope(reader), q, tuple(sorted(wanted.items())), limit, offset, group)
        data = dict(self.answers.get(key, lambda: self.run(reader, q, limit=limit, offset=offset, filters=wanted,
                                                           group=group)))
        data["hits"] = [lock_hit(reader, h) for h in data.get("hits", [])]
        data["teaser"] = membership_teaser(reader, self.paid_paragraphs())
        data["related"] = [lock_hit(reader, h) for h in data.get("related", [])]  # same entitlement check
        self._record(q, offset)
        return data

    def run(self, reader: Reader, q: str, *, limit: int, offset: int, filters: dict[str, Any],
            group: bool) -> dict[str, Any]:
        """The engine's answer over the paragraphs this reader may search (sucai.access.search_filters:
        hidden paid paragraphs are filtered out before anything is counted); callers lock each hit."""
        from ..search import Filters, parse_year

        wanted = Filters(
            kind=(filters["kind"],) if filters.get("kind") else (),
            org_type=(filters["org_type"],) if filters.get("org_type") else (),
            year=parse_year(str(filters["year"])) if filters.get("year") else None,
            half=(filters["half"],) if filters.get("half") else (),
            role=(filters["role"],) if filters.get("role") else (),
            headings=bool(filters.get("headings")),
        )
        result = self.indexes.search.get().search(q, limit=limit, offset=offset,
                                                  filters=search_filters(reader, wanted), group=group, fold=not group)
        return result.to_dict()

    def paid_paragraphs(self) -> int:
        """The query-independent figure of the membership teaser (cached until the store changes)."""
        return int(self.memo.get(("paid_paragraphs",), self.library.paid_paragraphs))

    def _record(self, q: str, offset: int) -> None:
        if offset:  # paging through one search is not another search
            return
        now = accounts.utcnow()
        self.log.record(q[:MAX_QUERY], accounts.china_day(now), accounts.stamp(now))

    def popular_searches(self, days: int = 30, limit: int = 12) -> list[dict[str, Any]]:
        since = accounts.china_day(accounts.utcnow() - timedelta(days=days))
        rows = self.log.popular(since, limit * 3)
        # Long queries are likely pasted sentences: keep them private to whoever typed them.
        return [r for r in rows if len(r["q"]) <= _POPULAR_MAX_CHARS][:limit]
