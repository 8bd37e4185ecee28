"""A web table copied one cell a line, with a line holding only a bar between cells:

    第二十条第（一）项
    |
    信息内容
    |
    本年制发件数
    |

Read line by line, its cells look like short headings (「（一）予以公开」 became a section).  A run of MIN_BARS or
more bar lines, each between two cells, is one table: its lines are joined into one block, cells and bars kept in
order (no character is dropped), so the outline sees one table paragraph instead of many headings.  A line after
the closing bar that opens a top-level section (三、…) is the text going on, not a cell.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..models import Block

MIN_BARS = 3
_BARS = ("|", "｜")
_SECTION = re.compile(r"^\s*[一二三四五六七八九十]{1,3}、")  # the next section after the table's closing bar


def _bar(block: Block) -> bool:
    return len(block.text) <= 3 and block.text.strip() in _BARS


def _run_end(blocks: list[Block], i: int) -> int:
    """Index after the run that starts at cell i: cell, bar, cell, bar, … (a closing bar included)."""
    j = i + 1
    while j < len(blocks) and _bar(blocks[j]):
        j += 1
        if j < len(blocks) and blocks[j].text.strip() and not _bar(blocks[j]) and not _SECTION.match(blocks[j].text):
            j += 1
        else:
            break
    return j


def join_bar_cells(blocks: list[Block]) -> list[Block]:
    """The blocks with each bar-separated table run joined into one block (see module notes)."""
    if sum(1 for b in blocks if _bar(b)) < MIN_BARS:
        return blocks
    out: list[Block] = []
    i = 0
    while i < len(blocks):
        end = _run_end(blocks, i) if not _bar(blocks[i]) else i + 1
        run = blocks[i:end]
        if sum(1 for b in run if _bar(b)) >= MIN_BARS:
            out.append(replace(blocks[i], text=" ".join(b.text.strip() for b in run)))
        else:
            out.extend(run)
        i = end
    return out
