"""DOCX rendering laid out per GB/T 9704-2012, with a Word contents field for compilations.

Paragraphs are built as raw WordprocessingML elements appended before the body's
final section properties: python-docx's add_paragraph looks styles up by name on
every call, which dominates the time of a 2-million-character compilation.
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Sequence

import docx
from docx.enum.section import WD_SECTION
from docx.oxml.ns import qn
from docx.oxml.parser import OxmlElement

from . import word_styles as ws
from .parts import Para, Part, require_parts, signature_start

# Characters XML 1.0 cannot carry; a stray one would make lxml refuse the whole file.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_TITLE_CHARS_PER_LINE = ws.TEXT_WIDTH_TWIPS // (ws.SIZE_TITLE * 10)
_BOOKMARK_PREFIX = "_Toc"  # Word hides bookmarks starting with an underscore


def to_docx(parts: Sequence[Part], *, compilation_title: str | None = None) -> bytes:
    """A .docx of one or more parts; with `compilation_title`, a 汇编 with title page and 目录.

    Without a compilation title several parts simply follow each other, each from a new page.
    """
    parts = require_parts(parts)
    doc = docx.Document()
    ws.setup_styles(doc)
    ws.setup_page(doc.sections[0])
    doc.settings.odd_and_even_pages_header_footer = True
    _set_properties(doc, compilation_title or parts[0].title)
    body = _Body(doc)
    bookmarks: list[str] = []
    if compilation_title:
        bookmarks = [f"{_BOOKMARK_PREFIX}{i:08d}" for i in range(1, len(parts) + 1)]
        body.add(_paragraph(ws.COVER_TITLE_STYLE, [_run(compilation_title)]))
        _add_contents(body, parts, bookmarks)
        # The front matter is its own section: no page numbers there, articles count from 1.
        doc.element.body.add_section_break()
        doc.sections[-1].start_type = WD_SECTION.NEW_PAGE
    _restart_numbering(doc.sections[-1])
    _add_page_number_footers(doc.sections[-1])
    for i, part in enumerate(parts):
        _add_part(body, part, new_page=i > 0, bookmark=bookmarks[i] if bookmarks else None, mark_id=i + 1)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def estimate_pages(part: Part) -> int:
    """Pages an article fills on the 22 × 28 grid, for the page numbers cached in the contents."""
    lines = math.ceil(_width(part.title) / _TITLE_CHARS_PER_LINE) + 1  # title, then one blank line
    for para in part.paragraphs:
        if para.text.strip():
            lines += math.ceil((_width(para.text) + 2) / ws.CHARS_PER_LINE)
    if signature_start(part.paragraphs) is not None:
        lines += 1
    return max(1, math.ceil(lines / ws.LINES_PER_PAGE))


class _Body:
    """Appends block elements to the document body in order, before the final sectPr."""

    def __init__(self, doc) -> None:
        # The final sectPr stays the same element when a section break is added before it;
        # looking it up per paragraph would scan the whole body each time.
        self._body = doc.element.body
        self._sect_pr = self._body.get_or_add_sectPr()

    def add(self, element) -> None:
        self._sect_pr.addprevious(element)


def _add_part(body: _Body, part: Part, *, new_page: bool, bookmark: str | None, mark_id: int) -> None:
    title = _paragraph(ws.ARTICLE_TITLE_STYLE, [_run(part.title)], page_break_before=new_page)
    if bookmark:
        _wrap_in_bookmark(title, bookmark, mark_id)
    body.add(title)
    paras = [p for p in part.paragraphs if p.text.strip()]
    sign = signature_start(paras)
    for para in paras if sign is None else paras[:sign]:
        body.add(_content_paragraph(para))
    if sign is not None:
        for element in _signature(paras[sign:]):
            body.add(element)


def _content_paragraph(para: Para):
    if not para.is_heading:
        return _paragraph(None, [_run(para.text)])
    runs = [_run(para.heading_text)]
    if para.run_on_text:
        runs.append(_run(para.run_on_text, style=ws.RUN_ON_STYLE))
    # A run-in heading is really a body paragraph: Word must not chain it to the next one.
    return _paragraph(ws.heading_style(para.level), runs, keep=not para.run_on_text)


def _signature(paras: Sequence[Para]) -> list:
    """Org lines right-aligned two characters in; the date starts two characters right of the org.

    When the date is the longer line it keeps two characters to the right edge and the
    org lines move left instead (GB/T 9704-2012 7.3.5.2, documents without a seal).
    """
    orgs, date = paras[:-1], paras[-1]
    org_width = max((_width(p.text) for p in orgs), default=0.0)
    date_width = _width(date.text)
    if not orgs:
        org_right, date_right = 0.0, 4.0
    else:
        date_right = org_width - date_width
        org_right = 2.0
        if date_right < 2.0:
            org_right += 2.0 - date_right
            date_right = 2.0
    elements = []
    for i, para in enumerate(orgs):
        elements.append(_right_aligned(para.text, org_right, first=i == 0))
    elements.append(_right_aligned(date.text, date_right, first=not orgs))
    return elements


def _right_aligned(text: str, right_chars: float, *, first: bool):
    ppr = OxmlElement("w:pPr")
    if first:  # one blank line between the body and the signature block
        ppr.append(_el("w:spacing", before=str(ws.LINE_PITCH_TWIPS)))
    ppr.append(_el("w:ind", firstLine="0", firstLineChars="0", right=str(round(right_chars * ws.CHAR_TWIPS))))
    ppr.append(_el("w:jc", val="right"))
    p = OxmlElement("w:p")
    p.append(ppr)
    p.append(_run(text))
    return p


def _add_contents(body: _Body, parts: Sequence[Part], bookmarks: list[str]) -> None:
    """目录 page: a TOC field over level-1 outline entries whose cached result already lists every article."""
    body.add(_paragraph(ws.CONTENTS_HEADING_STYLE, [_run("目　录")], page_break_before=True))
    page = 1
    last = len(parts) - 1
    for i, (part, mark) in enumerate(zip(parts, bookmarks, strict=True)):
        runs = []
        if i == 0:
            runs += _field_start(' TOC \\o "1-1" \\h ')
        link = _el("w:hyperlink", anchor=mark, history="1")
        for run in [_run(part.title), _tab_run(), *_field(f" PAGEREF {mark} \\h ", str(page))]:
            link.append(run)
        runs.append(link)
        if i == last:
            runs.append(_fld_char("end"))
        body.add(_paragraph(ws.CONTENTS_ENTRY_STYLE, runs))
        page += estimate_pages(part)


def _add_page_number_footers(section) -> None:
    """—1— in 4号 at the outside edge: right on odd pages, left on even pages, one character in."""
    section.footer.is_linked_to_previous = False
    section.even_page_footer.is_linked_to_previous = False
    one_char = str(ws.SIZE_PAGE_NUMBER * 10)
    for footer, side in ((section.footer, "right"), (section.even_page_footer, "left")):
        for old in list(footer._element):
            footer._element.remove(old)
        ppr = OxmlElement("w:pPr")
        ppr.append(_el("w:pStyle", val=ws.FOOTER_STYLE))
        ppr.append(_el("w:ind", **{side: one_char}))
        ppr.append(_el("w:jc", val=side))
        p = OxmlElement("w:p")
        p.append(ppr)
        for run in [_run("—"), *_field(" PAGE ", "1"), _run("—")]:
            p.append(run)
        footer._element.append(p)


def _set_properties(doc, title: str) -> None:
    """File properties Word shows: our title instead of the template's 'generated by python-docx'."""
    props = doc.core_properties
    props.title = _clean(title)[:255]
    props.author = props.last_modified_by = ""
    props.comments = props.subject = props.keywords = ""


def _restart_numbering(section) -> None:
    sect_pr = section._sectPr
    num = sect_pr.find(qn("w:pgNumType"))
    if num is None:
        num = _el("w:pgNumType")
        # pgNumType sits after pgMar/paperSrc/pgBorders/lnNumType in the schema sequence.
        anchor = sect_pr.find(qn("w:pgMar"))
        if anchor is not None:
            anchor.addnext(num)
        else:
            sect_pr.insert(0, num)
    num.set(qn("w:start"), "1")
    num.set(qn("w:fmt"), "decimal")


def _wrap_in_bookmark(p, name: str, mark_id: int) -> None:
    start = _el("w:bookmarkStart", id=str(mark_id), name=name)
    end = _el("w:bookmarkEnd", id=str(mark_id))
    ppr = p.find(qn("w:pPr"))
    if ppr is not None:
        ppr.addnext(start)
    else:
        p.insert(0, start)
    p.append(end)


def _paragraph(style: str | None, runs: list, *, page_break_before: bool = False, keep: bool = True):
    p = OxmlElement("w:p")
    if style or page_break_before:
        ppr = OxmlElement("w:pPr")
        if style:
            ppr.append(_el("w:pStyle", val=style))
        if not keep:
            ppr.append(_el("w:keepNext", val="0"))
            ppr.append(_el("w:keepLines", val="0"))
        if page_break_before:
            ppr.append(OxmlElement("w:pageBreakBefore"))
        p.append(ppr)
    for run in runs:
        p.append(run)
    return p


def _run(text: str, *, style: str | None = None):
    r = OxmlElement("w:r")
    if style:
        rpr = OxmlElement("w:rPr")
        rpr.append(_el("w:rStyle", val=style))
        r.append(rpr)
    t = OxmlElement("w:t")
    t.text = _clean(text)
    if t.text != t.text.strip():
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    r.append(t)
    return r


def _tab_run():
    r = OxmlElement("w:r")
    r.append(OxmlElement("w:tab"))
    return r


def _field(instruction: str, cached: str) -> list:
    """A complex field whose result is already filled in, so it reads right before any update."""
    return [*_field_start(instruction), _run(cached), _fld_char("end")]


def _field_start(instruction: str) -> list:
    instr_run = OxmlElement("w:r")
    instr = OxmlElement("w:instrText")
    instr.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    instr.text = instruction
    instr_run.append(instr)
    return [_fld_char("begin"), instr_run, _fld_char("separate")]


def _fld_char(kind: str):
    r = OxmlElement("w:r")
    r.append(_el("w:fldChar", fldCharType=kind))
    return r


def _el(tag: str, **attrs: str):
    element = OxmlElement(tag)
    for key, value in attrs.items():
        element.set(qn(f"w:{key}"), value)
    return element


def _clean(text: str) -> str:
    text = text.replace("\t", " ").replace("\r", "").replace("\n", " ")
    return _XML_ILLEGAL.sub("", text)


def _width(text: str) -> float:
    """Width in full-width characters: ASCII (digits, Latin) counts half."""
    ascii_count = len(text.encode("ascii", "ignore"))
    return (len(text) - ascii_count) + ascii_count / 2
