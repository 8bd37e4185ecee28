"""Precomputed rows of frequent terms give exactly what the general evaluation gives."""

from __future__ import annotations

import random

import pytest

from sucai.normalize import normalize
from sucai.search import Filters, SearchIndex
from sucai.search._segment import BI_MIN, TOP_N, UNI_MIN
from tests.plain import rows_from_text

SENTENCES = [
    "全面推进党建工作，工作成效明显。",
    "加强D建引领，做好安全生产工作。",
    "发展是第一要务，工作要落实。",
    "二、{n}年主要工作",
    "{n}年度工作总结",
    "坚持问题导向，狠抓工作落实，推动高质量发展。",
    "森林防火形势严峻。",
]
KINDS = ["工作总结", "工作计划", "讲话稿"]
ORG_TYPES = ["区县", "乡镇", "市级"]


def _documents(count: int, seed: int) -> list[tuple[str, str, dict]]:
    rng = random.Random(seed)
    docs = []
    for d in range(count):
        lines = [f"第{d}号文件关于工作的报告"]
        for _ in range(rng.randint(4, 12)):
            lines.append(rng.choice(SENTENCES).format(n=2015 + rng.randrange(10)) * rng.randint(1, 3))
        meta = {"doc_kind": rng.choice(KINDS), "org_type": rng.choice(ORG_TYPES), "year": 2015 + d % 9,
                "date": f"{2015 + d % 9}-0{1 + d % 9}-1{d % 9}"}
        docs.append((f"doc{seed}-{d}", "\n".join(lines), meta))
    return docs


def _rows(docs, first_seq: int):
    rows, seq = [], first_seq
    for doc_id, text, meta in docs:
        part = list(rows_from_text(doc_id, text, first_seq=seq, **meta))
        rows += part
        seq += len(part)
    return rows


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    # Two segments: the first big enough that 工, 作, 工作 and the like are precomputed in it,
    # the second small, so results merge precomputed rows with computed ones.
    big = _rows(_documents(420, 1), 1)
    small = _rows(_documents(30, 2), len(big) + 1)
    index = SearchIndex.open(tmp_path_factory.mktemp("pre"))
    index.catch_up(big)
    index.catch_up(small)
    assert len(index.segments) == 2
    rows = big + small
    return index, rows, [normalize(r.text) for r in rows]


def _general(index: SearchIndex, query: str, **kw):
    # explain=True always takes the general path; it adds explanations but changes nothing else.
    return index.search(query, explain=True, **kw)


def test_thresholds_are_reached(library) -> None:
    index, _, norms = library
    assert sum(t.count("工") for t in norms) > UNI_MIN
    assert sum(t.count("工作") for t in norms) > BI_MIN
    first = index.segments[0]
    assert first.precomputed("工") is not None and first.precomputed("工作") is not None
    assert index.segments[1].precomputed("工作") is None


@pytest.mark.parametrize("query", ["工", "工作", "作", "，", "发展", "的", "森林", "D建", "党建", "2", "龘"])
def test_fast_path_equals_general_path(library, query) -> None:
    index, rows, norms = library
    fast = index.search(query, limit=20)
    slow = _general(index, query, limit=20)
    term = normalize(query)
    assert fast.total == slow.total == sum(1 for t in norms if term in t)
    assert fast.facets == slow.facets
    assert [(h.paragraph_id, h.score) for h in fast.hits] == [(h.paragraph_id, h.score) for h in slow.hits]
    by_id = {r.paragraph_id: t for r, t in zip(rows, norms, strict=True)}
    assert all(term in by_id[h.paragraph_id] for h in fast.hits)


def test_facets_match_counts_by_document_fields(library) -> None:
    index, rows, norms = library
    result = index.search("工作", limit=1)
    expected: dict[str, int] = {}
    for r, t in zip(rows, norms, strict=True):
        if "工作" in t:
            expected[r.doc_kind] = expected.get(r.doc_kind, 0) + 1
    assert result.facets["kind"] == expected


def test_paging_across_the_precomputed_depth(library) -> None:
    index, _, _ = library
    deep = index.search("工作", limit=TOP_N)  # served from precomputed rows
    beyond = index.search("工作", limit=10, offset=TOP_N - 5)  # deeper than they go: computed
    assert [h.paragraph_id for h in beyond.hits[:5]] == [h.paragraph_id for h in deep.hits[-5:]]
    scores = [h.score for h in deep.hits]
    assert scores == sorted(scores, reverse=True)


def test_filters_and_combinations_on_frequent_terms(library) -> None:
    index, rows, norms = library
    pairs = list(zip(rows, norms, strict=True))
    got = index.search("工作", filters=Filters(year=(2016, 2018), kind=("讲话稿",))).total
    assert got == sum(1 for r, t in pairs if "工作" in t and 2016 <= r.year <= 2018 and r.doc_kind == "讲话稿")
    assert index.search("工 -发展").total == sum(1 for _, t in pairs if "工" in t and "发展" not in t)
    assert index.search("工作 党建").total == sum(1 for _, t in pairs if "工作" in t and "党建" in t)
    assert index.search("森林 OR 落实").total == sum(1 for _, t in pairs if "森林" in t or "落实" in t)
    grouped = index.search("工作", group=True, limit=5)
    assert sum(1 for _, t in pairs if "工作" in t) == grouped.total
    assert grouped.docs == len({r.doc_id for r, t in pairs if "工作" in t})
