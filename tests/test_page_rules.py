"""Round-3 page rules: disclosure tables without colons, 文库 stamps, related-link tails, titles pages hide,
summary-and-plan kinds and the year they report on."""

from __future__ import annotations

import pytest

from sucai.ingest.clean import drop_repeated_headers, load_rules, strip_adverts
from sucai.ingest.furniture import furniture_lines, page_counters
from sucai.ingest.metadata import extract_meta, period
from sucai.ingest.pipeline import parse_blocks
from sucai.ingest.titles import note_title
from sucai.models import Block

PROSE = "今年以来，我镇在县委、县政府的坚强领导下，认真贯彻落实各项决策部署，较好地完成了各项目标任务。"
RULES = load_rules()
WORDS = tuple(sorted({w.lower() for w in RULES.furniture}, key=len, reverse=True))


def parse(lines: list[str]):
    return parse_blocks([Block(t) for t in lines], "page.html", "page")


def kept(lines: list[str]) -> list[str]:
    return [b.text for b in strip_adverts([Block(t) for t in lines], RULES)[0] if b.text]


def test_disclosure_rows_without_colons() -> None:
    rows = ["索引号 MB1670946/2023-00023 生成日期 2023-01-17 公开日期 2023-01-17",
            "文件编号 发布机构 华庄街道办事处 效力状况 有效", "内容概述 华庄街道2022年工作总结", "索 引 号113301/2024-00013"]
    assert kept([*rows, "华庄街道2022年工作总结", PROSE, PROSE]) == ["华庄街道2022年工作总结", PROSE, PROSE]
    # a table's header row holds labels only and stays, wherever it is
    header = "序号 文件名称 文号 发布机构"
    assert furniture_lines([PROSE, header, PROSE], WORDS, RULES.fields) == set()


def test_disclosure_cells_on_lines_of_their_own() -> None:
    page = ["索引号", "001002003/2024-00018", "发布机构", "某某镇人民政府", "文号", "某某镇2023年工作总结及2024年工作计划",
            "2023年，" + PROSE, "一、2023年工作完成情况", PROSE, "某某镇人民政府", "2024年1月18日"]
    doc = parse(page).documents[0]
    assert doc.title == "某某镇2023年工作总结及2024年工作计划"  # an empty 文号 cell never takes the title
    assert (doc.meta.kind, doc.meta.year) == ("总结及计划", 2023)
    assert "001002003/2024-00018" not in [p.text for p in doc.paragraphs]
    assert doc.paragraphs[-2].text == "某某镇人民政府"  # the signature is not a cell value: it follows prose


def test_a_title_row_stays_unless_the_page_shows_the_title() -> None:
    assert kept(["名称 某镇2023年工作总结", PROSE]) == ["名称 某镇2023年工作总结", PROSE]
    assert kept(["名称 某镇2023年工作总结", "某镇2023年工作总结", PROSE]) == ["某镇2023年工作总结", PROSE]


@pytest.mark.parametrize("line", [
    "ID:22658420", "大小:70.05 KB", "资源描述:", "《乡镇实施方案》由会员上传分享,免费在线阅读,更多相关内容在工程资料-天天文库",
    "街道突发事件总体应急预案VIP免费", "- 配套讲稿:", "如PPT文件的首页显示word图标,表示该PPT已包含配套word讲稿。双击word图标可打开word文档。",
    "（此文档为word格式，可任意修改编辑！）", "-----精品文档------", "因篇幅问题不能全部显示，请点此查看更多更全内容",
    "免费预览已结束，剩余6页可下载查看", "下载需要5积分", "文档来源于网络，如有侵权请联系删除", "下载文档到电脑，查找使用更方便",
    "文档格式：.doc   文档页数：6页   文档大小：35.0K", "内容提供方：wang123", "上传于2023-01-01", "- 1 -", "上一篇：某镇工作计划",
    "本文链接：https://www.example.com/a/1.html", "百度文库 - 好好学习，天天向上", "阅读 1.2w", "赞 0 踩 0",
    "小编花时间特意编辑了范文资料:全县重大政策宣传解读工作实施方案,希望对你有所帮助,动动手指请收藏一下!",
])
def test_wenku_stamps_and_prompts(line: str) -> None:
    assert kept(["某镇工作方案", line, PROSE, PROSE]) == ["某镇工作方案", PROSE, PROSE], line


@pytest.mark.parametrize("line", ["某某网 - 某镇2023年工作总结", "主办单位负责现场组织", "1/2", "第一章 总则", "大小写金额一致"])
def test_document_lines_stay(line: str) -> None:
    assert line in kept(["某镇工作方案", PROSE, line, PROSE])


def test_tag_lists_page_counters_and_related_links() -> None:
    tags = "实施方案 体检评估工作实施方案 住房抗震改造工作实施方案"
    slogan = "立足更高定位 彰显更大作为 推动城市管理高质量发展"
    assert furniture_lines([tags, slogan, PROSE], WORDS) == {0}
    assert page_counters(["1/13", PROSE, "2/13", PROSE]) == {0, 2}
    assert page_counters(["1/2", PROSE]) == set()  # one fraction is a figure
    page = ["某镇工作总结", PROSE, "某镇人民政府", "2023年12月25日", "扩展阅读", "某镇工作总结（精选）", "2024年某镇工作总结范文"]
    assert kept(page) == ["某镇工作总结", PROSE, "某镇人民政府", "2023年12月25日"]
    assert kept(["相关推荐", "某镇工作总结", PROSE]) == ["某镇工作总结", PROSE]  # in the head it is not a list


def test_user_rules_extend_fields_and_related_headings(tmp_path) -> None:
    extra = tmp_path / "rules.txt"
    extra.write_text("field: 公开编号\nrelated: 看了又看\n", encoding="utf-8")
    rules = load_rules(extra)
    lines = ["公开编号 A-1 发布机构 某镇", "某镇工作总结", PROSE, "看了又看", "某镇工作计划"]
    assert [b.text for b in strip_adverts([Block(t) for t in lines], rules)[0] if b.text] == ["某镇工作总结", PROSE]


def test_previews_and_cut_titles_give_way() -> None:
    full = "2024年社区文明创建工作总结 一、工作回顾 2023年，" + PROSE * 2
    preview = "".join(full.split())[:60]
    blocks, removed = drop_repeated_headers([Block("2024年社区文明创建工作总结"), Block(preview), Block(full)])
    assert [b.text for b in blocks] == ["2024年社区文明创建工作总结", full] and removed == 1
    cut = parse(["某街道2023年工作总结", "某街道2023年工作总结和2024年工作思路", PROSE, "一、2023年工作成效", PROSE])
    assert cut.documents[0].title == "某街道2023年工作总结和2024年工作思路"
    numbered = parse(["提升人居环境工作方案", "提升人居环境工作方案1", PROSE])
    assert numbered.documents[0].title == "提升人居环境工作方案"


def test_titles_from_file_names_notes_and_glued_lines() -> None:
    named = parse(["收藏 分享(赏)", "2022年x镇政府工作报告.docx", "各位代表：", PROSE])
    assert named.documents[0].title == "2022年x镇政府工作报告"
    assert named.documents[0].paragraphs[0].text == "2022年x镇政府工作报告.docx"  # nothing lost
    for note, title in (("下面是小编整理的2023年乡镇上半年工作总结范文(精选3篇)，希望对大家有所帮助。", "2023年乡镇上半年工作总结"),
                        ("以下是小编为大家带来的社区2023年工作计划，欢迎阅读与收藏。", "社区2023年工作计划"),
                        ("下面是小编为大家整理的街道工作总结及2023年工作思路,供大家参考。", "街道工作总结及2023年工作思路")):
        assert note_title([Block(note)]) == title
    glued = parse(["2021年在全区乡村振兴工作推进会讲话稿同志们:" + PROSE, "一、要高度重视", PROSE])
    assert glued.documents[0].title == "2021年在全区乡村振兴工作推进会讲话稿"
    download = parse(["下载后可任意编辑街道突发事件总体应急预案一、总则(一)编制目的。" + PROSE, PROSE])
    assert download.documents[0].title == "街道突发事件总体应急预案"


@pytest.mark.parametrize(("title", "kind", "year"), [
    ("XX镇2023年上半年工作总结及2023年下半年工作设想", "总结及计划", 2023),
    ("镇2023上半年工作开展情况和下半年工作打算", "总结及计划", 2023),
    ("街道工作总结及2023年工作思路", "总结及计划", 2022),
    ("某镇2022年工作总结及2023年工作思路", "总结及计划", 2022),
    ("某镇2023年工作总结和2024年工作重点", "总结及计划", 2023),
    ("镇人民政府2021年工作报告", "政府工作报告", 2021),
    ("某镇2024年工作设想", "工作计划", 2024),
])
def test_summary_and_plan_titles(title: str, kind: str, year: int) -> None:
    assert (extract_meta(title, []).kind, period(title)[0]) == (kind, year)


def test_years_of_dateless_plans_and_january_summaries() -> None:
    plan = parse(["乡镇改善人居环境实施方案", "为改善人居环境，镇委、镇政府决定，2015年在全镇开展人居环境整治活动。", "一、指导思想", PROSE])
    assert plan.documents[0].meta.year == 2015
    cited = parse(["某镇宣传工作方案", "根据《关于印发2020年宣传工作要点的通知》要求，制定本方案。", PROSE])
    assert cited.documents[0].meta.year is None
    summary = parse(["社区工作总结", PROSE, "一、主要工作", PROSE, "某社区居委会", "2024年1月10日"])
    assert summary.documents[0].meta.year == 2023


def test_year_in_a_trailing_note_and_mobile_prompts() -> None:
    assert (extract_meta("述职报告（2023年度）", []).year, extract_meta("某条例（2019年修订）", []).year) == (2023, None)
    assert kept(["某镇工作方案", "扫一扫在手机打开当前页", PROSE]) == ["某镇工作方案", PROSE]


@pytest.mark.parametrize(("title", "kind"), [
    ("某镇2023年上半年工作开展情况", "工作总结"), ("乡镇上半年工作情况汇报", "工作总结"), ("关于2023年度预算执行情况的报告", "报告"),
    ("关于安全生产检查情况的通报", "通报"), ("关于全县平安生产大检查工作的汇报", "报告"),
])
def test_work_done_titles(title: str, kind: str) -> None:
    assert extract_meta(title, []).kind == kind


def test_spaced_preview_is_cut_at_its_sections() -> None:
    from sucai.ingest.runs import split_runs
    text = ("2024年社区文明创建工作总结 一、工作回顾 2023年，" + PROSE + " 二、工作成果 " + PROSE)
    assert [b.text for b in split_runs([Block(text)])] == [
        "2024年社区文明创建工作总结 ", "一、工作回顾 2023年，" + PROSE + " ", "二、工作成果 " + PROSE]
    prose = "我们共 一、二产业协调发展，" + PROSE * 2  # a spaced 一、 that opens no heading-like clause stays
    assert len(split_runs([Block(prose)])) == 1
