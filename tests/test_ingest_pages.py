"""Web pages and title layouts found in real materials: site chrome, <title>, two-line titles, datelines."""

from __future__ import annotations

from pathlib import Path

from sucai.ingest.pipeline import parse_file

PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8">
<title>某市科技局2023年上半年工作总结_某市人民政府门户网站</title></head>
<body><nav><a href="/">首页</a> | <a href="/zwgk">政务公开</a></nav>
<div class="breadcrumb">当前位置：首页 &gt; 政务公开 &gt; 计划总结</div>
<table><tr><td>索 引 号：</td><td>0147/2023-01</td></tr><tr><td>发布日期：</td><td>2023-07-20</td></tr></table>
<h3>相关链接：</h3>
<div class="content"><p>某市科技局2023年上半年工作总结</p>
<p>上半年，市科技局坚持创新驱动发展战略，全市科技创新工作取得新成效。</p>
<p>一、上半年工作情况</p><p>新认定高新技术企业56家，总数达到412家。</p>
<p>二、下半年工作计划</p><p>加快建设科技创新平台。</p></div>
<div id="footer">版权所有：某市人民政府 ICP备12345678号 联系我们</div>
</body></html>"""


def test_government_page_keeps_the_document_and_drops_the_site(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(PAGE, encoding="utf-8")
    doc = parse_file(path).documents[0]
    assert doc.title == "某市科技局2023年上半年工作总结"
    assert (doc.meta.org, doc.meta.year, doc.meta.half) == ("某市科技局", 2023, "H1")
    assert [n.heading for n in doc.outline] == ["上半年工作情况", "下半年工作计划"]
    text = doc.text
    for chrome in ("当前位置", "版权所有", "政务公开", "相关链接"):
        assert chrome not in text


def test_title_on_two_lines_and_a_dateline(tmp_path: Path) -> None:
    plan = tmp_path / "plan.txt"
    plan.write_text("某镇2024年人居环境整治提升\n实施方案\n为改善农村人居环境，制定本方案。\n一、目标任务\n完成整治。\n",
                    encoding="utf-8")
    doc = parse_file(plan).documents[0]
    assert doc.title == "某镇2024年人居环境整治提升实施方案" and doc.meta.kind == "方案"
    notice = tmp_path / "notice.txt"
    notice.write_text("关于印发《某县2024年优化营商环境\n工作方案》的通知\n各乡镇：\n现将方案印发给你们。\n", encoding="utf-8")
    assert parse_file(notice).documents[0].title == "关于印发《某县2024年优化营商环境工作方案》的通知"
    speech = tmp_path / "speech.txt"
    speech.write_text("在全县安全生产工作会议上的讲话\n——2024年3月15日\n同志们：\n今天召开会议。\n", encoding="utf-8")
    doc = parse_file(speech).documents[0]
    assert (doc.meta.kind, doc.meta.date, doc.meta.year) == ("讲话", "2024-03-15", 2024)


def test_sections_of_a_plan_are_plan_content(tmp_path: Path) -> None:
    path = tmp_path / "要点.txt"
    path.write_text("某区教育局2024年工作要点\n一、加强党的建设\n深化理论学习。\n二、推进教育优质均衡\n扩大优质资源。\n",
                    encoding="utf-8")
    doc = parse_file(path).documents[0]
    assert doc.meta.kind == "要点"
    assert [n.role for n in doc.outline] == ["plan", "plan"]
    assert {p.role for p in doc.paragraphs if p.kind != "title"} == {"plan"}


def test_byline_names_the_organisation(tmp_path: Path) -> None:
    path = tmp_path / "述职.txt"
    path.write_text("2023年度个人述职报告\n\n某县发展和改革委员会  李某某\n\n一年来，我认真履职。\n2023年12月28日\n",
                    encoding="utf-8")
    meta = parse_file(path).documents[0].meta
    assert (meta.org, meta.org_type) == ("某县发展和改革委员会", "部门/局")


def test_typeset_pdf_reads_like_its_text_version() -> None:
    import difflib
    import re

    from .conftest import CORPUS, need_corpus

    need_corpus()
    pdf = CORPUS / "raw" / "RuilinXu__GovDoc-CN" / "GovDoc-CN_Sample" / "397" / "397.pdf"
    doc = parse_file(pdf).documents[0]
    assert doc.title == "关于加强个人所得税纳税信用建设的通知"
    assert [n.marker for n in doc.outline] == ["一、", "二、", "三、", "四、", "五、"]
    ours = re.sub(r"\s", "", doc.text)
    theirs = re.sub(r"\s", "", (CORPUS / "text" / "govdoc-cn-397.txt").read_text(encoding="utf-8"))
    assert difflib.SequenceMatcher(None, ours, theirs, autojunk=False).ratio() > 0.97


def test_hard_wrapped_text_is_rejoined(tmp_path: Path) -> None:
    paragraphs = [
        "今年以来，全县上下坚持以新时代中国特色社会主义思想为指导，深入贯彻落实上级各项决策部署，"
        "统筹推进稳增长、促改革、调结构、惠民生、防风险各项工作，经济社会发展呈现稳中有进的良好态势。",
        "一、主要工作",
        "全年实现地区生产总值一百二十亿元，同比增长百分之六点五，一般公共预算收入稳步增长，"
        "固定资产投资保持较快增长，社会消费品零售总额增长明显，城乡居民收入持续提高。",
    ] * 4
    lines = []
    for para in paragraphs:
        while len(para) > 30:
            lines.append(para[:30])
            para = para[30:]
        lines.append(para)
    path = tmp_path / "粘贴稿.txt"
    path.write_text("某县2024年工作总结\n" + "\n".join(lines), encoding="utf-8")
    doc = parse_file(path).documents[0]
    texts = [p.text for p in doc.paragraphs]
    assert any("经济社会发展呈现稳中有进的良好态势。" in t and t.startswith("今年以来") for t in texts)
    assert "一、主要工作" in texts
