"""Round-9 outline and title rules, on small examples written for these tests."""

from __future__ import annotations

from pathlib import Path

from sucai.ingest.bold_runs import split_bold_runs
from sucai.ingest.outline import build_structure
from sucai.ingest.pasted import paragraph_marks
from sucai.ingest.pipeline import parse_blocks, parse_file
from sucai.ingest.split import single_title
from sucai.models import Block


def heads(blocks: list[Block], title: str = "") -> list[tuple[int, str]]:
    structure = build_structure(Block(text=title) if title else None, blocks)
    return [(n.level, n.heading) for root in structure.outline for n in root.walk()]


def lines(*texts: str) -> list[Block]:
    return [Block(text=t) for t in texts]


PROSE = "我们围绕年度目标扎实推进各项工作，取得了明显成效，群众满意度持续提高，各项指标均完成计划。"


def test_markdown_run_together_is_cut_at_bold_headings() -> None:
    text = ("**某站2025年工作计划****一、总体要求**坚持问题导向，统筹推进各项任务。**二、重点任务**"
            "1. **完善台账管理** - 每月核对一次数据，确保准确。 - 发现问题及时整改。"
            "2. **加强人员培训** - 每季度组织一次业务学习。")
    out = [b.text for b in split_bold_runs([Block(text=text)])]
    assert "".join(out) == text  # nothing added or dropped
    assert "**一、总体要求**" in out and "**二、重点任务**" in out
    assert any(t.startswith("1. **完善台账管理**") for t in out)
    assert any(t.startswith("2. **加强人员培训**") for t in out)
    found = heads([Block(text=t) for t in out[1:]], title=out[0])
    assert (1, "总体要求") in found and (2, "完善台账管理") in found and (2, "加强人员培训") in found


def test_one_bold_phrase_in_prose_is_emphasis() -> None:
    text = "今年我们把**安全生产**放在首位，" + PROSE * 3
    assert [b.text for b in split_bold_runs([Block(text=text)])] == [text]


def test_converter_paragraph_marks_break_lines() -> None:
    got = paragraph_marks(["前言。\u0420一、目标\u0420二、措施\u0420三、要求"])
    assert got == ["前言。", "一、目标", "二、措施", "三、要求"]
    russian = ["Россия \u0420оссия"]
    assert paragraph_marks(russian) == russian


def test_page_cut_from_a_longer_text_opens_at_a_later_number() -> None:
    found = heads(lines("，车辆停放整齐，严禁乱停乱放。", "四、推进步骤", PROSE, "五、保障措施", PROSE))
    assert found == [(1, "推进步骤"), (1, "保障措施")]


def test_a_later_number_in_prose_stays_body() -> None:
    assert heads(lines("四、我们在工作中坚持问题导向，取得了成效。", PROSE)) == []


def test_stage_lines_are_headings_with_their_words() -> None:
    found = heads(lines("一、推进步骤", "第一阶段动员部署阶段。" + PROSE, "第二阶段全面实施阶段。" + PROSE))
    assert found == [(1, "推进步骤"), (2, "第一阶段动员部署阶段"), (2, "第二阶段全面实施阶段")]


def test_a_space_for_the_dun() -> None:
    found = heads(lines("一 基本情况", PROSE, "二 主要做法", PROSE))
    assert found == [(1, "基本情况"), (1, "主要做法")]
    assert heads(lines("一 二 三 四 五六七八，九十。", PROSE)) == []


def test_part_marker_and_its_colon() -> None:
    doc = parse_blocks(lines("某校工作总结", "第一板块：教学工作回顾", "一、课堂教学", PROSE), "x", "x").documents[0]
    assert doc.outline[0].heading == "教学工作回顾"


def test_bracketed_phrase_between_prose_is_a_heading() -> None:
    found = heads(lines(PROSE, "【村道建设】", PROSE))
    assert found == [(1, "村道建设")]


def test_leads_opening_with_a_quoted_word_and_one_cut_short() -> None:
    found = heads(lines(PROSE, "向“实”处发力抓落实。" + PROSE * 2, "向“实”处发力求实效。" + PROSE * 2,
                        "向“新”处发力谋发展。" + "本页到此为止，全文共三页，请翻页继续阅读"))
    assert [h for _, h in found] == ["向“实”处发力抓落实", "向“实”处发力求实效", "向“新”处发力谋发展"]


def test_a_run_of_leads_with_one_that_counts_its_points() -> None:
    found = heads(lines("计划先要写明总体思路。" + PROSE * 2, "目标任务必须具体可查。" + PROSE * 2,
                        "重点工作要细化分解。一是" + PROSE + "二是" + PROSE), title="站点年度计划")
    assert [h for _, h in found] == ["计划先要写明总体思路", "目标任务必须具体可查", "重点工作要细化分解"]


def test_toc_line_over_the_first_piece_is_no_title() -> None:
    block, _rest, title = single_title(lines("- 目录", "第1篇 某社区2024年工作总结", PROSE), "fallback")
    assert block is not None and "某社区2024年工作总结" in title


def test_title_cell_with_empty_cells_after_it() -> None:
    _block, _rest, title = single_title(lines("某镇2024年政府信息公开工作年度报告 | ||||||||", PROSE), "f")
    assert title == "某镇2024年政府信息公开工作年度报告"


def test_whole_file_with_paragraph_marks(tmp_path: Path) -> None:
    path = tmp_path / "plan.txt"
    path.write_text("某镇环境整治方案\u0420一、工作目标\u0420" + PROSE + "\u0420二、工作步骤\u0420" + PROSE,
                    encoding="utf-8")
    doc = parse_file(path).documents[0]
    assert doc.title == "某镇环境整治方案"
    assert [n.heading for n in doc.outline] == ["工作目标", "工作步骤"]
    assert parse_blocks(lines("某镇环境整治方案", PROSE), "x", "x").documents[0].title == "某镇环境整治方案"


def test_a_preface_line_heads_no_numbered_section() -> None:
    assert heads(lines("引言", PROSE, "一、工作回顾", PROSE, "二、下步打算", PROSE), title="某校总结") == [
        (1, "引言"), (1, "工作回顾"), (1, "下步打算")]


def test_a_point_may_open_with_a_month() -> None:
    found = heads(lines("一、主要工作", "1、新生入学教育。" + PROSE, "2、10月份运动会筹备。" + PROSE), title="某班总结")
    assert (2, "10月份运动会筹备") in found


def test_a_lone_point_of_prose_is_no_section() -> None:
    long_point = "1.加快推进全镇生活污水收集管网建设和改造提升，尽快实现村组全覆盖并长期稳定运行，切实改善群众居住环境。" + PROSE
    found = heads(lines("一、督办事项", long_point, "二、工作要求", PROSE), title="某通知")
    assert found == [(1, "督办事项"), (1, "工作要求")]
    run_in = "1、机构设置：" + PROSE
    assert (2, "机构设置") in heads(lines("一、基本情况", run_in), title="某报告")


def test_spaces_end_a_heading_before_a_year() -> None:
    found = heads(lines("一、总体情况 2024年，我镇认真落实各项要求，" + PROSE), title="某镇年度报告")
    assert found == [(1, "总体情况")]
