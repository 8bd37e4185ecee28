"""Round-10 outline and title rules, on small examples written for these tests."""

from __future__ import annotations

from sucai.ingest.pipeline import parse_blocks
from sucai.ingest.split import single_title
from sucai.ingest.titles import split_glued_title
from sucai.models import Block
from tests.pages import outline_of


def heads(blocks: list[Block], title: str = "某单位工作报告") -> list[tuple[int, str]]:
    return outline_of([b.text for b in blocks], title)


def lines(*texts: str) -> list[Block]:
    return [Block(text=t) for t in texts]


PROSE = "我们围绕年度目标扎实推进各项工作，取得了明显成效，群众满意度持续提高，各项指标均完成计划。"


def test_spaced_short_heads_are_headings_not_statements() -> None:
    found = heads(lines(
        "一、主要做法",
        "1.健全组织机构 由站长任组长，各科室负责人为成员，明确分工，确保每项工作有人抓、有人管。",
        "2.细化工作台账 结合本站实际，逐项列出任务清单，明确完成时限和责任人员，按月调度。",
        "二、下步打算",
        PROSE,
    ), title="某站工作情况汇报")
    assert (2, "健全组织机构") in found and (2, "细化工作台账") in found


def test_title_glued_to_its_first_heading_is_cut() -> None:
    out = [b.text for b in split_glued_title(lines("某中心年度工作总结一、概述", "（一）基本情况", PROSE))]
    assert out[:2] == ["某中心年度工作总结", "一、概述"]
    out = [b.text for b in split_glued_title(lines("某中心年度工作总结", "中心工作总结一、概述", PROSE))]
    assert out[1:3] == ["中心工作总结", "一、概述"]


def test_numbered_introduction_heads_its_subsections() -> None:
    found = heads(lines("一、引言", "（一）背景", PROSE, "（二）目标", PROSE, "二、主要工作", PROSE), title="某所工作总结")
    assert found == [(1, "引言"), (2, "背景"), (2, "目标"), (1, "主要工作")]


def test_title_notes_and_page_marks_are_dropped() -> None:
    _block, _rest, title = single_title(lines("1 2023 年某局上半年工作总结 供参考", PROSE), "x")
    assert title == "2023 年某局上半年工作总结"


def test_bracketed_period_stays_with_a_glued_title() -> None:
    text = "某镇安全生产三年行动实施方案（2024—2026年）为深入推进安全生产工作，结合本镇实际，制定本方案。"
    parsed = parse_blocks(lines(text, "一、总体要求", PROSE), "x.txt", "x")
    assert parsed.documents[0].title == "某镇安全生产三年行动实施方案（2024—2026年）"


def test_tie_of_statements_and_long_leads_is_a_list_of_points() -> None:
    found = heads(lines(
        "一、加强队伍建设",
        "1.服务中心将在今年组织开展更加丰富多彩的志愿服务活动。" + PROSE,
        "2.充分发挥青年在社区治理中的作用，营造良好的参与氛围，今年继续深化志愿服务项目。",
        "二、改进工作作风",
        PROSE,
    ), title="某中心工作计划")
    assert found == [(1, "加强队伍建设"), (1, "改进工作作风")]


def test_last_numbered_line_cut_off_is_no_heading() -> None:
    found = heads(lines("一、改进工作作风", PROSE, "二、加强自身建设", PROSE, "1.切实加强队伍建设，认真学习上级要求、重视干部培养"),
                  title="某中心工作计划")
    assert found == [(1, "改进工作作风"), (1, "加强自身建设")]


def test_run_in_series_restarts_after_prose() -> None:
    found = heads(lines(
        "1、明确目标：年初制定全年目标，并将各项任务分解到人，每月检查一次落实情况。",
        "2、健全机构：成立了工作领导小组，设立了办公室，配备了专职人员，保障工作经费。",
        PROSE,
        "1、集中排查：今年以来，组织力量对辖区内的问题进行了集中排查，逐一登记造册。",
    ), title="某站工作总结")
    assert [h for _level, h in found] == ["明确目标", "健全机构", "集中排查"]
    assert {level for level, _h in found} == {1}


def test_matched_questions_between_prose_are_headings() -> None:
    found = heads(lines(
        PROSE,
        "我始终想着要带头实干，不知大家是否认可？",
        PROSE,
        "我始终想着要依法办事，公开透明，不知大家是否认可？",
        PROSE,
    ), title="某所长述职报告")
    assert len(found) == 2 and all(level == 1 for level, _h in found)


def test_one_question_is_prose() -> None:
    assert heads(lines(PROSE, "这样做的效果究竟如何呢？", PROSE), title="某所长述职报告") == []


def test_bare_first_line_among_bare_headings_is_no_title() -> None:
    blocks = lines("调研缘起", PROSE, "调研方法", PROSE, "主要发现", PROSE, "几点建议", PROSE)
    block, _rest, title = single_title(blocks, "fallback")
    assert block is None and title == "fallback"
    block, _rest, title = single_title(lines("某镇调研报告", PROSE, "调研方法", PROSE, "主要发现", PROSE), "x")
    assert title == "某镇调研报告"


def test_bare_heading_over_bare_headings_heads_them() -> None:
    blocks = lines("工作背景", PROSE, "主要成效", "产业发展", PROSE, "乡风文明", PROSE, "几点建议", PROSE)
    assert heads(blocks, title="某村调研报告") == [
        (1, "工作背景"), (1, "主要成效"), (2, "产业发展"), (2, "乡风文明"), (1, "几点建议")]
