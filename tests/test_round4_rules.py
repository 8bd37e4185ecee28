"""Rules from the fourth round of real pages (issue 12): contents lists without a 目录 line, 文库 file facts, dates a
speech or a summary gives only in passing, a title set as issuing body over 关于…, issuing notices."""

from __future__ import annotations

from sucai.ingest.clean import load_rules
from sucai.ingest.headless_toc import headless_toc
from sucai.ingest.kinds import page_stamp
from sucai.ingest.metadata import title_kind
from sucai.ingest.pipeline import parse_blocks
from sucai.ingest.readers import lines_to_blocks, read_file
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


def test_a_speech_numbers_its_hopes_and_a_heading_runs_into_its_first_point() -> None:
    speech = f"开学典礼校长致辞\n同学们：\n{PROSE}\n第一点希望，希望大家加强身体锻炼。健康是一切的基础。\n" \
             "第二点希望，希望大家养成阅读习惯。读书使人明智。"
    assert outline(speech) == [(1, "希望大家加强身体锻炼"), (1, "希望大家养成阅读习惯")]
    run = ("某党组2023年工作总结\n2023年，党组认真履职，较好完成各项任务，现将有关情况汇报如下：一、政治思想建设情况一是强化"
           "思想教育。党组坚持理论学习制度化、规范化，全年开展集中学习12次。二是加强作风建设。持续整治形式主义。"
           "二、业务工作情况。全年完成各项任务，群众满意度明显提升。")
    assert outline(run) == [(1, "政治思想建设情况"), (2, "强化思想教育"), (2, "加强作风建设"), (1, "业务工作情况")]


def test_sections_headed_by_matched_phrases() -> None:
    prose = PROSE * 2
    text = (f"2022年度基层党建述职报告\n某村党总支书记 张某\n{prose}\n共学共建，让基层组织“强”起来\n{prose}\n"
            f"共议共融，让基层思想“凝”起来\n{prose}")
    assert outline(text) == [(1, "共学共建，让基层组织“强”起来"), (1, "共议共融，让基层思想“凝”起来")]
    captions = f"某市统计公报\n{prose}\n表1 2022年主要产品产量\n{prose}\n表2 2022年运输量\n{prose}"
    assert outline(captions) == []  # table captions share a shape but are no sections
    numbered = f"某镇工作总结\n一、主要工作\n共学共建，让基层组织强起来\n{prose}\n共议共融，让基层思想凝起来\n{prose}"
    assert outline(numbered) == [(1, "主要工作")]  # numbered sections: the phrases are slogans inside one


PASTED = """某县卫生健康委员会2023年工作总结

2023年，县卫生健康委员会在县委、县政府的坚强领导下，坚持以

人民健康为中心，深化医药卫生体制改革，全面推进健康县城建设，

各项工作取得了明显成效。现将有关情况总结如下：

一、主要工作成效

（一）公共卫生服务能力持续提升。全年完成基本公共卫生服务项

目绩效考核，居民电子健康档案建档率达到92%，老年人健康管理

- 1 -

率达到75%，慢性病规范管理率稳步提高，家庭医生签约服务覆盖

重点人群，村卫生室标准化建设全面完成，群众满意度明显提升。

（二）医疗服务水平不断提高。县人民医院新开设专科门诊3个，

县域内就诊率达到90%以上，群众看病就医更加方便，远程会诊

第 2 页 共 3 页

系统覆盖全部乡镇卫生院，优质医疗资源下沉取得实效。

二、存在的问题

基层医疗卫生人才短缺，部分村卫生室服务能力不足。"""


def test_pdf_text_pasted_with_blank_lines_and_page_numbers_is_joined(tmp_path) -> None:
    path = tmp_path / "pasted.txt"
    path.write_text(PASTED, encoding="utf-8")
    texts = [b.text for b in read_file(path)]
    assert "老年人健康管理率达到75%" in "\n".join(texts)  # joined across the page number
    assert not any(t in ("- 1 -", "第 2 页 共 3 页") for t in texts)
    assert texts[2] == "一、主要工作成效" and len(texts) == 7
    plain = tmp_path / "plain.txt"
    plain.write_text("某镇工作总结\n\n一、主要工作\n\n全年完成各项任务。\n\n1\n", encoding="utf-8")
    assert [b.text for b in read_file(plain)][-1] == "1"  # not hard-wrapped: left as it is


def test_a_preview_run_together_and_a_headline_copy_with_a_site_note_go() -> None:
    lines = ["某省人民政府关于实施教育改革的意见", "2024-05-06 10:20",
             "某省人民政府关于实施教育改革的意见(某政[2001]85号)各市、县人民政府,省政府各部门:为认真贯彻落实",
             "某省人民政府关于实施", "教育改革的意见", "(某政[2001]85号)", "各市、县人民政府,省政府各部门:",
             "为认真贯彻落实国务院的决定，结合本省实际，提出以下意见。", "一、统一思想，提高认识", PROSE]
    texts = [p.text for p in parse("\n".join(lines)).documents[0].paragraphs]
    assert lines[2] not in texts and lines[6] in texts
    page = f"镇上半年工作情况总结\n镇上半年工作情况总结范文\n{PROSE}"
    assert [p.text for p in parse(page).documents[0].paragraphs] == ["镇上半年工作情况总结", PROSE]
    kept = f"社区年度工作计划\n社区年度工作计划(精选15篇)\n{PROSE}"
    assert "社区年度工作计划(精选15篇)" in "\n".join(p.text for d in parse(kept).documents for p in d.paragraphs)


def test_lone_separators_and_page_numbers_are_chrome() -> None:
    rules = load_rules()
    for line in (">", ">>", "»", "- 3 -", "— 12 —", "第2页，共12页", "共12页 第2页"):
        assert rules.is_chrome(line), line
    for line in ("3>2", "一、总则", "-3"):
        assert not rules.is_chrome(line), line


def test_a_collection_pages_note_names_the_document() -> None:
    from sucai.ingest.fanwen import collection_note_title
    from sucai.models import Block

    note = "写工作总结很有好处。下面是范文网小编整理的最新工业区年度工作总结通用范文3篇 工区年度总结报告范文大全,供大家赏析。"
    assert collection_note_title([Block(note)]) == "工业区年度工作总结"
    assert collection_note_title([Block("下面是小编整理的范文，供大家参考。")]) is None
    doc = parse(f"某某范文大全 首页\n{note}\n{PROSE}\n一、强化安全责任落实\n{PROSE}").documents[0]
    assert doc.title == "工业区年度工作总结" and doc.meta.kind == "工作总结" and doc.meta.org_type == "开发区/园区"


def test_letter_spaced_markers_and_run_together_articles() -> None:
    spaced = ("某市绿化管理办法\n第 一 章  总  则\n第 一 条  为了加强城市绿化管理，制定本办法。\n"
              "第 二 条  本办法适用于本市。\n第 二 章  规划和建设\n第 三 条  主管部门负责编制绿地系统规划。")
    want = [(1, "总则"), (2, "为了加强城市绿化管理"), (2, "本办法适用于本市"), (1, "规划和建设"),
            (2, "主管部门负责编制绿地系统规划")]
    assert outline(spaced) == want
    run = ("某市绿化管理办法\n第一章 总 则 第一条 为了加强城市绿化管理，制定本办法。第二条 本办法适用于本市，依照本办法第十条"
           "规定执行。第二章 规划和建设 第三条 主管部门负责编制绿地系统规划。")
    assert outline(run) == want  # 第十条 inside a sentence is a reference, not an article


def test_a_collection_numbering_its_texts_in_front() -> None:
    prose = PROSE * 2
    text = (f"工作总结范文（3篇）\n篇一：甲镇2023年工作总结\n{prose}\n一、主要工作\n{prose}\n篇二：乙街道2023年工作总结\n"
            f"{prose}\n第三篇：区教育局2023年工作总结\n{prose}")
    parsed = parse(text)
    assert [d.title for d in parsed.documents] == ["甲镇2023年工作总结", "乙街道2023年工作总结", "区教育局2023年工作总结"]
    assert parsed.documents[0].paragraphs[0].text == "篇一：甲镇2023年工作总结"  # the text keeps its number


def test_preview_and_paywall_prompts_are_chrome() -> None:
    rules = load_rules()
    for line in ("试读结束", "还剩 3 页未读，继续阅读", "开通会员查看全文", "以上内容为试读部分", "本文共12页，可免费预览前3页",
                 "剩余内容已隐藏", "完整版请下载", "点击下载完整版文档", "付费阅读全文"):
        assert rules.is_chrome(line), line
    for line in ("全文共分五个部分。", "开展试读活动，组织学生阅读经典。", "通过开通会员服务，为企业提供查询。",
                 "各单位要下载并认真学习有关文件。", "上述内容是本次会议的主要精神。"):
        assert not rules.is_chrome(line), line


def test_site_watermarks_inside_a_sentence_are_cut_out() -> None:
    from sucai.ingest.watermarks import strip_watermarks
    from sucai.models import Block

    def cut(text: str) -> str:
        return strip_watermarks([Block(text)])[0].text

    assert cut("完成了各项任务。（本文来源于某某范文网 www.example.com）下一步，我们将继续努力。") == \
        "完成了各项任务。下一步，我们将继续努力。"
    assert cut("推进乡村振兴。本文由某某文库整理发布，转载请注明出处。二是加强党建。") == "推进乡村振兴。二是加强党建。"
    assert cut("稳步提高。更多精彩范文请访问某某范文网。") == "稳步提高。"
    for kept in ("请登录www.gov.cn查询有关政策。", "数据来源于国家统计局网站。", "各单位要加强网络安全建设。"):
        assert cut(kept) == kept


def test_a_subtitle_that_counts_the_pages_texts_is_no_section() -> None:
    prose = PROSE * 2
    text = f"社区年度工作计划\n社区年度工作计划(精选15篇)\n{prose}\n一、健全工作机构\n{prose}\n二、加强法制宣传\n{prose}"
    assert outline(text) == [(1, "健全工作机构"), (1, "加强法制宣传")]


def test_tag_words_one_a_line_above_the_text_go() -> None:
    prose = PROSE * 2
    page = f"某省关于加强农村教育的意见\n2024-05-06 10:20\n学校\n农村\n教师\n{prose}\n一、总体要求\n{prose}"
    texts = [p.text for p in parse(page).documents[0].paragraphs]
    assert not {"学校", "农村", "教师"} & set(texts)
    short = f"某镇工作方案\n总则\n{prose}\n附则\n{prose}"  # short headings between prose stay
    assert "总则" in [p.text for p in parse(short).documents[0].paragraphs]


def test_a_report_dated_nowhere_takes_the_year_its_body_keeps_writing() -> None:
    text = ("乡镇清洁城乡活动进展情况汇报\n我镇开展清洁城乡活动以来，镇容村貌明显改观，现将有关情况汇报如下：\n"
            "一、建设情况\n将2008年的工作任务分解到各村，2008年完成村庄整治16个。")
    assert parse(text).documents[0].meta.year == 2008


def test_a_collection_pages_headline_is_its_title_line() -> None:
    prose = PROSE * 2
    head = "最新工业区年度工作总结通用范文3篇 工区年度总结报告范文大全"
    doc = parse(f"{head}\n{prose}\n一、强化安全责任落实\n{prose}").documents[0]
    assert doc.title == "工业区年度工作总结"
    assert doc.paragraphs[0].text == head  # kept as the title line, not dropped as chrome
