"""The SQLite store: one transaction per file, stable identifiers, change sequence."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest

from sucai.ingest.pipeline import parse_blocks
from sucai.ingest.readers import lines_to_blocks
from sucai.models import Figure
from sucai.store.library import Library

TEXT = "某某县统计局2024年上半年工作总结\n一、主要工作\n（一）抓党建。一是学习。二是监督。\n二、存在问题\n人手不足。\n"


def parsed(text: str = TEXT, path: str = "a.txt"):
    return parse_blocks(lines_to_blocks(text.splitlines()), path, "a")


def test_add_and_read_back(library: Library) -> None:
    lib = library
    result = lib.add_file(parsed(), "h1")
    assert result.status == "imported" and len(result.documents) == 1
    stored = lib.get_document(result.documents[0])
    assert stored.document.title == "某某县统计局2024年上半年工作总结"
    assert stored.paragraph_ids[0] == f"{stored.id}-0"
    assert [r.paragraph_id for r in lib.paragraph_rows()] == list(stored.paragraph_ids)
    assert lib.max_seq() == len(stored.paragraph_ids)
    assert list(lib.paragraph_rows(after_seq=lib.max_seq())) == []


def test_ids_are_stable_across_libraries(tmp_path: Path) -> None:
    a = Library.open_sqlite(tmp_path / "a.sqlite3").add_file(parsed(), "x")
    b = Library.open_sqlite(tmp_path / "b.sqlite3").add_file(parsed(path="other.txt"), "y")
    assert a.documents == b.documents


def test_failed_file_leaves_nothing(library: Library) -> None:
    lib = library
    good = parsed()
    second = parsed(TEXT.replace("统计局", "财政局")).documents[0]
    # a figure without a subject violates the schema: the insert fails half-way through the file
    broken = replace(second, figures=(Figure(subject=None, value="1", unit="个", change=None, text="x"),))  # type: ignore[arg-type]
    file = replace(good, documents=(good.documents[0], broken), collection_title="汇编")
    integrity_errors: tuple[type[BaseException], ...] = (sqlite3.IntegrityError,)
    if lib.db.dialect == "postgres":
        import psycopg

        integrity_errors = (psycopg.errors.NotNullViolation,)
    with pytest.raises(integrity_errors):
        lib.add_file(file, "h2")
    assert lib.list_documents() == []
    assert lib.max_seq() == 0
    assert lib.collections() == []
    assert lib.add_file(parsed(), "h2").status == "imported"
