"""Round-10 classes, each written here as a small made-up page: kind and year from what an untitled or headline-titled
page shows (a plan's 「特制定本方案」, a survey's own sections, 「下面，我将…总结报告如下」, a notice issuing the titled
document, a notice's own 「关于…的」 + 「通 知」 heading under a page headline, a school year's summary, a sharing site's
stamp); page widgets (朗读, 免费试读) and a compilation's blurb on its genre as chrome."""

from __future__ import annotations

from sucai.ingest.kinds import page_stamp
from sucai.ingest.metadata import period
from sucai.ingest.readers import lines_to_blocks
from tests.pages import kept, parse

SENTENCE = "各村各单位要高度重视，明确分工，压实责任，确保各项工作按时完成，取得实效。"


def meta(text: str):
    return parse(text).documents[0].meta


def test_an_untitled_plan_that_says_it_was_drawn_up_is_a_plan() -> None:
    page = f"各村（社区），镇属各单位：\n为扎实推进农村道路养护工作，结合我镇实际，特制定本实施方案。\n一、工作目标\n{SENTENCE}"
    assert meta(page).kind == "方案"
    page = f"为做好今年的防汛准备，根据上级要求，现制订本工作计划。\n一、主要任务\n{SENTENCE}"
    assert meta(page).kind == "工作计划"


def test_an_untitled_survey_with_its_own_sections_is_a_report() -> None:
    page = (f"调查目的\n为摸清山区村庄饮水状况，我们走访了五个村。\n调查方法\n采用入户访谈的方式进行。\n调查结果\n{SENTENCE}")
    assert meta(page).kind == "报告"


def test_reporting_a_half_years_work_below_is_a_summary() -> None:
    page = f"某某镇地处山区，辖十个村。\n今年以来，全镇调解矛盾纠纷多起。下面，我将我镇调解工作上半年总结报告如下:\n{SENTENCE}"
    assert meta(page).kind == "工作总结"


def test_a_page_issuing_the_plan_it_is_titled_by_is_a_notice() -> None:
    page = (f"某镇2019年度河道清理工作计划\n各行政村：\n经镇政府研究，现将《某镇2019年度河道清理工作计划》印发给你们，"
            f"请遵照执行。\n{SENTENCE}")
    assert meta(page).kind == "通知"
    page = f"某镇2019年度河道清理工作计划\n一、工作目标\n{SENTENCE}"
    assert meta(page).kind == "工作计划"


def test_a_notice_heading_under_a_page_headline_names_the_kind() -> None:
    page = (f"5号 河道保护五年规划\n某环发〔2020〕5号\n关于印发河道保护五年规划的\n通    知\n各乡镇：\n"
            f"《河道保护五年规划》已经审议通过，现印发给你们，请认真贯彻执行。\n{SENTENCE}")
    assert meta(page).kind == "通知"


def test_a_school_years_summary_reports_on_the_year_it_ends() -> None:
    assert period("某某中学2021-2022学年度工作总结")[0] == 2022
    assert period("某某中学2021-2022学年度工作计划")[0] == 2021


def test_a_sharing_sites_stamp_dates_the_upload_not_the_document() -> None:
    assert page_stamp(["某某调研报告", "发布时间:2019-03-02 10:11:12   来源:某某文库"]) is None
    assert page_stamp(["某某调研报告", "发布时间:2019-03-02 10:11:12   来源:某某县人民政府"]) == "2019-03-02"


def test_page_widgets_above_the_text_are_chrome() -> None:
    text = kept(parse(f"朗读\n各村（社区）：\n{SENTENCE}"))
    assert "朗读" not in text and SENTENCE in text
    text = kept(parse(f"某某会议上的发言.docx\nab\n2024-03-01\n118\n0\n免费试读\n某某会议上的发言\n同志们：\n{SENTENCE}"))
    assert "免费试读" not in text and "118" not in text and SENTENCE in text


def test_a_compilations_blurb_on_its_genre_is_chrome() -> None:
    blurb = "写好一篇计划，能让我们明确方向。一份好的计划要有目标、有措施，下面就来看看怎么写。"
    page = f"社区治安工作计划(精选6篇)\n{blurb}\n社区治安工作计划篇一\n{SENTENCE}\n社区治安工作计划篇二\n{SENTENCE}"
    text = kept(parse(page))
    assert blurb not in text and SENTENCE in text
    opening = "今年我社区将围绕平安建设，重点做好以下工作，确保治安形势稳定。"  # the first entry's own text stays
    page = f"社区治安工作计划(精选6篇)\n{opening}\n{SENTENCE}\n社区治安工作计划篇二\n{SENTENCE}"
    assert opening in kept(parse(page))


def test_a_web_address_the_text_cites_stays() -> None:
    from sucai.ingest.watermarks import strip_watermarks
    cited = "年报电子版通过某县人民政府门户网站（www.example.gov.cn）全文公开，欢迎查阅。"
    assert strip_watermarks(lines_to_blocks([cited]))[0].text == cited
    cited = "请登录省政务服务网（www.example-service.cn）在线办理。"
    assert strip_watermarks(lines_to_blocks([cited]))[0].text == cited
    stamped = "全面完成了各项任务。（本文来源于某某范文网 www.example.com）下一步，我们将继续努力。"
    assert "example" not in strip_watermarks(lines_to_blocks([stamped]))[0].text


def test_a_hacked_pages_video_spam_headline_is_chrome() -> None:
    from sucai.ingest.clean import load_rules
    rules = load_rules()
    assert rules.is_chrome("最新电影一区二区免费看,高清在线观看,热门剧集大全")
    for line in ("全镇共安装高清视频监控探头120个，实现重点区域全覆盖。", "组织党员在线观看党课视频"):
        assert not rules.is_chrome(line), line


def test_a_posters_user_name_between_page_fields_is_chrome() -> None:
    text = kept(parse(f"某某社区工作总结\n时间:\nsunnyday88\n分享\n下载本文\n{SENTENCE}"))
    assert "sunnyday88" not in text and SENTENCE in text
