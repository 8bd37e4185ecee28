"""Documents as users really bring them: 范文-site pages, saved government pages, forum posts, Word files.

Written examples of each shape; the labelled real samples are measured by bench/documents.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sucai.config import load_settings
from sucai.errors import ParseError
from sucai.ingest.batch import import_paths
from sucai.ingest.clean import load_rules
from sucai.ingest.metadata import extract_meta
from sucai.ingest.pipeline import parse_blocks, parse_file
from sucai.ingest.readers import lines_to_blocks, read_html
from sucai.ingest.split import despace
from sucai.ingest.titles import strip_title_label
from sucai.models import Block
from sucai.store.home import open_library


def lines(text: str) -> list[Block]:
    return lines_to_blocks(text.splitlines())


def parse(text: str):
    return parse_blocks(lines(text), "page.txt", "page")


FANWEN_PAGE = """乡镇上半年工作情况总结及下半年工作打算

时间:2022-05-16 03:57:00

导语:乡镇上半年工作情况总结及下半年工作打算一文来源于网友上传,不代表本站观点,若需要原创文章可咨询客服老师,欢迎参考。

乡镇上半年工作情况总结及下半年工作打算

乡镇半年工作总结

乡镇半年工作总结

根据会议安排,下面将我镇上半年工作情况作一简要汇报。

一、上半年工作情况

今年以来,我镇认真贯彻落实各项部署,各项事业协调发展。

二、下半年工作打算

继续抓好项目建设。
"""


def test_fanwen_site_chrome_is_removed_and_the_outline_starts_at_its_own_numbering() -> None:
    parsed = parse(FANWEN_PAGE)
    doc = parsed.documents[0]
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "时间:2022" not in text and "来源于网友上传" not in text
    assert doc.title == "乡镇上半年工作情况总结及下半年工作打算"
    assert [(n.level, n.heading) for n in doc.outline] == [(1, "上半年工作情况"), (1, "下半年工作打算")]
    assert doc.meta.year is None  # the page's upload date is not the period reported
    assert any("网页框架" in w for w in parsed.warnings) and any("重复" in w for w in parsed.warnings)


@pytest.mark.parametrize("line", [
    "当前位置：首页 > 政务公开 > 政府文件", "查字典范文网 >> 卫生城镇创建工作方案", "更新时间:2023-08-05 01:07:01 阅读量: 12",
    "作者:法律资料网 时间:2024-07-22 04:02:42  浏览:9347", "来源: 千龙网", "小编:admin", "浏览量:1 | | | |",
    "下面是小编为大家整理的述职报告,供大家参考。", "【打印本页】 【关闭窗口】", "返回顶部", "[复制链接]",
    "发表于 2021-9-17 01:53:22 | 显示全部楼层 |阅读模式", "镇目标工作计划(2篇).docxVIP", "已阅读5页,还剩55页未读 继续免费阅读",
    "主办单位：县人民政府办公室 网站标识码：6107280000", "2017-03-29 00:00:00嘉辉 策划师",
])
def test_chrome_lines(line: str) -> None:
    assert load_rules().is_chrome(line)


@pytest.mark.parametrize("line", [
    "一、上半年工作情况", "时间：2024年3月5日上午9时", "来源于群众、服务群众是我们的根本宗旨，各级干部要深入基层。",
    "全年接待来访群众1200人次，办结率98%。", "三、下一步工作打算", "（一）加强组织领导",
    "各乡镇要按照时间节点完成任务，县政府办公室将适时开展督查，对工作不力的予以通报。",
])
def test_official_prose_is_not_chrome(line: str) -> None:
    assert not load_rules().is_chrome(line)


def test_user_rule_file_extends_the_built_in_rules(tmp_path: Path) -> None:
    rules = tmp_path / "rules.txt"
    rules.write_text("# 本单位网站的页脚\nchrome: ^本站编辑部\n", encoding="utf-8")
    page = tmp_path / "page.txt"
    page.write_text("某镇2024年工作总结\n本站编辑部 整理\n时间:\n一、主要工作\n全年完成投资5亿元。\n", encoding="utf-8")
    settings = load_settings(home=tmp_path / "home", database_url="")
    library = open_library(settings)
    try:
        report = import_paths(library, [page], advert_rules=str(rules))
    finally:
        library.close()
    assert report.counts()["imported"] == 1
    parsed = parse_file(page, load_rules(rules))
    text = "".join(p.text for p in parsed.documents[0].paragraphs)
    assert "本站编辑部" not in text and "时间:" not in text  # the user's rule and a built-in one
    assert "本站编辑部" in "".join(p.text for p in parse_file(page).documents[0].paragraphs)


def test_a_bad_rule_file_is_named(tmp_path: Path) -> None:
    rules = tmp_path / "rules.txt"
    rules.write_text("chrome: ([unclosed\n", encoding="utf-8")
    with pytest.raises(ParseError) as err:
        load_rules(rules)
    assert err.value.path == str(rules) and "第 1 行" in err.value.message
    with pytest.raises(ParseError):
        load_rules(tmp_path / "missing.txt")


def test_advert_rules_setting_is_read_by_the_cli(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from sucai.cli import main

    rules = tmp_path / "rules.txt"
    rules.write_text("chrome: ^某某编辑部整理$\n", encoding="utf-8")
    page = tmp_path / "page.txt"
    page.write_text("某镇2024年工作总结\n某某编辑部整理\n一、主要工作\n全年完成投资5亿元。\n", encoding="utf-8")
    env = {"SUCAI_HOME": str(tmp_path / "home"), "SUCAI_ADVERT_RULES": str(rules), "SUCAI_DATABASE_URL": ""}
    result = CliRunner().invoke(main, ["ingest", str(page), "--json"], env=env)
    assert result.exit_code == 0, result.output
    assert "网页框架" in result.output  # the warning counts the line the user's rule removed


GOV_PAGE = """<html><head><meta charset="utf-8"><title>某县人民政府工作规则_政务公开_某县人民政府</title></head><body>
<table><tr><td>
<table><tr><td><a href="/">首页</a></td><td><a href="/zwgk">政务公开</a></td><td><a href="/bs">办事服务</a></td></tr></table>
<table class="xxgk"><tr><td>索引号</td><td>0001/2024-01</td></tr><tr><td>发文字号</td><td>某政发〔2024〕7号</td></tr></table>
<table><tr><td><b>某县人民政府工作规则</b></td></tr><tr><td>
<p>第一章总则</p><p>一、为规范县政府工作，制定本规则。</p><p>二、县政府工作人员要依法履职。</p>
<p>第二章　组成人员　　第一条 县政府由县长、副县长组成。</p>
</td></tr></table>
<table><tr><th>项目</th><th>金额（万元）</th></tr><tr><td>道路</td><td>120</td></tr></table>
</td></tr></table></body></html>"""


def test_layout_tables_are_unwrapped_and_data_tables_kept(tmp_path: Path) -> None:
    blocks = read_html("page.html", GOV_PAGE.encode())
    texts = [b.text for b in blocks]
    assert texts[0] == "某县人民政府工作规则"
    assert "第一章总则" in texts and "一、为规范县政府工作，制定本规则。" in texts
    assert "项目\t金额（万元）" in texts and "道路\t120" in texts  # a real data table stays rows of cells
    assert not any("首页" in t for t in texts)  # a menu laid out as a table
    page = tmp_path / "page.html"
    page.write_text(GOV_PAGE, encoding="utf-8")
    doc = parse_file(page).documents[0]
    assert doc.title == "某县人民政府工作规则"
    assert [(n.level, n.marker, n.heading) for n in doc.outline[:1]] == [(1, "第一章", "总则")]
    chapter = doc.outline[1]
    assert (chapter.marker, chapter.heading) == ("第二章", "组成人员")
    assert chapter.children[0].marker == "第一条"


def test_titles_as_pages_set_them() -> None:
    assert despace("国 家 粮 食 应 急 预 案 的 函") == "国家粮食应急预案的函"
    two_lines = parse("关于取消闹村乡\n\n2021年9月21日物资文化交流会的通告\n全乡广大居民：\n经研究，决定取消交流会。\n")
    assert two_lines.documents[0].title == "关于取消闹村乡2021年9月21日物资文化交流会的通告"
    headline = parse("习近平:在全国政协新年茶话会上的讲话\n来源: 千龙网\n在全国政协新年茶话会上的讲话\n同志们，朋友们：\n大家新年好！\n")
    assert headline.documents[0].title == "在全国政协新年茶话会上的讲话"
    noted = parse("街道2021年工作总结暨2022年工作计划范文\n一、2021年工作总结\n全年完成投资5亿元。\n")
    assert noted.documents[0].title == "街道2021年工作总结暨2022年工作计划"
    forum = parse("平阳一镇发布防疫通告:今年取消!\n关于取消物资交流会的通告\n全乡居民：\n决定取消。\n")
    assert forum.documents[0].title == "关于取消物资交流会的通告"


def test_fanwen_collections_split_at_numbered_articles() -> None:
    parsed = parse("717事故调查报告6篇\n\n717事故调查报告篇1\n\n部门:烘干车间\n\n事故经过如下。\n\n"
                   "717事故调查报告篇2\n\n部门:包装车间\n\n事故经过如下。\n")
    assert [d.title for d in parsed.documents] == ["717事故调查报告篇1", "717事故调查报告篇2"]


def test_numbering_shapes() -> None:
    doc = parse("事故调查报告\n一、事故基本情况\n此部分包括以下几方面内容：\n1.事故发生单位的基本情况；\n"
                "2.单位安全管理情况；\n3.所在地政府的监管情况。\n二、事故发生经过\n1.事故发生经过\n经过如下。\n"
                "2.应急救援情况\n救援如下。\n").documents[0]
    assert [(n.level, n.heading) for r in doc.outline for n in r.walk()] == [
        (1, "事故基本情况"), (1, "事故发生经过"), (2, "事故发生经过"), (2, "应急救援情况")]
    prose = parse("2023年乡镇工作总结\n一、经济发展\n首先，在农业方面，我们大力实施了种植业结构调整项目，"
                  "稳步推进了农业现代化建设。我们积极拓展了多元发展的农业项目。\n").documents[0]
    assert [n.heading for r in prose.outline for n in r.walk()] == ["经济发展"]


@pytest.mark.parametrize(("title", "kind"), [
    ("2023年度个人述职报告", "述职报告"), ("关于商请支持粮食应急演练的函", "函"), ("关于2024年安全生产检查情况的通报", "通报"),
    ("某县突发公共事件总体应急预案", "预案"), ("关于深化预算管理制度改革的实施意见", "意见"),
])
def test_kinds(title: str, kind: str) -> None:
    assert extract_meta(title, []).kind == kind


def test_year_of_a_summary_from_its_opening() -> None:
    doc = parse("乡镇上半年工作总结及打算\n2013年，是加快发展的关键一年。开年以来，各项工作进展良好。\n"
                "一、上半年的主要工作情况\n工业发展后劲十足。\n").documents[0]
    assert (doc.meta.year, doc.meta.half) == (2013, "H1")


def test_accident_investigation_group_signs_as_org() -> None:
    doc = parse("某县“3·15”较大道路交通事故调查报告\n一、事故基本情况\n事故发生于3月15日。\n"
                "某县“3·15”较大道路交通事故调查组\n2024年5月20日\n").documents[0]
    assert doc.meta.org == "某县“3·15”较大道路交通事故调查组"


def test_accident_report_numbering() -> None:
    doc = parse("某事故调查报告\n一、事故基本情况\n事故发生于3月15日。\n二、事故原因和性质\n（一）直接原因\n驾驶员违规操作。\n"
                "（二）、间接原因\n企业管理不到位。\n（三）、事故的性质\n经调查认定，是一起生产安全责任事故。\n"
                "①《中华人民共和国安全生产法》第二十一条规定，生产经营单位的主要负责人对本单位安全生产工作负有下列职责。\n"
                "②《生产安全事故报告和调查处理条例》第三条规定了事故等级。\n").documents[0]
    second = doc.outline[1]
    assert [(c.marker, c.heading) for c in second.children] == [
        ("（一）", "直接原因"), ("（二）、", "间接原因"), ("（三）、", "事故的性质")]
    assert all(not c.children for c in second.children)  # the ① notes cite the law: body text


def test_long_numbered_clause_is_not_cut_mid_word() -> None:
    doc = parse("安全生产责任制度\n一、各岗位作业人员必须经过安全培训合格后方可上岗并熟悉掌握本岗位的安全操作规程和应急处置措施，"
                "定期参加演练，并做好记录。发现隐患及时报告，不得冒险作业。\n二、负责人对本单位安全生产工作全面负责。\n").documents[0]
    assert doc.outline[0].heading == "各岗位作业人员必须经过安全培训合格后方可上岗并熟悉掌握本岗位"


def test_titles_hidden_by_pages() -> None:
    # a page headline with another year above the document's own two-line title
    dubao = parse("2024年上半年街道办事处重点工作督查报告\n以下是网友为您整理分享的范文，供您参考！\n"
                  "2022年上半年街道办事处重点工作\n督查报告\n根据区委区政府重点工作安排，现报告如下。\n一、总体工作情况\n截至7月底，项目推进顺利。\n")
    doc = dubao.documents[0]
    assert (doc.title, doc.meta.year) == ("2022年上半年街道办事处重点工作督查报告", 2022)
    assert "2024年上半年街道办事处重点工作督查报告" in [p.text for p in doc.paragraphs]  # kept, not lost
    # a letter-spaced restatement of the title is no subtitle
    spaced = parse("沙沟镇2021年政府工作报告\n政 府 工 作 报 告\n——2021年2月27日在沙沟镇第十六届人民代表大会上\n各位代表：\n现在报告工作。\n")
    assert spaced.documents[0].title == "沙沟镇2021年政府工作报告"
    # a letterhead above a title set on two lines with a blank line between them
    letter = parse("湖南省人民政府办公厅文件\n\n湘政办发〔2009〕24号\n\n湖南省人民政府办公厅关于加强普通高等学校\n\n"
                   "毕业生就业工作的通知\n\n各市州人民政府：\n\n现就有关问题通知如下：\n")
    doc = letter.documents[0]
    assert (doc.title, doc.meta.kind, doc.meta.year) == (
        "湖南省人民政府办公厅关于加强普通高等学校毕业生就业工作的通知", "通知", 2009)
    # labels and tags in front of a title line
    table = parse("标       题 :运城市人民政府办公室关于印发运城市特种设备事故应急预案的通知\n"
                  "运城市人民政府办公室关于印发运城市特种设备事故应急预案的通知\n各县人民政府：\n现印发给你们。\n")
    assert table.documents[0].title == "运城市人民政府办公室关于印发运城市特种设备事故应急预案的通知"
    assert "标" not in "".join(p.text for p in table.documents[0].paragraphs)  # the table row is chrome
    assert strip_title_label("标 题: | 沙沟镇2021年政府工作报告 |") == "沙沟镇2021年政府工作报告"
    tagged = parse("今天是,欢迎访问广州市从化区政府网\n【区应急管理局】从化区某项目“11·27”一般事故调查报告\n"
                   "2022年11月27日上午，某项目发生一起事故。\n")
    assert tagged.documents[0].title == "从化区某项目“11·27”一般事故调查报告"


def test_glued_and_noted_titles() -> None:
    glued = parse("X街道突发事件应急预案第一部分第一章总则1.1编制目的坚持预防为主、常备不懈的方针，努力提高应对突发事件的能力。\n")
    doc = glued.documents[0]
    assert (doc.title, doc.meta.kind) == ("X街道突发事件应急预案", "预案")
    letter = parse("关于支持解决某乡政府机关食堂工程建材的函XX水泥公司：我乡拟动工修建食堂一栋，恳请贵公司给予支持。\n")
    assert letter.documents[0].title == "关于支持解决某乡政府机关食堂工程建材的函"
    review = parse("社区建设科年度工作回顾2023年已经过去了，我们回顾一下社区建设科在过去一年的工作。\n一、社区建设工作概述\n")
    doc = review.documents[0]
    assert (doc.title, doc.meta.kind, doc.meta.year) == ("社区建设科年度工作回顾", "工作总结", 2023)
    prose = parse("为深入贯彻落实省委部署，制定本方案第一章的各项任务，现就有关事项通知如下，请认真执行。\n")
    assert prose.documents[0].title == "page"  # a sentence is never cut into a title
    noted = parse("下面是小编为大家整理的2023年乡镇年度工作总结,供大家参考。\n2022年以来，我镇全力做好各项工作。\n"
                  "一、2022年度工作完成情况\n全年完成投资5亿元。\n")
    doc = noted.documents[0]
    assert (doc.title, doc.meta.kind, doc.meta.year) == ("2023年乡镇年度工作总结", "工作总结", 2023)


NOTICE_WITH_ATTACHMENTS = """国务院办公厅关于印发某县扶贫工作方案的通知
国办发〔2016〕12号
各乡镇：
现将方案印发给你们，请认真贯彻执行。
一、总体要求
坚持精准扶贫。
二、主要任务
抓好产业扶贫。
三、保障措施
加强组织领导。
附件：1.某县产业扶贫实施方案
2.某县教育扶贫实施方案
国务院办公厅
2016年3月1日
附件1
某县产业扶贫实施方案
一、指导思想
以产业发展为重点。
二、工作目标
全年脱贫一千户。
附件2：某县教育扶贫实施方案
一、基本原则
坚持教育优先。
"""


def test_attachments_restarting_at_one_are_documents_of_their_own() -> None:
    parsed = parse(NOTICE_WITH_ATTACHMENTS)
    notice, first, second = parsed.documents
    assert [n.heading for n in notice.outline] == ["总体要求", "主要任务", "保障措施"]  # nothing folded under 三、
    assert (first.title, first.meta.kind) == ("某县产业扶贫实施方案", "方案")
    assert [n.heading for n in first.outline] == ["指导思想", "工作目标"]
    assert (second.title, [n.heading for n in second.outline]) == ("某县教育扶贫实施方案", ["基本原则"])
    # what an attachment does not say of itself it shares with its notice; the issuer comes before 关于
    assert (notice.meta.org, first.meta.org, first.meta.year) == ("国务院办公厅", "国务院办公厅", 2016)
    # the list of attachments at the notice's end stays in the notice
    assert any(p.text.startswith("附件：1.") for p in notice.paragraphs)
    source = "".join(NOTICE_WITH_ATTACHMENTS.split())
    kept = "".join("".join(p.text.split()) for d in parsed.documents for p in d.paragraphs)
    assert sorted(source) == sorted(kept)  # every character in exactly one paragraph


def test_legal_database_header_is_metadata_not_the_title() -> None:
    parsed = parse("【法宝引证码】CLI.12.123456\n【发布部门】山东省人民政府\n【发文字号】鲁政发〔2014〕20号\n"
                   "【发布日期】2014.09.04\n【实施日期】2014.09.04\n【时效性】现行有效\n"
                   "山东省人民政府关于深化预算管理制度改革的实施意见\n各市人民政府：\n一、总体要求\n深化改革。\n")
    doc = parsed.documents[0]
    assert doc.title == "山东省人民政府关于深化预算管理制度改革的实施意见"
    assert (doc.meta.org, doc.meta.date, doc.meta.year, doc.meta.kind) == ("山东省人民政府", "2014-09-04", 2014, "意见")
    assert doc.paragraphs[1].text == "【法宝引证码】CLI.12.123456"  # kept, right under the title


@pytest.mark.parametrize("line", [
    "索 引  号 :012870556/2024-00029 发文机构 : 运城市人民政府", "成文日期 :2024年03月29日 发布日期 :2024年03月29日",
    "标       题 :运城市人民政府办公室关于印发运城市特种设备事故应急预案的通知", "发表时间:2024-03-29",
    "2016年12月28日 来源: 上海普陀", "2025-04-02", "预览结束,免费获取全文或定制代笔此类文章!",
    "《安全生产事故调查报告参考格式.docx》由会员分享,可在线阅读,更多相关《安全生产事故调查报告参考格式.docx(3页珍藏版)》请在三一办公上搜索。",
    "今天是,欢迎访问广州市从化区政府网", "收藏本站| 设为首页| 首页", "下载地址: 点击此处下载",
])
def test_more_chrome_lines(line: str) -> None:
    assert load_rules().is_chrome(line)


def test_a_page_date_dates_a_notice_but_not_a_summary() -> None:
    notice = parse("关于印发《万里街道总体应急预案》的通知\n2016年12月28日 来源: 上海普陀\n机关各科室：\n现将预案印发给你们。\n")
    assert (notice.documents[0].meta.year, notice.documents[0].meta.date) == (2016, "2016-12-28")
    summary = parse("乡镇上半年工作总结\n时间:2022-05-16 03:57:00\n一、上半年工作情况\n各项事业协调发展。\n")
    assert summary.documents[0].meta.year is None
    bare = parse("在全县安全生产工作会议上的讲话\n三味园范文网\n2025-04-02\n同志们：\n今天召开会议。\n")
    assert bare.documents[0].meta.year is None


@pytest.mark.parametrize("line", [
    "笔杆子素材库 首页", "添加小米粒文库到电脑桌面", "安装后可以在桌面快捷访问", "收藏 分享(赏)", "下载 相关 举报",
    "上传人:la****1 文档编号:517352 上传时间:2023-04-08", "资源描述", "第1页 / 共12页",
    "亲,该文档总共12页,到这儿已超出免费预览范围,如果喜欢就下载吧!",
])
def test_wenku_furniture_is_chrome(line: str) -> None:
    assert load_rules().is_chrome(line)


def test_a_notice_without_its_title_is_named_by_what_it_issues() -> None:
    parsed = parse("各村、社区,企事业单位,机关各部门:\n根据工作需要，现将修订后的预案印发你们，请认真贯彻执行。\n"
                   "某街道办事处\n此件公开发布 2022年1月30日\n某街道突发事件总体\n应 急 预 案\n1 总 则\n1.1 目的和依据\n"
                   "为全面提高街道应对突发事件的能力，制定本预案。\n")
    doc = parsed.documents[0]
    assert (doc.title, doc.meta.kind, doc.meta.year) == ("某街道突发事件总体应急预案", "预案", 2022)
    assert doc.paragraphs[1].text.startswith("各村")  # the notice's lines stay, under the title
    noted = parse("范文资料:全县重大政策宣传解读工作实施方案\n一、总体要求\n加大政策解读力度。\n")
    assert noted.documents[0].title == "全县重大政策宣传解读工作实施方案"
