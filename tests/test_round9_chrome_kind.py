"""Round-9 chrome shapes, each written here as a small made-up page: a 文库 page's preview and download notices, a
范文 site's words about the 范文 it shows, its bracketed 范文-type note and a 「为你精心整理」 note; a sentence about
going online that is no site's slogan; a web page's text of short lines and one long paragraph that is not text
hard-wrapped from a PDF."""

from __future__ import annotations

from sucai.ingest.clean import load_rules
from sucai.ingest.readers import hard_wrapped
from tests.pages import kept, parse

BODY = "今年以来，在街道党工委的领导下，社区上下齐心协力，各项创建工作取得了明显成效，现将有关情况总结如下。"


def test_a_wenku_pages_preview_and_download_notices_are_chrome() -> None:
    rules = load_rules()
    for line in ("文档预览加载中，请您耐心等待片刻…", "在线预览结束，喜欢就下载吧，阅读更方便", "下载本文档",
                 "如您无法下载资料，请查看说明：", "2、部分文档下载需要积分，请确认积分充足", "压缩包下载后请先解压再打开"):
        assert rules.is_chrome(line), line


def test_a_fanwen_sites_words_about_its_fanwen_are_chrome() -> None:
    rules = load_rules()
    for line in ("前言：本站为你精心整理了村级换届选举大会上的讲话范文，希望能为你的写作提供参考。",
                 "优秀范文的意义在于启发写作思路。这些范文覆盖多种文体，以满足不同读者的需求。",
                 "社区年度总结是回顾一年工作的重要环节。本文将呈现三篇侧重不同的社区年度总结范文，以供参考。",
                 "（专题汇报型范文：条理清楚，数据翔实，适用于向上级部门汇报）"):
        assert rules.is_chrome(line), line
    for line in ("我校开展经典范文诵读活动，学生赏析名篇佳作。", "（一）范文教学：组织教师集体备课，提升课堂效率。"):
        assert not rules.is_chrome(line), line


def test_a_sentence_about_going_online_is_no_site_slogan() -> None:
    rules = load_rules()
    assert not rules.is_chrome("多数居民在家中上网,其次是在单位或在亲戚、邻居家上网;")
    assert rules.is_chrome("某某范文网,您身边的写作好帮手")
    page = parse(f"社区网络使用情况调查\n{BODY}\n1、上网的地点\n多数居民在家中上网,其次是在单位或在亲戚、邻居家上网;\n{BODY}")
    assert "其次是在单位" in kept(page)


def test_short_lines_and_one_long_paragraph_are_not_hard_wrapped() -> None:
    notices = ["社区创建工作半年总结报告全文下载.pdf", "上传时间：2024-05-06 页数：3 大小：96KB 积分：8",
               "社区创建工作半年总结报告全文下载.pdf", "社区创建工作半年总结报告全文下载.pdf", "预览",
               "在线预览结束，喜欢就下载吧，阅读更方便", "8 积分", "下载本文档", "如您无法下载资料，请查看说明：",
               "1、部分文档下载需要积分，请确认积分充足", "2、已下载过的文档，再次下载不再扣分",
               "3、压缩包下载后请先解压再打开", BODY * 8]
    assert not hard_wrapped(notices)
    wrapped = ["今年以来在街道党工委的领导下社区上下齐心协力各项创建", "工作取得了明显成效居民群众的获得感幸福感安全感",
               "不断增强现将有关情况总结如下一是加强组织领导成立", "创建工作领导小组由社区书记任组长各网格长为成员",
               "二是广泛宣传发动通过宣传栏微信群入户走访等方式", "营造人人参与创建的浓厚氛围三是集中整治环境卫生",
               "组织志愿者开展清洁家园行动清理卫生死角二十余处", "四是常态开展文明实践活动丰富居民文化生活。"]
    assert hard_wrapped(wrapped)


def test_a_pages_tab_labels_are_chrome_and_an_untitled_rule_is_a_rule() -> None:
    rules = load_rules()
    for line in ("发布信息", "内容全文", "文件全文"):
        assert rules.is_chrome(line), line
    assert not rules.is_chrome("发布信息的要求")
    page = parse("发布信息\n2024年3月，某县人民政府办公室印发《某县河道管理办法》。\n内容全文\n第一章 总则\n"
                 "第一条 为了加强河道管理，保障防洪安全，结合本县实际，制定本办法。\n第二条 本办法适用于本县行政区域内的河道。")
    doc = page.documents[0]
    assert "内容全文" not in kept(page) and "发布信息" not in kept(page)
    assert doc.meta.kind == "法规" and doc.meta.year is None


def test_a_page_date_with_an_empty_counter_and_a_row_of_empty_cells_is_chrome() -> None:
    rules = load_rules()
    assert rules.is_chrome("2025年03月02日 (浏览: )")
    assert rules.is_chrome("2025年03月02日 (浏览: ) | " + "|" * 60)
    assert not rules.is_chrome("2025年3月2日召开专题会议（阅读：全文）")
    assert not rules.is_chrome("第二十条第一项 | | | |")


def test_a_fanwen_sites_card_of_the_text_is_chrome() -> None:
    rules = load_rules()
    for line in ("范文类型：工作总结，全文共 3210 字", "+ 加入收藏", "- 社区年度工作总结 推荐度：", "- 村级调研报告 推荐指数：4.5"):
        assert rules.is_chrome(line), line
    assert not rules.is_chrome("本文推荐度：高，值得一读。")


def test_a_research_reports_survey_date_gives_its_year() -> None:
    from sucai.ingest.years import research_year

    assert research_year(["一、调研基本情况", "本次调研时间为2019年6月10日至14日，走访了五个村。"]) == 2019
    assert research_year(["调查时间：2021年5月"]) == 2021
    assert research_year(["2018年以来，全镇共新建道路十公里。"]) is None
    page = parse("某乡产业发展调研报告\n一、调研基本情况\n本次调研时间为2019年6月10日至14日，走访了五个村和三家企业，"
                 "召开座谈会两次。\n二、存在的问题\n产业规模偏小，2016年以来增长缓慢，龙头企业带动能力不强。")
    assert page.documents[0].meta.year == 2019


def test_an_untitled_plan_with_its_steps_and_safeguards_is_a_plan() -> None:
    from sucai.ingest.kinds import body_kind

    texts = ["为改善村容村貌，结合我村实际，制定如下安排。", "一、工作目标", "村庄环境明显改善。", "二、实施步骤",
             "第一阶段为宣传发动阶段。", "三、组织保障", "成立工作专班，明确责任分工。"]
    assert body_kind(texts) == "方案"
    assert body_kind(["一、基本情况", "全村共有农户三百户。", "二、主要做法", "加强组织保障。"]) == "其他"
