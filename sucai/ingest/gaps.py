"""Top-level numbers that skip ahead: a page that left sections out (一、 then 五、).

A 范文 page cut for length, or a reprint that kept only some sections, may go from 一、 straight to 五、.  The
outline accepts a number one or two past the last one anywhere; a larger jump is accepted only for the top-level
一、 series, and only for a line that is a heading and nothing else: short (GAP_LINE characters or fewer after
the number), no sentence end, no colon introducing a list.  A 五、 opening a sentence of prose stays body.
A page cut out of a longer text (a 文库 preview's later page) may open at 四、: before any section is open, the
first 一、-series number may be larger than 1 for such a heading line, and the numbering goes on from it.
A 范文 page that joins two texts, or goes on after a paragraph of prose, may number its top-level sections from
1 again: a 1. after a paragraph of prose restarts the series when the sections before it were run-in headings
(「3、完善工作制度：…」) and it is one too, its lead RESTART_LEAD characters or fewer and prose after it.
Pure function over the numbers and the line's text.
"""

from __future__ import annotations

import re

from ..models import BODY
from .numbered_lines import lead_end

GAP_LINE = 30
GAP_MAX = 9
_NOT_HEADING = re.compile(r"[。；;！？!?：:]")


def skipped_ahead(last: int | None, number: int, rest: str) -> bool:
    """The top-level number `number` after `last` is a heading although numbers between were left out."""
    text = rest.strip()
    return (last is not None and last + 2 < number <= last + GAP_MAX and 4 <= len(text) <= GAP_LINE
            and _NOT_HEADING.search(text) is None)


def fragment_start(number: int, rest: str) -> bool:
    """The first top-level number of the text, larger than 1, opens a section of a page cut from a longer text."""
    text = rest.strip()
    if text.endswith("。"):  # 「五、校园环境日益优美。」: one short sentence is a heading too, not a clause of prose
        text = text[:-1] if not re.search(r"[，,]", text) else text
    return 1 < number <= GAP_MAX and 4 <= len(text) <= GAP_LINE and _NOT_HEADING.search(text) is None


RESTART_LEAD = 20


def restarts(roots: list, paragraphs: list, mk, text: str) -> bool:
    """A top-level 1 after a paragraph of prose, the last section before it a run-in heading like it."""
    if mk.number != 1 or not roots or not paragraphs or paragraphs[-1].kind != BODY:
        return False
    last = roots[-1]
    rest = text[mk.rest:]
    end = lead_end(rest, RESTART_LEAD)
    return (last.kind == mk.kind and last.prose and end is not None and end <= RESTART_LEAD
            and len(rest) - end >= RESTART_LEAD)
