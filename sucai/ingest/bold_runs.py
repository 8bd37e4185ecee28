"""Markdown that lost its line breaks: a generated plan served as one long line,

    **某单位2024年工作计划****一、指导思想**以…为指导。**二、工作目标**1. …。**三、主要工作**1. **加强建设** - …

Each bold span was a heading line of its own.  A long block is cut before a bold span that follows a sentence
end, the close of another bold span or the block start (a list number 「1. 」 right before the span goes with
it), and after a span that is a whole numbered heading (「**二、工作目标**」), so the text after it is body.
A span with sentence punctuation inside, or longer than a heading, is emphasis, not a heading.  As in runs.py
no character is added, dropped or changed.  Pure functions over Blocks.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..models import Block
from .markup import BOLD_MAX

RUN_MIN = 100  # shorter blocks are paragraphs, not pages that lost their line breaks
_SPAN = re.compile(rf"\*\*([^*\n]{{2,{BOLD_MAX}}}?)\*\*")
_INNER_STOP = re.compile(r"[。；;！？!?]")
_NUMBER_BEFORE = re.compile(r"(?:^|(?<=[\s。！？!?；;*]))\d{1,2}[.、．]\s*$")
_MARKED = re.compile(r"^(?:[一二三四五六七八九十]{1,3}[、.．]|[（(][一二三四五六七八九十\d]{1,3}[)）]|第[一二三四五六七八九十]{1,3}[部章])")
_ENDS = "。！？!?；;"
MIN_SPANS = 2  # one bold phrase in a paragraph is emphasis


def split_bold_runs(blocks: list[Block]) -> list[Block]:
    out: list[Block] = []
    for block in blocks:
        text = block.text
        cuts = _cuts(text) if len(text) >= RUN_MIN and text.count("**") >= 2 * MIN_SPANS else []
        if not cuts:
            out.append(block)
            continue
        bounds = [0, *cuts, len(text)]
        for n, (a, b) in enumerate(zip(bounds, bounds[1:], strict=False)):
            out.append(replace(block, text=text[a:b], blank_before=block.blank_before if n == 0 else 0,
                               style_level=block.style_level if n == 0 else None))
    return out


def _cuts(text: str) -> list[int]:
    spans = [m for m in _SPAN.finditer(text) if not _INNER_STOP.search(m.group(1))]
    if len(spans) < MIN_SPANS:
        return []
    cuts: set[int] = set()
    for m in spans:
        start = m.start()
        lead = _NUMBER_BEFORE.search(text, max(0, start - 6), start)
        if lead:
            start = lead.start()
        before = text[:start].rstrip()
        if start and (not before or before[-1] in _ENDS or before.endswith("**")):
            cuts.add(start)
        after = text[m.end():].lstrip()
        if _MARKED.match(m.group(1).strip()) and after and after[0] not in "，,：:。；;":
            cuts.add(m.end())
    return sorted(c for c in cuts if 0 < c < len(text))
