"""Round-11 outline and title rules, on small examples written for these tests."""

from __future__ import annotations

from sucai.ingest.split import single_title
from sucai.models import Block
from sucai.zh import to_int
from tests.pages import outline_of

SUMMARY = "某局上半年工作总结"
PROSE = "全年共组织各类活动十二场，参与群众三千余人次，社会反响良好，相关做法得到上级肯定。"


def test_enclosed_numerals_number_like_bracketed_ones() -> None:
    assert to_int("㈢") == 3
    found = outline_of(["一、主要工作完成情况", PROSE, "㈠抓好项目实施", PROSE, "㈡加快工程进度", PROSE], SUMMARY)
    assert found == [(1, "主要工作完成情况"), (2, "抓好项目实施"), (2, "加快工程进度")]


def test_counted_leads_under_a_top_section_are_points() -> None:
    found = outline_of([
        "一、全面推进重点工程建设",
        "一是防汛工作圆满完成。汛期共巡查堤防四百余公里，及时处置险情三处，确保了安全度汛。",
        "二是病险水库加固成效明显。全年完成加固水库八座，新增蓄水能力一千万立方米。",
        "二、继续加大招商引资力度",
        "一是招商引资。年初召开动员大会，全年引进项目六个，到位资金两亿元。",
    ], SUMMARY)
    assert found == [(1, "全面推进重点工程建设"), (1, "继续加大招商引资力度")]


def test_a_lone_second_point_follows_its_first() -> None:
    found = outline_of([
        "一、实施创业行动",
        "一是加大宣传力度。通过会议和广场活动宣传创业典型，营造良好氛围。",
        "二是拓展培训渠道。",
        PROSE,
    ], SUMMARY)
    assert found == [(1, "实施创业行动")]


def test_counted_leads_of_matched_clauses_and_deeper_ones_stay_headings() -> None:
    paired = outline_of([
        "一、过去一年工作回顾",
        "一是深化改革扩大开放，增强发展动力。全年出台改革举措二十项，营商环境持续改善。",
        "二是推动创新发展，优化产业结构。高新技术企业新增一百家，产业结构不断优化。",
    ], SUMMARY)
    assert [level for level, _ in paired] == [1, 2, 2]
    deeper = outline_of([
        "一、工作回顾", "（一）狠抓农业生产", "一是推进结构调整。全年调整种植面积五万亩，效益明显提高。",
    ], SUMMARY)
    assert (3, "推进结构调整") in deeper


def test_goals_before_numbering_that_starts_again_are_points() -> None:
    found = outline_of([
        "工作目标",
        "（一）各类事故死亡人数控制在上级下达的考核指标以内。",
        "（二）有效遏制较大事故，努力减少一般事故。",
        "（一）认真开展企业主体责任落实活动。今年是落实主体责任的重要一年，各单位要结合实际抓好落实。",
        "（二）深入开展隐患排查治理。各单位要建立隐患台账，逐项整改到位。",
    ], "某镇安全生产工作计划")
    assert [h for _, h in found if h.startswith(("各类", "有效"))] == []
    assert any(h.startswith("认真开展企业主体责任落实活动") for _, h in found)


def test_a_site_count_of_any_wording_restates_the_title() -> None:
    found = outline_of(["某镇妇联年度工作总结（集合5篇）", "一、领导重视，分组协作", PROSE], "某镇妇联年度工作总结")
    assert found == [(1, "领导重视，分组协作")]


def test_a_list_of_search_words_is_no_title() -> None:
    blocks = [Block("甲乙视频,丙丁精品999,戊己综合网,庚辛在线观看,壬癸播放"), Block("小区垃圾分类实施方案"),
              Block(PROSE)]
    block, rest, title = single_title(blocks, "文件名")
    assert title == "小区垃圾分类实施方案"
    assert rest[0].text.startswith("甲乙视频")


def test_counted_leads_that_open_alike_stay_headings() -> None:
    found = outline_of([
        "一、上半年工作情况", PROSE,
        "二、下半年工作打算",
        "一是全力抓好项目建设。围绕主导产业建链补链，确保年内新开工项目十个。",
        "二是全力优化营商环境。深化审批制度改革，推行企业开办一日办结。",
    ], SUMMARY)
    assert [h for _, h in found] == ["上半年工作情况", "下半年工作打算", "全力抓好项目建设", "全力优化营商环境"]
