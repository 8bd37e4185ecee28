"""From OCR text lines with boxes to the paragraphs of a page-set document (pure).

An OCR engine gives lines in page coordinates.  Official documents are set in one column:
a paragraph starts with a two-character indent, a centred line stands alone (titles, some
headings), and a line that stops well short of the right margin ends its paragraph.  Chinese
lines wrap mid-sentence, so the lines of a paragraph are joined without spaces.  Running headers,
footers and page numbers are recognised by their place on the page and by repeating on pages.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from statistics import median

from ..models import Block


@dataclass(frozen=True)
class Line:
    x0: float
    y0: float
    x1: float
    y1: float
    text: str

    @property
    def height(self) -> float:
        return self.y1 - self.y0


@dataclass
class Page:
    width: float
    height: float
    lines: list[Line]
    # everything above this y is the red 版头 (issuing office, document number, red rule)
    body_top: float = 0.0
    lines_kept: list[Line] = field(default_factory=list)


_PAGE_NUMBER = re.compile(
    r"^[-—－–~一_·.\s]*\d{1,4}[-—－–~一_·.\s]*$"          # — 1 —, -1-, 1
    r"|^第\s*\d{1,4}\s*页(\s*[,，/]?\s*共\s*\d{1,4}\s*页)?$"  # 第 1 页 共 3 页
    r"|^\d{1,4}\s*/\s*\d{1,4}$"                             # 1/3
)
_HAN = r"\u3400-\u9fff\uf900-\ufaff"
_GAP = re.compile(rf"(?<=[{_HAN}\d%，。、；：？！“”（）《》])\s+|\s+(?=[{_HAN}，。、；：？！“”（）《》])")


_FULL = str.maketrans({"(": "（", ")": "）", ":": "：", ";": "；", ",": "，", "?": "？", "!": "！"})
_HALF_PUNCT = re.compile(rf"(?<=[{_HAN}（）“”])[(),:;?!]|[(),:;?!](?=[{_HAN}（）“”])")


# the dash 「——」 (leading a list line, or between clauses) comes out as - _ — ” 1- and the like
_DASH_START = re.compile(rf"^(?=.{{0,2}}[-_—–‐－])[-_—–‐－”\"1一]{{1,3}}(?=[{_HAN}])")
_DASH_MID = re.compile(rf"(?<=[{_HAN}，。])[-_—–‐－]{{1,3}}(?=[{_HAN}])")
_DIGIT_PARENS = re.compile(r"\((\d{1,2})\)")
_LAW_MARK = re.compile(r"^第\s*[一二三四五六七八九十百零〇\s]+[编章节条]\s+\S")
# Chinese typesetting never starts a line with closing punctuation; there it is a speck misread
_SPECK_START = re.compile(rf"^[”’」』）》〉，。、；：？！.,·'`~_]+\s*(?=[{_HAN}\d“（(《])")


def clean_text(text: str) -> str:
    """Drop the spaces OCR puts between Han characters and around Chinese punctuation, and give
    punctuation next to Han characters its full-width form, as the document has it."""
    law = _LAW_MARK.match(text.strip())  # 「第一章 总则」「第五条 …」 keep the space a law prints after its number
    text = _SPECK_START.sub("", _DIGIT_PARENS.sub(r"（\1）", _GAP.sub("", text.strip())))
    if law and _LAW_MARK.match(text) is None:
        text = re.sub(r"^(第[一二三四五六七八九十百零〇]+[编章节条])", r"\1 ", text)
    text = _HALF_PUNCT.sub(lambda m: m.group().translate(_FULL), text)
    return _DASH_MID.sub("——", _DASH_START.sub("——", text))


def is_page_number(text: str) -> bool:
    return bool(_PAGE_NUMBER.match(re.sub(r"^\W+|\W+$", "", text) or text))


def _rows(lines: list[Line]) -> list[Line]:
    """Merge pieces that sit side by side on one row; order rows top to bottom, pieces left to right."""
    rows: list[list[Line]] = []
    for line in sorted(lines, key=lambda ln: (ln.y0 + ln.y1) / 2):
        if rows:
            last = rows[-1][-1]
            overlap = min(last.y1, line.y1) - max(last.y0, line.y0)
            beside = line.x0 >= last.x1 or line.x1 <= last.x0
            if beside and overlap > 0.5 * min(last.height, line.height):
                rows[-1].append(line)
                continue
        rows.append([line])
    merged = []
    for row in rows:
        row.sort(key=lambda ln: ln.x0)
        text = " ".join(ln.text for ln in row)
        merged.append(Line(min(ln.x0 for ln in row), min(ln.y0 for ln in row), max(ln.x1 for ln in row),
                           max(ln.y1 for ln in row), text))
    return merged


def _key(text: str) -> str:
    return re.sub(r"\d+|\s+", "", text)


def _strip_furniture(pages: list[Page]) -> None:
    """Keep each page's body lines: drop page numbers near the top or bottom, and a short first or
    last line that repeats on other pages (a running header or footer, numbers aside)."""
    edges: Counter[str] = Counter()
    for page in pages:
        rows = [ln for ln in _rows(page.lines) if ln.y0 >= page.body_top and clean_text(ln.text)]
        page.lines_kept = rows
        edges.update({_key(ln.text) for ln in rows[:1] + rows[-1:] if len(_key(ln.text)) <= 30})
    repeated = {k for k, n in edges.items() if n >= 2 and k}
    for page in pages:
        rows = page.lines_kept
        ends = {id(ln) for ln in rows[:1] + rows[-1:]}
        near_ends = {id(ln) for ln in rows[:2] + rows[-2:]}
        page.lines_kept = [
            ln for ln in rows
            if not ((id(ln) in near_ends and is_page_number(ln.text)) or (id(ln) in ends and _key(ln.text) in repeated))
        ]


def _units(text: str) -> float:
    """Width of a text in character cells: Han and full-width count 1, ASCII about a half."""
    return sum(0.55 if ord(ch) < 128 else 1.0 for ch in text if not ch.isspace()) or 1.0


@dataclass(frozen=True)
class _Frame:
    left: float
    right: float
    cell: float   # the width of one Han character
    height: float  # the height of a body line


def _frame(lines: list[Line]) -> _Frame:
    long = [ln for ln in lines if _units(ln.text) >= 8] or lines
    lefts = sorted(ln.x0 for ln in long)
    rights = sorted(ln.x1 for ln in long)
    cell = median((ln.x1 - ln.x0) / _units(clean_text(ln.text)) for ln in long)
    # the text block's edges: most lines touch the right edge, most non-indented lines the left
    # (quartiles, not extremes: a speck read as a character can stick out on either side)
    left = lefts[len(lefts) // 5]
    right = rights[int(len(rights) * 0.75)]
    return _Frame(left, right, cell, median(ln.height for ln in long))


def _centred(line: Line, frame: _Frame) -> bool:
    middle = (frame.left + frame.right) / 2
    return (abs((line.x0 + line.x1) / 2 - middle) < 1.5 * frame.cell
            and line.x0 - frame.left > 2.5 * frame.cell and frame.right - line.x1 > 2.5 * frame.cell)


_SUBTITLE = re.compile(r"^(?:——.{6,}|[（(].{6,})")  # ——在…会议上的讲话, （2024年1月5日…）


def _mid(line: Line, frame: _Frame) -> bool:
    return abs((line.x0 + line.x1) / 2 - (frame.left + frame.right) / 2) < 1.5 * frame.cell


def _title_goes_on(prev: Line, line: Line, frame: _Frame, same_page: bool) -> bool:
    """A long title set on two centred lines of its larger type, close together, is one paragraph
    (its first line may fill the width); a ——subtitle or a sentence's end starts a new one."""
    title_type = max(prev.height, line.height) > 1.2 * frame.height
    return (same_page and _mid(prev, frame) and _centred(line, frame)
            and (title_type or _centred(prev, frame))
            and abs(prev.height - line.height) < 0.35 * max(prev.height, line.height)
            and line.y0 - prev.y1 < 0.8 * max(prev.height, line.height)
            and not _SUBTITLE.match(clean_text(line.text))
            and not clean_text(prev.text).endswith(("。", "！", "？", "：")))


def _starts_paragraph(prev: Line | None, line: Line, frame: _Frame, same_page: bool) -> bool:
    if prev is None:
        return True
    if _centred(line, frame) or _centred(prev, frame):
        return not _title_goes_on(prev, line, frame, same_page)
    if line.x0 - frame.left > 1.3 * frame.cell:  # an indent is two characters
        return True
    if prev.x1 < frame.right - 2.0 * frame.cell:
        return True
    return same_page and line.y0 - prev.y1 > 2.2 * frame.height


_NUMERALS = "一二三四五六七八九十"
# a bracketed sub-heading number at a paragraph's start, as OCR reads it: 〈T) (全 人三） [四]
_BRACKET = re.compile(r"^[（(〈<{\[［【人]?\s*([^\s()（）]{1,3}?)\s*[)）〉>}\]］】]\s*\.?")
_TOP = re.compile(rf"^[{_NUMERALS}]{{1,3}}[、，,.]")


def _numeral(n: int) -> str:
    if n <= 10:
        return _NUMERALS[n - 1]
    return ("" if n < 20 else _NUMERALS[n // 10 - 1]) + "十" + (_NUMERALS[n % 10 - 1] if n % 10 else "")


def _cn_value(text: str) -> int | None:
    for n in range(1, 40):
        if _numeral(n) == text:
            return n
    return None


def repair_markers(texts: list[str]) -> list[str]:
    """Give misread （一）…（十） sub-heading numbers their number back: OCR reads the brackets of
    「（一）」 as 〈 ( 人 T and the like.  A marker that is not a numeral takes the number after the
    previous one under the same top heading (「一、」), so the outline stays whole."""
    out = []
    count = 0
    for text in texts:
        if _TOP.match(text):
            count = 0
        m = _BRACKET.match(text)
        if m and not m.group(1).isdigit():
            value = _cn_value(m.group(1))
            count = value if value else count + 1
            text = f"（{_numeral(count)}）" + text[m.end():]
        out.append(text)
    return out


def paragraphs(pages: list[Page]) -> list[Block]:
    """The paragraphs of a scanned document, in page order, as Blocks for the ingest pipeline."""
    _strip_furniture(pages)
    lines = [ln for page in pages for ln in page.lines_kept]
    if not lines:
        return []
    frame = _frame(lines)
    out: list[list[str]] = []
    prev: Line | None = None
    for page in pages:
        for i, line in enumerate(page.lines_kept):
            if _starts_paragraph(prev, line, frame, same_page=i > 0) or not out:
                out.append([])
            out[-1].append(clean_text(line.text))
            prev = line
    texts = repair_markers(["".join(parts) for parts in out])
    return [Block(text=t) for t in texts if t]
