"""Run-together text: pages that lost their line breaks, split back into lines before outline analysis.

文库 previews and text copied out of some pages hold a whole document in one or a few long lines:
「…制定以下方案。一、指导思想深入贯彻…。二、组织机构为切实抓好…」.  Outline detection works line by
line, so such a document had no outline at all.  Pure functions over Blocks; no character is added,
dropped or changed (only where one block ends and the next begins moves).

* A long block is cut before an inline outline marker (一、 （一） 1. （1）) that follows a sentence end
  (。！？, closing quotes allowed), is followed by a heading-like clause (it starts with a Han character, an
  opening quote or a year, its first clause is 2–50 characters), and either starts its kind's numbering (1) or
  continues the numbering of the same kind seen before it in the document.  A marker glued to the text
  before it is cut only in the shape 「…一、总则(一)编制目的。」: a first child right after its parent's
  short heading, and the parent that such a heading follows.  In spaced previews (「…工作总结 一、工作回顾
  2023年，…」) a space before 一、 or （一） counts as a sentence end, and a space ends the heading clause.
* Enumerations stay whole: markers that follow a colon (「主要任务：1.…。2.…」) or a sentence announcing a
  list (如下 / 以下 / 下列) mark their kind as a list for the rest of the block; 一、 is the exception, as
  「现将有关事项通知如下：一、…」 and 「制定以下方案。一、…」 open a document's sections, and 一是/二是 are never
  cut (they are inline items, see items.py).  A 「；」 before a marker does not count as a sentence end:
  「（一）…；（二）…」 is a list.
* 文库 page numbers: consecutive long blocks that start 「1、」「2、」「3、」… where a page break falls in the
  middle of a sentence are page chunks, not sections.  The page number is split off as a line of its own
  (a bare 「2、」 is never a heading) and the rest continues the text.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..models import Block
from ..zh import CLOSE_QUOTES, COLONS, SENTENCE_END, MarkerKind, cn_to_int
from .bold_runs import split_bold_runs
from .law_runs import law_lines
from .outline import _Marker, find_marker

RUN_MIN = 100          # a block shorter than this is a paragraph, not a page that lost its line breaks
CLAUSE_MAX = 50        # the clause after an inline marker is heading-like up to this length
PAGE_MIN = 150         # a 文库 page chunk (all but the last) is at least this long
_CUT_AFTER = "。！？!?"  # ；ends list entries, not sections
_KINDS = (MarkerKind.CN_DUN, MarkerKind.CN_PAREN, MarkerKind.AR_DOT, MarkerKind.AR_PAREN)
_START = re.compile(r"(?:[一二三四五六七八九十]{1,3}[、.．]|[（(][一二三四五六七八九十\d]{1,3}[)）]|\d{1,3}[.、．](?!\d))")
_LIST_LEAD = re.compile(r"(如下|以下|下列)[^。！？]{0,12}[。！？!?：:]?$")
_CLAUSE = re.compile(r"[，,。；;：:！？!?]")
_SPACE = re.compile(r"\s")
# A block holds a cut only if it has a marker after a sentence end or colon, or a glued first child (speed).
_ANY = re.compile(r"[。！？!?：:][”’」』）)]*\s*(?:[一二三四五六七八九十]{1,3}[、.．]|[（(][一二三四五六七八九十\d]{1,3}[)）]"
                  r"|\d{1,3}[.、．](?!\d))|[（(][一1][)）]|\s[一二三四五六七八九十]{1,3}、")
WINDOW = 64  # find_marker looks this far: markers and the short-heading tests it makes fit (ingest speed)
_PAGE = re.compile(r"^(\d{1,3})、")
_YEAR = re.compile(r"(?:19|20)\d\d年")


def split_runs(blocks: list[Block]) -> list[Block]:
    """Blocks with run-together text cut at their inline outline markers (see the module notes)."""
    blocks = law_lines(_split_pages(blocks))  # regulations: 第 一 章 closed up, run-together articles cut
    blocks = split_bold_runs(blocks)  # Markdown that lost its line breaks: cut at its bold heading spans
    if not any(len(b.text) >= RUN_MIN and _ANY.search(b.text) for b in blocks):
        return blocks  # nothing run together (most files): no need to follow the numbering
    last: dict[str, int] = {}
    out: list[Block] = []
    for block in blocks:
        mk = find_marker(block.text[:WINDOW]) if _START.match(block.text) else None
        if mk is not None and mk.kind in _KINDS:
            last[mk.kind] = mk.number
        if len(block.text) < RUN_MIN or not _ANY.search(block.text):
            out.append(block)
            continue
        cuts = _cuts(block.text, last)
        if not cuts:
            out.append(block)
            continue
        bounds = [0, *cuts, len(block.text)]
        for n, (a, b) in enumerate(zip(bounds, bounds[1:], strict=False)):
            out.append(replace(block, text=block.text[a:b], blank_before=block.blank_before if n == 0 else 0,
                               style_level=block.style_level if n == 0 else None,
                               cut=n > 0 and _COUNTED_START.match(block.text, a) is not None))
    return out


def _cuts(text: str, last: dict[str, int]) -> list[int]:
    """Offsets where a new line starts: before inline markers that open or continue a numbering."""
    cuts: list[int] = []
    listed: set[str] = set()
    for m in _START.finditer(text):
        i = m.start()
        mk = find_marker(text[i:i + WINDOW]) if i else None
        if mk is None or mk.kind not in _KINDS or not text[i:].startswith(mk.marker):
            continue
        before = _before(text, i)
        spaced = text[i - 1].isspace() and mk.kind in (MarkerKind.CN_DUN, MarkerKind.CN_PAREN)
        if before not in _CUT_AFTER and before not in COLONS and not spaced:
            # glued: 「一、总则(一)编制目的。」 — only a first child right after a short heading, or the
            # 一、 that such a heading follows
            if not (_after_heading(text[cuts[-1] if cuts else 0:i], mk) or _before_child(text[i:], mk)):
                continue
        elif mk.kind != MarkerKind.CN_DUN and (before in COLONS or _LIST_LEAD.search(_sentence_before(text, i))) \
                and not (before in COLONS and _after_heading(text[cuts[-1] if cuts else 0:i].rstrip()[:-1], mk)):
            listed.add(mk.kind)  # 「…如下：1.…。2.…」: an enumeration, not sections (「一、入学情况：1、…」 is one)
            continue
        if mk.kind in listed or not _heading_like(text[i + len(mk.marker):]):
            continue
        if mk.number != 1 and mk.number != last.get(mk.kind, -9) + 1:
            continue
        last[mk.kind] = mk.number
        cuts.append(i)
    return _glued_items(text, cuts)


_FIRST_ITEM = re.compile(r"一是")
_COUNTED_START = re.compile(r"[一二三四五六七八九十]是")  # a counted point cut out of its run: outline keeps it a heading
_POINT = re.compile(r"([二三四五六七八九十])是")


def _glued_items(text: str, cuts: list[int]) -> list[int]:
    """「一、政治思想建设情况一是强化思想教育。」: a section's short heading run into the 一是 that opens its
    first point; the 一是, and the 二是, 三是… after it in that section, start lines of their own, as they
    would in the laid-out text."""
    out = list(cuts)
    for cut in cuts:
        mk = find_marker(text[cut:cut + WINDOW])
        if mk is None:
            continue
        m = _FIRST_ITEM.search(text, cut + mk.rest + 2, cut + mk.rest + GLUED_HEAD_MAX + 1)
        if m and not _HEAD_PUNCT.search(text, cut + mk.rest, m.start()) and "，" not in text[cut:m.start()]:
            out.append(m.start())
            out.extend(_next_points(text, m.start(), min([c for c in cuts if c > cut], default=len(text))))
    return sorted(out)


def _next_points(text: str, start: int, end: int) -> list[int]:
    """二是, 三是… of the same section, each after a sentence end: the points the 一是 opens."""
    found, number = [], 2
    for m in _POINT.finditer(text, start + 2, end):
        if cn_to_int(m.group(1)) != number or text[m.start() - 1] not in _CUT_AFTER:
            continue
        found.append(m.start())
        number += 1
    return found


_HEAD_PUNCT = re.compile(r"[。；;！？!?：:]")
GLUED_HEAD_MAX = 40  # a heading run into its first child's marker: 「一、总则(一)」


def _after_heading(segment: str, mk: _Marker) -> bool:
    """The segment is a marker and a short heading, and mk opens its first child."""
    parent = find_marker(segment[:WINDOW])
    if mk.number != 1 or parent is None or parent.kind not in _KINDS or parent.kind == mk.kind:
        return False
    head = segment[parent.rest:]
    return 2 <= len(head) <= GLUED_HEAD_MAX and not _HEAD_PUNCT.search(head)


def _before_child(rest: str, mk: _Marker) -> bool:
    """mk (numbered 1) is followed by a short heading and, glued to it, a first child of another kind."""
    if mk.number != 1:
        return False
    after = rest[len(mk.marker):]
    m = _START.search(after, 2, GLUED_HEAD_MAX + 1)
    if m is None or _HEAD_PUNCT.search(after[:m.start()]):
        return False
    child = find_marker(after[m.start():m.start() + WINDOW])
    return child is not None and child.kind in _KINDS and child.kind != mk.kind and child.number == 1


def _before(text: str, i: int) -> str:
    """The character before offset i, skipping closing quotes and spaces (「…。”二、」)."""
    j = i - 1
    while j > 0 and (text[j] in CLOSE_QUOTES or text[j].isspace()):
        j -= 1
    return text[j]


def _sentence_before(text: str, i: int) -> str:
    start = max(text.rfind(ch, 0, i - 1) for ch in SENTENCE_END) + 1
    return text[start:i].rstrip()


def _heading_like(rest: str) -> bool:
    rest = rest.lstrip()
    if not rest or not ("\u4e00" <= rest[0] <= "\u9fff" or rest[0] in "“《「" or _YEAR.match(rest)):
        return False
    m = _CLAUSE.search(rest)
    clause = rest[:m.start()] if m else rest
    if len(clause) > CLAUSE_MAX and (space := _SPACE.search(clause)):  # 「工作回顾 2023年，我们…」
        clause = clause[:space.start()]
    return 2 <= len(clause) <= CLAUSE_MAX


def _split_pages(blocks: list[Block]) -> list[Block]:
    """文库 page chunks 「1、…」「2、…」: the page number becomes a line of its own."""
    pages = _page_run(blocks)
    if not pages:
        return blocks
    out: list[Block] = []
    for i, block in enumerate(blocks):
        if i not in pages:
            out.append(block)
            continue
        m = _PAGE.match(block.text)
        assert m is not None
        out.append(replace(block, text=m.group(0), style_level=None))
        out.append(replace(block, text=block.text[m.end():], blank_before=0, style_level=None))
    return out


def _page_run(blocks: list[Block]) -> set[int]:
    """Indices of the first run of page chunks numbered 1, 2, 3… (blocks in between may be page chrome
    already removed), or none.  At least one page break must fall inside a sentence."""
    run: list[int] = []
    for i, block in enumerate(blocks):
        m = _PAGE.match(block.text)
        if m and int(m.group(1)) == len(run) + 1:
            run.append(i)
    if len(run) < 2:
        return set()
    texts = [blocks[i].text for i in run]
    if any(len(t) < PAGE_MIN for t in texts[:-1]):
        return set()
    broken = sum(1 for t in texts[:-1] if t.rstrip()[-1] not in SENTENCE_END + CLOSE_QUOTES)
    return set(run) if broken * 2 >= len(texts) - 1 else set()
