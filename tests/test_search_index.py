"""The index on disk: persistence, incremental catch-up, versioning, crash safety, merging."""

from __future__ import annotations

import json

from sucai.search import SearchIndex, _build
from tests.plain import rows_from_text


def _rows(doc_id: str, first_seq: int, lines: list[str]):
    return list(rows_from_text(doc_id, "\n".join(lines), first_seq=first_seq, year=2023))


DOC_A = ["关于党建工作的报告", "一、主要工作", "全面从严治党取得新成效。"]
DOC_B = ["森林防火工作方案", "做好森林防火和防汛工作。"]


def test_index_survives_reopening_and_catches_up(tmp_path) -> None:
    index = SearchIndex.open(tmp_path)
    assert index.last_seq() == 0 and index.search("工作").total == 0
    first = _rows("a", 1, DOC_A)
    assert index.catch_up(first) == 3
    assert index.last_seq() == 3
    reopened = SearchIndex.open(tmp_path)
    assert reopened.search("工作").total == 2
    # Rows at or below last_seq are skipped: catching up twice adds nothing.
    assert reopened.catch_up(first + _rows("b", 4, DOC_B)) == 2
    assert SearchIndex.open(tmp_path).search("工作").total == 4
    assert len(reopened.segments) == 2


def test_changed_normaliser_or_schema_asks_for_rebuild(tmp_path) -> None:
    index = SearchIndex.open(tmp_path)
    index.catch_up(_rows("a", 1, DOC_A))
    manifest_path = tmp_path / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    manifest["normalizer"] = "n0-old"
    manifest_path.write_text(json.dumps(manifest))
    stale = SearchIndex.open(tmp_path)
    assert stale.needs_rebuild and stale.last_seq() == 0 and stale.search("工作").total == 0
    assert stale.catch_up(_rows("a", 1, DOC_A)) == 3
    fresh = SearchIndex.open(tmp_path)
    assert not fresh.needs_rebuild and fresh.search("工作").total == 2
    assert len([p for p in tmp_path.iterdir() if p.name.startswith("seg-")]) == 1


def test_unfinished_segments_are_never_trusted(tmp_path) -> None:
    index = SearchIndex.open(tmp_path)
    index.catch_up(_rows("a", 1, DOC_A))
    # A crash after writing a segment but before the manifest names it leaves an orphan behind.
    _build.build_segment(_rows("b", 4, DOC_B), tmp_path / "seg-orphan")
    (tmp_path / "tmp-seg-half").mkdir()
    reopened = SearchIndex.open(tmp_path)
    assert reopened.search("森林防火").total == 0
    assert not (tmp_path / "seg-orphan").exists()
    assert reopened.last_seq() == 3
    assert reopened.catch_up(_rows("b", 4, DOC_B)) == 2
    assert reopened.search("森林防火").total == 2


def test_rebuild_replaces_everything(tmp_path) -> None:
    index = SearchIndex.open(tmp_path)
    index.catch_up(_rows("a", 1, DOC_A))
    index.catch_up(_rows("b", 4, DOC_B))
    index.rebuild(_rows("b", 1, DOC_B))
    assert index.search("工作").total == 2 and index.search("党建").total == 0
    assert index.last_seq() == 2 and len(index.segments) == 1
    assert SearchIndex.open(tmp_path).search("党建").total == 0


def test_many_small_imports_are_merged(tmp_path) -> None:
    index = SearchIndex.open(tmp_path)
    seq = 1
    for i in range(15):
        rows = _rows(f"d{i}", seq, [f"第{i}号通知", f"做好第{i}项党建工作。"])
        index.catch_up(rows)
        seq += len(rows)
    assert len(index.segments) <= 12
    assert index.search("党建工作").total == 15
    assert index.search("第7项").total == 1
    assert index.last_seq() == seq - 1
    hit = index.search("第7项").hits[0]
    assert hit.snippet == "做好第7项党建工作。" and hit.doc_id == "d7"


def test_warming_computes_the_derived_tables_and_answers_the_same(tmp_path) -> None:
    index = SearchIndex.open(tmp_path)
    index.catch_up(_rows("a", 1, DOC_A) + _rows("b", 4, DOC_B))
    cold, warm = SearchIndex.open(tmp_path), SearchIndex.open(tmp_path)
    assert not any(name in vars(seg) for seg in warm.segments for name in seg.WARM)
    warm.warm()
    for seg in warm.segments:  # what a large, lazily mapped index does as well
        seg.warm(read_ahead=True)
    assert all(name in vars(seg) for seg in warm.segments for name in seg.WARM)
    for query in ("工作", '"防火工作"', "党建"):
        a, b = cold.search(query), warm.search(query)
        assert (a.total, [h.paragraph_id for h in a.hits]) == (b.total, [h.paragraph_id for h in b.hits])
