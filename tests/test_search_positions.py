"""The positional postings codec and the segment's position → paragraph mapping."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from sucai.search import _positions
from sucai.search._build import build_segment
from sucai.search._segment import Segment
from tests.plain import rows_from_text


def _roundtrip(terms: list[np.ndarray], universe: int) -> None:
    counts = np.array([len(t) for t in terms], dtype=np.int64)
    pos = np.concatenate(terms).astype(np.uint32) if terms else np.zeros(0, dtype=np.uint32)
    arrays = _positions.encode(pos, counts, universe)
    dec = _positions.Positions(counts, arrays["enc"], arrays["raw"], arrays["lows"], arrays["unary"],
                               arrays["tables"], universe)
    for t, want in enumerate(terms):
        assert np.array_equal(dec.decode(t), want)
    if terms:
        got = np.sort(np.concatenate([p.astype(np.int64) for p in dec.decode_range(0, len(terms))]))
        assert np.array_equal(got, np.sort(pos.astype(np.int64)))


def test_every_encoding_roundtrips() -> None:
    rng = np.random.default_rng(5)
    universe = 3_000_000
    sizes = [1, 2, 31, 32, 40, 500, 5000, 60_000, 400_000, 3]
    terms = [np.sort(rng.choice(universe, size, replace=False)).astype(np.int64) for size in sizes]
    counts = np.array(sizes)
    assert set(_positions.choose(counts, universe).tolist()) == {_positions.RAW, _positions.UNARY, _positions.BLOCKS}
    _roundtrip(terms, universe)


@settings(max_examples=60, deadline=None)
@given(universe=st.integers(1, 300_000), data=st.data())
def test_random_layouts_roundtrip(universe: int, data) -> None:
    rng = np.random.default_rng(data.draw(st.integers(0, 2**32 - 1)))
    sizes = data.draw(st.lists(st.integers(1, min(universe, 3000)), max_size=12))
    terms = [np.sort(rng.choice(universe, size, replace=False)).astype(np.int64) for size in sizes]
    _roundtrip(terms, universe)


def test_positions_map_to_their_paragraphs(tmp_path) -> None:
    # Paragraphs of very different lengths, so several start inside one 32-character block.
    lines = ["标题", "a", "一二", "x" * 70, "短", "长" * 200, "b", "c", "d" * 33, "末"]
    rows = list(rows_from_text("doc", "\n".join(lines)))
    build_segment(rows, tmp_path / "seg")
    seg = Segment(tmp_path / "seg")
    every = np.arange(seg.universe, dtype=np.int64)
    expected = np.searchsorted(seg.starts, every, side="right") - 1
    assert np.array_equal(seg.paragraphs_of(every), expected)
    assert [seg.original_text(i) for i in range(seg.n)] == lines
    assert [seg.paragraph_id(i) for i in range(seg.n)] == [r.paragraph_id for r in rows]
