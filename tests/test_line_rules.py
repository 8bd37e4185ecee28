"""Rules written while studying round 5 (issue 12) in a form meant to carry over to other sites: numbered lines
with no text under them are a list, and a half-width colon ends a heading run into its text.  Every example is
written here, not copied from a sample."""

from __future__ import annotations

from sucai.ingest.pipeline import parse_blocks
from sucai.ingest.readers import lines_to_blocks

BODY = "今年以来，在镇党委的正确领导下，全镇上下齐心协力，各项工作取得了明显成效，现将有关情况报告如下。"


def parse(text: str):
    return parse_blocks(lines_to_blocks(text.splitlines()), "x", "文件名")


def outline(doc) -> list[tuple[int, str]]:
    return [(n.level, n.heading) for root in doc.outline for n in root.walk()]


def test_numbered_lines_without_text_under_them_are_a_list() -> None:
    text = (f"某小学2023年工作计划\n{BODY}\n一、重点工作\n1、迎接省级教育基地评估验收；\n2、推进区级课题研究；\n"
            f"3、城乡结对系列活动。\n二、工作措施\n（一）加强常规管理\n{BODY}")
    doc = parse(text).documents[0]
    assert outline(doc) == [(1, "重点工作"), (1, "工作措施"), (2, "加强常规管理")]
    kinds = {p.text: p.kind for p in doc.paragraphs}
    assert kinds["2、推进区级课题研究；"] == "body"


def test_numbered_headings_with_text_under_them_stay_headings() -> None:
    text = (f"某镇2023年工作总结\n{BODY}\n一、主要工作\n1、抓好招商引资；\n{BODY}\n2、抓好项目建设；\n{BODY}\n"
            f"二、存在问题\n{BODY}")
    doc = parse(text).documents[0]
    assert (2, "抓好招商引资") in outline(doc) and (2, "抓好项目建设") in outline(doc)
    # no semicolon between the entries: the lines are headings of a list the writer did not punctuate
    text = f"某镇2023年工作总结\n{BODY}\n一、主要工作\n1、抓好招商引资\n2、抓好项目建设\n{BODY}"
    assert (2, "抓好招商引资") in outline(parse(text).documents[0])


def test_a_half_width_colon_ends_a_run_in_heading() -> None:
    text = (f"某村2021年工作总结\n{BODY}\n一、产业发展:甲公司占地200余亩,以甘薯种植、深加工为主,产品畅销各地。{BODY}\n"
            f"二、会议安排:上午10:30在村委会召开全体党员大会,传达上级会议精神,部署下一阶段的各项工作任务。{BODY}")
    doc = parse(text).documents[0]
    assert outline(doc) == [(1, "产业发展"), (1, "会议安排")]
    text = f"某村2021年工作总结\n{BODY}\n一、上午10:30召开全体党员大会,传达上级会议精神,部署工作。{BODY}"
    heading = outline(parse(text).documents[0])[0][1]
    assert heading.startswith("上午10:30召开")  # the colon of a clock ends no heading


def test_a_title_citing_a_document_is_judged_by_its_own_words() -> None:
    cases = {"《〈政府工作报告〉2023年重点工作任务分工方案》政策解读": "其他",
             "学习《政府工作报告》心得体会": "其他",
             "《政府工作报告》重点工作任务分工方案": "方案",
             "关于印发《某县乡村振兴实施方案》的通知": "通知",
             "《2023年某县政府工作报告》": "政府工作报告"}
    for title, kind in cases.items():
        doc = parse(f"{title}\n{BODY}\n一、基本情况\n{BODY}").documents[0]
        assert doc.meta.kind == kind, title


def test_chrome_lines_of_more_shapes() -> None:
    from sucai.ingest.clean import load_rules

    rules = load_rules()
    for line in ("• 【字体:", "【字体：大 中 小】", "篇一 某县2023年政府工作报告全文2850字", "第二篇 某镇工作总结1200字"):
        assert rules.is_chrome(line), line
    for line in ("字体设计要新颖美观", "篇一 某镇工作总结", "字体："):
        assert rules.is_chrome(line) == (line == "字体："), line


def test_a_dash_framed_tag_before_a_title_is_not_title() -> None:
    doc = parse(f"-精品文档推荐- 某街道2022年工作总结\n{BODY}\n一、基本情况\n{BODY}").documents[0]
    assert doc.title == "某街道2022年工作总结"
    doc = parse(f"1、-精品合同推荐- 2008年某街道办工作总结一年来,某街道办事处在区党工委的正确领导下,{BODY}\n"
                f"一、基本情况\n{BODY}").documents[0]
    assert doc.title == "2008年某街道办工作总结"
    doc = parse(f"——在全县经济工作会议上的讲话\n同志们：\n{BODY}").documents[0]
    assert doc.title == "——在全县经济工作会议上的讲话"  # a dash-led subtitle is no tag


def test_spaces_end_a_heading_on_a_page_that_lost_its_line_breaks() -> None:
    text = f"一、上半年工作总结 今年是全面贯彻落实党的二十大精神的开局之年,也是承上启下的关键一年。{BODY}\n二、下半年工作打算\n{BODY}"
    doc = parse(text).documents[0]
    assert outline(doc)[0] == (1, "上半年工作总结")
    assert doc.meta.kind == "工作总结"  # the untitled text's first heading names it
    text = f"某镇2023年工作总结\n{BODY}\n一、加强组织 领导\n{BODY}"
    assert outline(parse(text).documents[0])[0] == (1, "加强组织领导")  # spaces inside a heading line are no end
