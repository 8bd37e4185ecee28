"""Two repairs of a document's lines before the outline reads them; no character is lost or changed.

* 「第一章　总则　　第一条 为了…」 on one line is a chapter heading and its first article: two lines.
* A line holding only an opening bracket was broken inside a marker (「（」 / 「三）改革…」): it joins the next line.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..models import Block
from ..zh import CN_NUM

_CHAPTER_AND_ARTICLE = re.compile(
    rf"^(\s*第(?:{CN_NUM}|\d+)[编章节][\s\u3000]*[^\s，。；：,;:]{{1,20}}?)[\s\u3000]+(第(?:{CN_NUM}|\d+)条.*)$", re.S)


def split_chapter_lines(blocks: list[Block]) -> list[Block]:
    """「第一章　总则　　第一条 为了…」 on one line is a chapter heading and its first article: two
    paragraphs.  The white space between them is all that is dropped."""
    out: list[Block] = []
    for block in blocks:
        m = _CHAPTER_AND_ARTICLE.match(block.text)
        if m:
            out.append(replace(block, text=m.group(1)))
            out.append(replace(block, text=m.group(2), blank_before=0, style_level=None))
        else:
            out.append(block)
    return out


def rejoin_brackets(blocks: list[Block]) -> list[Block]:
    """A line holding only an opening bracket was broken inside a marker (「（」 / 「三）改革…」):
    join it to the next line so the marker is whole again. No character is lost or changed."""
    out: list[Block] = []
    i = 0
    while i < len(blocks):
        block = blocks[i]
        if block.text.strip() in ("（", "(") and i + 1 < len(blocks):
            nxt = blocks[i + 1]
            block = replace(nxt, text=block.text + nxt.text, paid=block.paid or nxt.paid)
            i += 1
        out.append(block)
        i += 1
    return out


CLAUSE_MAX = 30   # heading of a numbered body paragraph: its first clause, cut to this


def cut_heading(clause: str) -> str:
    """A long first clause cut to CLAUSE_MAX characters, before a joining word or 、 rather than in the
    middle of a word (「…熟悉并掌握本岗位的安全操作规程」 → 「…熟悉并掌握本岗位」, not 「…本岗位的安」)."""
    if len(clause) <= CLAUSE_MAX:
        return clause
    for i in range(CLAUSE_MAX, CLAUSE_MAX // 2, -1):
        if clause[i] in "、的和与及并或":
            return clause[:i]
    return clause[:CLAUSE_MAX]


def cut_blocks(blocks: list[Block], cuts: dict[int, int], keep: set[int] | dict[int, int]) -> tuple[list[Block], set[int]]:
    """The blocks with each block in keep cut in two at cuts[i], and the indices of the first halves (the lead
    lines); the second half keeps the block's fields with no blank line before it.  No character is dropped."""
    out: list[Block] = []
    lines: set[int] = set()
    for i, block in enumerate(blocks):
        if i in keep:
            lines.add(len(out))
            out.append(replace(block, text=block.text[:cuts[i]]))
            out.append(replace(block, text=block.text[cuts[i]:], blank_before=0))
        else:
            out.append(block)
    return out, lines
