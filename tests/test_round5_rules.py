"""Rules written after studying the round-4 held-out pages (issue 12): titles glued to their text or behind a 文库
page mark, site notes after a title, a 目录 of even lines, site stamps repeated inside the text, 范文-site chrome
lines, and upload stamps that do not date the document.  Every example is written here, not copied from a sample."""

from __future__ import annotations

from sucai.ingest.clean import load_rules
from sucai.ingest.kinds import page_stamp
from sucai.ingest.readers import hard_wrapped
from sucai.ingest.watermarks import strip_watermarks
from sucai.models import Block
from tests.pages import parse

BODY = "今年以来，在镇党委的正确领导下，全镇上下齐心协力，各项工作取得了明显成效，现将有关情况报告如下。"


def test_a_title_glued_to_prose_is_cut_off() -> None:
    doc = parse(f"关于甲镇农村公路养护工作的调查报告农村公路是农民群众出行的基础条件，{BODY}\n一、基本情况\n{BODY}").documents[0]
    assert doc.title == "关于甲镇农村公路养护工作的调查报告"
    doc = parse(f"县城乡环境整治工作推进情况汇报按照会议要求，就环境整治情况汇报如下：{BODY}\n一、工作进展\n{BODY}").documents[0]
    assert doc.title == "县城乡环境整治工作推进情况汇报"


def test_prose_that_only_mentions_a_kind_word_keeps_its_line() -> None:
    for text in (f"今年以来我镇认真贯彻落实上级通知要求，{BODY}",
                 f"根据县政府办公室《关于做好年度考核工作的通知》要求，{BODY}",
                 f"镇里召开年终工作总结和表彰大会暨动员会议，{BODY}"):
        doc = parse(f"{text}\n一、基本情况\n{BODY}").documents[0]
        assert doc.title != text[:20] and not doc.title.startswith(("今年", "根据", "镇里")), doc.title


def test_a_title_behind_a_wenku_page_mark() -> None:
    text = f"1、\n某小学秋季开学工作情况汇报某小学秋季开学工作情况汇报县教育局：{BODY}\n一、开学准备\n{BODY}"
    doc = parse(text).documents[0]
    assert doc.title == "某小学秋季开学工作情况汇报"
    assert "".join(p.text for p in doc.paragraphs).startswith("1、某小学秋季开学工作情况汇报某小学")  # nothing moved


def test_a_many_texts_note_after_a_title_is_no_part_of_it() -> None:
    assert parse(f"某镇上半年工作总结(精选多篇)\n{BODY}").documents[0].title == "某镇上半年工作总结"


def test_a_contents_list_of_even_lines_is_no_hard_wrapped_text() -> None:
    toc = [f"{i}.某某单位2022年工作总结和2023年工作计划 {i * 7}" for i in range(1, 12)]
    assert not hard_wrapped(["2022年工作总结汇编", "目录", *toc, "某某单位2022年工作总结", BODY])
    wrapped = [(BODY * 8)[i:i + 30] for i in range(0, 300, 30)]
    assert hard_wrapped(wrapped)


def test_a_site_stamp_repeated_in_the_text_is_cut_out() -> None:
    stamp1 = "甲乙素材库\\:—https://www.jiayi-sucai.cn//。公众号:某某星。整理汇总。"
    stamp2 = "甲乙素材库{:https://www.jiayi-sucai.cn/。=%公众号:某某星。整理)汇总。"
    blocks = [Block(f"全镇开展了基层{stamp1}人大工作调研，形成报告。"), Block(f"该镇位于县西北部，{stamp2}距县城十千米。")]
    assert [b.text for b in strip_watermarks(blocks)] == ["全镇开展了基层人大工作调研，形成报告。", "该镇位于县西北部，距县城十千米。"]
    once = [Block("政策全文请登录https://www.gov.cn查询。"), Block("数据见www.stats.gov.cn发布的公报。")]
    assert [b.text for b in strip_watermarks(once)] == [b.text for b in once]


def test_fanwen_and_wenku_page_chrome() -> None:
    rules = load_rules()
    for line in ("栏目", "栏目：工作总结精选 / 发布于： / 人气：2.1W", "第一篇 某镇镇长述职报告2150字", "全文预览已结束",
                 "某某学校工作汇报【共3页】_第2页", "2024-02-14 999+ 36.72KB 10 页 海报",
                 "……(某某网http://www.example.cn省略912字,正式会员可完整阅读)……",
                 "某某文秘网 - www.example.com 2024年04月28日 14:31 星期日", "微信扫一扫在手机阅读、分享本文",
                 "作者原创,不允许二次传播,一经发现收回", "侵权投诉"):
        assert rules.is_chrome(line), line
    for line in ("栏目设置要贴近群众。", "第一篇章：艰苦奋斗", "全文共分五个部分。", "作者原创的作品受法律保护。",
                 "投诉举报电话：12345。", "第二篇 关于加强基层治理的思考"):
        assert not rules.is_chrome(line), line


def test_an_upload_stamp_naming_its_poster_dates_no_document() -> None:
    assert page_stamp(["作者:user01发表时间:2021-12-20 阅读次数:919"]) is None
    assert page_stamp(["更新时间:2018-12-05 00:11作者:某老师"]) is None
    assert page_stamp(["发布日期:2023-03-21 信息来源:某市人民政府办公室"]) == "2023-03-21"


def test_the_documents_own_title_below_the_page_headline_is_no_section() -> None:
    for restated in ("关于安全生产年度工作总结", "镇xx年上半年宣传工作总结和下半年工作思路"):
        title = "安全生产年度工作总结" if restated.startswith("关于") else "乡镇上半年宣传工作总结及下半年工作思路"
        doc = parse(f"{title}\n{restated}\n一、上半年工作回顾\n{BODY}\n二、下半年工作思路\n{BODY}").documents[0]
        assert [(n.level, n.heading) for n in doc.nodes][:1] == [(1, "上半年工作回顾")], restated


def test_a_work_report_its_speaker_gives_to_the_congress_for_the_government() -> None:
    doc = parse(f"2023年镇政府部门工作汇报\n各位代表：\n现在，我代表镇人民政府向大会报告工作，请予审议。\n一、工作回顾\n{BODY}")
    assert doc.documents[0].meta.kind == "政府工作报告"
    assert parse(f"2023年上半年工作汇报\n{BODY}\n一、工作回顾\n{BODY}").documents[0].meta.kind != "政府工作报告"


def test_the_first_line_under_a_numbered_heading_is_its_text() -> None:
    doc = parse(f"关于组织代表视察的通知\n{BODY}\n一、时间安排\n11月27日上午\n二、视察内容\n全镇年度民生实事进展情况\n"
                "三、参加人员\n各级代表18名").documents[0]
    assert [n.heading for n in doc.nodes] == ["时间安排", "视察内容", "参加人员"]


def test_a_whole_sentence_after_first_is_prose() -> None:
    doc = parse(f"在全市工作会议上的主持词\n同志们：\n{BODY}\n首先，请市长与各县区长签订年度工作目标管理责任书。\n{BODY}")
    assert not list(doc.documents[0].nodes)
    doc = parse(f"某镇工作总结\n{BODY}\n首先，加强组织领导\n{BODY}\n其次，强化宣传引导\n{BODY}").documents[0]
    assert [n.heading for n in doc.nodes] == ["首先，加强组织领导", "其次，强化宣传引导"]


def test_main_measures_of_a_plan_are_its_tasks() -> None:
    doc = parse(f"某县促进就业行动实施方案\n{BODY}\n一、总体目标\n{BODY}\n二、主要措施\n{BODY}\n三、保障措施\n{BODY}").documents[0]
    assert [n.role for n in doc.nodes] == ["requirements", "tasks", "safeguards"]


def test_a_run_together_heading_ending_in_a_colon_opens_its_first_child() -> None:
    from sucai.ingest.runs import split_runs

    text = ("一、入学情况：1、抓好宣传工作。报名期间是宣传义务教育的有利时机，各校采取悬挂横幅、张贴标语、教师家访等方式"
            "加大宣传力度。2、动员学生入学。各班主任逐户走访，确保适龄儿童全部按时入学，做到不漏一人、不落一户。")
    assert [b.text[:7] for b in split_runs([Block(text)])] == ["一、入学情况：", "1、抓好宣传工", "2、动员学生入"]
    listed = ("主要任务包括以下几个方面：1、抓好宣传工作。报名期间是宣传义务教育的有利时机，各校采取悬挂横幅、张贴标语等方式"
              "加大宣传力度。2、动员学生入学。各班主任逐户走访，确保适龄儿童全部按时入学，做到不漏一人、不落一户。")
    assert len(split_runs([Block(listed)])) == 1
