"""Round-7 chrome, kind and year shapes, each written here as a small made-up page: a title, page field row and
addressee run together; a first line previewing the text; field labels with bullets and their value lines; a page's
keywords; a genre definition; reposting notices and related-links lists on one line; a congress report's year from
its review heading; a progress report's year from its latest date; an article's year from its opening."""

from __future__ import annotations

from sucai.ingest.chrome_model import FEATURES, Page, line_features
from sucai.ingest.clean import load_rules
from tests.pages import kept, parse

BODY = "今年以来，在县委的正确领导下，全局上下齐心协力，各项工作取得了明显成效，现将有关情况报告如下。"
MORE = "全年共办理群众来信来访一百二十件，办结率达到百分之九十八，群众满意度进一步提升，工作基础更加扎实。"


def test_title_field_row_and_addressee_on_one_line() -> None:
    page = (f"首页\n某县民政局关于2022年度专项资金审计发现问题整改情况的报告发布日期:2023-03-02 09:15信息来源:某县民政局"
            f"浏览次数: 字号:[ ] 主任、副主任、各位委员:\n{BODY}\n一、整改工作情况\n{MORE}")
    parsed = parse(page)
    doc = parsed.documents[0]
    text = kept(parsed)
    assert doc.title == "某县民政局关于2022年度专项资金审计发现问题整改情况的报告"
    assert "主任、副主任、各位委员:" in text
    assert "发布日期" not in text and "浏览次数" not in text
    assert (doc.meta.kind, doc.meta.year) == ("报告", 2022)


def test_a_first_line_previewing_the_text_goes() -> None:
    preview = '在全乡春耕生产动员大会上的讲话抓好"三个环节"确保全年丰收(2021年3月2日) 同志们: 春耕在即,时不我待。今天召开大'
    page = ("在全乡春耕生产动员大会上的讲话\n抓好“三个环节”确保全年丰收\n（2021年3月2日）\n同志们：\n"
            "春耕在即，时不我待。今天召开XXX，主要任务是总结去年工作，安排部署今年春耕生产，动员全乡上下迅速行动起来。")
    parsed = parse(f"{preview}\n{page}")
    assert parsed.documents[0].title == "在全乡春耕生产动员大会上的讲话"
    assert "今天召开大" not in kept(parsed)
    assert "今天召开XXX" in kept(parsed)


def test_notices_and_one_line_link_lists_are_chrome() -> None:
    rules = load_rules()
    assert rules.is_chrome("如若转载,请注明出处:https://www.example.com/1234.html")
    assert rules.is_chrome("转载请保留本文链接")
    assert rules.is_chrome("相关工作总结: 学校工作总结、社区工作总结、医院年度工作总结、村委会工作总结")
    assert not rules.is_chrome("相关单位：县发改局、县财政局、县自然资源局按职责分工负责。")
    assert not rules.is_chrome("相关责任单位:县住建局、县交通局、县水利局")
    assert rules.is_chrome("述职报告是干部向上级汇报履职情况的一种文体，这篇述职报告供大家参考。")
    assert not rules.is_chrome("述职报告是干部接受监督的重要方式，我们要认真对待。")


def test_bulleted_labels_take_their_values() -> None:
    page = (f"返回顶部\n某县人民政府议事规则\n• 索引号:\n11500113/2024-00031\n• 发文字号:\n某政发〔2024〕5号\n"
            f"• 有效性:\n• 内容概述:\n某县人民政府议事规则\n第一章 总则\n第一条 {BODY}\n第二条 {MORE}")
    parsed = parse(page)
    text = kept(parsed)
    assert "11500113/2024-00031" not in text and "某政发〔2024〕5号" not in text and "内容概述" not in text
    assert parsed.documents[0].title == "某县人民政府议事规则"


def test_keywords_echoing_the_title_go() -> None:
    parsed = parse(f"2024年街道工作总结\n街道,工作总结,2024\n{BODY}\n一、主要工作\n{MORE}")
    assert "街道,工作总结,2024" not in kept(parsed)
    parsed = parse(f"2024年街道工作总结\n党建,民生,安全\n{BODY}\n一、主要工作\n{MORE}")
    assert "党建,民生,安全" in kept(parsed)  # not words of the title: the document's own line


def test_a_furniture_word_inside_a_word_is_no_evidence() -> None:
    rules = load_rules()
    texts = ["在纪念秋收起义周年大会上的讲话", BODY]
    features = dict(zip(FEATURES, line_features(Page.of(texts, rules.furniture, rules.fields), 0), strict=True))
    assert features["furniture_word"] == 0.0
    texts = ["某某网 收起 全文", BODY]
    features = dict(zip(FEATURES, line_features(Page.of(texts, rules.furniture, rules.fields), 0), strict=True))
    assert features["furniture_word"] == 1.0 and features["site_opens"] == 1.0


def test_a_congress_report_is_given_the_year_after_its_review() -> None:
    review = "全区经济保持平稳较快增长，地区生产总值增长百分之八，财政收入稳步提高，民生保障持续加强。"
    doc = parse(f"区政府工作会议上的讲话\n各位代表：\n现在，我代表区人民政府向大会报告工作，请予审议。\n"
                f"一、2015年工作回顾\n{review}").documents[0]
    assert (doc.meta.kind, doc.meta.year) == ("讲话", 2016)
    doc = parse(f"区政府工作会议上的讲话\n各位代表：\n现在，我代表区人民政府向大会报告工作，请予审议。\n"
                f"一、2015年工作回顾\n今年以来，{review}").documents[0]
    assert doc.meta.year == 2015  # given at the end of the year it reviews


def test_a_progress_report_dates_itself_by_its_latest_date() -> None:
    doc = parse("根据县委安排，2020年10月9日至11月30日，县委巡察组对某局开展了常规巡察。\n"
                "2021年1月12日，巡察组向某局党组反馈了巡察意见，某局随即研究部署整改工作，逐项落实整改措施。\n"
                "2022年3月8日，县委书记专题会听取了整改进展情况汇报，对下一步整改工作提出了明确要求。\n"
                "截至目前，反馈的42个问题已完成整改40个，其余2个正在持续推进，建立完善制度15项。\n"
                "现将整改进展情况向社会公开，欢迎广大干部群众监督。").documents[0]
    assert (doc.meta.kind, doc.meta.year) == ("报告", 2022)


def test_an_article_is_dated_by_its_opening() -> None:
    doc = parse("学习教育心得体会\n某支部 张某\n自2019年6月主题教育开展以来，我认真学习了有关文件，收获很大。\n"
                f"{MORE}").documents[0]
    assert (doc.meta.kind, doc.meta.year) == ("其他", 2019)
    doc = parse(f"上级向下级发函格式\n{BODY}").documents[0]
    assert doc.meta.kind == "其他"


def test_an_untitled_page_named_by_its_first_sentence() -> None:
    doc = parse(f"2022年度镇长述职报告。\n尊敬的各位领导：\n{BODY}\n1、主要工作\n{MORE}").documents[0]
    assert (doc.meta.kind, doc.meta.year) == ("述职报告", 2022)
    doc = parse(f"{BODY}\n一、综合事务\n1、按时完成街道的工作安排。\n{MORE}").documents[0]
    assert doc.meta.kind != "工作计划"  # a numbered item is no name of the text


def test_work_points_are_of_the_year_they_keep_writing() -> None:
    doc = parse("1.县教育局2025年工作要点\n2.县教育局2025年教育工作要点\n一、总体要求\n"
                f"{MORE}\n二、重点任务\n{BODY}").documents[0]
    assert (doc.meta.kind, doc.meta.year) == ("要点", 2025)


def test_a_title_above_its_letterhead_layout_stays() -> None:
    parsed = parse("# 甲省人民政府 乙省人民政府关于建立跨省河湖联合巡查机制的若干规定\n甲省人民政府 乙省人民政府\n"
                   f"关于建立跨省河湖联合巡查机制的若干规定\n第一条 {BODY}\n第二条 {MORE}")
    assert parsed.documents[0].title.endswith("关于建立跨省河湖联合巡查机制的若干规定")
    assert parsed.documents[0].title.startswith("甲省人民政府")


def test_an_article_is_not_dated_by_a_span_ahead() -> None:
    doc = parse("论新时代的发展目标\n从2035年到本世纪中叶，在基本实现现代化的基础上，再奋斗十五年，把我国建成强国。\n"
                f"{MORE}").documents[0]
    assert (doc.meta.kind, doc.meta.year) == ("其他", None)
