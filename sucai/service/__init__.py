"""The service layer both the HTML pages and the JSON API call.

`Service` is composed of parts, each a plain class over the typed `Library`:
readers and reading (reading.py), search (search.py), the basket (basket.py), writing aids
(writing.py) and administration (admin.py); the derived indexes are held in indexes.py.
Each method takes the `Reader` asking and returns plain data; text leaves only through the
helpers of sucai.access, which apply the one entitlement check.
"""

from __future__ import annotations

from ..config import Settings
from ..derived.catchup import Indexes
from ..store.library import Library
from .admin import Admin, ImportJob
from .base import MAX_QUERY, PARTS_SIZE, FileOut, Memo, check_format
from .basket import MAX_BASKET, Basket
from .reading import Readers, Reading
from .search import Searching
from .writing import CHECK_MAX_CHARS, CHECK_UPLOAD_BYTES, FREE_CHECK_CHARS, WritingAids, read_draft

__all__ = [
    "CHECK_MAX_CHARS", "CHECK_UPLOAD_BYTES", "FREE_CHECK_CHARS", "MAX_BASKET", "MAX_QUERY", "FileOut",
    "ImportJob", "Service", "check_format", "read_draft",
]


class Service:
    """Pages and API call these; the names below are the parts' own methods, bound once."""

    def __init__(self, settings: Settings, library: Library) -> None:
        self.settings = settings
        self.library = library
        self.indexes = Indexes(settings, library)
        self.readers = Readers(settings, library)
        self.searching = Searching(settings, library, self.indexes)
        # pages and their parts that depend only on the store (and an entitlement flag in the key)
        self.parts = Memo(library, size=PARTS_SIZE)
        self.writing = WritingAids(settings, library, self.indexes, self.parts, self.searching.run)
        self.reading = Reading(settings, library, self.readers, self.searching.popular_searches,
                               self.writing.similar_explained, self.parts)
        self.baskets = Basket(settings, library, self.readers)
        self.admin = Admin(settings, library, imported=self.indexes.reset)
        self._bind()

    def _bind(self) -> None:
        r, s, w, d, b, a = self.readers, self.searching, self.writing, self.reading, self.baskets, self.admin
        self.reader_for_token, self.login, self.register, self.logout = (
            r.reader_for_token, r.login, r.register, r.logout)
        self.account, self.redeem = r.account, r.redeem
        self.search, self.index_status, self.popular_searches = s.search, s.index_status, s.popular_searches
        self.paid_paragraphs = s.paid_paragraphs
        self.reset_index = self.indexes.reset
        self.home, self.documents, self.document, self.document_page = d.home, d.documents, d.document, d.document_page
        self.collection, self.download = d.collection, d.download
        self.basket, self.basket_add, self.basket_remove, self.basket_clear = b.items, b.add, b.remove, b.clear
        self.basket_move, self.basket_order, self.compile = b.move, b.order, b.compile
        self.check_limit, self.check, self.check_file, self.template = w.check_limit, w.check, w.check_file, w.template
        self.headings, self.writing_facets, self.figures, self.figures_file = (
            w.headings, w.writing_facets, w.figures, w.figures_file)
        self.similar = w.similar
        self.require_admin, self.admin_overview, self.admin_run = a.require_admin, a.admin_overview, a.admin_run
        self.admin_set_user, self.admin_create_user, self.admin_voucher = (
            a.admin_set_user, a.admin_create_user, a.admin_voucher)
        self.jobs, self.job, self.start_import = a.jobs, a.job, a.start_import
