"""The library store: documents, collections, paragraphs, figures, import runs.

One class serves SQLite and PostgreSQL through `Database`.  Identifiers derive
from content (documents, paragraphs) or from the source file's hash
(collections), so they are stable across re-imports, rebuilds and nodes.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ..errors import NotFound, SucaiError
from ..models import Document, Figure, Item, Meta, OutlineNode, Paragraph, ParsedFile
from . import FileResult, IndexRow, StoredDocument
from .db import Database
from .schema import migrate

_IMPORT_LOCK = 7_201_002
# json.dumps(obj, ensure_ascii=False) without building an encoder per call (same text)
_json = json.JSONEncoder(ensure_ascii=False).encode
_WS = re.compile(r"\s+")


MIN_PREFIX = 6  # characters of an id prefix accepted in place of the whole id
_HEX_ID = re.compile(r"[0-9a-f]+")


class AmbiguousId(SucaiError):
    """An id prefix that more than one document starts with."""


def now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def content_hash(doc: Document) -> str:
    """Hash of what a document says, blind to white space, so a re-typeset copy is the same."""
    text = _WS.sub("", doc.title) + "\n" + _WS.sub("", "".join(p.text for p in doc.paragraphs))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def doc_id_for(chash: str) -> str:
    return "d" + chash[:12]


def paragraph_id(doc_id: str, idx: int) -> str:
    return f"{doc_id}-{idx}"


# ------------------------------------------------------------------ (de)serialise

def outline_to_json(nodes: tuple[OutlineNode, ...]) -> list[dict[str, Any]]:
    return [
        {
            "level": n.level,
            "marker": n.marker,
            "heading": n.heading,
            "role": n.role,
            "paragraph": n.paragraph,
            "children": outline_to_json(n.children),
        }
        for n in nodes
    ]


def outline_from_json(data: list[dict[str, Any]]) -> tuple[OutlineNode, ...]:
    return tuple(
        OutlineNode(
            level=d["level"],
            marker=d["marker"],
            heading=d["heading"],
            role=d["role"],
            paragraph=d["paragraph"],
            children=outline_from_json(d["children"]),
        )
        for d in data
    )


@dataclass(frozen=True)
class PreparedDocument:
    """A document as the rows the store inserts (what does not depend on where it is stored)."""

    doc_id: str
    content_hash: str
    head: tuple[Any, ...]  # id, title, org, org_type, kind, year, half, date, chars
    source_path: str
    outline_json: str
    warnings_json: str
    ocr: int
    paragraphs: list[tuple[Any, ...]]
    figures: list[tuple[Any, ...]]

    @property
    def chars(self) -> int:
        return int(self.head[8])


@dataclass(frozen=True)
class PreparedFile:
    """A parsed file ready to store: built by `prepare_file` where it was parsed (a worker
    process), so the one writer only inserts rows."""

    path: str
    collection_title: str | None
    toc_json: str
    warnings: tuple[str, ...]
    documents: tuple[PreparedDocument, ...]


def prepare_file(parsed: ParsedFile) -> PreparedFile:
    return PreparedFile(parsed.path, parsed.collection_title, _json(list(parsed.collection_toc)), parsed.warnings,
                        tuple(_prepare_document(d) for d in parsed.documents))


def _prepare_document(doc: Document) -> PreparedDocument:
    chash = content_hash(doc)
    doc_id = doc_id_for(chash)
    m = doc.meta
    paragraphs = [
        (paragraph_id(doc_id, i), doc_id, i, p.kind, p.text, _json(list(p.path)), p.role, int(p.paid), p.node,
         p.start, p.end, _json([[it.marker, it.text] for it in p.items]))
        for i, p in enumerate(doc.paragraphs)
    ]
    figures = [(doc_id, i, f.subject, f.value, f.unit, f.change, f.text, f.paragraph)
               for i, f in enumerate(doc.figures)]
    return PreparedDocument(
        doc_id, chash, (doc_id, doc.title, m.org, m.org_type, m.kind, m.year, m.half, m.date, doc.chars),
        doc.source_path, _json(outline_to_json(doc.outline)), _json(list(doc.warnings)), int(doc.ocr),
        paragraphs, figures)


class Library:
    """Store implementation over a `Database` (SQLite file or PostgreSQL URL)."""

    def __init__(self, db: Database, read_db: Database | None = None) -> None:
        self.db = db
        # Page reads (lists, documents, collections) may go to a streaming replica; change-sequence
        # reads and every write path stay on the primary, so an index never skips what was imported.
        self.rdb = read_db or db
        migrate(db)

    @classmethod
    def open_sqlite(cls, path: Path) -> Library:
        path.parent.mkdir(parents=True, exist_ok=True)
        return cls(Database(sqlite_path=path))

    @classmethod
    def open_url(cls, url: str, read_url: str | None = None) -> Library:
        return cls(Database(url=url), Database(url=read_url) if read_url else None)

    def close(self) -> None:
        self.db.close()
        if self.rdb is not self.db:
            self.rdb.close()

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # ------------------------------------------------------------ import
    def source_seen(self, source_hash: str) -> str | None:
        row = self.db.one("SELECT first_doc FROM sources WHERE hash = ?", (source_hash,))
        return None if row is None else (row["first_doc"] or "")

    def add_file(self, parsed: ParsedFile, source_hash: str) -> FileResult:
        """Store every document of one file in one transaction: all or nothing."""
        with self.db.transaction(lock_key=_IMPORT_LOCK):
            return self._add_file(parsed, source_hash)

    def add_files(self, run_id: int, files: list[tuple[str, str, ParsedFile | PreparedFile | FileResult]],
                  ) -> list[FileResult | Exception]:
        """Store a batch of (path, source hash, parsed file or its result already known) in one
        transaction and record each in the import run.  Each file is all or nothing within it (a
        savepoint): a file that fails to store is left out and its exception returned in its place."""
        out: list[FileResult | Exception] = []
        with self.db.transaction(lock_key=_IMPORT_LOCK):
            for _path, source_hash, item in files:
                if isinstance(item, FileResult):
                    out.append(item)
                    continue
                try:
                    with self.db.savepoint():
                        out.append(self._add_file(item, source_hash))
                except Exception as exc:  # one broken file must never stop the batch
                    out.append(exc)
            # the caller turns an exception into its rejection; the rest are recorded now
            for result in out:
                if isinstance(result, FileResult):
                    self._record_file(run_id, result)
        return out

    def _add_file(self, parsed: ParsedFile | PreparedFile, source_hash: str) -> FileResult:
        prepared = parsed if isinstance(parsed, PreparedFile) else prepare_file(parsed)
        seen = self.source_seen(source_hash)
        if seen is not None:
            return FileResult(prepared.path, "duplicate", duplicate_of=seen or None)
        created = now()
        ids: list[str] = []
        new_ids: list[str] = []
        duplicates: list[str] = []
        collection_id = None
        if prepared.collection_title:
            collection_id = "c" + source_hash[:12]
            self.db.execute(
                "INSERT INTO collections (id, title, source_path, source_hash, toc_json, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (collection_id, prepared.collection_title, prepared.path, source_hash, prepared.toc_json, created),
            )
        for position, doc in enumerate(prepared.documents, 1):
            existing = self.db.one("SELECT id FROM documents WHERE content_hash = ?", (doc.content_hash,))
            if existing is not None:
                doc_id = existing["id"]
                duplicates.append(doc_id)
            else:
                doc_id = doc.doc_id
                self._insert_document(doc, collection_id, position, source_hash, created)
                new_ids.append(doc_id)
            ids.append(doc_id)
            if collection_id:
                self.db.execute(
                    "INSERT INTO collection_items (collection_id, position, doc_id) VALUES (?, ?, ?)",
                    (collection_id, position, doc_id),
                )
        self.db.execute(
            "INSERT INTO sources (hash, path, collection_id, first_doc, created_at) VALUES (?, ?, ?, ?, ?)",
            (source_hash, prepared.path, collection_id, ids[0] if ids else None, created),
        )
        status = "imported" if new_ids else "duplicate"
        return FileResult(
            prepared.path, status, documents=tuple(new_ids), collection=collection_id,
            duplicate_of=duplicates[0] if duplicates and not new_ids else None,
            warnings=prepared.warnings, duplicates=tuple(duplicates),
        )

    def _insert_document(self, doc: PreparedDocument, collection_id: str | None, position: int,
                         source_hash: str, created: str) -> None:
        m = doc.head
        self.db.execute(
            "INSERT INTO documents (id, title, org, org_type, kind, year, half, date, chars, collection_id,"
            " position, content_hash, source_path, source_hash, outline_json, warnings_json, created_at, ocr)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (*m, collection_id, position if collection_id else None, doc.content_hash, doc.source_path,
             source_hash, doc.outline_json, doc.warnings_json, created, doc.ocr),
        )
        self.db.executemany(
            "INSERT INTO paragraphs (id, doc_id, idx, kind, text, path_json, role, paid, node, start_off,"
            " end_off, items_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            doc.paragraphs,
        )
        if doc.figures:
            self.db.executemany(
                "INSERT INTO figures (doc_id, idx, subject, value, unit, change, text, paragraph)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                doc.figures,
            )

    def set_near_duplicate(self, doc_id: str, of: str, similarity: float) -> None:
        with self.db.transaction():
            self.db.execute("UPDATE documents SET near_dup_of = ?, similarity = ? WHERE id = ?",
                            (of, similarity, doc_id))

    # ------------------------------------------------------------ import runs
    def start_run(self, origin: str = "cli") -> int:
        with self.db.transaction():
            return self.db.insert_id(
                "INSERT INTO import_runs (started_at, origin) VALUES (?, ?)", (now(), origin)
            )

    def record_file(self, run_id: int, result: FileResult) -> None:
        with self.db.transaction():
            self._record_file(run_id, result)

    def _record_file(self, run_id: int, result: FileResult) -> None:
        self.db.execute(
            "INSERT INTO import_files (run_id, path, status, error, documents_json, duplicate_of,"
            " warnings_json, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (run_id, result.path, result.status, result.error, json.dumps(list(result.documents)),
             result.duplicate_of, _json(list(result.warnings)), now()),
        )

    def finish_run(self, run_id: int, counts: dict[str, int]) -> None:
        with self.db.transaction():
            self.db.execute(
                "UPDATE import_runs SET finished_at = ?, files = ?, imported = ?, duplicates = ?,"
                " rejected = ?, documents = ? WHERE id = ?",
                (now(), counts["files"], counts["imported"], counts["duplicates"], counts["rejected"],
                 counts["documents"], run_id),
            )

    def import_runs(self, limit: int = 50) -> list[dict[str, Any]]:
        return self.db.all("SELECT * FROM import_runs ORDER BY id DESC LIMIT ?", (limit,))

    def import_run(self, run_id: int) -> dict[str, Any] | None:
        return self.db.one("SELECT * FROM import_runs WHERE id = ?", (run_id,))

    def import_files(self, run_id: int) -> list[dict[str, Any]]:
        return self.db.all("SELECT * FROM import_files WHERE run_id = ? ORDER BY id", (run_id,))

    # ------------------------------------------------------------ reading
    _LIST_COLUMNS = (
        "id, title, kind, org, org_type, year, half, date, chars, collection_id AS collection, position,"
        " created_at, num"
    )

    def list_documents(self, limit: int | None = None, newest_first: bool = False) -> list[dict[str, Any]]:
        order = "num DESC" if newest_first else "num"
        sql = f"SELECT {self._LIST_COLUMNS} FROM documents ORDER BY {order}"
        if limit is not None:
            return self.rdb.all(sql + " LIMIT ?", (limit,))
        return self.rdb.all(sql)

    def list_page(self, limit: int, offset: int) -> list[dict[str, Any]]:
        """Newest first, one page of the document list."""
        return self.db.all(f"SELECT {self._LIST_COLUMNS} FROM documents ORDER BY num DESC LIMIT ? OFFSET ?",
                           (limit, offset))

    def list_rows(self, doc_ids: list[str]) -> dict[str, dict[str, Any]]:
        """List rows of some documents by id (ids not in the library are left out)."""
        if not doc_ids:
            return {}
        marks = ", ".join("?" for _ in doc_ids)
        rows = self.db.all(f"SELECT {self._LIST_COLUMNS} FROM documents WHERE id IN ({marks})", doc_ids)
        return {r["id"]: r for r in rows}

    def marked_paragraphs(self, doc_id: str) -> list[dict[str, Any]]:
        """Index, kind and paid flag of a document's paragraphs that are paid or not body text."""
        return self.rdb.all("SELECT idx, kind, paid FROM paragraphs WHERE doc_id = ? AND (paid <> 0 OR kind <> ?)"
                            " ORDER BY idx", (doc_id, "body"))

    def title_row(self, doc_id: str) -> dict[str, Any] | None:
        return self.db.one("SELECT id, title FROM documents WHERE id = ?", (doc_id,))

    def versions(self, doc_id: str, limit: int = 20) -> list[dict[str, Any]]:
        """Documents linked at import as near-duplicates of this one (id and title)."""
        return self.db.all("SELECT id, title FROM documents WHERE near_dup_of = ? ORDER BY num LIMIT ?",
                           (doc_id, limit))

    def added_since(self, stamp: str) -> int:
        return int(self.db.scalar("SELECT COUNT(*) FROM documents WHERE created_at > ?", (stamp,)) or 0)
    BROWSE_FACETS = ("kind", "org_type", "year", "half")

    def browse(self, *, kind: str = "", org_type: str = "", years: tuple[int, int] | None = None, half: str = "",
               since: str = "", limit: int = 20, offset: int = 0) -> dict[str, Any]:
        """Documents newest first, filtered by metadata (and stored after `since`), with the total and
        facet counts over the filtered set: what category and facet links list."""
        where, params = ["1 = 1"], []
        for column, value in (("kind", kind), ("org_type", org_type), ("half", half)):
            if value:
                where.append(f"{column} = ?")
                params.append(value)
        if years:
            where.append("year BETWEEN ? AND ?")
            params += [years[0], years[1]]
        if since:
            where.append("created_at > ?")
            params.append(since)
        cond = " AND ".join(where)
        total = int(self.rdb.scalar(f"SELECT COUNT(*) FROM documents WHERE {cond}", tuple(params)) or 0)
        rows = self.rdb.all(f"SELECT {self._LIST_COLUMNS} FROM documents WHERE {cond} ORDER BY num DESC"
                            " LIMIT ? OFFSET ?", (*params, limit, offset))
        facets = {}
        for column in self.BROWSE_FACETS:  # fixed column names, never user text
            counted = self.rdb.all(f"SELECT {column} AS v, COUNT(*) AS n FROM documents WHERE {cond} AND {column}"
                                   f" IS NOT NULL GROUP BY {column} ORDER BY COUNT(*) DESC, {column}", tuple(params))
            facets[column] = {r["v"]: int(r["n"]) for r in counted}
        return {"total": total, "documents": rows, "facets": facets}

    def resolve_id(self, ref: str) -> str:
        """A document id from the id or a unique prefix of at least MIN_PREFIX characters, as git does."""
        ref = ref.strip().lower()
        if self._read_one("SELECT id FROM documents WHERE id = ?", (ref,)) is not None:
            return ref
        if len(ref) < MIN_PREFIX or not _HEX_ID.fullmatch(ref):
            raise NotFound(f"没有编号为 {ref} 的文档（编号可只写开头，至少 {MIN_PREFIX} 位）")
        rows = self.rdb.all("SELECT id, title FROM documents WHERE id LIKE ? ORDER BY id LIMIT 6", (ref + "%",))
        if not rows:
            raise NotFound(f"没有编号以 {ref} 开头的文档")
        if len(rows) > 1:
            shown = "；".join(f"{r['id']} {r['title']}" for r in rows[:5])
            raise AmbiguousId(f"编号开头 {ref} 对应多篇文档，请多写几位：{shown}")
        return rows[0]["id"]

    def resolve_ref(self, ref: str) -> str:
        """A document or paragraph reference (ID, ID-N, ID#N) with the document id written out in full."""
        for sep in ("-", "#"):
            if sep in ref:
                head, tail = ref.split(sep, 1)
                return self.resolve_id(head) + sep + tail
        return self.resolve_id(ref)

    def _read_one(self, sql: str, params: tuple[Any, ...]) -> dict[str, Any] | None:
        """A row from the replica, or from the primary when the replica has not caught up yet."""
        row = self.rdb.one(sql, params)
        if row is None and self.rdb is not self.db:
            row = self.db.one(sql, params)
        return row

    def document_row(self, doc_id: str) -> dict[str, Any]:
        row = self._read_one(
            f"SELECT {self._LIST_COLUMNS}, source_path, outline_json, near_dup_of, similarity, ocr"
            " FROM documents WHERE id = ?",
            (doc_id,),
        )
        if row is None:
            raise NotFound(f"没有编号为 {doc_id} 的文档")
        return row

    def get_document(self, doc_id: str) -> StoredDocument:
        row = self.document_row(doc_id)
        db = self.rdb
        paras = db.all(
            "SELECT seq, id, kind, text, path_json, role, paid, node, start_off, end_off, items_json"
            " FROM paragraphs WHERE doc_id = ? ORDER BY idx",
            (doc_id,),
        )
        if not paras and db is not self.db:  # the replica has the row but not yet its paragraphs
            db = self.db
            paras = db.all(
                "SELECT seq, id, kind, text, path_json, role, paid, node, start_off, end_off, items_json"
                " FROM paragraphs WHERE doc_id = ? ORDER BY idx",
                (doc_id,),
            )
        figures = db.all(
            "SELECT subject, value, unit, change, text, paragraph FROM figures WHERE doc_id = ? ORDER BY idx",
            (doc_id,),
        )
        document = Document(
            title=row["title"],
            paragraphs=tuple(
                Paragraph(
                    kind=p["kind"], text=p["text"], path=tuple(json.loads(p["path_json"])), paid=bool(p["paid"]),
                    role=p["role"], node=p["node"], start=p["start_off"], end=p["end_off"],
                    items=tuple(Item(m, t) for m, t in json.loads(p["items_json"])),
                )
                for p in paras
            ),
            outline=outline_from_json(json.loads(row["outline_json"])),
            meta=Meta(org=row["org"], org_type=row["org_type"], kind=row["kind"], year=row["year"],
                      half=row["half"], date=row["date"]),
            figures=tuple(Figure(**f) for f in figures),
            source_path=row["source_path"],
            ocr=bool(row["ocr"]),
        )
        return StoredDocument(
            id=row["id"], seq=max((p["seq"] for p in paras), default=0), document=document,
            collection_id=row["collection"], position=row["position"],
            paragraph_ids=tuple(p["id"] for p in paras), source_path=row["source_path"],
            created_at=row["created_at"], near_duplicate_of=row["near_dup_of"],
        )

    def document_texts(self, doc_ids: list[str]) -> dict[str, str]:
        """Each document's text (its paragraphs joined by line breaks, as Document.text), read in
        bulk from the primary; documents without paragraphs are left out."""
        texts: dict[str, list[str]] = {}
        for lo in range(0, len(doc_ids), 500):
            chunk = doc_ids[lo:lo + 500]
            marks = ", ".join("?" * len(chunk))
            for r in self.db.all(f"SELECT doc_id, text FROM paragraphs WHERE doc_id IN ({marks})"
                                 " ORDER BY doc_id, idx", tuple(chunk)):
                texts.setdefault(r["doc_id"], []).append(r["text"])
        return {d: "\n".join(t) for d, t in texts.items()}

    def texts_of(self, paragraph_ids: list[str]) -> dict[str, str]:
        """Paragraph texts by id, read in bulk (current versions; a deleted paragraph is left out)."""
        out: dict[str, str] = {}
        for lo in range(0, len(paragraph_ids), 500):
            chunk = paragraph_ids[lo:lo + 500]
            marks = ", ".join("?" * len(chunk))
            out.update((r["id"], r["text"]) for r in self.db.all(
                f"SELECT id, text FROM paragraphs WHERE id IN ({marks})", tuple(chunk)))
        return out

    def paragraph(self, paragraph_id_: str) -> dict[str, Any]:
        row = self._read_one(
            "SELECT id, doc_id, idx, kind, text, path_json, role, paid, node FROM paragraphs WHERE id = ?",
            (paragraph_id_,),
        )
        if row is None:
            raise NotFound(f"没有编号为 {paragraph_id_} 的段落")
        return row

    def collection(self, collection_id: str) -> dict[str, Any]:
        row = self._read_one("SELECT * FROM collections WHERE id = ?", (collection_id,))
        if row is None:
            raise NotFound(f"没有编号为 {collection_id} 的汇编")
        row["toc"] = json.loads(row.pop("toc_json"))
        row["documents"] = self.rdb.all(
            "SELECT ci.position, d.id, d.title, d.kind, d.org, d.year, d.half, d.chars"
            " FROM collection_items ci JOIN documents d ON d.id = ci.doc_id"
            " WHERE ci.collection_id = ? ORDER BY ci.position",
            (collection_id,),
        )
        return row

    def collections(self) -> list[dict[str, Any]]:
        return self.rdb.all(
            "SELECT c.id, c.title, c.source_path, c.created_at, COUNT(ci.doc_id) AS documents"
            " FROM collections c LEFT JOIN collection_items ci ON ci.collection_id = c.id"
            " GROUP BY c.id, c.title, c.source_path, c.created_at ORDER BY c.created_at, c.id"
        )

    def find_titles(self, text: str, limit: int = 50) -> list[dict[str, Any]]:
        like = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        return self.rdb.all(
            f"SELECT {self._LIST_COLUMNS} FROM documents WHERE title LIKE ? ESCAPE '\\' ORDER BY num DESC LIMIT ?",
            (like, limit),
        )

    def paragraph_rows(self, after_seq: int = 0) -> Iterator[IndexRow]:
        sql = (
            "SELECT p.seq, p.id, p.doc_id, p.idx, p.kind, p.text, p.paid, p.path_json, p.role,"
            " d.title, d.kind AS doc_kind, d.org, d.org_type, d.year, d.half, d.date, d.collection_id"
            " FROM paragraphs p JOIN documents d ON d.id = p.doc_id WHERE p.seq > ? ORDER BY p.seq"
        )
        paths: dict[str, tuple[str, ...]] = {}  # the paragraphs of a section share its path: decode it once
        for r in self.db.iterate_tuples(sql, (after_seq,)):
            path = paths.get(r[7])
            if path is None:
                path = paths[r[7]] = tuple(json.loads(r[7]))
                if len(paths) > 100_000:
                    paths.clear()
            yield IndexRow(r[0], r[1], r[2], r[3], r[4], r[5], bool(r[6]), path, *r[8:])

    def max_seq(self) -> int:
        return int(self.db.scalar("SELECT COALESCE(MAX(seq), 0) FROM paragraphs") or 0)

    def paid_paragraphs(self) -> int:
        """Paid paragraphs of the whole library, titles (always public) not counted."""
        return int(self.db.scalar("SELECT COUNT(*) FROM paragraphs WHERE paid = 1 AND kind <> 'title'") or 0)

    def stats(self) -> dict[str, Any]:
        docs = self.rdb.all("SELECT kind, org_type, chars FROM documents")
        return {
            "documents": len(docs),
            "paragraphs": int(self.rdb.scalar("SELECT COUNT(*) FROM paragraphs") or 0),
            "characters": sum(d["chars"] for d in docs),
            "collections": int(self.rdb.scalar("SELECT COUNT(*) FROM collections") or 0),
            "by_kind": dict(Counter(d["kind"] for d in docs).most_common()),
            "by_org_type": dict(Counter(d["org_type"] for d in docs).most_common()),
        }
