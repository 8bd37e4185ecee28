"""Headings whose mark the page lost, recognised by their shape.

* A numeral glued to its heading (「四以打造特色社区为着力点，社区建设渐入佳境。」): the page dropped the 、 after
  「四」.  The line is taken for a top-level heading 「四、」 only when the line right after it opens a （一） list,
  the numeral is 二–十 and the character after it does not make a word with it (四川, 三季度, 十分, 二是, 十四五), and the rest
  is one sentence of at most GLUED_MAX characters without a colon (「三年来，主要做了以下工作：」 introduces its
  list, it does not head it).  A page cut from the middle of a long text may not show 「三、」 before it, so the
  number need not follow an earlier one.
* Parallel lead sentences (「聚焦“学懂”，“深化于学”悟原理。习近平总书记强调…」 and 「聚焦“弄通”，“内化于心”强党性。
  内化是…」): unnumbered paragraphs that open with a short sentence (LEAD_MIN–LEAD_MAX characters, at most one
  comma) and go on with prose (PROSE_MIN characters or more), when at least two of them open with the same two
  characters and have leads of about the same length (±2), and the document has no numbered top-level sections
  of its own.  So do topic labels closed by a full stop (「教育事业。进一步规范…」, 「卫生保健。在继续抓好…」): a lead of
  two to eight Han characters, when LABEL_RUN or more paragraphs open with one.  A lead that the paragraph's own
  一是 follows (「组织保障，将政务公开工作落到实处。一是…二是…」) heads the points it counts even alone, unless it
  speaks in the first person, dates itself or announces a list (我, 今年, 以下, 三个方面); two or more such counted
  leads in a row take the short leads of the paragraphs right after them as siblings, counted or not, and so do
  RUN_MIN or more lead paragraphs in a row of which one is counted.  Each such paragraph is cut after its lead: the lead becomes a heading line, the prose its body;
  no character is dropped.

Pure functions over the blocks.
"""

from __future__ import annotations

import re

from ..models import Block
from ..zh import cn_to_int, sentence_end
from .line_fixes import cut_blocks

GLUED_MAX = 30
LEAD_MIN = 6
LEAD_MAX = 20
PROSE_MIN = 60
LABEL_RUN = 3     # topic labels closed by a full stop (「教育事业。…」) make a pattern from three on
LABEL_PROSE = 20
RUN_MIN = 3       # lead paragraphs in a row that one counted lead makes siblings
_LABEL = re.compile(r"[\u4e00-\u9fff][\u4e00-\u9fff \u3000]{1,7}。")
_GLUED = re.compile(r"\s*([二三四五六七八九十])(?![一二三四五六七八九十是要季月年日号方面川大中个位项条种次类届批级等分期产部成倍])"
                    r"[\u4e00-\u9fff]")
_LIST_ONE = re.compile(r"\s*[（(]一[)）]")
_SECTIONS = re.compile(r"^[\s#]*(?:[一二三四五六七八九十]{1,3}[、.．]|第[一二三四五六七八九十]{1,3}[章部]|"
                       r"[（(][一二三四五六七八九十]{1,3}[)）]|\d{1,2}[、.．]\D)")
_LEAD_OPEN = re.compile(r"[\u4e00-\u9fff][\u4e00-\u9fff“「《]")  # 「往“深”看…」: a quote may follow
_NOT_A_HEAD = re.compile(r"我|以下|如下|几|[一二三四五六七八九十两]个?方面|(?:19|20)\d\d|今年|上半年|以来")


def glued_numerals(texts: list[str]) -> dict[int, int]:
    """{line index: number} of the lines that are headings whose numeral lost its 、 (see the module notes)."""
    found: dict[int, int] = {}
    for i in range(len(texts) - 1):
        m = _GLUED.match(texts[i])
        if m is None or not _LIST_ONE.match(texts[i + 1]):
            continue
        rest = texts[i][m.end(1):].strip()
        end = sentence_end(rest)
        if len(rest) <= GLUED_MAX + 1 and (end is None or end == len(rest)) and not re.search("[：:]", rest):
            found[i] = cn_to_int(m.group(1)) or 0
    return found


_GLYPH_NOTE = re.compile(r"[(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,7}[)）]")


def _next_leads(blocks: list[Block], keep: set[int], cuts: dict[int, int]) -> None:
    """A short lead right after a run of counted leads (「…。一是…」) is their sibling, counted or not
    (「改善城乡环境。加大…」); glyph notes (「环(huán)」) are not counted in its length."""
    i = max(keep) + 1
    while i < len(blocks) and i - 1 in keep:
        text = blocks[i].text
        end = sentence_end(text, 0)
        head = _GLYPH_NOTE.sub("", text[:end]) if end else ""
        if not (head.endswith("。") and LEAD_MIN <= len(head) - 1 <= LEAD_MAX and _LEAD_OPEN.match(head)
                and len(re.findall("[，,]", head)) <= 1 and not _NOT_A_HEAD.search(head)
                and len(text) - end >= PROSE_MIN):
            return
        cuts[i] = end
        keep.add(i)
        i += 1


def _counted_run(blocks: list[Block], cuts: dict[int, int], counted: set[int]) -> set[int]:
    """Paragraphs in a row (RUN_MIN or more) that each open with a short lead, one of them counting its points
    (「重点工作任务要详细规划。一是…」): all the leads are siblings, however they are worded."""
    found: set[int] = set()
    for i in counted:
        a = b = i
        while a - 1 in cuts:
            a -= 1
        while b + 1 in cuts:
            b += 1
        run = [j for j in range(a, b + 1) if not _NOT_A_HEAD.search(blocks[j].text[:cuts[j]])]
        if len(run) == b - a + 1 >= RUN_MIN:
            found.update(run)
    return found


def _alike(blocks: list[Block], cuts: dict[int, int], short: dict[int, int]) -> set[int]:
    """The leads that open with the same two characters as another lead, with about its length (±2); a lead
    with little prose after it counts when two full ones are its like (it joins `cuts`)."""
    heads = {i: blocks[i].text.lstrip()[:2] for i in (*cuts, *short)}
    sizes = {i: end - (len(blocks[i].text) - len(blocks[i].text.lstrip())) for i, end in (*cuts.items(), *short.items())}

    def like(i: int, j: int) -> bool:
        return j != i and heads[j] == heads[i] and abs(sizes[j] - sizes[i]) <= 2

    keep = {i for i in cuts if any(like(i, j) for j in cuts)}
    for i, end in short.items():
        if sum(like(i, j) for j in keep) >= 2:
            cuts[i] = end
            keep.add(i)
    return keep


def parallel_leads(blocks: list[Block]) -> tuple[list[Block], set[int]]:
    """The blocks with each parallel-lead paragraph cut in two, and the indices of the lead lines."""
    cuts: dict[int, int] = {}
    short: dict[int, int] = {}
    labels: set[int] = set()
    for i, block in enumerate(blocks):
        text = block.text
        if len(text) < LABEL_PROSE or block.style_level is not None:
            continue
        lead = len(text) - len(text.lstrip()) if text[:1].isspace() else 0
        if "。" not in text[lead:lead + LEAD_MAX + 2]:
            continue  # (most paragraphs) no lead sentence short enough
        end = sentence_end(text, lead)
        if end is None or end - lead > LEAD_MAX + 1 or not text.startswith("。", end - 1):
            continue
        head = text[lead:end]
        if _LABEL.fullmatch(head) and len(text) - end >= LABEL_PROSE:
            cuts[i] = end
            labels.add(i)
        elif end - lead >= LEAD_MIN and len(re.findall("[，,]", head)) <= 1 and _LEAD_OPEN.match(head) \
                and len(text) > end:
            if len(text) - end < PROSE_MIN:
                short[i] = end  # a lead with little prose after it (a page cut short) joins only as a sibling
                continue
            cuts[i] = end
            if text.startswith("一是", end) and not _NOT_A_HEAD.search(head):
                labels.add(i)  # 「组织保障，将…落到实处。一是…二是…」: the lead heads the points it counts
    if not cuts:
        return blocks, set()
    keep = _alike(blocks, cuts, short)
    counted = {i for i in labels if blocks[i].text.startswith("一是", cuts[i])}
    if len(labels) - len(counted) >= LABEL_RUN:
        keep |= labels
    keep |= counted
    if len(counted) >= 2:
        _next_leads(blocks, keep, cuts)
    keep |= _counted_run(blocks, cuts, counted)
    if not keep or any(_SECTIONS.match(b.text) for b in blocks):
        return blocks, set()
    return cut_blocks(blocks, cuts, keep)
