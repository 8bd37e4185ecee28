"""Round-11 classes, each written here as a small made-up page: the year of an undashed period 「(20252027年)」, a
collection entry dated by its page headline, a quarter's 工作汇报, an untitled plan or report that names itself
(「特制定本…方案」, 「特此编制…年度报告」), a congress report that 「部署推动…年工作」, news of a meeting held; a
paywall's and a cut text's notes and a listen button as chrome."""

from __future__ import annotations

from sucai.ingest.kinds import page_stamp
from sucai.ingest.metadata import period
from tests.pages import kept, parse

SENTENCE = "各村各单位要高度重视，明确分工，压实责任，确保各项工作按时完成，取得实效。"


def meta(text: str):
    return parse(text).documents[0].meta


def test_an_undashed_period_gives_its_first_year() -> None:
    assert period("某镇道路养护三年行动方案(20252027年)")[0] == 2025
    assert period("某镇道路养护三年行动方案（2025-2027年）")[0] == 2025
    assert period("某镇2026年工作要点")[0] == 2026


def test_a_collection_entry_takes_the_year_of_its_headline() -> None:
    page = (f"2023年村级河道保洁工作方案(精选6篇)\n村级河道保洁工作方案 篇1\n{SENTENCE}\n一、工作目标\n{SENTENCE}\n"
            f"村级河道保洁工作方案 篇2\n{SENTENCE}\n一、工作任务\n{SENTENCE}\n")
    docs = parse(page).documents
    assert docs[0].meta.kind == "方案" and docs[0].meta.year == 2023


def test_a_quarter_work_report_is_a_report() -> None:
    assert meta(f"驻村工作队二季度工作汇报\n2024年以来，{SENTENCE}\n一、基本情况\n{SENTENCE}").kind == "报告"


def test_an_untitled_document_that_names_itself() -> None:
    page = f"为提升群众防灾意识，结合我镇实际，特制定本镇防灾减灾宣传周活动方案。\n一、活动主题\n{SENTENCE}"
    assert meta(page).kind == "方案"
    page = (f"依据《条例》要求，某某镇人民政府特此编制2025年度政府信息公开工作年度报告。本次年度报告由总体情况等部分组成。\n"
            f"一、总体情况\n{SENTENCE}")
    assert (meta(page).kind, meta(page).year) == ("报告", 2025)


def test_a_congress_report_planning_a_year_is_given_in_it() -> None:
    page = (f"各位代表:\n本次大会的主要任务是：回顾总结过去五年工作，部署推动2026年工作，团结带领全镇群众奋勇争先。\n"
            f"下面，我代表镇第三届委员会，向大会报告工作，请予审议。\n一、五年工作回顾\n{SENTENCE}")
    assert meta(page).year == 2026


def test_news_of_a_meeting_held_is_no_summary() -> None:
    page = f"县总工会召开半年工作会 总结上半年工作 部署下半年任务\n近日，{SENTENCE}\n会上，{SENTENCE}"
    assert meta(page).kind == "其他"


def test_an_organisation_signing_its_page_dates_it() -> None:
    assert page_stamp(["发布日期: 2014-05-06    作者: 某县妇联   访问次数:"]) == "2014-05-06"
    assert page_stamp(["更新时间:2019-03-01 00:10作者:某某老师"]) is None


def test_paywall_and_cut_text_notes_are_chrome() -> None:
    page = (f"某村人居环境整治情况汇报\n{SENTENCE}\n一、基本情况\n{SENTENCE}\n"
            "(未完,全文共2310字,当前显示702字)\n试读结束,开通会员文档无限下载使用\n点击收听报告语音朗读\n")
    text = kept(parse(page))
    assert "未完" not in text and "试读结束" not in text and "点击收听" not in text
    assert "一、基本情况" in text or "基本情况" in text


def test_a_headline_counting_its_texts_in_a_collection_is_kept_and_dates_it() -> None:
    from sucai.ingest.fanwen import headline_title
    assert headline_title("2024团建工作总结_学校团建工作总结范文大全4篇") is not None


def test_a_chrome_line_with_a_sites_pinyin_is_still_chrome() -> None:
    page = f"某小区垃圾分类工作方案\n{SENTENCE}\n一、工作目标\n{SENTENCE}\n{SENTENCE}\n• 相关(guān)推荐\n"
    assert "推荐" not in kept(parse(page))
