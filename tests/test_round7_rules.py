"""Rules written after studying the round-7 pages: numbered lines that are points of prose rather than headings,
Markdown served by writing sites, short bare section lines, headings whose mark the page lost, and titles a site
note or a PDF's text layer disguised.  Every example is written here, not copied from a sample."""

from __future__ import annotations

from sucai.ingest.lost_marks import glued_numerals, parallel_leads
from sucai.ingest.points import prose_points
from sucai.ingest.short_heads import short_headings
from sucai.ingest.split import single_title
from sucai.models import Block
from tests.pages import outline_of

PROSE = "全年共组织各类培训十二次，参训人员八百余人次，干部队伍的业务能力和服务水平得到了明显提升。"


def test_a_run_of_whole_sentences_is_a_list_of_points() -> None:
    lines = ["一、基本情况", PROSE, "二、检查结果",
             "（一）我单位办公楼建于九十年代初期，目前没有新建或者扩建任何办公场所。",
             "（二）多年来仅对屋顶和门窗进行过必要的维修，近三年来未安排任何装修费用。",
             "（三）经逐间测量，全体干部的办公室面积均在规定标准以内，不存在超标情况。"]
    assert prose_points(lines) == {3, 4, 5}
    assert outline_of(lines) == [(1, "基本情况"), (1, "检查结果")]


def test_short_heading_leads_stay_headings_and_sibling_consistency_decides() -> None:
    headed = ["二、主要做法", f"（一）强化学习。{PROSE}", f"（二）优化服务。{PROSE}"]
    assert prose_points(headed) == set()
    # two of three duties are stated in full: the short one is a duty too
    duties = ["1、按照上级部署组织实施各项检查工作，及时汇总并上报检查中发现的问题。", "2、做好值班工作。",
              "3、定期向领导小组报告工作进展情况，并提出改进工作的意见和具体建议。"]
    assert prose_points(duties) == {0, 1, 2}


def test_counted_points_and_counted_headings() -> None:
    points = ["一是认真落实首问负责制度，把服务质量作为考核干部工作的主要依据。", "二是扩大网上办理范围。",
              "三是建立群众意见回访机制，每月对办结事项开展电话回访并通报结果。"]
    assert prose_points(points) == {0, 1, 2}
    # a short lead with its text after it heads its point (a work report's 一是…)
    headed = [f"一是产业发展稳步推进。{PROSE}", f"二是民生保障持续加强。{PROSE}"]
    assert prose_points(headed) == set()


def test_markdown_plan_from_a_writing_site() -> None:
    lines = ["### 某社区年度工作计划", "#### 前言", PROSE, "#### 一、社区治理", "**工作目标**：提升治理水平。",
             "1. **网格管理**：划分网格，明确网格员职责，做到小事不出网格。",
             "2. **议事协商**：每月召开一次居民议事会，协商解决公共事务。", "#### 二、便民服务", PROSE]
    got = outline_of(lines, title="某社区年度工作计划")
    assert got == [(1, "前言"), (1, "社区治理"), (2, "网格管理"), (2, "议事协商"), (1, "便民服务")]
    bold = ["**一、社区治理**", PROSE, "**（一）网格管理**", PROSE, "**二、便民服务**", PROSE]
    assert outline_of(bold) == [(1, "社区治理"), (2, "网格管理"), (1, "便民服务")]


def test_short_bare_lines_between_prose_are_sections() -> None:
    lines = [PROSE, "基本情况", PROSE, PROSE, "主要做法", PROSE]
    assert short_headings([Block(t) for t in lines]) == {1, 4}
    assert short_headings([Block(t) for t in [PROSE, "基本情况", PROSE]]) == set()  # one alone is no pattern
    assert short_headings([Block(t) for t in ["同志们", PROSE, "一、总体情况", "基本情况", PROSE, "主要做法", PROSE]]) \
        == set()  # numbered sections: the numbers are the sections


def test_a_numeral_that_lost_its_comma_before_a_list() -> None:
    lines = ["三以服务群众为中心，便民服务水平不断提升。", f"（一）延长窗口服务时间。{PROSE}"]
    assert glued_numerals(lines) == {0: 3}
    assert glued_numerals(["三季度完成投资两亿元。", "（一）工业投资。"]) == {}
    assert glued_numerals(["三年来主要做了以下工作：", "（一）工业投资。"]) == {}
    assert glued_numerals(["十四五时期主要目标", "（一）经济发展。"]) == {}
    got = outline_of([*lines, f"（二）规范办事流程。{PROSE}"])
    assert got == [(1, "以服务群众为中心，便民服务水平不断提升"), (2, "延长窗口服务时间"), (2, "规范办事流程")]


def test_parallel_lead_sentences_head_unnumbered_paragraphs() -> None:
    long = PROSE * 2
    blocks = [Block(PROSE), Block(f"立足“学深”，在理论武装上下功夫。{long}"), Block(f"立足“做实”，在担当作为上见成效。{long}")]
    out, heads = parallel_leads(blocks)
    assert heads == {1, 3} and "".join(b.text for b in out) == "".join(b.text for b in blocks)
    assert parallel_leads([Block(PROSE), Block(f"立足本职，做好服务。{long}")])[1] == set()  # one is no pattern
    counted = [Block(PROSE), Block(f"完善机制，把服务工作落到实处。一是健全制度。{long}")]
    assert parallel_leads(counted)[1] == {1}  # a lead that heads the points it counts
    assert parallel_leads([Block(PROSE), Block(f"我们主要抓了三个方面。一是健全制度。{long}")])[1] == set()
    topics = [Block(f"{t}。{PROSE}") for t in ("教育事业", "卫生保健", "社会保障")]
    assert parallel_leads(topics)[1] == {0, 2, 4}
    assert parallel_leads(topics[:2])[1] == set()  # two labels of different openings are no pattern yet


def test_titles_a_site_or_a_pdf_disguised() -> None:
    def title_of(lines: list[str]) -> str:
        return single_title([Block(t) for t in lines], "fallback")[2]

    assert title_of(["社区工作计划范文汇编6篇", PROSE]) == "社区工作计划"
    assert title_of(["XX", "县", "2024", "年政府工作报告", "各位代表："]) == "XX县2024年政府工作报告"
    assert title_of(["高举旗帜", "团结奋斗", "——在代表大会上的报告"]) != "高举旗帜团结奋斗——在代表大会上的报告"
