"""The reader's visibility is a filter inside the engine: hidden paid paragraphs change nothing.

Two libraries that differ only in the text of their paid body paragraphs must give a reader who may
not read them the same answers — totals, facets, hits, scores — on every path (precomputed rows of
frequent terms, the general evaluation, grouping), and those answers are the brute-force count over
the visible rows.
"""

from __future__ import annotations

import random

import pytest

from sucai.normalize import normalize
from sucai.search import Filters, SearchIndex
from sucai.search._segment import UNI_MIN
from tests.plain import rows_from_text

PUBLIC = ["全面推进党建工作，工作成效明显。", "坚持问题导向，狠抓工作落实，推动高质量发展。", "二、{n}年主要工作",
          "森林防火形势严峻。"]
SECRET_A = ["工作机密甲乙丙丁发展工作。", "保密段落之一号工作计划。", "发展工作发展工作的秘密。"]
SECRET_B = ["另一段完全不同的文字。", "工工工工工工工工工工工工。", "作风建设作风建设森林。"]
QUERIES = ["工", "工作", "作", "发展", "森林", "工作 OR 森林", "工作 -发展", "机密", "工工工", "的"]


def _documents(secret: list[str], count: int, seed: int) -> list[tuple[str, str, dict]]:
    rng = random.Random(seed)
    docs = []
    for d in range(count):
        lines = [f"第{d}号文件关于工作的报告"]
        lines += [rng.choice(PUBLIC).format(n=2015 + rng.randrange(9)) * rng.randint(1, 3) for _ in range(4)]
        if d % 3:
            lines.append("##paidbegin##")
            lines += [rng.choice(secret) * rng.randint(1, 3) for _ in range(rng.randint(2, 5))]
            lines.append("##paidend##")
        meta = {"doc_kind": rng.choice(["工作总结", "讲话稿"]), "org_type": "区县", "year": 2015 + d % 9}
        docs.append((f"doc{seed}-{d}", "\n".join(lines), meta))
    return docs


def _build(tmp_path, name: str, secret: list[str]):
    big, small = _documents(secret, 420, 1), _documents(secret, 30, 2)
    index = SearchIndex.open(tmp_path / name)
    rows = []
    for docs in (big, small):  # two segments: precomputed rows in the first, computed ones in the second
        part, seq = [], len(rows) + 1
        for doc_id, text, meta in docs:
            made = list(rows_from_text(doc_id, text, first_seq=seq, **meta))
            part += made
            seq += len(made)
        index.catch_up(part)
        rows += part
    return index, rows


@pytest.fixture(scope="module")
def pair(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("visibility")
    a, rows_a = _build(tmp, "a", SECRET_A)
    b, _ = _build(tmp, "b", SECRET_B)
    assert len(a.segments) == 2 and a.segments[0].precomputed("工") is not None
    assert sum(normalize(r.text).count("工") for r in rows_a) > UNI_MIN
    return a, b, rows_a


def _answer(index: SearchIndex, query: str, filters: Filters, **kw):
    r = index.search(query, limit=20, filters=filters, **kw)
    return r.total, r.facets, [(h.paragraph_id, h.score) for h in r.hits], r.docs


BOUGHT = ("doc1-1",)


@pytest.mark.parametrize("query", QUERIES)
@pytest.mark.parametrize("scope", [(), BOUGHT])
def test_hidden_paid_text_changes_no_answer(pair, query: str, scope: tuple[str, ...]) -> None:
    a, b, rows = pair
    seen = Filters(paid_docs=scope)
    if not scope:  # nothing paid is visible: the two libraries must answer alike, on every path
        for kw in ({}, {"explain": True}, {"group": True}):
            assert _answer(a, query, seen, **kw) == _answer(b, query, seen, **kw), (query, kw)
    fast, slow = _answer(a, query, seen), _answer(a, query, seen, explain=True)
    assert fast == slow  # precomputed rows minus hidden hits == the general evaluation
    terms = [normalize(t) for t in query.split(" OR ")] if " OR " in query else None
    expected = 0
    for r in rows:
        if r.paid and r.kind != "title" and r.doc_id not in scope:
            continue
        text = normalize(r.text)
        if terms:
            expected += any(t in text for t in terms)
        elif query == "工作 -发展":
            expected += "工作" in text and "发展" not in text
        else:
            expected += normalize(query) in text
    assert fast[0] == expected


def test_paid_only_terms_do_not_exist_for_the_restricted_reader(pair) -> None:
    a, _, _ = pair
    hidden = Filters(paid_docs=())
    for query in ("机密", "保密段落", "机密 OR 森林"):
        restricted = a.search(query, limit=10, filters=hidden)
        member = a.search(query, limit=10)
        assert member.total > restricted.total
        assert all(not h.paid for h in restricted.hits)
    nothing = a.search("机密", limit=10, filters=hidden)
    assert nothing.total == 0 and nothing.hits == [] and not any(nothing.facets.values())
    bought = a.search("机密", limit=50, filters=Filters(paid_docs=BOUGHT))
    assert bought.total > 0 and {h.doc_id for h in bought.hits} == set(BOUGHT)
