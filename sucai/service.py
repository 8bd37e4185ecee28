"""The service layer both the HTML pages and the JSON API call.

Each function takes the `Reader` asking and returns plain data; text leaves only
through the helpers of sucai.access, which apply the one entitlement check.
"""

from __future__ import annotations

import logging
import tempfile
import threading
import time
import uuid
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import accounts
from .access import can_read_paid, document_for, has_locked, lock_hit, part_for
from .accounts import Reader
from .compile import FORMATS, ExportFile, render
from .config import Settings
from .errors import AuthError, Forbidden, NotFound, PaymentRequired, SucaiError, UnsupportedFormat
from .present import list_item
from .store.library import Library

if TYPE_CHECKING:
    from .writing import FingerprintIndex

log = logging.getLogger(__name__)

SEARCH_FILTERS = ("kind", "org_type", "year", "role")
MAX_BASKET = 200
MAX_QUERY = 200
_POPULAR_MAX_CHARS = 20


INDEX_CHECK_SECONDS = 1.0
MEMO_SIZE = 64
CHECK_MAX_CHARS = 30_000  # a long report; more is refused with 413 (check it in parts)
FREE_CHECK_CHARS = 500  # free users may try the check on a paragraph or two
CHECK_UPLOAD_BYTES = 2 * 1024 * 1024
DRAFT_SUFFIXES = (".txt", ".md", ".markdown", ".docx")
MAX_FIGURE_DOCS = 100
HEADING_ROLES = ("summary", "problems", "plan", "other")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _manifest_stamp(directory: Path) -> int | None:
    try:
        return (directory / "manifest.json").stat().st_mtime_ns
    except OSError:
        return None


class Unavailable(SucaiError):
    status = 503


class TooLarge(SucaiError):
    status = 413


FileOut = ExportFile  # a file to send: bytes, media type and the (Chinese) file name


@dataclass
class ImportJob:
    """An admin upload being imported in a background thread."""

    id: str
    user: str
    files: list[str]
    state: str = "running"  # running, finished, failed
    done: int = 0
    total: int = 0
    results: list[dict[str, Any]] = field(default_factory=list)
    report: dict[str, Any] | None = None
    error: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "user": self.user, "state": self.state, "done": self.done, "total": self.total,
                "results": list(self.results), "report": self.report, "error": self.error}


class Service:
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
        from .indexing import refresh_indexes
        from .search import SearchIndex

        with self._index_lock:
            now = time.monotonic()
            if self._index is not None and now - self._checked < INDEX_CHECK_SECONDS:
                return self._index
            self._checked = now
            if self._index is None or self.library.max_seq() > self._index.last_seq():
                refresh_indexes(self.settings, self.library)
            stamp = _manifest_stamp(self.settings.index_dir)
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

    # ------------------------------------------------------------ writing aids
    def fingerprints(self) -> FingerprintIndex:
        """The originality fingerprint index, kept level with the store like the search index.

        A newer index (another process caught up, or the store moved ahead) is opened as a
        fresh object and swapped in, so requests already holding the old one finish on it.
        """
        from .writing import FingerprintIndex, fingerprint_dir

        with self._fp_lock:
            now = time.monotonic()
            if self._fp is not None and now - self._fp_checked < INDEX_CHECK_SECONDS:
                return self._fp
            self._fp_checked = now
            directory = fingerprint_dir(self.settings)
            behind = self._fp is None or self.library.max_seq() > self._fp.last_seq()
            if behind or _manifest_stamp(directory) != self._fp_stamp:
                fresh = FingerprintIndex.open(directory)
                if self.library.max_seq() > fresh.last_seq():
                    fresh.catch_up(self.library.paragraph_rows(after_seq=fresh.last_seq()))
                self._fp, self._fp_stamp = fresh, _manifest_stamp(directory)
            return self._fp

    def _memo(self, key: tuple[Any, ...], make: Callable[[], Any]) -> Any:
        """Results that depend only on the store (templates, headings, similar documents), cached
        until the store changes; never anything that depends on the reader."""
        key = (self.library.max_seq(), *key)
        with self._memo_lock:
            if key in self._memos:
                self._memos.move_to_end(key)
                return self._memos[key]
        value = make()
        with self._memo_lock:
            self._memos[key] = value
            while len(self._memos) > MEMO_SIZE:
                self._memos.popitem(last=False)
        return value

    def check_limit(self, reader: Reader) -> int:
        """How many characters this reader may check at once (0: must sign in first)."""
        if not reader.signed_in:
            return 0
        return CHECK_MAX_CHARS if reader.member_active else FREE_CHECK_CHARS

    def check(self, reader: Reader, text: str) -> dict[str, Any]:
        """The originality report (查重) of a draft; drafts are never stored or logged.

        Members check up to CHECK_MAX_CHARS characters, free users (and expired members) a short
        draft of FREE_CHECK_CHARS to try it.  A paid source the reader may not read is named
        (document, paragraph, title) without its text.
        """
        from .writing import check_draft

        limit = self.check_limit(reader)
        if not limit:
            raise AuthError("请登录后使用查重（免费注册即可试用）")
        if not text.strip():
            raise SucaiError("请粘贴或上传要查重的文稿")
        if len(text) > limit:
            if limit == FREE_CHECK_CHARS:
                raise PaymentRequired(f"免费用户每次可查 {FREE_CHECK_CHARS} 字以内；开通会员后每次可查 "
                                      f"{CHECK_MAX_CHARS} 字（本文 {len(text)} 字）")
            raise TooLarge(f"文稿过长：每次最多查 {CHECK_MAX_CHARS} 字（本文 {len(text)} 字），请分段查重")
        report = check_draft(text, self.fingerprints(), self.library, entitled=lambda d: can_read_paid(reader, d))
        report["limit"] = limit
        return report

    def check_file(self, reader: Reader, name: str, data: bytes) -> tuple[str, dict[str, Any]]:
        """Check an uploaded txt/md/docx draft; returns its text and the report."""
        if not self.check_limit(reader):
            raise AuthError("请登录后使用查重（免费注册即可试用）")
        return (text := read_draft(name, data)), self.check(reader, text)

    def template(self, kind: str | None, org_type: str | None) -> dict[str, Any]:
        """Outline template (提纲模板): outline headings are public, so every reader gets the same."""
        from .writing import outline_template

        kind, org_type = (kind or None), (org_type or None)
        data = self._memo(("template", kind, org_type), lambda: outline_template(self.library, kind, org_type))
        return {**data, "facets": self.writing_facets()}

    def headings(self, role: str | None, kind: str | None, q: str | None, limit: int = 200) -> dict[str, Any]:
        """The heading library (小标题库): headings and their parallel patterns, no body text."""
        from .writing import heading_library

        role, kind, q = (role or None), (kind or None), ((q or "").strip() or None)
        if role and role not in HEADING_ROLES:
            raise SucaiError("段落用途须为 summary、problems、plan 或 other")
        if q and len(q) > MAX_QUERY:
            raise SucaiError(f"检索词不能超过 {MAX_QUERY} 个字符")
        data = self._memo(("headings", role, kind, q), lambda: heading_library(self.library, role, kind, q))
        return {**data, "headings": data["headings"][:limit], "patterns": data["patterns"][:limit],
                "pattern_total": len(data["patterns"]), "facets": self.writing_facets()}

    def writing_facets(self) -> dict[str, list[str]]:
        stats = self.library.stats()
        return {"kind": [k for k in stats["by_kind"] if k], "org_type": [k for k in stats["by_org_type"] if k]}

    def figures(self, reader: Reader, *, doc_ids: list[str] | None = None, q: str | None = None,
                collection: str | None = None, filters: dict[str, Any] | None = None) -> dict[str, Any]:
        """The figures table of some documents, a search result set or a collection.

        Figures reported in paid paragraphs only for readers entitled to the document.
        """
        from .writing import figure_table

        chosen = [bool(doc_ids), bool(q and q.strip()), bool(collection)]
        if sum(chosen) != 1:
            raise SucaiError("请指定文档（doc）、检索词（q）或汇编（collection）中的一项")
        source: dict[str, Any]
        if doc_ids:
            if len(doc_ids) > MAX_FIGURE_DOCS:
                raise SucaiError(f"一次最多 {MAX_FIGURE_DOCS} 篇文档")
            rows = [self.library.document_row(d) for d in dict.fromkeys(doc_ids)]
            ids = [r["id"] for r in rows]
            source = {"type": "documents", "title": rows[0]["title"] if len(rows) == 1 else f"{len(rows)} 篇文档"}
        elif collection:
            info = self.library.collection(collection)
            ids = [d["id"] for d in info["documents"]]
            source = {"type": "collection", "id": collection, "title": info["title"]}
        else:
            ids = self._result_documents(str(q).strip(), filters or {})
            source = {"type": "search", "q": str(q).strip(), "title": f"检索“{str(q).strip()}”的结果"}
        rows = figure_table(self.library, ids, entitled=lambda d: can_read_paid(reader, d))
        # how many figures membership would add: a count, never their content
        withheld = 0 if reader.member_active else len(figure_table(self.library, ids, entitled=_anyone)) - len(rows)
        return {"source": source, "documents": len(ids), "total": len(rows), "withheld": withheld, "rows": rows}

    def figures_file(self, reader: Reader, fmt: str, **how: Any) -> FileOut:
        """The figures table as CSV (UTF-8 with BOM, for Excel) or XLSX.

        Not counted against the download quota: it holds only figures the reader may see anyway.
        """
        from .writing import to_csv, to_xlsx

        data = self.figures(reader, **how)
        name = _file_stem(data["source"]["title"]) + "-数据表"
        if fmt == "csv":
            return FileOut(("\ufeff" + to_csv(data["rows"])).encode("utf-8"), "text/csv; charset=utf-8",
                           name + ".csv")
        if fmt == "xlsx":
            return FileOut(to_xlsx(data["rows"]), XLSX_TYPE, name + ".xlsx")
        raise SucaiError("格式须为 json、csv 或 xlsx")

    def _result_documents(self, q: str, filters: dict[str, Any]) -> list[str]:
        """The documents of a search result set, best first (at most MAX_FIGURE_DOCS)."""
        if len(q) > MAX_QUERY:
            raise SucaiError(f"检索词不能超过 {MAX_QUERY} 个字符")
        wanted = {k: v for k, v in filters.items() if v not in (None, "")}
        result = self._run_search(q, limit=MAX_FIGURE_DOCS, offset=0, filters=wanted, group=True)
        return list(dict.fromkeys(h["doc_id"] for h in result.get("hits", [])))

    def similar(self, reader: Reader, doc_id: str, limit: int = 6) -> list[dict[str, Any]]:
        """More like this by fingerprints, near-duplicates of the document left out.

        Titles, metadata and scores only: never text, so the answer is the same for every reader.
        """
        from .writing import similar

        self.library.document_row(doc_id)  # a wrong id is a 404, not an empty list
        found = self._memo(("similar", doc_id, limit),
                           lambda: similar(self.library, self.fingerprints(), doc_id=doc_id, limit=limit))
        if not found:
            return []
        ids = [f["doc_id"] for f in found]
        marks = ", ".join("?" for _ in ids)
        rows = {r["id"]: r for r in self.db.all(
            f"SELECT {self.library._LIST_COLUMNS} FROM documents WHERE id IN ({marks})", ids)}
        return [list_item(rows[f["doc_id"]]) | {"doc_id": f["doc_id"], "score": f["score"]}
                for f in found if f["doc_id"] in rows]

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

    # ------------------------------------------------------------ admin
    def require_admin(self, reader: Reader) -> None:
        require_user(reader)
        if not reader.is_admin:
            raise Forbidden("只有管理员可以访问")

    def admin_overview(self, reader: Reader) -> dict[str, Any]:
        self.require_admin(reader)
        runs = self.library.import_runs(limit=30)
        return {"users": accounts.list_users(self.db), "usage": accounts.usage_figures(self.db),
                "runs": runs, "stats": self.library.stats(), "jobs": [j.to_json() for j in self.jobs()],
                "vouchers": accounts.list_vouchers(self.db, 30)}

    def admin_run(self, reader: Reader, run_id: int) -> dict[str, Any]:
        self.require_admin(reader)
        run = self.db.one("SELECT * FROM import_runs WHERE id = ?", (run_id,))
        if run is None:
            raise NotFound("没有这次导入")
        return {"run": run, "files": self.library.import_files(run_id)}

    def admin_set_user(self, reader: Reader, name: str, role: str, days: int | None) -> None:
        self.require_admin(reader)
        if days and role == accounts.MEMBER:
            accounts.grant_days(self.db, name, days)
            return
        accounts.set_role(self.db, name, role, accounts.expiry_from(days) if role == accounts.MEMBER else None)

    def admin_create_user(self, reader: Reader, name: str, password: str, role: str, days: int | None) -> None:
        self.require_admin(reader)
        accounts.create_user(self.db, name, password, role,
                             accounts.expiry_from(days) if role == accounts.MEMBER else None)

    def admin_voucher(self, reader: Reader, days: int | None, doc_id: str | None) -> str:
        self.require_admin(reader)
        return accounts.create_voucher(self.db, days, doc_id or None)

    def jobs(self) -> list[ImportJob]:
        with self._jobs_lock:
            return sorted(self._jobs.values(), key=lambda j: j.id, reverse=True)[:20]

    def job(self, reader: Reader, job_id: str) -> ImportJob:
        self.require_admin(reader)
        with self._jobs_lock:
            job = self._jobs.get(job_id)
        if job is None:
            raise NotFound("没有这个导入任务")
        return job

    def start_import(self, reader: Reader, folder: Path, names: list[str],
                     cleanup: Callable[[], None] | None = None) -> ImportJob:
        """Import a staged upload folder in a background thread; progress is kept on the job."""
        self.require_admin(reader)
        job = ImportJob(id=uuid.uuid4().hex[:12], user=reader.name, files=names)
        with self._jobs_lock:
            self._jobs[job.id] = job
        thread = threading.Thread(target=self._import, args=(job, folder, cleanup), daemon=True,
                                  name=f"import-{job.id}")
        thread.start()
        return job

    def _import(self, job: ImportJob, folder: Path, cleanup: Callable[[], None] | None) -> None:
        from .indexing import settle_import
        from .ingest.batch import import_paths

        def progress(n: int, total: int, result: Any) -> None:
            job.done, job.total = n, total
            job.results.append({"path": Path(result.path).name, "status": result.status,
                                "documents": len(result.documents), "error": result.error})

        try:
            report = import_paths(self.library, [folder], origin="web", progress=progress)
            job.report = report.to_json()
            job.report["files"] = report.files
            job.report["counts"] = report.counts()
            report.near_duplicates = settle_import(self.settings, self.library, report.new_documents)
            job.report["near_duplicates"] = report.near_duplicates
            self.reset_index()
            job.state = "finished"
        except Exception as exc:  # the thread must leave a readable state behind, never die silently
            log.exception("web import %s failed", job.id)
            job.state, job.error = "failed", f"导入失败：{exc}"
        finally:
            if cleanup:
                cleanup()


# ------------------------------------------------------------------ helpers

def check_format(fmt: str) -> None:
    """Refuse an unknown format before any quota is spent."""
    if fmt not in FORMATS:
        raise SucaiError("格式须为 txt、md 或 docx")


def read_draft(name: str, data: bytes) -> str:
    """The text of an uploaded draft (txt, md, docx), read from a private temp file.

    Only the extension of the client's file name is used: the temp file gets a fixed name,
    so nothing the client sends can point the reader elsewhere.
    """
    from .ingest.readers import read_file

    suffix = Path(name.replace("\\", "/")).suffix.lower()
    if suffix not in DRAFT_SUFFIXES:
        raise UnsupportedFormat("查重支持 txt、md、docx 文件")
    if len(data) > CHECK_UPLOAD_BYTES:
        raise TooLarge(f"文件过大：查重上传上限 {CHECK_UPLOAD_BYTES // (1024 * 1024)} MB")
    with tempfile.TemporaryDirectory(prefix="sucai-check-") as folder:
        path = Path(folder) / f"draft{suffix}"
        path.write_bytes(data)
        try:
            blocks = read_file(path)
        except SucaiError as exc:  # the temp path means nothing to the user: report the message only
            raise type(exc)(exc.message) from None
    return "\n".join(b.text for b in blocks)


def _anyone(_doc_id: str) -> bool:
    return True


def _file_stem(title: str) -> str:
    """A file name from a title: no path or reserved characters, not too long."""
    cleaned = "".join(ch for ch in title if ch.isprintable() and ch not in '\\/:*?"<>|“”')
    return cleaned.strip()[:40] or "sucai"


def require_user(reader: Reader) -> int:
    if reader.user_id is None:
        raise AuthError("请先登录")
    return reader.user_id


def _node_list(outline: list[dict[str, Any]], depth: int = 1, out: list | None = None) -> list[dict[str, Any]]:
    """The outline flattened in pre-order, each with its node index (the one basket sections use)."""
    out = [] if out is None else out
    for n in outline:
        out.append({"index": len(out), "level": depth, "marker": n["marker"], "heading": n["heading"],
                    "paragraph_id": n.get("paragraph_id")})
        _node_list(n["children"], depth + 1, out)
    return out
