"""Parallel lead sentences inside a numbered section: unnumbered second-level headings.

Under 「一、过去五年工作回顾」 a report may go on with paragraphs that each open with a short lead sentence and
then tell it (「农业生产稳中有升，粮食产量再创新高。全年…」, 「交通条件明显改善，出行更加便捷。五年来…」), or a
speech with its theses (「学习是干部成长的阶梯。…」, 「学习是推动工作的动力。…」).  Two or more
such paragraphs in a row are headings one level below the section when their leads are alike: they open with
the same two characters and are of about the same length (±2), or each is two clauses joined by one comma of
about the same lengths (±1).  A lead is LEAD_MIN–LEAD_MAX characters closed by a full stop (glyph notes
「(chéng)」 not counted), at most one comma, not in the first person nor dated nor announcing a list, followed by
prose; a lead behind a dash (「——财政收入稳步增长。…」) is an item of a list of results, not a heading.
Only sections with no numbered lines of their own below the top-level number are looked at: where the
section numbers its parts, the numbers are its headings.  A lead over paragraphs of figures (digits FIGURES of
their text or more) sums up its own paragraph (a statistical bulletin's 「工业生产平稳增长。全年…」) rather than
heading a part.  Each lead paragraph is cut after its lead (the lead a
heading line, the prose its body); no character is dropped.

Pure function over the blocks.
"""

from __future__ import annotations

import re

from ..models import Block
from ..zh import sentence_end
from .line_fixes import cut_blocks
from .lost_marks import LEAD_MAX, LEAD_MIN
from .short_heads import short_children

PROSE_MIN = 30  # a lead's paragraph goes on with this much prose at least (a cut-off page may end early)

FIGURES = 0.15
_DIGIT = re.compile(r"\d")
_TOP = re.compile(r"^\s*[一二三四五六七八九十]{1,3}、")
_NUMBERED = re.compile(r"^\s*(?:[（(][一二三四五六七八九十\d]{1,3}[)）]|\d{1,2}[、.．]\D|[\u2460-\u2473]|"
                       r"[一二三四五六七八九十]{1,2}是|第[一二三四五六七八九十]{1,3}[，,是])")
_GLYPH_NOTE = re.compile(r"[(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,7}[)）]")
_NOT_A_HEAD = re.compile(r"我|以下|如下|几|[一二三四五六七八九十两]个?方面|(?:19|20)\d\d|今年|上半年|以来|[：:？?！!；;]")


def section_leads(blocks: list[Block]) -> tuple[list[Block], set[int]]:
    """The blocks with each lead paragraph cut in two, and the indices of the lead lines (see module notes)."""
    cuts: dict[int, int] = {}
    section: list[int] | None = None  # the paragraphs of the open 一、 section, None where none is open
    for i, block in enumerate([*blocks, Block("一、")]):
        if _TOP.match(block.text):
            cuts.update(_alike_run(blocks, section))
            section = []
        elif section is not None and _NUMBERED.match(block.text):
            section = None  # the section numbers its own parts
        elif section is not None:
            section.append(i)
    if not cuts:
        return blocks, short_children(blocks)  # bare headings under a bare heading (short_heads.py)
    return cut_blocks(blocks, cuts, cuts)


def _alike_run(blocks: list[Block], section: list[int] | None) -> dict[int, int]:
    """{index: cut} of the longest run of consecutive alike lead paragraphs in one section, two or more."""
    if not section:
        return {}
    leads = {i: lead for i in section if (lead := _lead(blocks[i].text)) is not None}
    best: list[int] = []
    for i in leads:
        run = [i]
        while run[-1] + 1 in leads and _alike(leads[run[0]][1], leads[run[-1] + 1][1]):
            run.append(run[-1] + 1)
        best = run if len(run) > len(best) else best
    if len(best) < 2 or _figures(blocks[i].text for i in best):
        return {}
    return {i: leads[i][0] for i in best}


def _figures(texts) -> bool:
    """The paragraphs report figures (a statistical bulletin's): digits make up FIGURES of their text or more."""
    texts = list(texts)
    return sum(len(_DIGIT.findall(t)) for t in texts) >= FIGURES * sum(len(t) for t in texts)


def _lead(text: str) -> tuple[int, str] | None:
    if text[:1].isspace() or text.startswith(("—", "-")) or "。" not in text[:LEAD_MAX * 2]:
        return None  # 「——财政收入稳步增长。…」: a dash marks an item of a list of results, not a heading
    end = sentence_end(text, 0)
    if end is None or not text.startswith("。", end - 1) or len(text) - end < PROSE_MIN:
        return None
    head = _GLYPH_NOTE.sub("", text[:end - 1])
    if not LEAD_MIN <= len(head) <= LEAD_MAX or len(re.findall("[，,]", head)) > 1 or _NOT_A_HEAD.search(head):
        return None
    return end, head


def _alike(a: str, b: str) -> bool:
    if a[:2] == b[:2] and abs(len(a) - len(b)) <= 2:
        return True
    pa, pb = re.split("[，,]", a), re.split("[，,]", b)
    return len(pa) == len(pb) == 2 and all(abs(len(x) - len(y)) <= 1 for x, y in zip(pa, pb, strict=True))
