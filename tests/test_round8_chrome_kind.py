"""Round-8 chrome, kind and year shapes, each written here as a small made-up page: a 文库 page's notices numbered
twice, its page count and disclaimer, a login prompt, a bracketed site address, a 范文 page's navigation run
together; a counted article header that is the only title; a breadcrumb with the title glued to it; a caption
restating the title; a bracketed title glued to the first sentence; the kind of an untitled speech or notice; a
site's pinyin in the title; years that date a quote, a span or a research report's subject, not the document."""

from __future__ import annotations

from sucai.ingest.clean import load_rules
from sucai.ingest.kinds import first_dated_year, kind_words, without_pinyin
from sucai.ingest.metadata import header_date
from sucai.ingest.restated import crumb_title_start, lone_counted_header, navigation_run, restated_caption
from sucai.ingest.years import body_year
from tests.pages import kept, parse

BODY = "今年以来，在镇党委的正确领导下，全镇上下齐心协力，各项工作取得了明显成效，现将有关情况报告如下。"
MORE = "全年共完成植树造林八百亩，新建村级道路十二公里，群众满意度进一步提升，各项工作基础更加扎实。"


def test_a_wenku_pages_notices_and_prompts_are_chrome() -> None:
    rules = load_rules()
    for line in ("1. 1、本文档共8页,可阅读全部内容。", "2. 2、本文档由用户上传,本站不保证质量。", "4. 文档侵权举报电话:4000000000。",
                 "• 当前文档由用户上传发布,收益归属用户", "• 12页", "申明敬告: 本站不保证该用户上传的文档完整性。",
                 "(想阅读全部图文内容,您需要先登陆!)", "【www.example.com--作文】", "内容导航", "本文已影响 2.3W人",
                 "某某文库,自由的图书馆"):
        assert rules.is_chrome(line) or rules.score(line) >= 2, line
    for line in ("1、本镇共有12个行政村。", "全镇共12页宣传材料已发放", "图书馆是城市的文化客厅", "请登录系统查看全部内容后填报"):
        assert not rules.is_chrome(line), line


def test_a_navigation_run_of_any_length_goes() -> None:
    run = "".join(f"某局年度工作总结 篇{i}" for i in range(1, 13))
    assert navigation_run(run)
    assert not navigation_run("某局年度工作总结 篇1")
    assert not navigation_run("全县共收到来稿三百余篇，评出一等奖10篇、二等奖20篇、三等奖30篇。")
    parsed = parse(f"某局年度工作总结(汇编12篇)\n内容导航\n{run}\n{BODY}\n一、基本情况\n{MORE}")
    assert "篇3" not in kept(parsed) and "内容导航" not in kept(parsed)


def test_a_counted_header_stays_when_it_is_the_only_title() -> None:
    header = "第1篇 某村两委工作总结及下一年工作思路 3200字"
    assert lone_counted_header([header, BODY, MORE], 0)
    assert not lone_counted_header(["某村两委工作总结及下一年工作思路", header, BODY], 1)  # the line above restates it
    assert lone_counted_header(["某村两委工作总结汇编(精选5篇)", header, BODY], 1)  # a collection's headline does not
    assert not lone_counted_header([header, "", "某村两委工作总结及下一年工作思路", BODY], 0)  # the title below does
    parsed = parse(f"{header}\n{BODY}\n一、党建工作\n{MORE}")
    assert "某村两委工作总结及下一年工作思路" in kept(parsed)
    assert parsed.documents[0].meta.kind == "总结及计划"


def test_a_breadcrumb_with_the_title_glued_is_cut_before_the_title() -> None:
    line = "当前位置: 首页 > 政务公开 > 政策法规甲县人民政府办公室关于印发某某工作实施方案的通知(甲政办发〔2021〕5号)"
    assert line[crumb_title_start(line):].startswith("甲县人民政府办公室")
    line2 = "当前位置: 首页 > 政务公开 > 通知公告中共甲县县委办公室关于做好某某工作的通知"
    assert line2[crumb_title_start(line2):].startswith("中共甲县")
    line3 = "当前位置:首页 > 信息公开 > 年度报告 > 乡镇(街道)甲街道2025年政府信息公开工作年度报告"
    assert line3[crumb_title_start(line3):] == "甲街道2025年政府信息公开工作年度报告"
    assert crumb_title_start("当前位置: 首页 > 政务公开 > 政策法规") is None
    parsed = parse(f"{line}\n来源:甲县人民政府网 日期:2021-03-02 10:08\n各乡镇人民政府，县直各单位：\n{BODY}\n一、总体要求\n{MORE}")
    doc = parsed.documents[0]
    assert doc.title.startswith("甲县人民政府办公室关于印发某某工作实施方案的通知")
    assert "当前位置" not in kept(parsed)
    assert (doc.meta.kind, doc.meta.year) == ("通知", 2021)


def test_a_caption_restating_the_title_goes() -> None:
    texts = ["学习永无止境", BODY, "图1: 学习永无止境", MORE, "图2: 全镇新建道路分布"]
    assert restated_caption(texts, 2)
    assert not restated_caption(texts, 4)
    parsed = parse("\n".join(texts))
    assert "图1" not in kept(parsed) and "图2: 全镇新建道路分布" in kept(parsed)


def test_a_bracketed_title_glued_to_the_first_sentence() -> None:
    parsed = parse("【某社区2025年度工作计划】随着新一年的到来，为了更好地服务居民，结合本社区实际，制定本计划。\n" + MORE)
    doc = parsed.documents[0]
    assert "某社区2025年度工作计划" in doc.title
    assert (doc.meta.kind, doc.meta.year) == ("工作计划", 2025)
    assert "随着新一年的到来" in kept(parsed)


def test_the_kind_of_an_untitled_speech_or_notice() -> None:
    speech = parse("今天，我们在这里隆重召开全镇2023年度总结表彰大会，主要任务是总结成绩、表彰先进、部署工作。\n" + MORE)
    assert speech.documents[0].meta.kind == "讲话"
    notice = parse("根据县里有关文件精神，经镇党委研究同意，成立某镇人居环境整治工作领导小组，负责统筹推进各项工作。\n"
                   "某镇党政办公室\n2023年5月6日")
    assert (notice.documents[0].meta.kind, notice.documents[0].meta.year) == ("通知", 2023)


def test_a_sites_pinyin_is_read_past() -> None:
    assert kind_words("镇(zhèn)长工作报(bào)告") == "镇政府工作报告"
    assert without_pinyin(["经(jīng)镇党委研究同意"]) == ["经镇党委研究同意"]
    assert without_pinyin(["(a)第一项"]) == ["(a)第一项"]  # no tone mark: a list mark, not pinyin
    doc = parse(f"镇(zhèn)长工作报告\n各位代表：\n{BODY}\n一、过去一年的工作\n{MORE}").documents[0]
    assert doc.meta.kind == "政府工作报告"


def test_years_that_date_no_document() -> None:
    quote = "2018年3月8日，总书记在参加代表团审议时强调，要推动乡村产业、人才、文化、生态、组织振兴。"
    assert first_dated_year([quote, MORE]) is None
    assert first_dated_year(["2022年11月27日上午10时许，某公司仓库发生一起火灾事故，造成财产损失。"]) == 2022
    assert body_year(["国务院印发《某某规划(2018-2022年)》。", "规划期为2018-2022年。", MORE]) is None
    doc = parse(f"关于乡村振兴的调研报告\n{quote}\n一、基本情况\n2018年9月，省里印发了实施意见。\n{MORE}").documents[0]
    assert (doc.meta.kind, doc.meta.year) == ("报告", None)


def test_a_sentence_opening_with_a_date_is_no_date_line() -> None:
    head = ["某某规定", "2001年5月1日 某委员会第十次会议通过", "2020年12月23日 某委员会第二十次会议修正",
            "1998年9月17日，我委印发了某某通知，现根据实际情况作如下规定。"]
    assert header_date(head) == "2020-12-23"


def test_a_how_to_title_over_a_sample_is_that_kind() -> None:
    sample = parse(f"教育范文工作计划\n学校工作计划怎么写\n一、指导思想\n{MORE}\n二、主要目标\n{MORE}").documents[0]
    assert sample.title == "学校工作计划怎么写"
    assert sample.meta.kind == "工作计划"
    guide = parse("学校工作计划怎么写\n写工作计划，先要把格式弄清楚：标题、正文、落款缺一不可。\n一、标题的写法\n"
                  + MORE).documents[0]
    assert guide.meta.kind == "其他"


def test_an_untitled_page_is_named_by_its_site_note() -> None:
    themed = parse("前言:好文章需要积累,本站小编为你收集了丰富的村庄环境整治方案主题范文,仅供参考,欢迎阅读。\n一、整治时间\n"
                   f"{MORE}\n二、整治范围\n{MORE}").documents[0]
    assert themed.meta.kind == "方案"
    subtitled = parse("下面是小编为大家整理的某镇创建卫生镇汇报材料:共建美丽家园【完整版】,供大家参考。\n尊敬的各位专家:\n"
                      f"{BODY}\n一、基本概况\n{MORE}").documents[0]
    assert subtitled.meta.kind == "报告"
    plain = parse(f"{BODY}\n{MORE}").documents[0]
    assert plain.title == "文件名"
