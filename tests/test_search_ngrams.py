"""Precomputed rows of frequent 3- and 4-character terms give exactly what the general evaluation gives,
for every reader (hidden paid paragraphs are subtracted from them), and a segment without them still works."""

from __future__ import annotations

import shutil

import pytest

from sucai.normalize import normalize
from sucai.search import Filters, SearchIndex, _build, _ngrams
from sucai.search._segment import NG_FILES, TOP_N
from tests.test_search_precomputed import _documents, _rows

LOW = 150  # thresholds low enough for the small library below (the real ones fit millions of characters)
TERMS = ["工作落", "狠抓工作", "年主要工", "发展是第", "党建工作", "工作，", "作风建设", "龘龘龘"]


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(_build, "BI_MIN", LOW)
        mp.setattr(_ngrams, "BI_MIN", LOW)
        mp.setattr(_ngrams, "NG_MIN", LOW)
        big = _rows(_documents(420, 1), 1)
        # The second segment has paid paragraphs: every document of it but each third one.
        docs = [(d, text if i % 3 == 0 else text.replace("\n", "\n##paidbegin##\n", 1) + "\n##paidend##", meta)
                for i, (d, text, meta) in enumerate(_documents(90, 2))]
        small = _rows(docs, len(big) + 1)
        index = SearchIndex.open(tmp_path_factory.mktemp("ng"))
        index.catch_up(big)
        index.catch_up(small)
    assert len(index.segments) == 2 and any(r.paid for r in small)
    rows = big + small
    return index, rows


def test_rows_exist_for_frequent_terms(library) -> None:
    index, _ = library
    first = index.segments[0]
    assert len(first.pre_ng) > 0
    assert first.precomputed("工作落") is not None and first.precomputed("狠抓工作") is not None
    assert any(index.segments[1].precomputed(t) is not None for t in TERMS)  # the one with paid paragraphs


@pytest.mark.parametrize("query", TERMS)
@pytest.mark.parametrize("scope", [None, (), ("doc2-2",)])
def test_fast_path_equals_general_path_and_oracle(library, query: str, scope) -> None:
    index, rows = library
    filters = Filters(paid_docs=scope)
    fast = index.search(query, limit=20, filters=filters)
    slow = index.search(query, limit=20, filters=filters, explain=True)
    term = normalize(query)
    visible = [r for r in rows if not r.paid or r.kind == "title" or scope is None or r.doc_id in scope]
    assert fast.total == slow.total == sum(1 for r in visible if term in normalize(r.text))
    assert fast.facets == slow.facets
    assert [(h.paragraph_id, h.score) for h in fast.hits] == [(h.paragraph_id, h.score) for h in slow.hits]


def test_paging_past_the_stored_depth(library) -> None:
    index, _ = library
    deep = index.search("工作落", limit=TOP_N)
    beyond = index.search("工作落", limit=10, offset=TOP_N - 5)
    assert [h.paragraph_id for h in beyond.hits[:5]] == [h.paragraph_id for h in deep.hits[-5:]]


def test_a_segment_without_rows_answers_alike(library, tmp_path) -> None:
    index, _ = library
    copy = tmp_path / "old"
    shutil.copytree(index.directory, copy)
    for seg_dir in (p for p in copy.iterdir() if p.is_dir()):
        for name in NG_FILES:
            (seg_dir / f"{name}.npy").unlink(missing_ok=True)
    old = SearchIndex.open(copy)
    assert all(len(s.pre_ng) == 0 for s in old.segments)
    for query in TERMS[:4]:
        a, b = index.search(query, limit=20), old.search(query, limit=20)
        assert (a.total, a.facets, [(h.paragraph_id, h.score) for h in a.hits]) == \
            (b.total, b.facets, [(h.paragraph_id, h.score) for h in b.hits])
    assert _ngrams.add_rows(next(p for p in copy.iterdir() if p.is_dir())) >= 0
