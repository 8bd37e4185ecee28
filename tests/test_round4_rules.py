"""Rules from the fourth round of real pages (issue 12): contents lists without a 目录 line, 文库 file facts, dates a
speech or a summary gives only in passing, a title set as issuing body over 关于…, issuing notices."""

from __future__ import annotations

from sucai.ingest.clean import load_rules
from sucai.ingest.headless_toc import headless_toc
from sucai.ingest.kinds import page_stamp
from sucai.ingest.metadata import title_kind
from sucai.ingest.pipeline import parse_blocks
from sucai.ingest.readers import lines_to_blocks
from sucai.ingest.years import body_year, bracket_date

PROSE = "为提高应对突发事件的能力，保障公众生命财产安全，结合本镇实际，制定本预案。"


def parse(text: str):
    return parse_blocks(lines_to_blocks(text.splitlines()), "x", "x")


def outline(text: str) -> list[tuple[int, str]]:
    return [(n.level, n.heading) for n in parse(text).documents[0].nodes]


PLAN = f"""某镇突发事件应急预案
总则
1.1 编制目的
1.2 适用范围
组织体系
2.1 指挥机构
2.2 办事机构
3 附则
1 总则
1.1 编制目的
{PROSE}
1.2 适用范围
本预案适用于本镇行政区域内突发事件的应对工作。
2 组织体系
2.1 指挥机构
镇政府成立应急指挥部，统一领导应急处置工作。"""


def test_a_contents_list_without_a_toc_line_is_body_text() -> None:
    assert outline(PLAN) == [(1, "总则"), (2, "编制目的"), (2, "适用范围"), (1, "组织体系"), (2, "指挥机构")]
    texts = [p.text for p in parse(PLAN).documents[0].paragraphs]
    assert texts.count("1.1 编制目的") == 2  # the list stays, as body text


def test_short_headings_that_are_no_contents_list_stay_headings() -> None:
    blocks = lines_to_blocks(["某镇工作方案", "一、总体要求", "二、主要任务", "（一）抓好项目", PROSE, "一、总体要求"])
    assert headless_toc(blocks) == (-1, -1)  # the body never follows the repeat
    text = f"某镇工作方案\n一、总体要求\n{PROSE}\n二、主要任务\n{PROSE}"
    assert outline(text) == [(1, "总体要求"), (1, "主要任务")]


def test_wenku_file_facts_and_upload_notices_are_chrome() -> None:
    rules = load_rules()
    for line in ("- 25.50 KB", "- 2021-04-12 发布", "1、本文档由用户上传,某某文库整理发布,可阅读全部内容。",
                 "2、本文档内容版权归属内容提供方,所产生的收益全部归内容提供方所有。", "- 网站客服QQ:12345678",
                 "166人看过"):
        assert rules.is_chrome(line), line
    for line in ("全年完成投资2.5亿元。", "2021年4月12日", "本文档适用于全镇各村。"):
        assert not rules.is_chrome(line), line


def test_a_speech_dated_in_brackets_and_a_summary_by_its_body() -> None:
    assert bracket_date(["（2006年8月30日） 同志们：", PROSE]) == "2006-08-30"
    assert bracket_date(["在全市工作会议上的讲话张某某(2011年9月18日)同志们:今天召开会议……"]) == "2011-09-18"
    assert bracket_date(["会议于（2011年9月18日）召开，研究了有关事项。"]) is None  # a date in passing
    assert body_year(["全镇2020年共完成税收3095万元。", "2020年共收缴烤烟4049担，2019年为3800担。"]) is None
    assert body_year(["全镇2020年共完成税收3095万元。", "2020年共收缴烤烟4049担。"]) == 2020
    doc = parse("镇长年度工作总结\n本人继续担任镇长职务，现将工作汇报如下：\n全镇2020年完成税收3095万元。\n"
                "2020年共收缴烤烟4049担。").documents[0]
    assert doc.meta.year == 2020


def test_a_title_set_as_issuing_body_over_its_subject() -> None:
    doc = parse(f"南某市人民政府\n关于印发政府工作报告的通知\n各乡镇人民政府：\n{PROSE}").documents[0]
    assert doc.title == "南某市人民政府关于印发政府工作报告的通知"
    assert doc.meta.kind == "通知"
    assert title_kind("关于印发2023年重点工作方案的通知") == "通知"
    assert title_kind("2023年政府工作报告") == "政府工作报告"


def test_a_disclosure_line_dates_the_page() -> None:
    assert page_stamp(["索引号:1153-/2018-12 公文目录:应急管理 发文日期:2017年06月28日 主题词: 成文日期:"]) == "2017-06-28"
    assert page_stamp(["发布时间:2019-12-21"]) == "2019-12-21"
    assert page_stamp(["2019-12-21"]) is None  # a bare stamp is not a labelled date
