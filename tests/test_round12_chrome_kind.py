"""Round-12 classes, each written here as a small made-up page: a standing committee's report 「受…委托」, a team's
述职 in its opening, an untitled 政府信息公开 report, a summary whose name runs into its first sentence, a report that
says who 编制的 it, a disclosure page's 标题 field, a 范文 note's 【N篇】 count, a 调研 title (not news of a visit);
a government page's widgets, credits and links as chrome, and a poster's name under the headline."""

from __future__ import annotations

from sucai.ingest.clean import _byline, load_rules
from sucai.models import Block
from tests.pages import kept, parse

SENTENCE = "各村各单位要高度重视，明确分工，压实责任，确保各项工作按时完成，取得实效。"


def meta(text: str):
    return parse(text).documents[0].meta


def test_a_standing_committee_reports_on_behalf() -> None:
    page = (f"各位代表：\n我受某县第九届人民代表大会常务委员会的委托，向大会报告工作，请予审议。\n"
            f"2019年，是本届常委会任期的第二年。{SENTENCE}\n一、依法履行监督职责\n{SENTENCE}")
    assert meta(page).kind == "报告"


def test_a_team_that_reports_on_itself_is_a_duty_report() -> None:
    page = f"各位领导、同志们：\n我代表县水利局领导班子述职，请予评议。\n{SENTENCE}\n一、履职情况\n{SENTENCE}"
    assert meta(page).kind == "述职报告"


def test_an_untitled_open_government_report() -> None:
    page = (f"《政府信息公开条例》施行以来，我局认真落实各项要求，扎实推进政府信息公开工作。2014年主要工作情况如下。\n"
            f"一、主动公开情况\n{SENTENCE}\n二、依申请公开情况\n{SENTENCE}")
    assert meta(page).kind == "报告"


def test_a_summary_name_run_into_its_first_sentence() -> None:
    page = f"水务站半年工作总结\n水务站半年工作总结2013年上半年，我站{SENTENCE}\n一、主要工作\n{SENTENCE}"
    assert meta(page).year == 2013


def test_a_report_that_says_who_drew_it_up() -> None:
    page = (f"某市档案局\n2020年3月\n本报告是根据《条例》的规定，由某市档案局编制的2019年度政府信息公开年度报告。{SENTENCE}\n"
            f"一、概述\n{SENTENCE}")
    assert meta(page).kind == "报告"


def test_a_disclosure_field_names_the_title() -> None:
    page = (f"当前位置:首页>信息公开>年度报告\n字体大小:【大】 【中】 【小】\n索引号: | |\n"
            f"标题:某县水务局2021年工作总结暨2022年工作计划 | |\n发布日期:2021-12-30 |\n"
            f"在县委的领导下，{SENTENCE}现将2021年工作总结如下:\n一、主要工作\n{SENTENCE}")
    doc = parse(page).documents[0]
    assert doc.title == "某县水务局2021年工作总结暨2022年工作计划" and doc.meta.kind == "总结及计划"
    assert "字体大小" not in kept(parse(page))


def test_a_note_counted_in_brackets_dates_its_entry() -> None:
    page = (f"下面是小编为大家整理的2022年度乡镇林业工作计划【三篇】，供大家参考。\n乡镇林业工作计划范文第1篇\n{SENTENCE}\n"
            f"一、工作目标\n{SENTENCE}")
    m = meta(page)
    assert m.kind == "工作计划" and m.year == 2022


def test_a_survey_title_but_not_news_of_a_visit() -> None:
    assert meta(f"民政局加强基层队伍建设调研\n{SENTENCE}\n一、基本情况\n{SENTENCE}").kind == "报告"
    assert meta(f"副市长赴某镇调研\n{SENTENCE}\n{SENTENCE}").kind == "其他"


def test_government_page_chrome_lines() -> None:
    rules = load_rules()
    for line in ("发布时间:2024年03月05日", "字号：[大] [中] [小]", "用微信扫描二维码分享至好友和朋友圈",
                 "(供稿科室:县局综合股)", "总监制:张某某监制:李某责编:王某编辑:赵某某", "附件列表",
                 "微信图片_20240305101010.jpg", "政策解读链接:点击查看政策解读"):
        assert rules.is_chrome(line), line
    for line in ("时间:2024年03月05日", "会议时间：2024年3月5日上午9时", "附件列表如下：", "总监制度建设"):
        assert not rules.is_chrome(line), line


def test_a_poster_name_under_the_headline() -> None:
    page = f"社区消防演练心得体会5篇\n\nlinmu2020\n\n社区消防演练心得体会(篇1)\n{SENTENCE}\n{SENTENCE}"
    assert "linmu2020" not in kept(parse(page))
    page = f"社区消防演练心得体会\n\n| 李芳\n\n社区消防演练心得体会\n{SENTENCE}\n{SENTENCE}"
    assert "李芳" not in kept(parse(page))


def test_a_column_name_above_the_text_names_no_kind() -> None:
    page = (f"行政规范性文件\n2019年以来，{SENTENCE}现公布2019年某县统计局政府信息公开工作年度报告。\n"
            f"一、总体情况\n{SENTENCE}")
    m = meta(page)
    assert m.kind == "报告" and m.year == 2019


def test_a_contents_heading_under_the_headline_is_no_posters_name() -> None:
    headline = "2023年乡镇工作总结汇编（3篇）"
    above, below = [Block(headline)], [Block(headline)]
    assert not _byline(above, "目录", below, headline)  # a bare word is no name: a Chinese name needs its bar
    assert _byline(above, "|福萍", below, headline) and _byline(above, "thought1688", below, headline)
