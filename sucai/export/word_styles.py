"""Page geometry and paragraph styles of a GB/T 9704-2012 official document.

Everything typographic lives in styles, so body paragraphs carry no direct
formatting: the file stays small, saving stays close to python-docx's floor,
and a writer who restyles 正文 in Word changes every paragraph at once.
"""

from __future__ import annotations

from dataclasses import dataclass

from docx.document import Document as DocxDocument
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm

# Fonts, named the way Word and WPS on Chinese Windows know them.
FONT_TITLE = "方正小标宋简体"
FONT_BODY = "仿宋_GB2312"
FONT_HEI = "黑体"
FONT_KAI = "楷体_GB2312"
FONT_PAGE_NUMBER = "宋体"

# Sizes in half-points (w:sz): 2号 22 pt, 3号 16 pt, 4号 14 pt.
SIZE_TITLE = 44
SIZE_BODY = 32
SIZE_PAGE_NUMBER = 28

# A4 with the standard margins; lengths in twentieths of a point (twips).
PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT = Mm(37), Mm(35), Mm(28), Mm(26)
TEXT_WIDTH_TWIPS = PAGE_WIDTH.twips - MARGIN_LEFT.twips - MARGIN_RIGHT.twips
# The standard's type area is 22 lines of 28 characters: 225 mm / 22 ≈ 28.95 pt a line.
LINES_PER_PAGE = 22
CHARS_PER_LINE = 28
LINE_PITCH_TWIPS = 579
# 28 characters a line: 28 × 16 pt is wider than the 156 mm line, so characters are
# condensed by a quarter point.  A w:docGrid character grid with a negative charSpace
# does the same in Word, but LibreOffice then gives every character two grid cells.
CHAR_CONDENSE_TWIPS = -5
CHAR_TWIPS = SIZE_BODY * 10  # one 3号 character, for indents counted in characters

# Style ids: built-in heading styles keep Word's outline levels (navigation pane, TOC \o).
ARTICLE_TITLE_STYLE = "Heading1"
COVER_TITLE_STYLE = "Title"
CONTENTS_HEADING_STYLE = "TOCHeading"
CONTENTS_ENTRY_STYLE = "TOC1"
FOOTER_STYLE = "Footer"
RUN_ON_STYLE = "BodyRunOn"
MAX_HEADING_STYLE = 9

# Font of each heading level (level 1 is the first level below the title); deeper levels use the last.
_HEADING_FONTS = ((FONT_HEI, False), (FONT_KAI, False), (FONT_BODY, True), (FONT_BODY, False))


def heading_style(level: int) -> str:
    """Style id for a heading at `level` below the article title (whose style is Heading1)."""
    return f"Heading{min(level + 1, MAX_HEADING_STYLE)}"


def setup_page(section) -> None:
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.top_margin, section.bottom_margin = MARGIN_TOP, MARGIN_BOTTOM
    section.left_margin, section.right_margin = MARGIN_LEFT, MARGIN_RIGHT
    section.header_distance, section.footer_distance = Mm(15), Mm(22)
    sect_pr = section._sectPr
    for old in sect_pr.findall(qn("w:docGrid")):
        sect_pr.remove(old)
    grid = sect_pr.makeelement(qn("w:docGrid"), {})
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(LINE_PITCH_TWIPS))
    sect_pr.append(grid)


def setup_styles(doc: DocxDocument) -> None:
    styles = doc.styles.element
    _set_defaults(styles)
    for spec in _style_specs():
        _put_style(styles, spec)
    _drop_linked_character_styles(styles)
    _set_language(doc)


@dataclass(frozen=True)
class _Style:
    style_id: str
    name: str
    ppr: str = ""
    rpr: str = ""
    kind: str = "paragraph"
    based_on: str | None = "Normal"
    priority: int | None = None


def _style_specs() -> list[_Style]:
    body_ppr = (
        '<w:widowControl w:val="0"/>'
        f'<w:spacing w:before="0" w:after="0" w:line="{LINE_PITCH_TWIPS}" w:lineRule="exact"/>'
        f'<w:ind w:firstLine="{2 * CHAR_TWIPS}" w:firstLineChars="200"/><w:jc w:val="both"/>'
    )
    body_rpr = _rpr(FONT_BODY, SIZE_BODY, condense=True)
    title_rpr = _rpr(FONT_TITLE, SIZE_TITLE)
    # Titles are not snapped to the character grid: a 22 pt character would take two 3号 cells.
    title_ppr = (
        '<w:keepNext/><w:keepLines/><w:snapToGrid w:val="0"/>'
        f'<w:spacing w:before="{{before}}" w:after="{LINE_PITCH_TWIPS}"/>'
        '<w:ind w:firstLine="0" w:firstLineChars="0"/><w:jc w:val="center"/><w:outlineLvl w:val="{level}"/>'
    )
    specs = [
        _Style("Normal", "Normal", body_ppr, body_rpr, based_on=None),
        _Style(ARTICLE_TITLE_STYLE, "heading 1", title_ppr.format(before=0, level=0), title_rpr),
        # Outline level 9 is body text: the cover and 目录 titles stay out of the navigation pane.
        _Style(COVER_TITLE_STYLE, "Title", title_ppr.format(before=6 * LINE_PITCH_TWIPS, level=9), title_rpr),
        _Style(CONTENTS_HEADING_STYLE, "TOC Heading", title_ppr.format(before=0, level=9), title_rpr),
        _Style(
            CONTENTS_ENTRY_STYLE,
            "toc 1",
            f'<w:tabs><w:tab w:val="right" w:leader="dot" w:pos="{TEXT_WIDTH_TWIPS}"/></w:tabs>'
            '<w:ind w:firstLine="0" w:firstLineChars="0"/><w:jc w:val="left"/>',
            priority=39,
        ),
        _Style(
            FOOTER_STYLE,
            "footer",
            '<w:snapToGrid w:val="0"/><w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>'
            '<w:ind w:firstLine="0" w:firstLineChars="0"/>',
            _rpr(FONT_PAGE_NUMBER, SIZE_PAGE_NUMBER),
        ),
        _Style(RUN_ON_STYLE, "正文接排", rpr=body_rpr, kind="character", based_on=None),
    ]
    for level in range(1, MAX_HEADING_STYLE):
        font, bold = _HEADING_FONTS[min(level, len(_HEADING_FONTS)) - 1]
        ppr = f'<w:keepNext/><w:keepLines/><w:outlineLvl w:val="{level}"/>'
        specs.append(
            _Style(
                heading_style(level),
                f"heading {level + 1}",
                ppr,
                _rpr(font, SIZE_BODY, bold=bold, condense=True),
            )
        )
    return specs


def _rpr(font: str, size: int, *, bold: bool | None = False, condense: bool | None = False) -> str:
    # East-Asian font first in intent: Word and WPS choose w:eastAsia for Han text,
    # ascii/hAnsi for Latin and digits; naming all keeps one face for the whole line.
    fonts = (
        f'<w:rFonts w:ascii="{font}" w:eastAsia="{font}" w:hAnsi="{font}" w:cs="{font}" w:hint="eastAsia"/>'
    )
    weight = "" if bold is None else ("<w:b/><w:bCs/>" if bold else '<w:b w:val="0"/><w:bCs w:val="0"/>')
    spacing = "" if condense is None else f'<w:spacing w:val="{CHAR_CONDENSE_TWIPS if condense else 0}"/>'
    return f'{fonts}{weight}<w:color w:val="000000"/>{spacing}<w:sz w:val="{size}"/><w:szCs w:val="{size}"/>'


def _put_style(styles, spec: _Style) -> None:
    """Replace (or add) a style with exactly these properties, dropping the template's theme fonts."""
    for old in styles.xpath(f'w:style[@w:styleId="{spec.style_id}"]'):
        styles.remove(old)
    default = ' w:default="1"' if spec.style_id == "Normal" else ""
    parts = [f'<w:style {nsdecls("w")} w:type="{spec.kind}" w:styleId="{spec.style_id}"{default}>']
    parts.append(f'<w:name w:val="{spec.name}"/>')
    if spec.based_on:
        parts.append(f'<w:basedOn w:val="{spec.based_on}"/>')
    if spec.kind == "paragraph" and spec.style_id != "Normal":
        parts.append('<w:next w:val="Normal"/>')
    if spec.priority is not None:
        parts.append(f'<w:uiPriority w:val="{spec.priority}"/><w:unhideWhenUsed/>')
    parts.append("<w:qFormat/>")
    if spec.ppr:
        parts.append(f"<w:pPr>{spec.ppr}</w:pPr>")
    if spec.rpr:
        parts.append(f"<w:rPr>{spec.rpr}</w:rPr>")
    parts.append("</w:style>")
    styles.append(parse_xml("".join(parts)))


def _set_defaults(styles) -> None:
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is not None:
        styles.remove(defaults)
    defaults = parse_xml(
        f"<w:docDefaults {nsdecls('w')}><w:rPrDefault><w:rPr>{_rpr(FONT_BODY, SIZE_BODY, bold=None, condense=None)}"
        '<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>'
        '<w:pPrDefault><w:pPr><w:spacing w:after="0"/></w:pPr></w:pPrDefault></w:docDefaults>'
    )
    styles.insert(0, defaults)


def _drop_linked_character_styles(styles) -> None:
    """The template's 'Heading 1 Char' & co. still carry theme fonts and colours; nothing uses them now."""
    ours = {ARTICLE_TITLE_STYLE, COVER_TITLE_STYLE, FOOTER_STYLE, "Normal"} | {
        heading_style(level) for level in range(1, MAX_HEADING_STYLE)
    }
    for style in styles.xpath('w:style[@w:type="character"]'):
        link = style.find(qn("w:link"))
        if link is not None and link.get(qn("w:val")) in ours:
            styles.remove(style)


def _set_language(doc: DocxDocument) -> None:
    lang = doc.settings.element.find(qn("w:themeFontLang"))
    if lang is not None:
        lang.set(qn("w:eastAsia"), "zh-CN")
