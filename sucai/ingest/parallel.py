"""Unnumbered section headings recognised by their parallel wording.

Reports and 述职 texts often head their sections with matched phrases and no numbers at all:

    共学共建，让基层组织“强”起来
    （a paragraph of prose）
    共议共融，让基层思想“凝”起来
    （a paragraph of prose）

Such a line names no role (工作总结, 存在问题…), so the unnumbered-heading rule of the outline passed it by.
A line is a parallel heading when:

* it is HEAD_MIN–HEAD_MAX characters, carries no outline number, no sentence punctuation (。；：！？) and at
  most one comma, no digit (table captions 「表3 …」), and does not end in punctuation;
* the line after it is prose (at least PROSE_MIN characters, with sentence punctuation);
* at least one other such line of the document has the same shape: the same length (±2) and the same last
  two characters, or its comma at the same place with the same number of characters after it;
* the document has no numbered top-level sections of its own (一、, 第一章, 第一部分, （一）): there the
  numbered lines are the sections and matched phrases are slogans inside them.

Run-in labels cut off their paragraphs (「党建工作：」, run_in.py), MIN_RUN or more, are such headings too.

Pure function over blocks: it only names the indices of such lines.
"""

from __future__ import annotations

import re

from ..models import Block
from .run_in import LABEL_LINE, MIN_RUN

HEAD_MIN = 6
HEAD_MAX = 30
PROSE_MIN = 40
_STOP = re.compile(r"[。；;：:！!？?、]")
_COMMA = re.compile(r"[，,]")
_DIGIT = re.compile(r"[\d０-９]")  # 「表3 2022年…产量」: captions and dated lines, not matched phrases
_END = re.compile(r"[，,。；;：:！!？?、…—）)》”’\"']$|^[“\"《（(]")
_NUMBERED = re.compile(
    r"^\s*(?:[一二三四五六七八九十]{1,3}[、.．]|第[一二三四五六七八九十\d]{1,3}[章部节条]|[（(][一二三四五六七八九十\d]{1,3}[)）]"
    r"|[一二三四五六七八九十]是|\d{1,2}[.、．]|[①-⑳]|#)")
_SECTIONS = re.compile(r"^[\s#]*(?:[一二三四五六七八九十]{1,3}、|第[一二三四五六七八九十]{1,3}[章部]|[（(][一二三四五六七八九十]{1,3}[)）])")


def _candidate(text: str) -> bool:
    s = text.strip()
    return (HEAD_MIN <= len(s) <= HEAD_MAX and not _STOP.search(s) and len(_COMMA.findall(s)) <= 1
            and not _END.search(s) and not _NUMBERED.match(s) and not _DIGIT.search(s))


def _prose(text: str) -> bool:
    return len(text) >= PROSE_MIN and bool(re.search(r"[。；！？]", text))


def parallel_headings(blocks: list[Block]) -> set[int]:
    """Indices of the blocks that are unnumbered parallel section headings (see module notes)."""
    if any(_SECTIONS.match(b.text) for b in blocks):
        return set()
    labels = [i for i in range(len(blocks) - 1) if LABEL_LINE.match(blocks[i].text) and _prose(blocks[i + 1].text)]
    if len(labels) >= MIN_RUN:  # run-in labels cut off their paragraphs (run_in.py)
        return set(labels)
    found = [i for i in range(len(blocks) - 1) if blocks[i].style_level is None and _candidate(blocks[i].text)
             and _prose(blocks[i + 1].text)]
    if len(found) < 2:
        return set()
    texts = {i: blocks[i].text.strip() for i in found}
    return {i for i in found if any(j != i and _same_shape(texts[i], texts[j]) for j in found)}


def _same_shape(a: str, b: str) -> bool:
    if a[-2:] == b[-2:] and abs(len(a) - len(b)) <= 2:
        return True
    ca, cb = _COMMA.search(a), _COMMA.search(b)
    return bool(ca and cb and ca.start() == cb.start() and len(a) - ca.end() == len(b) - cb.end())
