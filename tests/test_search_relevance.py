"""Search for writers: ranking factors, related results (相关结果), intent, folding, and that none of it
changes `total` or the exact hit set, or shows paid text to readers who are not entitled to it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sucai import accounts
from sucai.access import lock_hit
from sucai.normalize import normalize
from sucai.search import SearchIndex
from sucai.search._related import parse_table, plan
from sucai.store import IndexRow
from tests.plain import rows_from_text
from tests.web_library import ENTITLED, ROLES, SENTINELS, WebLibrary, login

from .conftest import cli_json, run_cli

SUMMARY = """XX镇2024年上半年工作总结及下半年工作计划
一、上半年工作开展情况
今年以来，全镇统筹推进项目建设和民生实事，保障和改善民生取得新成效，群众满意度持续提升。
二、存在的问题
一是产业链条偏短，精深加工能力不强；二是基层治理还有薄弱环节，存在的突出问题需要下大力气解决。
三、下半年工作计划
（一）加快推进项目建设。
围绕年度目标倒排工期，确保重点项目按期完工，持续保障和改善民生。
##paidbegin##
（二）付费要点：存在的短板要在下半年补齐。
##paidend##
"""
LAW = """某某管理条例
第一条 为了规范管理，制定本条例。
第二条 发现存在问题的，应当及时纠正。
第三条 统计人员应当依法履行职责。
"""
BULLETIN = """某县统计公报
十二、人口与人民生活
全年居民人均可支配收入增长，人民生活水平稳步提高，人民生活质量持续改善。
"""


def _rows() -> list[IndexRow]:
    out: list[IndexRow] = []
    for doc_id, text, kind in (("d1", SUMMARY, "总结及计划"), ("d2", LAW, "法规"), ("d3", BULLETIN, "报告")):
        first = out[-1].seq + 1 if out else 1
        rows = list(rows_from_text(doc_id, text, first_seq=first, doc_kind=kind, year=2024))
        out.extend(_with_roles(rows))
    return out


def _with_roles(rows: list[IndexRow]) -> list[IndexRow]:
    """Section roles as the outline step gives them (rows_from_text leaves every role "other")."""
    role = "other"
    out = []
    for r in rows:
        if r.kind == "heading" and r.text.startswith(("一、", "二、", "三、")):
            role = "summary" if "开展情况" in r.text else "problems" if "问题" in r.text else "plan"
        out.append(r._replace(role=role))
    return out


@pytest.fixture
def index(tmp_path: Path) -> SearchIndex:
    ix = SearchIndex.open(tmp_path / "index")
    ix.rebuild(_rows())
    return ix


def _oracle(query: str) -> int:
    q = normalize(query)
    return sum(1 for r in _rows() if q in normalize(r.text))


def test_totals_and_exact_hits_do_not_change(index: SearchIndex) -> None:
    for q in ("民生", "存在的问题", "存在问题", "下半年工作计划", "下一步工作打算", "统计", "人民生活"):
        result = index.search(q, limit=50)
        assert result.total == _oracle(q)
        exact_ids = {h.paragraph_id for h in result.hits}
        assert len(exact_ids) == result.total  # every exact hit is listed (limit 50 > total)
        assert not exact_ids & {h.paragraph_id for h in result.related}, "a related result repeats an exact hit"


def test_phrasing_variants_bring_plan_and_problem_sections(index: SearchIndex) -> None:
    result = index.search("下一步工作打算")
    assert result.total == 0
    assert result.related, "related results must fill in when exact ones find nothing"
    first = result.related[0]
    assert first.kind == "heading" and "下半年工作计划" in first.snippet and first.match == "近似说法"
    problems = index.search("存在的不足")
    assert problems.total == 0
    assert any("存在的问题" in h.snippet for h in problems.related[:3])
    data = problems.to_dict()
    assert list(data).index("related") == list(data).index("hits") + 1
    assert set(data["related"][0]) == set(data["hits"][0] if data["hits"] else data["related"][0])
    assert {"doc_id", "paragraph_id", "snippet", "highlights", "match"} <= set(data["related"][0])


def test_in_order_with_gaps_and_words_highlighted(index: SearchIndex) -> None:
    result = index.search("存在问题")  # exact only in the law clause; 存在的问题 / 存在的突出问题 are related
    assert result.total == 1 and result.hits[0].title == "某某管理条例"
    snippets = [h.snippet for h in result.related]
    assert any("存在的突出问题" in s for s in snippets)
    for h in result.related:
        assert h.highlights and all(h.snippet[s:e] in ("存在", "问题", "的") or len(h.snippet[s:e]) >= 2
                                    for s, e in h.highlights)


def test_word_boundary_ranks_cut_matches_last(index: SearchIndex) -> None:
    result = index.search("民生", limit=10)
    cut = [i for i, h in enumerate(result.hits) if "人民生活" in h.snippet and "民生" not in h.snippet.replace(
        "人民生活", "")]
    whole = [i for i, h in enumerate(result.hits) if "民生" in h.snippet.replace("人民生活", "")]
    assert cut and whole and max(whole) < min(cut)
    explained = index.search("民生", limit=10, explain=True).hits
    assert explained[-1].explain["boundary"] < 1 <= explained[0].explain["boundary"]
    for key in ("terms", "kind_boost", "substance", "doc_kind_prior", "section_role", "bm25", "boundary", "intent",
                "score"):
        assert key in explained[0].explain


def test_document_kind_prior_unless_laws_are_asked_for(index: SearchIndex) -> None:
    hits = index.search("统计", limit=10).hits
    assert hits[0].title != "某某管理条例" or len(hits) == 1
    law = index.search("统计 条例", limit=5, explain=True).hits
    assert all(h.explain["doc_kind_prior"] == 1.0 for h in law)


def test_related_results_of_paid_paragraphs_are_locked(index: SearchIndex) -> None:
    result = index.search("存在的不足")
    paid = [h for h in result.related if h.paid]
    assert paid, "the paid point about 短板 is a related result"
    # the one entitlement path every route uses (sucai.access), as an anonymous reader
    locked = [lock_hit(accounts.ANONYMOUS_READER, h) for h in result.to_dict()["related"]]
    for item in locked:
        if item["paid"]:
            assert item["locked"] and item["snippet"] == "" and item["highlights"] == []
    assert "付费" not in json.dumps(locked, ensure_ascii=False)


def test_variant_table_is_user_extendable() -> None:
    table = parse_table("# 注释\nplan: 打算 计划\n短板 弱项\n")
    p = plan(("下步打算",), table)
    assert ("打算", "计划") in p.words and p.roles == ("plan",)
    assert plan(("短板",), table).words == (("短板", "弱项"),)
    # Runs of single characters stay together (为|企 → 为企); a lone character is no word to look for.
    assert [g[0] for g in plan(("为企服务",), table).words] == ["为企", "服务"]
    assert [g[0] for g in plan(("破实施危",), table).words] == ["实施"]


def test_filters_apply_to_related_results(index: SearchIndex) -> None:
    from sucai.search import Filters

    none = index.search("下一步工作打算", filters=Filters(kind=("法规",)))
    assert none.total == 0 and not none.related


# --- the shared corpus ------------------------------------------------------------------------------
@pytest.mark.corpus
def test_corpus_writer_queries(home: Path, corpus_dir: Path, tmp_path: Path) -> None:
    from sucai.samples import sample_dir

    folder = tmp_path / "lib"
    folder.mkdir()
    for p in sorted((corpus_dir / "text").glob("*.txt")):
        if not p.name.startswith("law-"):
            (folder / p.name).symlink_to(p)
    run_cli(home, "ingest", str(folder), str(sample_dir()))
    plan_result = cli_json(home, "search", "下一步工作打算", "--json")
    assert plan_result["total"] == 0 and plan_result["related"]
    assert all("计划" in h["snippet"] or "安排" in h["snippet"] for h in plan_result["related"][:5])
    problems = cli_json(home, "search", "存在的不足", "--json")
    shown = problems["hits"] + problems["related"]
    assert sum("问题" in h["snippet"] or "不足" in h["snippet"] for h in shown[:10]) >= 8
    people = cli_json(home, "search", "民生", "--json", "--limit", "20")
    for h in people["hits"]:
        assert "民生" in normalize(h["snippet"]).replace("人民生活", ""), h["snippet"]


# --- the web page and the API: related results are labelled and pass the entitlement check --------------
def test_web_related_results_respect_the_paywall(web: WebLibrary) -> None:
    from fastapi.testclient import TestClient

    for role in ROLES:
        with TestClient(web.app()) as client:
            login(client, role)
            data = client.get("/api/search", params={"q": "下一步工作打算"}).json()
            assert data["total"] == 0 and isinstance(data["related"], list) and data["related"], role
            assert all(h["match"] for h in data["related"])
            page = client.get("/search", params={"q": "下一步工作打算"}).text
            assert "相关结果" in page  # the free document's 二、下一步打算 at least
            body = client.get("/api/search", params={"q": "存在的不足"}).text + page + client.get(
                "/search", params={"q": "存在的不足"}).text
            if role in ENTITLED:
                assert any(h["paid"] and h["snippet"] for h in data["related"]), "members see paid sections"
            else:
                assert not any(s in body for s in SENTINELS), f"paid text reached {role} via related results"
                assert all(not h["snippet"] for h in data["related"] if h["paid"])


def test_folding_near_duplicates_keeps_total_and_never_mixes_paid_and_free(tmp_path: Path) -> None:
    texts = {
        "y1": "2022年政府工作报告\n（五）努力做好就业和社会保障工作。\n",
        "y2": "2023年政府工作报告\n（六）努力做好就业和社会保障工作。\n",
        "y3": "2024年政府工作报告\n##paidbegin##\n（七）努力做好就业和社会保障工作。\n##paidend##\n",
        "short": "某镇工作总结\n二、就业\n",
    }
    rows: list[IndexRow] = []
    for doc_id, text in texts.items():
        rows.extend(rows_from_text(doc_id, text, first_seq=len(rows) + 1, doc_kind="政府工作报告"))
    ix = SearchIndex.open(tmp_path / "index")
    ix.rebuild(rows)
    plain = ix.search("就业", limit=10)
    folded = ix.search("就业", limit=10, fold=True)
    assert plain.total == folded.total == 4 and len(plain.hits) == 4
    free = [h for h in folded.hits if not h.paid and "社会保障" in h.snippet]
    assert len(free) == 1 and free[0].similar_versions == 1  # 2022 and 2023 fold into one
    assert [h for h in folded.hits if h.paid and h.similar_versions == 0]  # the paid one stands alone
    assert any(h.snippet == "二、就业" for h in folded.hits)  # short section markers never fold


def test_topic_word_prefers_paragraphs_about_it(tmp_path: Path) -> None:
    """One topic word: a report paragraph that keeps returning to it outranks short headings that merely
    name it among other subjects; a law clause repeating it inside a longer name gets no such lift."""
    texts = {
        "b": ("某县2023年统计公报", "十、教育和科学技术\n全年共有各级学校120所。\n", "报告"),
        "r": ("2024年政府工作报告", "二、2024年工作安排\n办好人民满意的教育。推动基础教育扩优提质，加强义务教育学校"
              "建设，办好特殊教育和职业教育，让每个孩子都能享有公平而有质量的教育。实施新时代立德树人工程，促进思政课堂和"
              "社会课堂有效融合，加强体育、美育和劳动教育。引导规范民办学校发展，强化高水平教师队伍建设，深化县域普通"
              "高中发展振兴，扩大优质本科招生规模，推进高职院校建设，新增普惠性学前学位一万个。\n", "政府工作报告"),
        "l": ("某某教育条例", "第五条 教育行政部门应当保障教育经费，教育经费专款专用，不得挪用教育经费。\n", "法规"),
    }
    rows: list[IndexRow] = []
    for doc_id, (title, body, kind) in texts.items():
        rows.extend(rows_from_text(doc_id, f"{title}\n{body}", first_seq=len(rows) + 1, doc_kind=kind))
    ix = SearchIndex.open(tmp_path / "index")
    ix.rebuild(rows)
    result = ix.search("教育", limit=10, explain=True)
    assert result.total == sum("教育" in r.text for r in rows)
    first = result.hits[0]
    assert first.doc_id == "r" and first.kind == "body" and first.explain["focus"] > 1
    law = next(h for h in result.hits if h.doc_id == "l" and "经费" in h.snippet)
    assert law.explain["focus"] == 1.0
    heading = next(h for h in result.hits if h.snippet.startswith("十、"))
    assert heading.explain["focus"] == 1.0 and heading.score < first.score
    two_words = ix.search("教育 学校", limit=5, explain=True).hits
    assert two_words and all(h.explain["focus"] == 1.0 for h in two_words)  # only a lone topic word


def test_related_and_intent_results_only_over_text_the_reader_may_read(index: SearchIndex) -> None:
    from sucai.search import Filters

    everyone = index.search("存在的不足")
    assert any(h.paid for h in everyone.related)
    reader = Filters(paid_docs=())  # a reader who may read no paid paragraph (see sucai.access.search_filters)
    for q in ("存在的不足", "下一步工作打算", "存在的短板", "短板"):
        result = index.search(q, filters=reader, explain=True)
        assert not any(h.paid for h in result.hits + result.related), q
        assert "付费" not in json.dumps(result.to_dict(), ensure_ascii=False), q
