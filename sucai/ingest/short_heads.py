"""Short unnumbered section headings between paragraphs of prose.

A report without numbers may head its sections with a bare noun phrase on a line of its own:

    （a paragraph of prose ending in 。）
    基本情况
    （a paragraph of prose）
    调研过程
    （a paragraph of prose）

A line is such a heading when it is SHORT_MIN–SHORT_MAX Han characters and nothing else (no punctuation, digit,
space or letter), the line before it is prose ending in a sentence end, the line after it is prose (PROSE_MIN
characters or more, with a sentence end), and at least one other line of the document has the same shape: one
bare phrase between prose is as often a slogan or a name as a heading, two make a pattern.  Documents with
numbered top-level sections of their own (一、, 第一章, （一）) are left alone: there the numbers are the sections.
A 心得 or feature may head its sections with two short phrases joined by a comma (「躬身实践，在基层中成长」,
glyph notes 「(jiàn)」 not counted):
the same rule holds for that shape, each shape counted on its own.  The body's first line may be a heading (the
title is above it), and a line introducing what follows (「…总结如下：」) or a figure's caption (「图1：…」) may stand
before one as a paragraph's end does.
A 述职 text may ask its sections as questions in matched words (「…以身作则，不知大家是否满意？」 and
「…民主治校，不知大家是否满意？」): short questions between prose, two or more ending in the same ASKED_SAME
characters, are headings too.
Between two such headings a line of the same shape heads a section told in one short sentence (SHORT_PROSE
characters or more, with a sentence end).
A salutation (同志们, 各位代表) or a closing (特此报告) is no heading.
A phrase of SHORT_MIN–BRACKET_MAX Han characters set in brackets on a line of its own (「[乡村公路]」, 「【乡村公路】」)
between prose is a heading even alone: the brackets mark it as one.

A bare heading with a bare heading right below it and no prose between (「调查结果分析」 then 「经济发展现状」) heads
those below it as its sections (short_children), up to the next such heading or a concluding one (「建议与展望」).
A first line of that bare shape that names no kind of document (报告, 总结…) is the first of these headings,
not the text's title, when two or more such headings follow (heads_first_section).

Pure function over the blocks: it only names the indices of such lines.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ..models import Block

SHORT_MIN = 4
SHORT_MAX = 8
PROSE_MIN = 40
SHORT_PROSE = 20  # between two headings of a run, a section told in one sentence this long or longer
_BARE = re.compile(rf"[\u4e00-\u9fff]{{{SHORT_MIN},{SHORT_MAX}}}")
_SECTIONS = re.compile(r"^[\s#]*(?:[一二三四五六七八九十]{1,3}[、.．]|第[一二三四五六七八九十]{1,3}[章部]|"
                       r"[（(][一二三四五六七八九十]{1,3}[)）])")
PAIRED_MAX = 22
_PAIRED = re.compile(rf"(?=.{{6,{PAIRED_MAX}}}$)[\u4e00-\u9fff]{{2,14}}[，,][\u4e00-\u9fff]{{3,12}}")
_GLYPH_NOTE = re.compile(r"[(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,7}[)）]")
_CAPTION = re.compile(r"^\s*图\s*\d{1,2}\s*[:：.．]")
_ENDS = ("。", "！", "？", "”", "」")
_GREETING = ("们", "代表", "领导", "来宾", "嘉宾", "委员")
BRACKET_MAX = 16
_BRACKETED = re.compile(rf"[\[【][\u4e00-\u9fff]{{{SHORT_MIN},{BRACKET_MAX}}}[\]】]")


def short_headings(blocks: list[Block]) -> set[int]:
    """Indices of the blocks that are short unnumbered section headings (see the module notes)."""
    if any(_SECTIONS.match(b.text) for b in blocks):
        return set()
    found: set[int] = set()
    for shape in (_bare, _paired, _bracketed):
        lines = _lines(blocks, shape)
        if len(lines) >= 2 or (lines and shape is _bracketed):
            found.update(lines)
            if shape is _bare:
                found.update(_nested(blocks, lines)[0])
    asked: dict[str, list[int]] = {}
    for i in range(len(blocks) - 1):
        if _asked(blocks[i].text) and _prose(blocks[i + 1].text) and (i == 0 or _closed(blocks[i - 1].text)):
            asked.setdefault(blocks[i].text.strip()[-ASKED_SAME:], []).append(i)
    found.update(i for lines in asked.values() if len(lines) >= 2 for i in lines)
    return found


def _lines(blocks: list[Block], shape: Callable[[str], bool]) -> list[int]:
    """The lines of one shape between prose; between two of them a section may be told in one short sentence."""
    lines = [i for i in range(len(blocks) - 1) if shape(blocks[i].text) and _prose(blocks[i + 1].text)
             and (i == 0 or _closed(blocks[i - 1].text))]
    if len(lines) < 2:
        return lines
    return sorted({*lines, *(i for i in range(lines[0] + 1, lines[-1]) if shape(blocks[i].text)
                             and _prose(blocks[i + 1].text, SHORT_PROSE) and _closed(blocks[i - 1].text))})


ASKED_MAX = 30
ASKED_SAME = 5
_QUESTION = re.compile(rf"[^。；;：:！!？?]{{6,{ASKED_MAX}}}[？?]")


def _asked(text: str) -> bool:
    """A short question on a line of its own: 「我总是想着要以身作则，不知大家是否满意？」."""
    return len(text) <= ASKED_MAX + 4 and _QUESTION.fullmatch(text.strip()) is not None


def _bracketed(text: str) -> bool:
    """「[乡村公路]」: a short phrase in brackets, glyph notes aside."""
    if len(text) > 3 * PAIRED_MAX or text.lstrip()[:1] not in "[【":
        return False
    s = _GLYPH_NOTE.sub("", text.strip()) if "(" in text or "（" in text else text.strip()
    return _BRACKETED.fullmatch(s) is not None


def _closed(text: str) -> bool:
    """The line before a heading ends a paragraph, or introduces what follows (「…总结如下：」), or is a figure's
    caption."""
    return text.rstrip().endswith((*_ENDS, "：", ":")) or _CAPTION.match(text) is not None


def _paired(text: str) -> bool:
    """Two short phrases joined by one comma: 「躬身实践，在基层中成长」."""
    if len(text) > 3 * PAIRED_MAX:
        return False
    s = _GLYPH_NOTE.sub("", text.strip()) if "(" in text or "（" in text else text.strip()
    return _PAIRED.fullmatch(s) is not None and not s.endswith(_GREETING)


def _bare(text: str) -> bool:
    if len(text) > SHORT_MAX + 6:
        return False
    s = text.strip()
    return _BARE.fullmatch(s) is not None and not s.endswith(_GREETING) and not s.startswith(("特此", "此致"))


def _prose(text: str, least: int = PROSE_MIN) -> bool:
    return len(text) >= least and bool(re.search(r"[。！？]", text))


def heads_first_section(blocks: list[Block], kind_word: re.Pattern[str]) -> bool:
    """The first line is the first of the text's short bare headings, not its title: bare like them, no kind of
    document named (kind_word), prose below it, and two or more lines of that shape between prose further on."""
    if len(blocks) < 2 or not _bare(blocks[0].text) or kind_word.search(blocks[0].text) or not _prose(blocks[1].text):
        return False
    if any(_SECTIONS.match(b.text) for b in blocks):
        return False
    later = [i for i in range(2, len(blocks) - 1) if _bare(blocks[i].text) and _prose(blocks[i + 1].text)
             and _closed(blocks[i - 1].text)]
    return len(later) >= 2


# a last section that concludes (「建议与展望」, 「结语」) stands at the top level again
_CLOSING = re.compile(r"建议|展望|结语|结论|结束语|下一?步|打算")


def _nested(blocks: list[Block], lines: list[int]) -> tuple[list[int], list[int]]:
    """Bare headings with no prose under them but a bare heading right below (「调查结果分析」 then 「经济发展现状」
    and its prose): the parents, and the bare headings of `lines` from there on that are their children, up to the
    next parent or a concluding heading."""
    parents = [i for i in range(len(blocks) - 2) if i not in lines and _bare(blocks[i].text)
               and _bare(blocks[i + 1].text) and _prose(blocks[i + 2].text) and (i == 0 or _closed(blocks[i - 1].text))]
    children: list[int] = []
    for parent in parents:
        for k in (parent + 1, *(k for k in lines if k > parent + 1)):
            if k in parents or _CLOSING.search(blocks[k].text):
                break
            children.append(k)
    return parents, children


def short_children(blocks: list[Block]) -> set[int]:
    """The bare headings that are sections of a bare heading above them (see _nested)."""
    if any(_SECTIONS.match(b.text) for b in blocks):
        return set()
    lines = _lines(blocks, _bare)
    return set(_nested(blocks, lines)[1]) if len(lines) >= 2 else set()
