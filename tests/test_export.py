"""Exports: parts from documents, DOCX laid out per GB/T 9704-2012, Markdown and text."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from sucai.errors import NotFound, SucaiError
from sucai.export import (
    Para,
    Part,
    estimate_pages,
    part_of_document,
    part_of_section,
    signature_start,
    to_docx,
    to_markdown,
    to_text,
)
from sucai.models import Document, Meta, OutlineNode, Paragraph
from tests.conftest import SHARED  # noqa: E402

SEED = SHARED / "seed" / "000_ddc63f42cbc988af.txt"


# ---------------------------------------------------------------- fixtures built by hand


def make_document(title: str, rows: list[tuple], *, paid_from: int | None = None) -> Document:
    """A Document from rows ("h", level, marker, heading, text) and ("b", text).

    Outline nodes are numbered in pre-order, as the pipeline does; paragraphs from
    row `paid_from` on are paid.
    """
    paragraphs = [Paragraph("title", title)]
    flat: list[tuple[int, str, str, int]] = []
    current: int | None = None
    for i, row in enumerate(rows):
        paid = paid_from is not None and i >= paid_from
        if row[0] == "h":
            _, level, marker, heading, text = row
            flat.append((level, marker, heading, len(paragraphs)))
            current = len(flat) - 1
            paragraphs.append(Paragraph("heading", text, paid=paid, node=current))
        else:
            paragraphs.append(Paragraph("body", row[1], paid=paid, node=current))

    def children(start: int, parent_level: int) -> tuple[tuple[OutlineNode, ...], int]:
        kids, i = [], start
        while i < len(flat) and flat[i][0] > parent_level:
            level, marker, heading, para = flat[i]
            grandkids, i = children(i + 1, level)
            kids.append(OutlineNode(level, marker, heading, "other", para, grandkids))
        return tuple(kids), i

    outline, _ = children(0, 0)
    return Document(title=title, paragraphs=tuple(paragraphs), outline=outline, meta=Meta())


REPORT_ROWS = [
    ("b", "今年以来，我局坚持以新时代中国特色社会主义思想为指导，扎实推进各项工作。"),
    ("h", 1, "一、", "上半年工作总结", "一、上半年工作总结"),
    ("h", 2, "（一）", "党建引领，落实主体责任", "（一）党建引领，落实主体责任"),
    ("h", 3, "1.", "强化全面从严治党", "1.强化全面从严治党。坚持政治机关定位，做到令行禁止。"),
    ("b", "专题学习贯彻全国两会精神，深刻领悟“两个确立”的决定性意义。"),
    ("h", 4, "（1）", "抓好机关建设", "（1）抓好机关建设"),
    ("b", "局党组坚持每季度专题研究党建工作，共开展志愿者活动20多次。"),
    ("h", 1, "二、", "下半年工作计划", "二、下半年工作计划"),
    ("b", "一是强化数据监测。二是做好企业入库。三是夯实基层基础。"),
    ("b", "XX市XX区统计局"),
    ("b", "2023年8月"),
]


@pytest.fixture
def report() -> Document:
    return make_document("区统计局2023年上半年工作总结及下半年工作计划", REPORT_ROWS)


def long_article(title: str, paragraphs: int) -> Part:
    body = "围绕全年目标任务，统筹推进项目建设、产业发展和民生保障，各项工作取得积极成效。" * 3
    paras = [Para("一、主要工作", level=1)]
    paras += [Para(f"{i}．{body}") for i in range(paragraphs)]
    return Part(title=title, paragraphs=tuple(paras))


# ---------------------------------------------------------------- helpers to read a DOCX back


def read_docx(data: bytes):
    return docx.Document(io.BytesIO(data))


def w(element, name: str) -> str | None:
    return element.get(qn(f"w:{name}"))


def style_fonts(doc, style_id: str) -> dict[str, str | None]:
    style = doc.styles.element.xpath(f'w:style[@w:styleId="{style_id}"]')[0]
    fonts = style.find(qn("w:rPr")).find(qn("w:rFonts"))
    return {key: w(fonts, key) for key in ("eastAsia", "ascii", "hAnsi")}


def style_element(doc, style_id: str):
    return doc.styles.element.xpath(f'w:style[@w:styleId="{style_id}"]')[0]


def outline_level(doc, style_id: str) -> int:
    ppr = style_element(doc, style_id).find(qn("w:pPr"))
    return int(w(ppr.find(qn("w:outlineLvl")), "val"))


def toc_entries(doc) -> list[str]:
    return [p.text.split("\t")[0] for p in doc.paragraphs if p.style.style_id == "TOC1"]


# ---------------------------------------------------------------- parts


def test_part_of_document_levels_come_from_outline_nodes(report):
    part = part_of_document(report)
    assert part.title == report.title
    assert all(p.text != report.title for p in part.paragraphs)  # the title paragraph folds into the title
    levels = {p.text.split("。")[0]: p.level for p in part.paragraphs if p.is_heading}
    assert levels == {
        "一、上半年工作总结": 1,
        "（一）党建引领，落实主体责任": 2,
        "1.强化全面从严治党": 3,
        "（1）抓好机关建设": 4,
        "二、下半年工作计划": 1,
    }
    assert [p.text for p in part.paragraphs if not p.is_heading][-2:] == ["XX市XX区统计局", "2023年8月"]


def test_run_in_heading_is_split_into_heading_and_body_text(report):
    part = part_of_document(report)
    run_in = next(p for p in part.paragraphs if p.text.startswith("1.强化"))
    assert run_in.heading_text == "1.强化全面从严治党。"
    assert run_in.run_on_text == "坚持政治机关定位，做到令行禁止。"
    whole = next(p for p in part.paragraphs if p.text == "一、上半年工作总结")
    assert whole.head is None and whole.heading_text == whole.text and whole.run_on_text == ""


def test_part_of_section_takes_the_subtree_with_relative_levels(report):
    part = part_of_section(report, 1)  # （一）党建引领，落实主体责任
    assert part.title == "党建引领，落实主体责任"
    assert [(p.text[:6], p.level) for p in part.paragraphs] == [
        ("1.强化全面", 1),
        ("专题学习贯彻", 0),
        ("（1）抓好机", 2),
        ("局党组坚持每", 0),
    ]
    assert all("下半年" not in p.text for p in part.paragraphs)


def test_part_of_section_keeps_body_text_of_a_run_in_section_heading(report):
    part = part_of_section(report, 2)  # 1.强化全面从严治党。坚持…
    assert part.title == "强化全面从严治党"
    assert part.paragraphs[0] == Para("坚持政治机关定位，做到令行禁止。")


def test_part_of_section_refuses_an_unknown_node(report):
    with pytest.raises(NotFound):
        part_of_section(report, len(report.nodes))


def test_paid_flag_is_carried_so_the_caller_can_drop_paid_paragraphs():
    doc = make_document("标题", [("b", "免费段落。"), ("b", "付费段落。")], paid_from=1)
    part = part_of_document(doc)
    assert [p.paid for p in part.paragraphs] == [False, True]
    free = replace(part, paragraphs=(*(p for p in part.paragraphs if not p.paid), Para("（以下为会员内容）")))
    text = "".join(p.text for p in read_docx(to_docx([free])).paragraphs)
    assert "免费段落" in text and "（以下为会员内容）" in text and "付费段落" not in text


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        (["正文。", "XX市XX区统计局", "2023年8月"], 1),
        (["正文。", "XX县人民政府", "XX县财政局", "二〇二三年八月八日"], 1),
        (["正文。", "2023年12月31日"], 1),
        (["正文。", "XX市XX区统计局"], None),
        (["正文。", "我局于2023年8月完成。"], None),
        (["今年以来，我局扎实推进各项工作。", "2023年8月"], 1),
    ],
)
def test_signature_block_is_found_only_at_the_end(texts, expected):
    assert signature_start([Para(t) for t in texts]) == expected


# ---------------------------------------------------------------- DOCX layout


def test_docx_page_is_a4_with_standard_margins(report):
    doc = read_docx(to_docx([part_of_document(report)]))
    for section in doc.sections:
        assert abs(section.page_width - Mm(210)) < Mm(0.1)
        assert abs(section.page_height - Mm(297)) < Mm(0.1)
        for margin, mm in (("top", 37), ("bottom", 35), ("left", 28), ("right", 26)):
            assert abs(getattr(section, f"{margin}_margin") - Mm(mm)) < Mm(0.1), margin


def test_docx_fonts_are_named_for_the_east_asian_script(report):
    doc = read_docx(to_docx([part_of_document(report)]))
    expected = {
        "Normal": "仿宋_GB2312",
        "Heading1": "方正小标宋简体",
        "Heading2": "黑体",
        "Heading3": "楷体_GB2312",
        "Heading4": "仿宋_GB2312",
        "Heading5": "仿宋_GB2312",
    }
    for style_id, font in expected.items():
        assert style_fonts(doc, style_id) == {"eastAsia": font, "ascii": font, "hAnsi": font}, style_id
    # No theme font may override the names (Word prefers w:eastAsiaTheme over w:eastAsia).
    assert "Theme=" not in doc.styles.element.xml.split("<w:latentStyles")[0]


def test_docx_sizes_weights_and_alignment(report):
    doc = read_docx(to_docx([part_of_document(report)]))
    styles = doc.styles
    assert styles["Normal"].font.size == Pt(16)
    assert styles["Heading 1"].font.size == Pt(22)
    assert all(styles[f"Heading {n}"].font.size == Pt(16) for n in range(2, 6))
    assert styles["Heading 4"].font.bold is True  # level-3 heading: 仿宋 bold
    assert [styles[f"Heading {n}"].font.bold for n in (2, 3, 5)] == [False, False, False]
    assert styles["Heading 1"].paragraph_format.alignment == 1  # centred title
    body = styles["Normal"].paragraph_format
    assert body.line_spacing == Pt(28.95) and body.line_spacing_rule == 4  # exact: 22 lines a page
    assert body.first_line_indent == Pt(32)  # two 3号 characters
    ind = style_element(doc, "Normal").find(qn("w:pPr")).find(qn("w:ind"))
    assert w(ind, "firstLineChars") == "200"
    grid = doc.sections[0]._sectPr.find(qn("w:docGrid"))
    assert w(grid, "linePitch") == "579"


def test_docx_headings_carry_outline_levels(report):
    doc = read_docx(to_docx([part_of_document(report)]))
    styled = [(p.style.name, p.text[:6]) for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert styled == [
        ("Heading 1", "区统计局20"),
        ("Heading 2", "一、上半年工"),
        ("Heading 3", "（一）党建引"),
        ("Heading 4", "1.强化全面"),
        ("Heading 5", "（1）抓好机"),
        ("Heading 2", "二、下半年工"),
    ]
    assert [outline_level(doc, f"Heading{n}") for n in range(1, 6)] == [0, 1, 2, 3, 4]


def test_docx_run_in_heading_keeps_body_font_for_its_body_text(report):
    doc = read_docx(to_docx([part_of_document(report)]))
    p = next(p for p in doc.paragraphs if p.text.startswith("1.强化"))
    assert [r.text for r in p.runs] == ["1.强化全面从严治党。", "坚持政治机关定位，做到令行禁止。"]
    assert p.runs[0].style.style_id == "DefaultParagraphFont"
    assert p.runs[1].style.style_id == "BodyRunOn"
    assert style_fonts(doc, "BodyRunOn")["eastAsia"] == "仿宋_GB2312"
    assert doc.styles["正文接排"].font.bold is False  # not bold inside the bold level-3 heading
    assert p.paragraph_format.keep_with_next is False  # a long run-in paragraph must not chain


def test_docx_signature_block_is_right_aligned(report):
    doc = read_docx(to_docx([part_of_document(report)]))
    org, date = doc.paragraphs[-2], doc.paragraphs[-1]
    assert (org.text, date.text) == ("XX市XX区统计局", "2023年8月")
    assert org.alignment == 2 and date.alignment == 2
    assert org.paragraph_format.right_indent == Pt(32)  # two characters from the right edge
    # The date starts two characters right of the org: 7 - 4.5 characters from the edge.
    assert date.paragraph_format.right_indent == Pt(40)
    assert org.paragraph_format.space_before == Pt(28.95)  # one blank line above the block
    others = [p for p in doc.paragraphs[:-2] if p.alignment == 2]
    assert others == []


def test_docx_page_numbers_sit_at_the_outside_edge(report):
    data = to_docx([part_of_document(report)])
    doc = read_docx(data)
    assert doc.settings.odd_and_even_pages_header_footer
    section = doc.sections[-1]
    for footer, side in ((section.footer, 2), (section.even_page_footer, 0)):
        xml = footer._element.xml
        assert "PAGE" in xml and xml.count("—") == 2
        assert footer.paragraphs[0].alignment == side
    assert style_fonts(doc, "Footer")["eastAsia"] == "宋体"
    assert doc.styles["Footer"].font.size == Pt(14)


def test_docx_single_document_has_no_contents(report):
    doc = read_docx(to_docx([part_of_document(report)]))
    assert "TOC" not in doc.element.body.xml
    assert len(doc.sections) == 1


def test_docx_strips_characters_xml_cannot_hold():
    part = Part("标题\x01", (Para("正文\x00含\x0b控制字符。"),))
    doc = read_docx(to_docx([part]))
    assert [p.text for p in doc.paragraphs] == ["标题", "正文含控制字符。"]


def test_export_of_nothing_is_refused():
    for render in (to_docx, to_markdown, to_text):
        with pytest.raises(SucaiError, match="没有可导出的内容"):
            render([])


# ---------------------------------------------------------------- compilation DOCX


def three_articles() -> list[Part]:
    return [
        long_article(f"第{n}篇 工作总结", paragraphs) for n, paragraphs in (("一", 10), ("二", 40), ("三", 5))
    ]


def test_compilation_contents_lists_every_title_in_order():
    parts = three_articles()
    doc = read_docx(to_docx(parts, compilation_title="工作总结汇编（3篇）"))
    assert doc.paragraphs[0].text == "工作总结汇编（3篇）"
    assert doc.paragraphs[0].style.style_id == "Title"
    assert doc.paragraphs[1].text == "目　录"
    assert toc_entries(doc) == [p.title for p in parts]
    body = doc.element.body
    instr = "".join(body.xpath(".//w:instrText/text()"))
    assert 'TOC \\o "1-1" \\h' in instr
    assert outline_level(doc, "Title") == 9 and outline_level(doc, "TOCHeading") == 9


def test_compilation_contents_links_to_article_titles_with_estimated_pages():
    parts = three_articles()
    doc = read_docx(to_docx(parts, compilation_title="汇编"))
    body = doc.element.body
    anchors = [w(link, "anchor") for link in body.iter(qn("w:hyperlink"))]
    marks = {w(b, "name"): b.getparent() for b in body.iter(qn("w:bookmarkStart"))}
    assert len(anchors) == 3 and set(anchors) == set(marks)
    linked_titles = [marks[a].xpath("string(.)") for a in anchors]
    assert linked_titles == [p.title for p in parts]
    pages = [int(p.text.split("\t")[1]) for p in doc.paragraphs if p.style.style_id == "TOC1"]
    sizes = [estimate_pages(p) for p in parts]
    assert pages == [1, 1 + sizes[0], 1 + sizes[0] + sizes[1]]
    assert sizes[1] > sizes[0] > sizes[2] >= 1


def test_compilation_articles_start_on_new_pages_numbered_from_one():
    doc = read_docx(to_docx(three_articles(), compilation_title="汇编"))
    titles = [p for p in doc.paragraphs if p.style.style_id == "Heading1"]
    assert len(titles) == 3
    assert [t.paragraph_format.page_break_before for t in titles] == [None, True, True]
    front, body = doc.sections[0], doc.sections[1]
    assert len(doc.sections) == 2 and body.start_type == 2  # new page
    assert front._sectPr.find(qn("w:footerReference")) is None  # no page number on cover or 目录
    assert w(body._sectPr.find(qn("w:pgNumType")), "start") == "1"


def test_seed_compilation_lists_its_three_articles_in_order():
    if not SEED.exists():
        pytest.skip(f"../shared is absent: {SEED} not found")
    articles = seed_articles(SEED.read_text(encoding="utf-8"))
    titles = [doc.title for doc in articles]
    assert titles == [
        "XX经济开发区2023上半年工作总结及下半年工作计划",
        "XX镇2023年度上半年工作总结及下半年工作计划",
        "区统计局2023年上半年工作总结及2023下半年工作计划",
    ]
    data = to_docx(
        [part_of_document(d) for d in articles], compilation_title="2023年上半年工作总结及下半年工作计划汇编"
    )
    assert toc_entries(read_docx(data)) == titles
    last = read_docx(data).paragraphs[-2:]
    assert [p.text for p in last] == ["XX市XX区统计局", "2023年8月"] and last[1].alignment == 2


def seed_articles(text: str) -> list[Document]:
    """The seed's articles with a rough outline (a test stand-in for the ingest pipeline)."""
    text = text.replace("##paidbegin##", "").replace("##paidend##", "")
    markers = ((1, r"[一二三四五六七八九十]+、"), (2, r"（[一二三四五六七八九十]+）"), (3, r"\d+\."))
    articles = []
    for chunk in re.split(r"\n{3,}", text):
        lines = [line.strip() for line in chunk.splitlines() if line.strip()]
        if not lines or "目录" in lines[:3] or lines[0].startswith("【"):
            continue  # cover and contents block, publisher's advertisement
        rows: list[tuple] = []
        for line in lines[1:]:
            for level, pattern in markers:
                m = re.match(pattern, line)
                if m:
                    heading = re.split("。", line[m.end() :], maxsplit=1)[0]
                    rows.append(("h", level, m.group(), heading, line))
                    break
            else:
                rows.append(("b", line))
        articles.append(make_document(lines[0], rows))
    return articles


# ---------------------------------------------------------------- LibreOffice rendering


def test_libreoffice_converts_the_compilation_and_page_one_renders(tmp_path):
    soffice, pdftoppm = shutil.which("soffice"), shutil.which("pdftoppm")
    if not soffice or not pdftoppm:
        pytest.skip(
            "soffice/pdftoppm absent: apt-get install libreoffice-writer-nogui poppler-utils fonts-noto-cjk"
        )
    parts = three_articles()
    source = tmp_path / "汇编.docx"
    source.write_bytes(to_docx(parts, compilation_title="工作总结汇编（3篇）"))
    profile = (tmp_path / "lo-profile").as_uri()
    subprocess.run(
        [soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    pdf = tmp_path / "汇编.pdf"
    assert pdf.exists() and pdf.read_bytes().startswith(b"%PDF")
    subprocess.run([pdftoppm, "-png", "-r", "50", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "page")],
                   check=True, capture_output=True, timeout=60)  # fmt: skip
    pngs = list(tmp_path.glob("page*.png"))
    assert len(pngs) == 1 and pngs[0].read_bytes().startswith(b"\x89PNG")
    expected = 2 + sum(estimate_pages(p) for p in parts)  # cover + 目录 + articles
    pages = pdf_pages(pdf)
    assert abs(pages - expected) <= max(2, expected // 5), (pages, expected)


def pdf_pages(pdf: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(pdf).pages)


# ---------------------------------------------------------------- Markdown and text


def test_markdown_headings_follow_the_outline(report):
    md = to_markdown([part_of_document(report)])
    headings = [line for line in md.splitlines() if line.startswith("#")]
    assert headings == [
        "# 区统计局2023年上半年工作总结及下半年工作计划",
        "## 一、上半年工作总结",
        "### （一）党建引领，落实主体责任",
        "#### 1.强化全面从严治党。",
        "##### （1）抓好机关建设",
        "## 二、下半年工作计划",
    ]
    assert "\n\n坚持政治机关定位，做到令行禁止。\n\n" in md  # run-in body text becomes a paragraph


def test_markdown_compilation_shifts_articles_below_the_compilation_title():
    parts = [Part("甲文", (Para("一、总体情况", level=1), Para("正文。"))), Part("乙文", (Para("正文。"),))]
    md = to_markdown(parts, compilation_title="汇编")
    assert md.startswith(
        "# 汇编\n\n## 目录\n\n1. 甲文\n2. 乙文\n\n## 甲文\n\n### 一、总体情况\n\n正文。\n\n## 乙文\n"
    )


def test_markdown_escapes_text_that_would_become_markup():
    md = to_markdown([Part("标题*重点*", (Para("# 不是标题"), Para("1. 不是列表"), Para("a_b [链接]")))])
    assert md.splitlines()[0] == "# 标题\\*重点\\*"
    assert "\\# 不是标题" in md and "1\\. 不是列表" in md and "a\\_b \\[链接\\]" in md


def test_markdown_levels_deeper_than_six_stay_visible():
    md = to_markdown([Part("题", (Para("深层标题", level=7),))])
    assert "**深层标题**" in md


def test_text_keeps_headings_on_their_own_lines(report):
    txt = to_text([part_of_document(report)])
    lines = txt.splitlines()
    assert lines[0] == report.title and lines[1] == ""
    assert "一、上半年工作总结" in lines and "（1）抓好机关建设" in lines
    assert lines[-2:] == ["XX市XX区统计局", "2023年8月"]


def test_text_compilation_has_contents_and_blank_lines_between_articles():
    parts = [Part("甲文", (Para("甲的正文。"),)), Part("乙文", (Para("乙的正文。"),))]
    txt = to_text(parts, compilation_title="汇编")
    assert txt == "汇编\n\n目录\n甲文\n乙文\n\n\n甲文\n\n甲的正文。\n\n\n乙文\n\n乙的正文。\n"


def test_docx_file_properties_name_the_export_not_the_library(report):
    props = read_docx(to_docx([part_of_document(report)])).core_properties
    assert props.title == report.title
    assert "python-docx" not in f"{props.author}{props.comments}{props.last_modified_by}"
