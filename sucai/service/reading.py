"""Readers and reading: sign-in, accounts, the home page, documents and whole-document downloads."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from .. import accounts
from ..access import can_read_paid, document_for, has_locked, part_for
from ..accounts import Reader
from ..config import Settings
from ..errors import Forbidden, PaymentRequired
from ..export.compile import render
from ..export.present import document_json, list_item
from ..store.library import Library
from .base import FileOut, Memo, Part, check_format, require_user


class Readers(Part):
    """Who is asking: sessions, sign-in and the account page."""

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

    def count_download(self, reader: Reader, what: str, fmt: str) -> None:
        """Spend one of the reader's daily downloads (refused when signed out, free or used up)."""
        s = self.settings
        if not reader.signed_in:
            raise Forbidden("请登录后下载")
        quota = accounts.daily_quota(reader, s.member_daily_downloads, s.free_daily_downloads)
        if quota == 0:
            raise Forbidden("免费用户不能下载：开通会员后每日可下载 "
                            f"{s.member_daily_downloads} 次")
        accounts.count_download(self.db, reader, what, fmt, s.member_daily_downloads, s.free_daily_downloads)


class Reading(Part):
    """The home page, document lists and pages, and whole-document downloads."""

    def __init__(self, settings: Settings, library: Library, readers: Readers,
                 popular: Callable[[], list[dict[str, Any]]],
                 similar: Callable[[Reader, str], list[dict[str, Any]]], parts: Memo) -> None:
        super().__init__(settings, library)
        self.readers = readers
        self.popular = popular
        self.similar = similar
        self.parts = parts

    def home(self) -> dict[str, Any]:
        """The home page's data, the same for every reader; recomputed when the store changes and
        at least every minute (popular searches and the last day's count move with time)."""
        return self.parts.get(("home", int(time.time() // 60)), self._home)

    def _home(self) -> dict[str, Any]:
        newest = [list_item(r) | {"created_at": r["created_at"]}
                  for r in self.library.list_documents(limit=12, newest_first=True)]
        today = accounts.stamp(accounts.utcnow() - timedelta(days=1))
        return {"newest": newest, "added_last_day": self.library.added_since(today), "stats": self.library.stats(),
                "popular": self.popular(), "collections": self.library.collections()[:8]}

    def documents(self, limit: int = 50, offset: int = 0) -> list[dict[str, Any]]:
        return [list_item(r) for r in self.library.list_page(limit, offset)]

    def document(self, reader: Reader, doc_id: str) -> dict[str, Any]:
        """The `show` JSON as this reader may receive it."""
        return document_for(reader, self.library.get_document(doc_id))

    def document_page(self, reader: Reader, doc_id: str) -> dict[str, Any]:
        """The reader page's data.  All but the similar documents' reasons depends only on the store
        and on whether the reader is entitled to this document, so it is cached under those."""
        entitled = can_read_paid(reader, doc_id)
        data = dict(self.parts.get(("page", doc_id, entitled), lambda: self._document_page(doc_id, entitled)))
        data["similar"] = self.similar(reader, doc_id)
        return data

    def _document_page(self, doc_id: str, entitled: bool) -> dict[str, Any]:
        stored = self.library.get_document(doc_id)
        data = document_json(stored, entitled=entitled)
        data["locked"] = not entitled and data["paid"]
        data["entitled"] = entitled
        data["free_body"] = any(p["kind"] == "body" and not p["paid"] for p in data["paragraphs"])
        data["nodes"] = _node_list(data["outline"])
        data["collection_info"] = self.library.collection(stored.collection_id) if stored.collection_id else None
        data["near_duplicate"] = self._near_duplicate_info(stored.id, stored.near_duplicate_of)
        data["versions"] = self.library.versions(stored.id)
        return data

    def _near_duplicate_info(self, doc_id: str, of: str | None) -> dict[str, Any] | None:
        """The document this one repeats (title and similarity only), when linked at import."""
        if not of:
            return None
        row = self.library.title_row(of)
        if row is None:
            return None
        return {"id": row["id"], "title": row["title"],
                "similarity": self.library.document_row(doc_id)["similarity"]}

    def collection(self, collection_id: str) -> dict[str, Any]:
        return self.library.collection(collection_id)

    def download(self, reader: Reader, doc_id: str, fmt: str, *, published: bool = False) -> FileOut:
        """A whole document as a file, for readers entitled to all of it, within their daily quota."""
        from ..export import part_of_document

        check_format(fmt)
        stored = self.library.get_document(doc_id)
        if has_locked(reader, stored):
            raise PaymentRequired("这是会员内容：开通会员或购买本篇后即可下载")
        self.readers.count_download(reader, doc_id, fmt)
        return render([part_for(reader, doc_id, part_of_document(stored.document))], fmt, published=published)


def _node_list(outline: list[dict[str, Any]], depth: int = 1, out: list | None = None) -> list[dict[str, Any]]:
    """The outline flattened in pre-order, each with its node index (the one basket sections use)."""
    out = [] if out is None else out
    for n in outline:
        out.append({"index": len(out), "level": depth, "marker": n["marker"], "heading": n["heading"],
                    "paragraph_id": n.get("paragraph_id")})
        _node_list(n["children"], depth + 1, out)
    return out
