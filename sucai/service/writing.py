"""Writing aids for the web: originality check, templates, headings, figure tables, similar.

Text of paid sources reaches a reader only when sucai.access allows it.
"""

from __future__ import annotations

import io
import json
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..access import can_read_paid, membership_teaser, paid_scope
from ..accounts import Reader
from ..config import Settings
from ..derived.catchup import Indexes
from ..errors import AuthError, PaymentRequired, SucaiError, UnsupportedFormat
from ..export.present import list_item
from ..models import ROLES
from ..store.library import Library
from .base import FileOut, Memo, Part, check_query_length

if TYPE_CHECKING:
    from ..writing import FingerprintIndex

CHECK_MAX_CHARS = 30_000  # a long report; more is refused with 413 (check it in parts)
FREE_CHECK_CHARS = 500  # free users may try the check on a paragraph or two
CHECK_UPLOAD_BYTES = 2 * 1024 * 1024
DRAFT_MAX_UNPACKED = 32 * 1024 * 1024  # a docx draft's parts, uncompressed (a 30,000-character draft needs far less)
DRAFT_SUFFIXES = (".txt", ".md", ".markdown", ".docx")
MAX_FIGURE_DOCS = 100
HEADING_ROLES = ROLES
MIN_SIMILAR = 0.02  # below this share of fingerprints two documents share only stock phrases
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class TooLarge(SucaiError):
    status = 413


class WritingAids(Part):
    """Check, templates, headings, figure tables and similar documents over the library."""

    def __init__(self, settings: Settings, library: Library, indexes: Indexes, memo: Memo,
                 run_search: Callable[..., dict[str, Any]]) -> None:
        super().__init__(settings, library)
        self.indexes = indexes
        self.memo = memo
        self.run_search = run_search
        self._fp_paid: tuple[tuple[int, int], Any] | None = None  # paid flags of the fingerprint index

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
        from ..writing import check_draft

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
        index = self.indexes.fingerprints.get()
        report = check_draft(text, index, self.library, entitled=lambda d: can_read_paid(reader, d),
                             visible=self._visible(index, paid_scope(reader)))
        report["limit"] = limit
        report["teaser"] = membership_teaser(reader, self.paid_paragraphs())
        return report

    def paid_paragraphs(self) -> int:
        return int(self.memo.get(("paid_paragraphs",), self.library.paid_paragraphs))

    def _visible(self, index: FingerprintIndex, scope: tuple[str, ...] | None) -> Any:
        """The fingerprint paragraphs a reader with this paid scope may match (None: all)."""
        from ..writing import paid_flags, visible_mask

        if scope is None:
            return None
        key = (id(index), len(index))
        cached = self._fp_paid
        if cached is None or cached[0] != key:
            cached = self._fp_paid = (key, paid_flags(index, self.library))
        return visible_mask(index, cached[1], scope)

    def check_file(self, reader: Reader, name: str, data: bytes) -> tuple[str, dict[str, Any]]:
        """Check an uploaded txt/md/docx draft; returns its text and the report."""
        if not self.check_limit(reader):
            raise AuthError("请登录后使用查重（免费注册即可试用）")
        return (text := read_draft(name, data, self.settings.parse_seconds)), self.check(reader, text)

    def template(self, kind: str | None, org_type: str | None) -> dict[str, Any]:
        """Outline template (提纲模板): outline headings are public, so every reader gets the same."""
        from ..writing import outline_template

        kind, org_type = (kind or None), (org_type or None)
        data = self.memo.get(("template", kind, org_type), lambda: outline_template(self.library, kind, org_type))
        return {**data, "facets": self.writing_facets()}

    def headings(self, role: str | None, kind: str | None, q: str | None, limit: int = 200) -> dict[str, Any]:
        """The heading library (小标题库): headings and their parallel patterns, no body text."""
        from ..writing import heading_library

        role, kind, q = (role or None), (kind or None), ((q or "").strip() or None)
        if role and role not in HEADING_ROLES:
            raise SucaiError("段落用途须为 " + "、".join(HEADING_ROLES) + " 之一")
        if q:
            check_query_length(q)
        data = self.memo.get(("headings", role, kind, q), lambda: heading_library(self.library, role, kind, q))
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
        from ..writing import figure_table

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
            ids = self._result_documents(reader, str(q).strip(), filters or {})
            source = {"type": "search", "q": str(q).strip(), "title": f"检索“{str(q).strip()}”的结果"}
        rows = figure_table(self.library, ids, entitled=lambda d: can_read_paid(reader, d))
        # how many figures membership would add: a count, never their content
        withheld = 0 if reader.member_active else len(figure_table(self.library, ids, entitled=_anyone)) - len(rows)
        return {"source": source, "documents": len(ids), "total": len(rows), "withheld": withheld, "rows": rows}

    def figures_file(self, reader: Reader, fmt: str, **how: Any) -> FileOut:
        """The figures table as CSV (UTF-8 with BOM, for Excel) or XLSX.

        Not counted against the download quota: it holds only figures the reader may see anyway.
        """
        from ..writing import to_csv, to_xlsx

        data = self.figures(reader, **how)
        name = _file_stem(data["source"]["title"]) + "-数据表"
        if fmt == "csv":
            return FileOut(("\ufeff" + to_csv(data["rows"])).encode("utf-8"), "text/csv; charset=utf-8",
                           name + ".csv")
        if fmt == "xlsx":
            return FileOut(to_xlsx(data["rows"]), XLSX_TYPE, name + ".xlsx")
        raise SucaiError("格式须为 json、csv 或 xlsx")

    def _result_documents(self, reader: Reader, q: str, filters: dict[str, Any]) -> list[str]:
        """The documents of a search result set, best first (at most MAX_FIGURE_DOCS)."""
        check_query_length(q)
        wanted = {k: v for k, v in filters.items() if v not in (None, "")}
        result = self.run_search(reader, q, limit=MAX_FIGURE_DOCS, offset=0, filters=wanted, group=True)
        return list(dict.fromkeys(h["doc_id"] for h in result.get("hits", [])))

    def similar(self, reader: Reader, doc_id: str, limit: int = 6) -> list[dict[str, Any]]:
        """More like this by fingerprints, near-duplicates of the document left out.

        Titles, metadata and scores only, computed for members over all text and for everyone else
        over public paragraphs only (scores must not tell anything about paid text).
        """
        from ..writing import similar

        self.library.document_row(doc_id)  # a wrong id is a 404, not an empty list
        public = paid_scope(reader) is not None

        def find() -> list[dict[str, Any]]:
            index = self.indexes.fingerprints.get()
            visible = self._visible(index, ()) if public else None
            return similar(self.library, index, doc_id=doc_id, limit=limit, visible=visible)

        level = self.indexes.fingerprints.get().last_seq()  # the index may lag behind the store
        found = self.memo.get(("similar", level, doc_id, limit, public), find)
        found = [f for f in found if f["score"] >= MIN_SIMILAR]
        if not found:
            return []
        rows = self.library.list_rows([f["doc_id"] for f in found])
        return [list_item(rows[f["doc_id"]]) | {"doc_id": f["doc_id"], "score": f["score"]}
                for f in found if f["doc_id"] in rows]

    def similar_explained(self, reader: Reader, doc_id: str, limit: int = 6) -> list[dict[str, Any]]:
        """Similar documents with why they are similar (common metadata, shared headings, shared
        passages), each passage counted only when this reader may read both of its sides."""
        from ..writing.related import visible_reasons

        level = self.indexes.fingerprints.get().last_seq()  # the index may lag behind the store
        found = self.memo.get(("similar-why", level, doc_id, limit), lambda: self._similar_evidence(doc_id, limit))
        mine = can_read_paid(reader, doc_id)
        return [item | {"reasons": visible_reasons(shared, headings, meta, can_read_a=mine,
                                                   can_read_b=can_read_paid(reader, item["id"]))}
                for item, shared, headings, meta in found]

    def _similar_evidence(self, doc_id: str, limit: int) -> list[tuple[dict[str, Any], list, list[str], list[str]]]:
        """Reader-independent: the similar documents, their shared passages (with both sides' paid
        flags), shared headings and common metadata."""
        from ..accounts import ANONYMOUS_READER
        from ..writing.related import (
            common_meta,
            outline_headings,
            paragraph_pairs,
            passages,
            shared_headings,
        )

        items = self.similar(ANONYMOUS_READER, doc_id, limit)  # titles and metadata: the same for every reader
        if not items:
            return []
        this = self.library.get_document(doc_id).document
        mine = list_item(self.library.document_row(doc_id))
        my_heads = [n.heading for n in this.nodes]
        pairs = paragraph_pairs(self.indexes.fingerprints.get(), doc_id, [i["id"] for i in items])
        out = []
        for item in items:
            their_heads = outline_headings(json.loads(self.library.document_row(item["id"])["outline_json"] or "[]"))
            marked = self.library.marked_paragraphs(item["id"])
            their_paid = {int(r["idx"]) for r in marked if r["paid"]}
            not_body = {int(r["idx"]) for r in marked if r["kind"] != "body"}
            out.append((item, passages(pairs[item["id"]], this, their_paid, not_body),
                        shared_headings(my_heads, their_heads), common_meta(mine, item)))
        return out


def read_draft(name: str, data: bytes, timeout: float = 30) -> str:
    """The text of an uploaded draft (txt, md, docx), read from a private temp file.

    Only the extension of the client's file name is used: the temp file gets a fixed name,
    so nothing the client sends can point the reader elsewhere.  A docx is checked for its
    unpacked size and compression ratio first; the reader runs in a child process that is
    stopped after `timeout` seconds (sucai.ingest.isolated).
    """
    from ..ingest.isolated import read_isolated
    from ..ingest.safezip import open_checked

    suffix = Path(name.replace("\\", "/")).suffix.lower()
    if suffix not in DRAFT_SUFFIXES:
        raise UnsupportedFormat("查重支持 txt、md、docx 文件")
    if len(data) > CHECK_UPLOAD_BYTES:
        raise TooLarge(f"文件过大：查重上传上限 {CHECK_UPLOAD_BYTES // (1024 * 1024)} MB")
    if suffix == ".docx" and data.startswith(b"PK"):
        shown = Path(name.replace("\\", "/")).name
        open_checked(io.BytesIO(data), name=shown, max_total=DRAFT_MAX_UNPACKED).close()
    with tempfile.TemporaryDirectory(prefix="sucai-check-") as folder:
        path = Path(folder) / f"draft{suffix}"
        path.write_bytes(data)
        try:
            blocks = read_isolated(path, timeout)
        except SucaiError as exc:  # the temp path means nothing to the user: report the message only
            raise type(exc)(exc.message) from None
    return "\n".join(b.text for b in blocks)


def _anyone(_doc_id: str) -> bool:
    return True


def _file_stem(title: str) -> str:
    """A file name from a title: no path or reserved characters, not too long."""
    cleaned = "".join(ch for ch in title if ch.isprintable() and ch not in '\\/:*?"<>|“”')
    return cleaned.strip()[:40] or "sucai"


