"""Readers turn one file into a list of Blocks; they touch neither the store nor settings.

A registry picks the reader by file suffix, after checking that the bytes really
are what the name says (a PDF named .txt, a text file named .docx, random bytes).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from ..errors import ParseError, UnsupportedFormat
from ..models import Block
from .ocr import read_image
from .pasted import is_page_number, paragraph_marks, pasted_lines
from .safezip import check_members

Reader = Callable[[str, bytes], list[Block]]

# Magic numbers of formats people drop into an import folder by mistake.
_MAGIC = (
    (b"%PDF-", "PDF"),
    (b"PK\x03\x04", "ZIP/Office"),
    (b"\xd0\xcf\x11\xe0", "旧版 Office（.doc/.xls）"),
    (b"\x89PNG", "PNG 图片"),
    (b"\xff\xd8\xff", "JPEG 图片"),
    (b"GIF8", "GIF 图片"),
    (b"II*\x00", "TIFF 图片"),
    (b"MM\x00*", "TIFF 图片"),
    (b"Rar!", "RAR 压缩包"),
    (b"\x1f\x8b", "GZIP 压缩包"),
    (b"7z\xbc\xaf", "7z 压缩包"),
)


def sniff(data: bytes) -> str | None:
    for magic, name in _MAGIC:
        if data.startswith(magic):
            return name
    return None


# ---------------------------------------------------------------- plain text

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def decode_text(data: bytes, path: str = "") -> str:
    """Decode bytes of a text file: BOMs first, then strict UTF-8, UTF-16 by NUL pattern, GB18030.

    Each candidate must decode strictly and leave almost no control characters,
    so random bytes are rejected instead of turned into mojibake.
    """
    if not data.strip():
        raise ParseError("文件为空", path=path)
    for bom, enc in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if data.startswith(bom):
            return _strict(data[len(bom):], enc.replace("-sig", ""), path)
    # UTF-8 first: it almost never decodes anything else by accident, and a NUL-heavy
    # (ASCII) UTF-16 file that does decode is then refused by the control-character check.
    candidates = ["utf-8", "gb18030"]
    utf16 = _utf16_without_bom(data[:4096])
    if utf16:
        candidates.insert(1, utf16)
    errors = []
    for enc in candidates:
        try:
            return _strict(data, enc, path)
        except ParseError as exc:
            errors.append(exc.message)
    raise ParseError("无法识别文本编码（已尝试 UTF-8、UTF-16、GB18030），可能不是文本文件", path=path)


# What correctly decoded Chinese text is made of: ASCII, CJK ideographs, general/CJK/full-width punctuation.
_PLAIN = re.compile(r"[\t\n\r\x20-\x7e\u2010-\u206f\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


def _utf16_without_bom(head: bytes) -> str | None:
    """The UTF-16 byte order under which `head` reads as text, or None.

    NUL bytes hint at UTF-16, but Chinese UTF-16 has few of them (only ASCII, CR/LF and
    characters such as 一 U+4E00 or 最 U+6700 make one), and they fall on both sides; so
    decode both orders and keep the one that is almost all plain text.  Random bytes score
    about a third.
    """
    if head.count(0) < 2:
        return None
    head = head[: len(head) // 2 * 2]
    best, best_score = None, 0.9
    for enc in ("utf-16-le", "utf-16-be"):
        text = head.decode(enc, errors="replace")
        score = len(_PLAIN.findall(text)) / max(1, len(text))
        if score > best_score:
            best, best_score = enc, score
    return best


def _strict(data: bytes, encoding: str, path: str) -> str:
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise ParseError(f"按 {encoding} 解码失败：{exc.reason}", path=path) from exc
    bad = len(_CONTROL.findall(text[:200_000]))
    if bad > max(3, len(text[:200_000]) // 1000):
        raise ParseError("文件含有大量控制字符，不是文本文件", path=path)
    if not text.strip():
        raise ParseError("文件为空", path=path)
    return text


def lines_to_blocks(lines: list[str]) -> list[Block]:
    blocks: list[Block] = []
    blank = 0
    for line in lines:
        if not line.strip():
            blank += 1
            continue
        blocks.append(Block(text=line, blank_before=blank))
        blank = 0
    return blocks


def read_txt(path: str, data: bytes) -> list[Block]:
    text = decode_text(data, path)
    lines = paragraph_marks(text.splitlines())  # 「…。Р五、…」: a converter's paragraph marks (pasted.py)
    if hard_wrapped([ln for ln in lines if len(ln) > 24 or not is_page_number(ln)]):
        lines = _rewrap(pasted_lines(lines))  # pasted from a PDF: page numbers and spacing go (pasted.py)
    return lines_to_blocks(lines)


def hard_wrapped(lines: list[str]) -> bool:
    """Text pasted from a PDF or an e-mail breaks paragraphs at a fixed width: most lines are about
    as long as the longest and end mid-sentence.  Such text is re-joined so that a phrase across a
    line break can still be found."""
    body = [ln.strip() for ln in lines if ln.strip()]
    if len(body) < 8:
        return False
    full = sorted(len(ln) for ln in body)[int(len(body) * 0.8)]
    if full < 15:
        return False
    wrapped = sum(1 for ln in body if len(ln) >= full * 0.9 and not ln.endswith(_SENTENCE_END)
                  and not _TOC_ENTRY.search(ln))
    # most of a wrapped text is in lines of about the width: a page whose text stands in a line far longer than
    # the others (a 文库 page's short notices above its one paragraph) is not wrapped
    unwrapped = sum(len(ln) for ln in body if len(ln) > full * 1.5)
    return wrapped >= 0.4 * len(body) and unwrapped * 2 < sum(len(ln) for ln in body)


# A 目录 entry ends in its page number (「3.街道2022年工作总结 32」, 「一、总则……3」): a list of them is as even as
# wrapped text, but no line of it runs on into the next
_TOC_ENTRY = re.compile(r"[\u4e00-\u9fff）)》”][\s.．…·]+\d{1,4}$")


def _rewrap(lines: list[str]) -> list[str]:
    """Join the lines of each blank-line separated run as the PDF reader does, keeping blank lines."""
    out: list[str] = []
    run: list[str] = []
    for line in [*lines, ""]:
        if line.strip():
            run.append(line.strip())
            continue
        if run:
            out.extend(reflow(run))
            run = []
        out.append(line)
    return out[:-1]


# ---------------------------------------------------------------- Markdown

def read_md(path: str, data: bytes) -> list[Block]:
    from markdown_it import MarkdownIt

    text = decode_text(data, path)
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    blocks: list[Block] = []
    level: int | None = None
    number = ""  # an ordered list's "1. " is the document's own numbering: keep it
    row: list[str] | None = None  # a table row becomes one block, cells joined by tabs (as in docx)
    for tok in tokens:
        if tok.type == "heading_open":
            level = int(tok.tag[1])
        elif tok.type == "heading_close":
            level = None
        elif tok.type == "list_item_open":
            number = f"{tok.info}{tok.markup} " if tok.info else ""
        elif tok.type == "tr_open":
            row = []
        elif tok.type == "tr_close":
            if row:
                blocks.append(Block(text="\t".join(row)))
            row = None
        elif tok.type == "inline" and row is not None:
            cell = " ".join(_md_inline_text(tok).split())
            if cell:
                row.append(cell)
        elif tok.type == "inline":
            content = number + _md_inline_text(tok)
            number = ""
            for line in content.split("\n"):
                if line.strip():
                    blocks.append(Block(text=line, style_level=level))
        elif tok.type in ("code_block", "fence"):
            blocks.extend(Block(text=line) for line in tok.content.splitlines() if line.strip())
    return blocks


def _md_inline_text(tok) -> str:
    parts = []
    for child in tok.children or []:
        if child.type in ("text", "code_inline", "html_inline"):
            parts.append(child.content)
        elif child.type == "softbreak":
            parts.append("")  # Chinese text wraps without spaces
        elif child.type == "hardbreak":
            parts.append("\n")
        elif child.type == "image":
            parts.append(child.content)
    return "".join(parts)


# ---------------------------------------------------------------- HTML

_BLOCK_TAGS = {
    "p", "div", "li", "tr", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article",
    "blockquote", "pre", "dd", "dt", "caption", "table", "ul", "ol", "body", "center",
}
_DROP_TAGS = ("script", "style", "noscript", "template", "iframe", "svg", "head", "nav", "form", "button",
              "header", "footer", "aside")
# Site chrome by class or id: breadcrumbs, menus, sharing bars, footers.
_CHROME_ATTR = re.compile(r"(?:^|[\s_-])(?:breadcrumbs?|crumbs?|position|location|footer|copyright|share|sidebar"
                          r"|menu|nav|navbar|header|topbar|toolbar)(?:$|[\s_-])", re.I)
_CHROME_LINE = re.compile(r"^(当前位置|您现在的位置|你的位置|所在位置|关联稿件|相关稿件|相关链接|相关文章|相关阅读)[:：]?")


def read_html(path: str, data: bytes) -> list[Block]:
    from bs4 import BeautifulSoup, NavigableString
    from bs4.element import Comment

    text = _decode_html(data, path)
    soup = BeautifulSoup(text, "lxml")
    page_title = _page_title(soup)
    for tag in soup(_DROP_TAGS):
        tag.decompose()
    for tag in soup.find_all(_is_chrome):
        tag.decompose()
    _unwrap_layout_tables(soup)
    _rows_to_lines(soup)
    blocks: list[Block] = []
    current: list[str] = []
    owner = None

    def flush() -> None:
        line = "".join(current).strip()
        if line:
            name = getattr(owner, "name", "") or ""
            level = int(name[1]) if re.fullmatch(r"h[1-6]", name) else None
            if not (hasattr(owner, "get") and owner.get(_ROW_MARK)):
                line = re.sub(r"\s+", " ", line)
            blocks.append(Block(text=line, style_level=level))
        current.clear()

    # the page's own text: its <article> or <main> when it marks one, else the whole body
    root = soup.find("article") or soup.find("main") or soup.body or soup
    for node in root.descendants:
        if not isinstance(node, NavigableString) or isinstance(node, Comment):
            if getattr(node, "name", None) == "br":
                flush()
            continue
        parent = node.parent
        while parent is not None and parent.name not in _BLOCK_TAGS:
            parent = parent.parent
        if parent is not owner:
            flush()
            owner = parent
        current.append(str(node))
    flush()
    if not blocks:
        raise ParseError("HTML 中没有正文文字", path=path)
    return _title_first(blocks, page_title)


_DOC_WORDS = re.compile(r"总结|计划|报告|讲话|方案|要点|通知|意见|公报|规定|办法|决定|条例|规划|纲要|通报|致辞")
_SITE_SEPARATOR = re.compile(r"\s+[_|｜\-—–]+\s+|\s*[|｜]\s*|_")


def _page_title(soup) -> list[str]:
    """The parts of <title> (「公报标题 | 某某人民政府」) that may be the document's title, longest first."""
    tag = soup.find("title")
    if tag is None:
        return []
    parts = [p.strip() for p in _SITE_SEPARATOR.split(tag.get_text(" ", strip=True)) if p.strip()]
    return sorted((p for p in parts if 4 <= len(p) <= 80), key=len, reverse=True)


def _title_first(blocks: list[Block], parts: list[str]) -> list[Block]:
    """Put the page's title first: move the line that repeats a part of <title> to the top (site
    furniture such as 索引号/生成日期 tables then follows it), or add the part that names a kind of
    document when the page body never states it."""
    keys = {re.sub(r"\s+", "", p) for p in parts}
    named = [p for p in parts if _DOC_WORDS.search(p)]
    for i, block in enumerate(blocks[:60]):
        text = re.sub(r"\s+", "", block.text)
        if text in keys:
            return blocks if i == 0 else [block, *blocks[:i], *blocks[i + 1:]]
        fuller = next((p for p in named if block.style_level == 1 and len(text) >= 4
                       and text in re.sub(r"\s+", "", p)), None)
        if fuller:
            # <h1>政府工作报告（节选）</h1> under <title>2024年某县政府工作报告（节选）</title>: one title,
            # the fuller one, so the title is never stated twice
            return [replace(block, text=fuller), *blocks[:i], *blocks[i + 1:]]
    return [Block(text=named[0]), *blocks] if named else blocks


_ROW_MARK = "data-sucai-row"
_LAYOUT_INSIDE = ("table", "p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "img", "center")
_CELL_PROSE = 150  # a cell holding this much text is a page column, not a datum


def _links_only(cell) -> bool:
    text = cell.get_text(strip=True)
    return not text or "".join(a.get_text(strip=True) for a in cell.find_all("a")) == text


def _unwrap_layout_tables(soup) -> None:
    """Tables used for page layout (a nested table, paragraphs or long text in a cell, one cell per
    row) become plain blocks so their text flows as paragraphs; data tables stay tables.

    Inner tables are judged first: a data table inside a layout table stays a data table."""
    for table in reversed(soup.find_all("table")):
        rows = [tr for tr in table.find_all("tr") if tr.find_parent("table") is table]
        cells = [c for tr in rows for c in tr.find_all(["td", "th"], recursive=False)]
        layout = (
            not rows
            or all(len(tr.find_all(["td", "th"], recursive=False)) <= 1 for tr in rows)
            or any(c.find(_LAYOUT_INSIDE) is not None for c in cells)
            or any(len(c.get_text(strip=True)) > _CELL_PROSE for c in cells)
        )
        if not layout:
            if cells and all(_links_only(c) for c in cells):
                table.decompose()  # a menu laid out as a table: 首页 | 政务公开 | 办事服务
            continue
        for tag in (table, *rows, *cells):
            tag.name = "div"
        for section in table.find_all(["tbody", "thead", "tfoot"]):
            if section.find_parent("div") is table:
                section.name = "div"


def _rows_to_lines(soup) -> None:
    """Replace each <tr> with a paragraph of its cell texts joined by tabs, as the docx reader does.

    Inner tables go first (reversed document order) so an outer row still sees its cells.
    """
    for tr in reversed(soup.find_all("tr")):
        cells = [" ".join(cell.get_text().split()) for cell in tr.find_all(["td", "th"], recursive=False)]
        line = soup.new_tag("p", attrs={_ROW_MARK: "1"})
        line.string = "\t".join(c for c in cells if c)
        tr.replace_with(line)


def _is_chrome(tag) -> bool:
    if tag.name in ("html", "body", "article", "main") or tag.attrs is None:
        return False
    marks = " ".join([tag.get("id") or "", *(tag.get("class") or [])])
    if marks and _CHROME_ATTR.search(marks):
        return True
    text = tag.get_text(" ", strip=True) if tag.name in ("div", "p", "span", "li", "h2", "h3", "h4", "h5", "h6") else ""
    return bool(text) and len(text) < 120 and bool(_CHROME_LINE.match(text))


def _decode_html(data: bytes, path: str) -> str:
    m = re.search(rb"""<meta[^>]+charset=["']?([A-Za-z0-9_-]+)""", data[:4096], re.I)
    if m:
        enc = m.group(1).decode("ascii").lower()
        if enc in ("gb2312", "gbk"):
            enc = "gb18030"
        try:
            return data.decode(enc)
        except (LookupError, UnicodeDecodeError):
            pass
    return decode_text(data, path)


# ---------------------------------------------------------------- Word

DOCX_MAX_UNPACKED = 256 * 1024 * 1024  # all parts of one docx, uncompressed


def read_docx(path: str, data: bytes) -> list[Block]:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph as DocxParagraph

    if not data.startswith(b"PK\x03\x04"):
        raise ParseError("文件内容不是 docx（不是 ZIP 格式的 Word 文档）", path=path)
    # bounded before python-docx inflates every part: a small docx must not unpack into gigabytes
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise ParseError(f"docx 文件已损坏或被截断：{exc}", path=path) from exc
    with package:
        check_members(package, name=Path(path).name, max_total=DOCX_MAX_UNPACKED)
    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise ParseError(f"docx 文件已损坏或被截断：{exc}", path=path) from exc
    except Exception as exc:  # python-docx raises several private types for broken packages
        raise ParseError(f"无法打开 docx：{exc}", path=path) from exc
    blocks: list[Block] = []
    blank = 0
    names: dict[str | None, str] = {}
    for child in document.element.body.iterchildren():
        if not isinstance(child.tag, str):
            continue  # XML comments and processing instructions carry no text
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            para = DocxParagraph(child, document)
            text = para.text.strip()
            if not text:
                blank += 1
                continue
            blocks.append(Block(text=text, style_level=_docx_level(para, names), blank_before=blank))
            blank = 0
        elif tag == "tbl":
            for row in Table(child, document).rows:
                cells = []
                for cell in row.cells:
                    value = cell.text.strip()
                    if value and (not cells or cells[-1] != value):  # merged cells repeat
                        cells.append(value)
                if cells:
                    blocks.append(Block(text="\t".join(cells), blank_before=blank))
                    blank = 0
    if not blocks:
        raise ParseError("docx 中没有文字", path=path)
    return blocks


def _style_name(para, names: dict[str | None, str]) -> str:
    """The paragraph's style name, looked up once per style id: python-docx resolves the default
    style by scanning every style for each paragraph (minutes for a document of 100,000 lines)."""
    ppr = para._p.pPr
    style_id = ppr.pStyle.val if ppr is not None and ppr.pStyle is not None else None
    if style_id not in names:
        names[style_id] = (para.style.name if para.style is not None else "") or ""
    return names[style_id]


def _docx_level(para, names: dict[str | None, str]) -> int | None:
    name = _style_name(para, names)
    m = re.match(r"(?:Heading|标题)\s*(\d)", name, re.I)
    if m:
        return int(m.group(1))
    if name.lower() == "title" or name == "标题":
        return 1
    ppr = para._p.pPr
    if ppr is not None:
        lvl = ppr.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}outlineLvl")
        if lvl is not None:
            val = lvl.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}val")
            if val is not None and val.isdigit() and int(val) < 9:
                return int(val) + 1
    return None


# ---------------------------------------------------------------- PDF

_SENTENCE_END = tuple("。！？；：”」』）)")
_HEADING_START = re.compile(
    r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+(?:[.．](?!\d)|、)|（\d+）|第[一二三四五六七八九十百]+[章节条])"
)


def read_pdf(path: str, data: bytes) -> list[Block]:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    if not data.startswith(b"%PDF-"):
        raise ParseError("文件内容不是 PDF", path=path)
    try:
        reader = PdfReader(io.BytesIO(data))
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, ValueError, KeyError, TypeError) as exc:
        raise ParseError(f"PDF 已损坏，无法读取：{exc}", path=path) from exc
    # pages without a text layer are scans: they are read with OCR (sucai/ingest/ocr.py)
    scanned = {i for i, text in enumerate(pages) if len(re.sub(r"\s", "", text)) < 10}
    if scanned:
        from .ocr import read_pdf_pages

        blocks = read_pdf_pages(path, data, pages, scanned, _pdf_text_blocks)
    else:
        blocks = _pdf_text_blocks(pages)
    if sum(len(b.text) for b in blocks) < 10:
        raise ParseError("PDF 中没有文字（文字层为空，OCR 也没有识别出文字）", path=path)
    return blocks


def _pdf_text_blocks(pages: list[str]) -> list[Block]:
    """Paragraphs of text-layer pages: lines joined where the page width broke them."""
    lines = [ln.strip() for page in pages for ln in page.splitlines()]
    lines = [ln for ln in lines if ln and not re.fullmatch(r"[-—－\s]*\d+[-—－\s]*", ln)]  # page numbers
    return [Block(text=_PDF_GAP.sub("", t)) for t in reflow(lines)]


# Text layers space out Han characters and the figures between them (「税 务 总 局」, 「2019 年 1 月」);
# the document has no such spaces.  Spaces between Latin words stay.
_PDF_GAP = re.compile(r"(?<=[\u4e00-\u9fff\d%])[ \u3000]+(?=[\u4e00-\u9fff])|(?<=[\u4e00-\u9fff])[ \u3000]+(?=\d)")


_BAR_END = ("|", "｜")


def reflow(lines: list[str]) -> list[str]:
    """Join PDF lines that a page width broke, keeping real paragraph ends.

    A line ends a paragraph when it ends a sentence and is visibly shorter than
    the page's full lines, or when the next line starts a numbered heading; a table
    row written with bars (「栏目: | 部门文件 |」) is a line of its own.
    """
    if not lines:
        return []
    full = sorted(len(ln) for ln in lines)[int(len(lines) * 0.8)]
    out: list[str] = []
    buf = ""
    for i, line in enumerate(lines):
        buf += line
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        short = len(line) < full * 0.85
        if not nxt or _HEADING_START.match(nxt) or (short and (line.endswith(_SENTENCE_END) or len(line) < 40)) \
                or line.endswith(_BAR_END) or nxt.endswith(_BAR_END):
            out.append(buf)
            buf = ""
    if buf:
        out.append(buf)
    return out


# ---------------------------------------------------------------- registry

READERS: dict[str, Reader] = {
    ".txt": read_txt,
    ".text": read_txt,
    ".md": read_md,
    ".markdown": read_md,
    ".html": read_html,
    ".htm": read_html,
    ".docx": read_docx,
    ".pdf": read_pdf,
    ".png": read_image,
    ".jpg": read_image,
    ".jpeg": read_image,
    ".tif": read_image,
    ".tiff": read_image,
}

_EXPECTED_MAGIC = {".docx": "ZIP/Office", ".pdf": "PDF", ".png": "PNG 图片", ".jpg": "JPEG 图片",
                   ".jpeg": "JPEG 图片", ".tif": "TIFF 图片", ".tiff": "TIFF 图片"}


def read_file(path: Path) -> list[Block]:
    """Read one file into blocks, or raise ParseError/UnsupportedFormat naming the problem."""
    suffix = path.suffix.lower()
    shown = str(path)
    reader = READERS.get(suffix)
    if reader is None:
        if suffix == ".doc":
            raise UnsupportedFormat("不支持旧版 .doc 文件，请在 Word/WPS 中另存为 .docx 后再导入", path=shown)
        raise UnsupportedFormat(f"不支持的文件类型“{suffix or '无扩展名'}”（支持 txt、docx、pdf、md、html，以及扫描件图片 png、jpg、tiff）", path=shown)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ParseError(f"无法读取文件：{exc.strerror}", path=shown) from exc
    if not data.strip():
        raise ParseError("文件为空", path=shown)
    found = sniff(data)
    expected = _EXPECTED_MAGIC.get(suffix)
    if found != expected and (found is not None or expected is not None):
        what = found or "文本"
        raise ParseError(f"文件内容是{what}，与扩展名 {suffix} 不符", path=shown)
    return reader(shown, data)
