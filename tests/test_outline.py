"""Outline analysis: seed acceptance, hand-written samples, hand-labelled corpus documents."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sucai.ingest.outline import build_structure, cn_to_int, find_items, find_marker
from sucai.models import Block, Structure

SAMPLES = Path(__file__).parent / "samples" / "outline"
from tests.conftest import SHARED  # noqa: E402

SEED = SHARED / "seed" / "000_ddc63f42cbc988af.txt"
CORPUS = SHARED / "corpus" / "text"
SEED_TITLES = (
    "XX经济开发区2023上半年工作总结及下半年工作计划",
    "XX镇2023年度上半年工作总结及下半年工作计划",
    "区统计局2023年上半年工作总结及2023下半年工作计划",
)


def seed_articles() -> list[tuple[Block, list[Block]]]:
    """The seed compilation split by hand: each article from its title line, adverts and markers dropped."""
    if not SEED.exists():
        pytest.skip(f"../shared is absent: {SEED}")
    lines = [line.strip() for line in SEED.read_text(encoding="utf-8").splitlines()]
    starts = [max(i for i, line in enumerate(lines) if line == title) for title in SEED_TITLES]
    articles = []
    for start, stop in zip(starts, starts[1:] + [len(lines)], strict=True):
        body = [line for line in lines[start + 1:stop]
                if line and not line.startswith(("【哒哒", "欢迎加入", "##paid"))]
        articles.append((Block(lines[start]), [Block(line) for line in body]))
    return articles


def text_blocks(text: str) -> tuple[Block, list[Block]]:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return Block(lines[0]), [Block(line) for line in lines[1:]]


def nodes(structure: Structure, max_level: int = 99) -> list:
    return [n for root in structure.outline for n in root.walk() if n.level <= max_level]


def check_invariants(structure: Structure, title: Block | None, blocks: list[Block]) -> None:
    """No text lost or altered; offsets point into the joined text; node indexes are pre-order."""
    paras = structure.paragraphs
    expected = ([title.text] if title else []) + [b.text for b in blocks if b.text]
    assert "".join(p.text for p in paras) == "".join(expected)
    joined = "\n".join(p.text for p in paras)
    for p in paras:
        assert joined[p.start:p.end] == p.text
    flat = nodes(structure)
    for index, node in enumerate(flat):
        assert paras[node.paragraph].node == index
        assert paras[node.paragraph].path[-1] == node.heading
    for p in paras:
        if p.node is not None:
            assert p.role == flat[p.node].role


# ------------------------------------------------------------------ seed acceptance

def test_seed_statistics_bureau_outline() -> None:
    title, blocks = seed_articles()[2]
    s = build_structure(title, blocks)
    check_invariants(s, title, blocks)
    tops = s.outline
    assert [(n.marker, n.role) for n in tops] == [("一、", "summary"), ("二、", "problems"), ("三、", "plan")]
    assert [c.marker for c in tops[0].children] == ["（一）", "（二）", "（三）"]
    items = [g for c in tops[0].children for g in c.children]
    assert [g.marker for g in items] == [f"{n}." for n in range(1, 16)]
    assert items[0].heading == "强化全面从严治D"
    assert all(g.level == 3 and g.role == "summary" for g in items)
    # The lead sentence is its own heading paragraph; the rest of the block is a body paragraph.
    head = s.paragraphs[items[0].paragraph]
    assert head.kind == "heading" and head.text == "1.强化全面从严治D。"
    after = s.paragraphs[items[0].paragraph + 1]
    assert after.kind == "body" and after.text.startswith("坚持政治机关定位")
    assert after.path == ("2023年上半年工作总结", "D建引领，落实主体责任", "强化全面从严治D")
    assert [c.role for c in tops[1].children] == ["problems", "problems"]


def test_seed_town_unnumbered_plan_section() -> None:
    title, blocks = seed_articles()[1]
    s = build_structure(title, blocks)
    check_invariants(s, title, blocks)
    tops = [(n.marker, n.heading, n.role) for n in s.outline]
    assert tops == [("一、", "2023年上半年工作完成情况", "summary"), ("二、", "存在问题", "problems"),
                    ("", "下一步工作计划", "plan")]
    plan = s.outline[2]
    assert [c.marker for c in plan.children] == ["（一）", "（二）", "（三）"]
    assert all(c.level == 2 and c.role == "plan" for c in plan.children)
    problems = s.paragraphs[s.outline[1].paragraph + 1]
    assert problems.role == "problems"
    assert [i.marker for i in problems.items] == ["一是", "二是", "三是"]
    # Every earlier item is one sentence, so the last one stops after its own sentence.
    assert problems.items[-1].text == "干部队伍担当精神、责任意识、专业能力、实干作风还需进一步提升。"


def test_seed_development_zone_items_and_plan() -> None:
    title, blocks = seed_articles()[0]
    s = build_structure(title, blocks)
    check_invariants(s, title, blocks)
    first = s.outline[0].children[0]
    assert first.heading == "紧盯“时间过半、任务过半”，聚力“五大攻坚”取得实效"
    body = s.paragraphs[first.paragraph + 1]
    assert [i.marker for i in body.items] == ["一是", "二是", "三是", "四是", "五是"]
    assert body.items[0].text.startswith("“招商引资”方面。")
    plan = s.outline[1]
    assert plan.role == "plan"
    assert [(c.marker, c.heading) for c in plan.children][0] == ("一是", "全力在为企服务上下足功夫")


def test_title_paragraph_and_preamble() -> None:
    title, blocks = seed_articles()[2]
    s = build_structure(title, blocks)
    assert s.paragraphs[0].kind == "title" and s.paragraphs[0].node is None
    assert s.paragraphs[1].node is None and s.paragraphs[1].path == ()


# ------------------------------------------------------------------ hand-written samples

@pytest.mark.parametrize("name", sorted(p.stem for p in SAMPLES.glob("*.txt")))
def test_sample(name: str) -> None:
    title, blocks = text_blocks((SAMPLES / f"{name}.txt").read_text(encoding="utf-8"))
    expected = json.loads((SAMPLES / f"{name}.json").read_text(encoding="utf-8"))
    s = build_structure(title, blocks)
    check_invariants(s, title, blocks)
    got = [[n.level, n.marker, n.heading, n.role] for n in nodes(s)]
    assert got == expected["nodes"]
    for index, kind in expected.get("kinds", {}).items():
        assert s.paragraphs[int(index)].kind == kind, index
    for index, items in expected.get("items", {}).items():
        assert [[i.marker, i.text] for i in s.paragraphs[int(index)].items] == items


# ------------------------------------------------------------------ hand-labelled corpus documents

@pytest.mark.parametrize("label", sorted(p.name for p in SAMPLES.glob("corpus_*.json")))
def test_corpus_labels(label: str) -> None:
    spec = json.loads((SAMPLES / label).read_text(encoding="utf-8"))
    path = CORPUS / f"{spec['corpus_id']}.txt"
    if not path.exists():
        pytest.skip(f"../shared is absent: {path}")
    title, blocks = text_blocks(path.read_text(encoding="utf-8"))
    s = build_structure(title, blocks)
    check_invariants(s, title, blocks)
    got = nodes(s, 2)
    assert [[n.level, n.marker] for n in got] == [row[:2] for row in spec["nodes"]]
    for node, row in zip(got, spec["nodes"], strict=True):
        if row[2] is not None:
            assert node.heading == row[2]
    for heading, role in spec.get("roles", {}).items():
        assert next(n for n in got if n.heading == heading).role == role


def test_whole_corpus_keeps_text() -> None:
    if not CORPUS.exists():
        pytest.skip(f"../shared is absent: {CORPUS}")
    for path in sorted(CORPUS.glob("*.txt"))[::7]:
        title, blocks = text_blocks(path.read_text(encoding="utf-8"))
        check_invariants(build_structure(title, blocks), title, blocks)


# ------------------------------------------------------------------ building blocks

def test_dates_quarters_and_decimals_are_not_markers() -> None:
    for text in ("2023.12以来新增岗位", "一、二季度增长较快", "1.5亿元资金已到位", "3、4月份增速最快", "一、二、三产业协调"):
        assert find_marker(text) is None, text
    assert find_marker("二〇二三年工作回顾") is None
    mk = find_marker("一、二〇二三年工作回顾")
    assert mk is not None and mk.kind == "cn_dun" and mk.number == 1


def test_markers_as_written() -> None:
    cases = {"（十二）加强": ("cn_paren", 12, "（十二）"), "１２．推进": ("ar_dot", 12, "１２．"),
             "(3)完善": ("ar_paren", 3, "(3)"), "③落实": ("circled", 3, "③"),
             "第一百零五条 本办法": ("tiao", 105, "第一百零五条"), "## 第二章 组织机构": ("zhang", 2, "第二章")}
    for text, (kind, number, marker) in cases.items():
        mk = find_marker(text)
        assert mk is not None and (mk.kind, mk.number, mk.marker) == (kind, number, marker), text


def test_chinese_numerals() -> None:
    assert [cn_to_int(t) for t in ("十", "十二", "二十", "二十三", "一百零五", "两")] == [10, 12, 20, 23, 105, 2]
    assert cn_to_int("条") is None


def test_inline_items_need_a_sequence() -> None:
    assert find_items("统一是基础。") == ()
    assert find_items("一是加强学习。") == ()
    items = find_items("主要做法：一是抓学习，二是抓落实。")
    assert [(i.marker, i.text) for i in items] == [("一是", "抓学习，"), ("二是", "抓落实。")]


def test_styled_headings_nest_by_level() -> None:
    blocks = [Block("总体情况", style_level=1), Block("正文一。"), Block("重点工作", style_level=2),
              Block("正文二。"), Block("下一步打算", style_level=1)]
    s = build_structure(None, blocks)
    check_invariants(s, None, blocks)
    assert [(n.level, n.heading) for n in nodes(s)] == [(1, "总体情况"), (2, "重点工作"), (1, "下一步打算")]
    assert s.paragraphs[0].kind == "heading" and s.paragraphs[1].path == ("总体情况",)
    assert s.outline[1].role == "plan"


def test_paid_flag_follows_the_block() -> None:
    blocks = [Block("一、工作总结"), Block("1.抓学习。开展学习6次。", paid=True)]
    s = build_structure(None, blocks)
    assert [p.paid for p in s.paragraphs] == [False, True, True]


def outline_of(lines: list[str], title: str | None = None, max_level: int = 99) -> list[tuple[int, str, str]]:
    title_block = Block(title) if title else None
    blocks = [Block(line) for line in lines]
    s = build_structure(title_block, blocks)
    check_invariants(s, title_block, [b for b in blocks if b.text])
    return [(n.level, n.marker, n.heading) for n in nodes(s, max_level)]


def test_numeral_after_marker_is_a_list_only_when_it_continues_the_count() -> None:
    mk = find_marker("一、一年来工作回顾")
    assert mk is not None and (mk.kind, mk.number) == ("cn_dun", 1)
    assert find_marker("三、四月份增速加快") is None


def test_marker_broken_across_lines_is_rejoined() -> None:
    got = outline_of(["一、工作回顾", "（一）稳增长。正文。", "（", "二）促改革。正文。", "（三）惠民生。正文。"])
    assert [m for _, m, _ in got] == ["一、", "（一）", "（二）", "（三）"]


def test_glued_two_digit_chapter_numbers_only_on_short_title_lines() -> None:
    got = outline_of(["前言正文。", "01综合", "全年生产总值增长5%。", "02农业", "12月份粮食收购进度加快。"])
    assert got == [(1, "01", "综合"), (1, "02", "农业")]
    assert find_marker("10个重点项目全部开工") is None


def test_chapter_after_orphan_articles_is_top_level() -> None:
    got = outline_of(["第一条 为了规范执法，制定本规范。", "第二条 本规范适用于道路执勤。",
                      "第二章 执勤用语", "第三条 执勤时应当使用规范用语。", "第一节 一般规定",
                      "第四条 一般规定如下。"])
    assert got == [(1, "第一条", "为了规范执法"), (1, "第二条", "本规范适用于道路执勤"),
                   (1, "第二章", "执勤用语"), (2, "第三条", "执勤时应当使用规范用语"),
                   (2, "第一节", "一般规定"), (3, "第四条", "一般规定如下")]


def test_articles_do_not_nest_in_a_numbered_prose_paragraph() -> None:
    got = outline_of(["一、将第二条修改为：“第二条 本规定自公布之日起施行。”", "根据本决定重新公布。",
                      "第一条 为了审理案件，制定本规定。", "第二条 本规定自公布之日起施行。"], max_level=1)
    assert [m for _, m, _ in got] == ["一、", "第一条", "第二条"]


def test_unnumbered_sections_each_open_a_top_level_section() -> None:
    got = outline_of(["“十四五”时期工作回顾", "五年来成绩显著。", "“十五五”时期的主要目标任务",
                      "一是发展水平明显提升。正文。", "二是创新能力明显提升。正文。", "2026年重点工作",
                      "（一）扩大内需。正文。"], title="2026年某省政府工作报告", max_level=1)
    assert [h for _, _, h in got] == ["“十四五”时期工作回顾", "“十五五”时期的主要目标任务", "2026年重点工作"]


def test_letterhead_repeating_the_title_is_no_heading() -> None:
    got = outline_of(["最高人民法院", "相互协助保全的安排", "第一条 本安排所称保全，包括财产保全。"],
                     title="最高人民法院关于内地与澳门就仲裁程序相互协助保全的安排")
    assert got == [(1, "第一条", "本安排所称保全")]


def test_bracketed_notes_are_entries_only_inside_a_notes_part() -> None:
    got = outline_of(["一、综合", "[1]地区生产总值按现价计算。", "注释：", "［1］一降三减：", "火灾起数下降。",
                      "［2］两新：", "设备更新和以旧换新。"])
    assert got == [(1, "一、", "综合"), (1, "", "注释"), (2, "［1］", "一降三减"), (2, "［2］", "两新")]


def test_markdown_heading_without_its_comma_stays_a_sibling() -> None:
    got = outline_of(["## 一、计算", "正文。", "## 二、折算", "正文。", "## 三", "正文。"])
    assert got == [(1, "一、", "计算"), (1, "二、", "折算"), (1, "", "三")]


def test_spaced_out_heading_is_written_together() -> None:
    assert outline_of(["## 第一章 总 则", "第一条 为了管理，制定本条例。"], max_level=1) == [(1, "第一章", "总则")]


def test_roles_inside_a_review_and_in_a_work_report() -> None:
    blocks = ["一、2025年工作回顾", "二是打好攻坚战，重点任务取得积极进展。正文。", "二、2026年主要工作",
              "（一）扩大内需。正文。"]
    s = build_structure(Block("2026年某省政府工作报告"), [Block(b) for b in blocks])
    assert [(n.heading, n.role) for n in nodes(s)] == [
        ("2025年工作回顾", "summary"), ("打好攻坚战，重点任务取得积极进展", "summary"),
        ("2026年主要工作", "plan"), ("扩大内需", "plan")]


def test_trailing_annex_of_page_chrome_is_dropped() -> None:
    chrome = ["附件：", "关联稿件：", "【返回顶部】【关闭本页】"] + [f"{c}市人民政府" for c in "甲乙丙丁戊己庚辛壬癸"]
    got = outline_of(["一、综合", "全年生产总值增长5%，就业稳定。"] + chrome)
    assert got == [(1, "一、", "综合")]


def test_parts_of_a_plan_are_headings() -> None:
    got = outline_of(["第一部分 总体思路", "一、指导思想", "坚持稳中求进。", "第二部分 重点任务", "一、加强征管",
                      "严格征管。"])
    assert got == [(1, "第一部分", "总体思路"), (2, "一、", "指导思想"), (1, "第二部分", "重点任务"),
                   (2, "一、", "加强征管")]


def test_circled_numbers_in_one_paragraph_are_items_not_a_heading() -> None:
    assert find_marker("①加强收入征管。②优化支出结构。") is None
    assert [i.marker for i in find_items("①加强收入征管。②优化支出结构。③严格绩效管理。")] == ["①", "②", "③"]
    assert find_marker("①加强收入征管") is not None


def test_attachment_list_lines_are_not_headings() -> None:
    got = outline_of(["一、目标", "完成整治。", "二、保障措施", "（一）加强组织领导。成立领导小组。",
                      "附件：1.某镇整治任务分解表", "2.某镇整治考核办法", "某镇人民政府", "2024年2月20日"])
    assert [m for _, m, _ in got] == ["一、", "二、", "（一）"]


def test_plan_numbering_written_as_web_pages_keep_it() -> None:
    from sucai.ingest.pipeline import parse_blocks

    def outline(text: str) -> list[tuple[int, str, str]]:
        doc = parse_blocks([Block(t) for t in text.splitlines()], "x", "x").documents[0]
        return [(n.level, n.marker, n.heading) for r in doc.outline for n in r.walk()]

    spaced = "某街道突发事件总体应急预案\n1  总则\n1.1  编制目的\n为了提高能力，制定本预案。\n1.2  编制依据\n依据有关法律。\n2  组织体系\n街道设立领导小组。\n"
    assert outline(spaced) == [(1, "1", "总则"), (2, "1.1", "编制目的"), (2, "1.2", "编制依据"), (1, "2", "组织体系")]
    glued = "某街道突发事件总体应急预案\n1总则\n1、1编制依据\n依据有关法律。\n1、2适用范围\n本预案适用于本街道。\n"
    assert outline(glued) == [(1, "1", "总则"), (2, "1、1", "编制依据"), (2, "1、2", "适用范围")]
    # a figure glued to a unit, a table row and a sentence are no headings
    prose = "某镇工作总结\n1月份完成投资5亿元。\n3、4月份开展专项整治。\n1 张三 男 35岁\n2 全年完成投资，同比增长。\n"
    assert outline(prose) == []
