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
from sucai.ingest.readers import read_html
from sucai.ingest.split import despace
from sucai.models import Block
from sucai.store.home import open_library


def lines(text: str) -> list[Block]:
    out, blank = [], 0
    for line in text.splitlines():
        if not line.strip():
            blank += 1
            continue
        out.append(Block(text=line, blank_before=blank))
        blank = 0
    return out


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
