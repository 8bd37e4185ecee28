"""The service layer both the HTML pages and the JSON API call.

Each function takes the `Reader` asking and returns plain data; text leaves only
through the helpers of sucai.access, which apply the one entitlement check.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from . import accounts
from .access import can_read_paid, document_for, has_locked, lock_hit, part_for
from .accounts import Reader
from .compile import FORMATS, render
from .config import Settings
from .errors import Forbidden, NotFound, PaymentRequired, SucaiError
from .present import list_item
from .service_admin import AdminMixin, ImportJob
from .service_base import INDEX_CHECK_SECONDS, MAX_QUERY, FileOut, manifest_stamp, require_user
from .service_writing import WritingMixin
from .store.library import Library

if TYPE_CHECKING:
    from .writing import FingerprintIndex

log = logging.getLogger(__name__)

SEARCH_FILTERS = ("kind", "org_type", "year", "role")
MAX_BASKET = 200
_POPULAR_MAX_CHARS = 20






class Unavailable(SucaiError):
    status = 503




class Service(WritingMixin, AdminMixin):
    """Pages and API call these; reader-facing text leaves only through sucai.access."""

    def __init__(self, settings: Settings, library: Library) -> None:
        self.settings = settings
        self.library = library
        self.db = library.db
        self._index: Any = None
        self._index_stamp: int | None = None
        self._checked = float("-inf")
        self._index_lock = threading.Lock()
        self._fp: FingerprintIndex | None = None
        self._fp_stamp: int | None = None
        self._fp_checked = float("-inf")
        self._fp_lock = threading.Lock()
        self._memos: OrderedDict[tuple[Any, ...], Any] = OrderedDict()
        self._memo_lock = threading.Lock()
        self._jobs: dict[str, ImportJob] = {}
        self._jobs_lock = threading.Lock()

    # ------------------------------------------------------------ readers
    def reader_for_token(self, token: str | None) -> Reader:
        return accounts.session_reader(self.db, token) or accounts.ANONYMOUS_READER

    def login(self, name: str, password: str, address: str = "") -> tuple[Reader, str]:
        user = accounts.authenticate(self.db, name, password, address)
        token, csrf = accounts.create_session(self.db, user["id"], self.settings.session_days)
        return accounts.reader_for_user(self.db, user, csrf=csrf), token

    def register(self, name: str, password: str) -> tuple[Reader, str]:
        accounts.create_user(self.db, name, password, accounts.FREE)
        return self.login(name, password)

    def logout(self, token: str | None) -> None:
        accounts.end_session(self.db, token)

    def account(self, reader: Reader) -> dict[str, Any]:
        s = self.settings
        quota = accounts.daily_quota(reader, s.member_daily_downloads, s.free_daily_downloads)
        data: dict[str, Any] = {
            "signed_in": reader.signed_in, "name": reader.name or None, "role": reader.role,
            "tier": reader.tier, "tier_name": reader.tier_name, "expires_at": reader.expires_at,
            "member_active": reader.member_active, "daily_quota": quota,
            "quota_left": accounts.quota_left(self.db, reader, s.member_daily_downloads, s.free_daily_downloads),
        }
        if reader.user_id is not None:
            data["orders"] = accounts.user_orders(self.db, reader.user_id)
        return data

    def redeem(self, reader: Reader, code: str) -> dict[str, Any]:
        user_id = require_user(reader)
        return accounts.redeem_voucher(self.db, user_id, code)

    # ------------------------------------------------------------ search
    def index(self) -> Any:
        """The node's search index, kept level with the store.

        At most once a second it compares the store's change number with the
        index's: when behind (another node or the CLI imported), it catches up
        from the store; when another process on this data home rewrote the index
        files, it reopens them.
        """
        from .indexing import catch_up_search
        from .search import SearchIndex

        with self._index_lock:
            now = time.monotonic()
            if self._index is not None and now - self._checked < INDEX_CHECK_SECONDS:
                return self._index
            self._checked = now
            if self._index is None or self.library.max_seq() > self._index.last_seq():
                catch_up_search(self.settings, self.library)  # fingerprints keep level in fingerprints()
            stamp = manifest_stamp(self.settings.index_dir)
            if self._index is None or stamp != self._index_stamp:
                self._index = SearchIndex.open(self.settings.index_dir)
                self._index_stamp = stamp
            return self._index

    def reset_index(self) -> None:
        """Make the next search (and check) look at the store and the index files again."""
        with self._index_lock:
            self._checked = float("-inf")
        with self._fp_lock:
            self._fp_checked = float("-inf")

    def index_status(self) -> dict[str, int]:
        index = self.index()
        return {"store_seq": self.library.max_seq(), "index_seq": index.last_seq()}

    def search(self, reader: Reader, q: str, *, limit: int = 20, offset: int = 0,
               filters: dict[str, Any] | None = None, headings: bool = False, group: bool = False) -> dict[str, Any]:
        q = q.strip()
        if not q:
            raise SucaiError("请输入检索词")
        if len(q) > MAX_QUERY:
            raise SucaiError(f"检索词不能超过 {MAX_QUERY} 个字符")
        wanted = {k: v for k, v in (filters or {}).items() if v not in (None, "")}
        if headings:
            wanted["headings"] = True
        data = self._run_search(q, limit=limit, offset=offset, filters=wanted, group=group)
        data["hits"] = [lock_hit(reader, h) for h in data.get("hits", [])]
        self._record_search(q, offset)
        return data

    def _run_search(self, q: str, *, limit: int, offset: int, filters: dict[str, Any], group: bool) -> dict[str, Any]:
        from .search import Filters, parse_year

        wanted = Filters(
            kind=(filters["kind"],) if filters.get("kind") else (),
            org_type=(filters["org_type"],) if filters.get("org_type") else (),
            year=parse_year(str(filters["year"])) if filters.get("year") else None,
            role=(filters["role"],) if filters.get("role") else (),
            headings=bool(filters.get("headings")),
        )
        result = self.index().search(q, limit=limit, offset=offset, filters=wanted, group=group)
        # entitlement is per document, so each hit is locked below by sucai.access, not here
        return result.to_dict(entitled=True)

    def _record_search(self, q: str, offset: int) -> None:
        if offset:  # paging through one search is not another search
            return
        now = accounts.utcnow()
        with self.db.transaction():
            self.db.execute("INSERT INTO searches (q, day, created_at) VALUES (?, ?, ?)",
                            (q[:MAX_QUERY], accounts.china_day(now), accounts.stamp(now)))

    def popular_searches(self, days: int = 30, limit: int = 12) -> list[dict[str, Any]]:
        since = accounts.china_day(accounts.utcnow() - timedelta(days=days))
        rows = self.db.all("SELECT q, COUNT(*) AS n FROM searches WHERE day >= ? GROUP BY q"
                           " ORDER BY COUNT(*) DESC, q LIMIT ?", (since, limit * 3))
        # Long queries are likely pasted sentences: keep them private to whoever typed them.
        return [{"q": r["q"], "count": int(r["n"])} for r in rows if len(r["q"]) <= _POPULAR_MAX_CHARS][:limit]

    # ------------------------------------------------------------ home
    def home(self) -> dict[str, Any]:
        newest = [list_item(r) | {"created_at": r["created_at"]}
                  for r in self.library.list_documents(limit=12, newest_first=True)]
        today = accounts.stamp(accounts.utcnow() - timedelta(days=1))
        added_today = int(self.db.scalar("SELECT COUNT(*) FROM documents WHERE created_at > ?", (today,)) or 0)
        return {"newest": newest, "added_last_day": added_today, "stats": self.library.stats(),
                "popular": self.popular_searches(), "collections": self.library.collections()[:8]}

    # ------------------------------------------------------------ documents
    def documents(self, limit: int = 50, offset: int = 0) -> list[dict[str, Any]]:
        rows = self.db.all(f"SELECT {self.library._LIST_COLUMNS} FROM documents ORDER BY num DESC LIMIT ? OFFSET ?",
                           (limit, offset))
        return [list_item(r) for r in rows]

    def document(self, reader: Reader, doc_id: str) -> dict[str, Any]:
        """The `show` JSON as this reader may receive it."""
        return document_for(reader, self.library.get_document(doc_id))

    def document_page(self, reader: Reader, doc_id: str) -> dict[str, Any]:
        stored = self.library.get_document(doc_id)
        data = document_for(reader, stored)
        data["locked"] = has_locked(reader, stored)
        data["entitled"] = can_read_paid(reader, stored.id)
        data["nodes"] = _node_list(data["outline"])
        data["collection_info"] = self.library.collection(stored.collection_id) if stored.collection_id else None
        data["similar"] = self.similar(reader, doc_id)
        data["near_duplicate"] = self._near_duplicate_info(stored.id, stored.near_duplicate_of)
        data["versions"] = self.db.all("SELECT id, title FROM documents WHERE near_dup_of = ? ORDER BY num LIMIT 20",
                                       (stored.id,))
        return data

    def _near_duplicate_info(self, doc_id: str, of: str | None) -> dict[str, Any] | None:
        """The document this one repeats (title and similarity only), when linked at import."""
        if not of:
            return None
        row = self.db.one("SELECT id, title FROM documents WHERE id = ?", (of,))
        if row is None:
            return None
        return {"id": row["id"], "title": row["title"],
                "similarity": self.library.document_row(doc_id)["similarity"]}

    def collection(self, collection_id: str) -> dict[str, Any]:
        return self.library.collection(collection_id)

    # ------------------------------------------------------------ downloads
    def download(self, reader: Reader, doc_id: str, fmt: str) -> FileOut:
        """A whole document as a file, for readers entitled to all of it, within their daily quota."""
        check_format(fmt)
        stored = self.library.get_document(doc_id)
        if has_locked(reader, stored):
            raise PaymentRequired("这是会员内容：开通会员或购买本篇后即可下载")
        self._count_download(reader, doc_id, fmt)
        from .export import part_of_document

        return render([part_for(reader, doc_id, part_of_document(stored.document))], fmt)

    def _count_download(self, reader: Reader, what: str, fmt: str) -> None:
        s = self.settings
        if not reader.signed_in:
            raise Forbidden("请登录后下载")
        quota = accounts.daily_quota(reader, s.member_daily_downloads, s.free_daily_downloads)
        if quota == 0:
            raise Forbidden("免费用户不能下载：开通会员后每日可下载 "
                            f"{s.member_daily_downloads} 次")
        accounts.count_download(self.db, reader, what, fmt, s.member_daily_downloads, s.free_daily_downloads)

    # ------------------------------------------------------------ basket
    def basket(self, reader: Reader) -> list[dict[str, Any]]:
        user_id = require_user(reader)
        rows = self.db.all("SELECT doc_id, node, position FROM basket WHERE user_id = ? ORDER BY position, added_at",
                           (user_id,))
        items = []
        for r in rows:
            try:
                stored = self.library.get_document(r["doc_id"])
            except NotFound:
                continue  # a document removed from the library drops out of baskets
            nodes = stored.document.nodes
            node = int(r["node"])
            heading = None
            if 0 <= node < len(nodes):
                heading = (nodes[node].marker + nodes[node].heading).strip()
            items.append({"doc_id": r["doc_id"], "node": node, "position": r["position"],
                          "title": stored.document.title, "section": heading,
                          "locked": has_locked(reader, stored)})
        return items

    def basket_add(self, reader: Reader, doc_id: str, node: int = -1) -> list[dict[str, Any]]:
        user_id = require_user(reader)
        stored = self.library.get_document(doc_id)
        if node != -1 and not 0 <= node < len(stored.document.nodes):
            raise NotFound(f"文档中没有第 {node} 个小节")
        with self.db.transaction():
            count = int(self.db.scalar("SELECT COUNT(*) FROM basket WHERE user_id = ?", (user_id,)) or 0)
            if count >= MAX_BASKET:
                raise SucaiError(f"素材篮最多放 {MAX_BASKET} 项")
            exists = self.db.one("SELECT position FROM basket WHERE user_id = ? AND doc_id = ? AND node = ?",
                                 (user_id, doc_id, node))
            if exists is None:
                top = self.db.scalar("SELECT COALESCE(MAX(position), 0) FROM basket WHERE user_id = ?", (user_id,))
                self.db.execute(
                    "INSERT INTO basket (user_id, doc_id, node, position, added_at) VALUES (?, ?, ?, ?, ?)",
                    (user_id, doc_id, node, int(top or 0) + 1, accounts.stamp(accounts.utcnow())))
        return self.basket(reader)

    def basket_remove(self, reader: Reader, doc_id: str, node: int = -1) -> list[dict[str, Any]]:
        user_id = require_user(reader)
        with self.db.transaction():
            self.db.execute("DELETE FROM basket WHERE user_id = ? AND doc_id = ? AND node = ?", (user_id, doc_id, node))
        return self.basket(reader)

    def basket_clear(self, reader: Reader) -> None:
        user_id = require_user(reader)
        with self.db.transaction():
            self.db.execute("DELETE FROM basket WHERE user_id = ?", (user_id,))

    def basket_move(self, reader: Reader, doc_id: str, node: int, step: int) -> list[dict[str, Any]]:
        """Move one item up (step -1) or down (step +1)."""
        keys = [(i["doc_id"], i["node"]) for i in self.basket(reader)]
        if (doc_id, node) not in keys:
            raise NotFound("素材篮中没有这一项")
        at = keys.index((doc_id, node))
        to = max(0, min(len(keys) - 1, at + (1 if step > 0 else -1)))
        keys.insert(to, keys.pop(at))
        return self.basket_order(reader, keys)

    def basket_order(self, reader: Reader, keys: list[tuple[str, int]]) -> list[dict[str, Any]]:
        """Put the items in the given order; items not named keep their order after them."""
        user_id = require_user(reader)
        current = [(i["doc_id"], i["node"]) for i in self.basket(reader)]
        wanted = [k for k in dict.fromkeys((str(d), int(n)) for d, n in keys) if k in current]
        order = wanted + [k for k in current if k not in wanted]
        with self.db.transaction():
            for pos, (doc_id, node) in enumerate(order, 1):
                self.db.execute("UPDATE basket SET position = ? WHERE user_id = ? AND doc_id = ? AND node = ?",
                                (pos, user_id, doc_id, node))
        return self.basket(reader)

    def compile(self, reader: Reader, fmt: str, title: str | None = None) -> FileOut:
        """The basket as one compilation (汇编), with paid text only for what the reader may read."""
        from .export import part_of_document, part_of_section

        check_format(fmt)
        items = self.basket(reader)
        if not items:
            raise SucaiError("素材篮是空的")
        self._count_download(reader, f"basket:{len(items)}", fmt)
        parts = []
        for item in items:
            doc = self.library.get_document(item["doc_id"])
            part = (part_of_document(doc.document) if item["node"] < 0
                    else part_of_section(doc.document, item["node"]))
            parts.append(part_for(reader, item["doc_id"], part))
        title = (title or "").strip()[:100] or "素材汇编"
        return render(parts, fmt, title)

# ------------------------------------------------------------------ helpers

def check_format(fmt: str) -> None:
    """Refuse an unknown format before any quota is spent."""
    if fmt not in FORMATS:
        raise SucaiError("格式须为 txt、md 或 docx")




def _node_list(outline: list[dict[str, Any]], depth: int = 1, out: list | None = None) -> list[dict[str, Any]]:
    """The outline flattened in pre-order, each with its node index (the one basket sections use)."""
    out = [] if out is None else out
    for n in outline:
        out.append({"index": len(out), "level": depth, "marker": n["marker"], "heading": n["heading"],
                    "paragraph_id": n.get("paragraph_id")})
        _node_list(n["children"], depth + 1, out)
    return out
