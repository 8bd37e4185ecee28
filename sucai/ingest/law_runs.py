"""Regulations as pages print them: letter-spaced markers and chapters and articles run together.

Legal-text sites and 文库 previews print rules (办法, 规定, 条例, the text a notice issues) in two shapes the
outline could not read:

* markers letter-spaced for layout: 「第 一 章　总　则」, 「第 三 条　…」.  The spaces inside the marker are
  dropped (white space is layout, not text), so the marker reads 第一章, 第三条;
* a whole chapter, or the whole text, on one line: 「第一章 总 则 第一条 为了…，制定本办法。第二条 本办法适用
  于…。第二章 规划和建设 第三条 …」.  Such a line (at least RUN_MIN characters) is cut before each 第X条 that
  follows a sentence end (。；！？) or a chapter or section heading, and before each 第X章/节 that follows a
  sentence end and is followed by a short heading.  Numbers must run on: an article continues the articles
  seen before it (the first may be any number: a preview may start mid-text), a chapter continues the
  chapters.  A reference inside a sentence (「依照本办法第十条规定」) follows no sentence end and stays.

Pure function over blocks; no character but white space inside a marker is changed or dropped.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..models import Block
from ..zh import cn_to_int

RUN_MIN = 60
HEAD_MAX = 20
_NUM = r"[一二三四五六七八九十百零〇两]{1,6}|\d{1,3}"
_SPACED = re.compile(rf"第[ \t\u3000]*({_NUM})[ \t\u3000]*([章节条编])(?=[ \t\u3000]|$|[\u4e00-\u9fff])")
_SPACED_ANY = re.compile(r"第[ \t\u3000]+\S|第\S{1,6}[ \t\u3000]+[章节条编]")
_MARK = re.compile(rf"第({_NUM})([章节条])")
_RUN = re.compile(rf"[。；;！？!?][ \t\u3000]*第(?:{_NUM})[章节条]|第(?:{_NUM})[章节][^\n。]{{1,24}}?第(?:{_NUM})条")
_ANY = re.compile(rf"第[ \t\u3000]*(?:{_NUM})[ \t\u3000]*[章节条编]")
_ENDS = "。；;！？!?"
_HEADING = re.compile(r"[ \t\u3000]*([\u4e00-\u9fff][\u4e00-\u9fff \t\u3000、和与及]{1,"
                      + str(HEAD_MAX) + r"}?)[ \t\u3000]*(?=第(?:" + _NUM + r")条|$)")


def law_lines(blocks: list[Block]) -> list[Block]:
    """Blocks with letter-spaced markers closed up and run-together articles cut (see module notes)."""
    joined = "\n".join(b.text for b in blocks)
    if not (_SPACED_ANY.search(joined) or _RUN.search(joined)):
        return blocks  # no spaced marker and no marker run on after a sentence or a heading (ingest speed)
    out: list[Block] = []
    last = {"条": 0, "章": 0, "节": 0}
    for block in blocks:
        if "第" not in block.text or not _ANY.search(block.text):  # most lines (ingest speed)
            out.append(block)
            continue
        text = _close_up(block.text) if _SPACED_ANY.search(block.text) else block.text
        block = replace(block, text=text) if text != block.text else block
        if len(text) >= RUN_MIN and _MARK.search(text, 1):
            cuts = _cuts(text, last)
        else:
            cuts = []
            _count(text, last)
        bounds = [0, *cuts, len(text)]
        for n, (a, b) in enumerate(zip(bounds, bounds[1:], strict=False)):
            piece = text[a:b].rstrip(" \t\u3000") if b < len(text) else text[a:b]
            if not piece.strip():
                continue
            out.append(block if len(bounds) == 2 else replace(
                block, text=piece, blank_before=block.blank_before if n == 0 else 0,
                style_level=block.style_level if n == 0 else None))
    return out


def _close_up(text: str) -> str:
    return _SPACED.sub(lambda m: f"第{m.group(1)}{m.group(2)}", text)


def _number(text: str) -> int | None:
    return int(text) if text.isdigit() else cn_to_int(text)


def _count(text: str, last: dict[str, int]) -> int:
    """A line that opens with a marker advances that marker's count; returns where the heading of a chapter
    or section that opens the line ends (-1 when none does)."""
    m = _MARK.match(text)
    if m is None or (n := _number(m.group(1))) is None:
        return -1
    last[m.group(2)] = n
    head = _HEADING.match(text, m.end()) if m.group(2) != "条" else None
    return head.end() if head else -1


def _cuts(text: str, last: dict[str, int]) -> list[int]:
    cuts: list[int] = []
    heading_end = _count(text, last)
    for m in _MARK.finditer(text, 1):
        i = m.start()
        before = text[max(0, i - 4):i].rstrip(" \t\u3000")
        after_end = bool(before) and before[-1] in _ENDS
        if not after_end and i > heading_end:
            continue  # a reference inside a sentence (most markers; ingest speed)
        kind, n = m.group(2), _number(m.group(1))
        if n is None:
            continue
        if kind == "条":
            ok = (after_end or i <= heading_end) and (n == last["条"] + 1 or last["条"] == 0)
        else:
            head = _HEADING.match(text, m.end())
            ok = after_end and head is not None and n == last[kind] + 1
            if ok:
                heading_end = head.end()
        if ok:
            cuts.append(i)
            last[kind] = n
    return cuts
