"""The one derived-index abstraction: versioned manifest, batch that commits or discards, merge
policies, and the holder that keeps a node's index level with the store."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sucai.derived import IndexFiles, IndexHolder, all_to_merge, smallest_to_merge


def _segment(tmp: Path) -> None:
    tmp.mkdir()
    (tmp / "data").write_text("x")


def test_batch_commits_all_segments_in_one_manifest(tmp_path: Path) -> None:
    files = IndexFiles(tmp_path, {"version": 1})
    with files.batch([], 0) as batch:
        batch.write_segment("seg-1", _segment)
        batch.write_segment("seg-2", _segment)
        batch.advance(7)
    manifest, stale = files.read()
    assert not stale and manifest is not None
    assert manifest["segments"] == ["seg-1", "seg-2"] and manifest["last_seq"] == 7 and manifest["version"] == 1


def test_batch_that_fails_leaves_the_index_as_it_was(tmp_path: Path) -> None:
    files = IndexFiles(tmp_path, {"version": 1})
    with files.batch([], 0) as batch:
        batch.write_segment("seg-1", _segment)
        batch.advance(3)
    before = (tmp_path / "manifest.json").read_text()
    with pytest.raises(RuntimeError), files.batch(["seg-1"], 3) as batch:
        batch.write_segment("seg-2", _segment)
        raise RuntimeError("crash mid-batch")
    assert (tmp_path / "manifest.json").read_text() == before
    assert not (tmp_path / "seg-2").exists()


def test_another_version_is_stale_and_sweep_removes_strays(tmp_path: Path) -> None:
    old = IndexFiles(tmp_path, {"version": 1})
    with old.batch([], 0) as batch:
        batch.write_segment("seg-1", _segment)
    new = IndexFiles(tmp_path, {"version": 2})
    assert new.read() == (None, True)
    assert json.loads((tmp_path / "manifest.json").read_text())["version"] == 1
    (tmp_path / "tmp-seg-half").mkdir()
    new.sweep([], temporaries=True)
    assert not (tmp_path / "seg-1").exists() and not (tmp_path / "tmp-seg-half").exists()


def test_merge_policies() -> None:
    sizes = {f"s{i}": i for i in range(1, 15)}
    assert smallest_to_merge(sizes, 12) == [f"s{i}" for i in range(1, 9)]
    assert smallest_to_merge({"a": 1}, 12) == []
    # Full segments stay as they are: only the small ones fold together.
    big = {f"b{i}": 1.0 for i in range(20)}
    assert smallest_to_merge(big, 12, full=0.5) == []
    assert smallest_to_merge({**big, "x": 0.1}, 12, full=0.5) == []
    assert smallest_to_merge({**big, "x": 0.1, "y": 0.2}, 12, full=0.5) == ["x", "y"]
    assert all_to_merge({"a": 1, "b": 2, "c": 3}, 2) == ["a", "b", "c"]
    assert all_to_merge({"a": 1}, 2) == []


class _Index:
    def __init__(self, seq: int) -> None:
        self.seq = seq

    def last_seq(self) -> int:
        return self.seq


def test_holder_catches_up_when_the_store_moves_and_reopens_a_rewritten_index(tmp_path: Path) -> None:
    store = {"seq": 1}
    opened: list[int] = []
    files = IndexFiles(tmp_path, {"version": 1})

    def open_index() -> _Index:
        opened.append(store["seq"])
        return _Index(json.loads((tmp_path / "manifest.json").read_text())["last_seq"])

    def catch_up() -> None:
        with files.batch([], 0, always=True) as batch:
            batch.advance(store["seq"])

    holder = IndexHolder(tmp_path, open_index, catch_up, lambda: store["seq"], every=0)
    assert holder.get().last_seq() == 1
    assert holder.get() is holder.get()  # nothing changed: the same object
    store["seq"] = 5
    assert holder.get().last_seq() == 5
    assert len(opened) == 2
