"""Markdown emphasis in headings: pages that serve Markdown (写作 sites, generated plans) write

    1. **智慧社区建设**：利用大数据…
    #### 一、社区治理现代化

A numbered line whose text opens with a bold span ends its heading at the span (and the colon after it): the bold
words are the heading, the rest is the point's text.  The asterisks are markup, not part of a heading's words
(a span cut off by the page end, 「**垃圾分类」, loses them too).  A styled line that only repeats the document's
title (「### 某社区工作计划」 under the same plain title line) is no section.

Pure functions.
"""

from __future__ import annotations

import re

BOLD_MAX = 30  # longest bold span read as a heading
_BOLD_LEAD = re.compile(rf"\*\*([^*\n]{{1,{BOLD_MAX}}}?)\*\*[ \t]*[：:]?[ \t]*")
_NOT_WORD = re.compile(r"[\s#*\u3000：:，,。.、]+")


def bold_lead(rest: str) -> int | None:
    """Where a bold span opening `rest` (and the colon after it) ends, or None."""
    if not rest.startswith("**"):
        return None
    m = _BOLD_LEAD.match(rest)
    return m.end() if m else None


def unmark(heading: str) -> str:
    """A heading without Markdown asterisks, the colon after a part's marker (「第一板块：本学期…」) or the
    brackets around a whole heading (「[乡村公路]」, short_heads.py)."""
    if "*" in heading:
        heading = heading.replace("*", "").strip()
    if heading[:1] in "[【" and heading[-1:] in "]】" and len(heading) > 2:
        return heading[1:-1].strip()
    return heading.lstrip("：: \t") if heading[:1] in "：:" else heading


def repeats_title(text: str, title: str) -> bool:
    """The line's words are the title's words (markup, spaces and punctuation aside)."""
    return bool(title) and _NOT_WORD.sub("", text) == _NOT_WORD.sub("", title)
