"""Run-in section labels: a plan or summary that heads its sections with a short label and a colon on the
first line of each section's paragraph, and no numbers at all:

    党建工作：完善党建引领机制，推动社区治理……
    经济工作：坚持把经济发展作为第一要务……
    创建工作：严格对照文明城市测评体系……

A paragraph opens such a section when it starts with LABEL_MIN–LABEL_MAX Han characters and a colon and goes
on with prose (PROSE_MIN characters or more, with a full stop), when at least MIN_RUN paragraphs of the
document do so, and when the document has no numbered top-level sections (一、, 第一章, （一）): there the numbers
are the sections.  Each such paragraph is cut after its colon, so the label becomes a line of its own (a
parallel heading, parallel.py) and the prose its body; no character is dropped.  A salutation (同志们：) is one
line, and a page's fields (时间：…, 地点：…) carry no prose, so neither makes a run.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..models import Block

LABEL_MIN = 2
LABEL_MAX = 8
LABEL_LONG = 13  # a label of two phrases joined by 「、」 (疏忽大意、侥幸的心理不可有), runs to this
PROSE_MIN = 40
MIN_RUN = 3
_LABEL_TEXT = (rf"[\u4e00-\u9fff]{{{LABEL_MIN},{LABEL_MAX + 1}}}|"
               rf"(?=[\u4e00-\u9fff、]{{5,{LABEL_LONG}}}[：:])[\u4e00-\u9fff]{{2,8}}、[\u4e00-\u9fff]{{2,8}}")
_LABEL = re.compile(rf"^({_LABEL_TEXT})[：:]")
LABEL_LINE = re.compile(rf"^(?:{_LABEL_TEXT})[：:]$")
_SECTIONS = re.compile(r"^[\s#]*(?:[一二三四五六七八九十]{1,3}、|第[一二三四五六七八九十]{1,3}[章部]|[（(][一二三四五六七八九十]{1,3}[)）])")


def _opens(block: Block) -> int:
    """Where the prose after a run-in label starts, or 0."""
    text = block.text
    if len(text) < PROSE_MIN or ("：" not in text[:LABEL_LONG + 1] and ":" not in text[:LABEL_LONG + 1]) \
            or block.style_level is not None:
        return 0
    m = _LABEL.match(text)
    if m is None:
        return 0
    rest = text[m.end():]
    return m.end() if len(rest.strip()) >= PROSE_MIN and "。" in rest else 0


def split_run_in(blocks: list[Block]) -> list[Block]:
    """The blocks with each run-in label cut off as a line of its own (see module notes)."""
    cuts = {i: end for i, b in enumerate(blocks) if (end := _opens(b))}
    if len(cuts) < MIN_RUN or any(_SECTIONS.match(b.text) for b in blocks):
        return blocks
    out: list[Block] = []
    for i, block in enumerate(blocks):
        end = cuts.get(i)
        if end:
            out.append(replace(block, text=block.text[:end]))
            out.append(replace(block, text=block.text[end:].lstrip(), blank_before=0))
        else:
            out.append(block)
    return out
