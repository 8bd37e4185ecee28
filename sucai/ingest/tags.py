"""A page's tag words, one a line, at its head: 「学校」 「农村」 「教师」 under a counter and above the text.

Article pages list their keywords as links; saved as text each becomes a line of two to four characters.
A run of at least MIN_RUN such lines (Han characters only, no number, no punctuation) before the page's
first sentence of prose, and not the page's first line (a title set letter by letter starts there), is
removed.  Section headings this short (总则, 附则) never come three in a row before any prose.
"""

from __future__ import annotations

import re

from ..models import Block

MIN_RUN = 3
_TAG = re.compile(r"^[\u4e00-\u9fff]{2,4}$")
_PROSE = re.compile(r"[。，；！？,;!?]")


def tag_lines(blocks: list[Block]) -> set[int]:
    """Indices of the tag lines at the head of a page (see module notes)."""
    found: set[int] = set()
    run: list[int] = []
    for i, block in enumerate(blocks):
        text = block.text.strip()
        if i and _TAG.match(text):
            run.append(i)
            continue
        if len(run) >= MIN_RUN:
            found.update(run)
        run = []
        if _PROSE.search(text) and len(text) >= 20:
            break  # the text has started
    return found
