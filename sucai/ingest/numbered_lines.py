"""Two questions about numbered lines: where a heading run into its text ends, and which lines are the
entries of a list rather than the headings of sections.

Where a run-in heading ends: at a sentence end or a full-width colon (zh.LEAD_END), or at a half-width colon
right after a word, for pages typed in half-width punctuation (「一、产业发展:甲公司占地200余亩,…」); never at
the colon of a clock (10:30) or inside quotes and brackets.

A heading has text under it.  A run of two or more numbered lines of the same kind right after one another
(1、 2、 3、, (1) (2), ① ②, numbered from 1 and one up each time), each a single short sentence, all but the
last ending in a semicolon and the last in a semicolon or a full stop, has no text under any of its lines but
the last: the lines are a list of points (「1、迎接教育基地评估验收；」 「2、推进区级课题研究；」 「3、城乡结对系列活动。」),
and they stay body text of the section above them.  A list that a body line introduces with a colon is
recognised by the outline itself (outline.py, list_entry); this rule needs no introduction.

Pure functions: given the lines and their numbering markers, they name the indices of such lines.
"""

from __future__ import annotations

import re

from ..zh import sentence_end

KINDS = ("ar_dot", "ar_paren", "circled", "cn_paren")  # the lower numbering levels, where points are listed
ITEM_MAX = 60  # an entry is one short sentence
_SEMICOLONS = ("；", ";")
_ENDS = (*_SEMICOLONS, "。")


_HALF_COLON = re.compile(r"(?<![\d:])[\u4e00-\u9fff]{2,}:(?![\d/])")
_OPENS = re.compile(r"[“\"(（《]")


def lead_end(rest: str, limit: int) -> int | None:
    """Where the lead sentence of a numbered paragraph's text ends (see the module notes); a half-width colon
    counts within the first `limit` characters."""
    end = sentence_end(rest)
    if ":" not in rest[:limit + 1]:
        return end
    m = _HALF_COLON.search(rest, 0, limit + 1)
    if m is None or (end is not None and end <= m.end()) or _OPENS.search(rest, 0, m.end()):
        return end
    return m.end()


def list_entries(texts: list[str], marks: list[tuple[str, int, int] | None]) -> set[int]:
    """Indices of the lines that are list entries; `marks[i]` is (marker kind, number, where the text after
    the marker starts) for a numbered line, else None."""
    found: set[int] = set()
    i = 0
    while i < len(texts):
        run = _run(texts, marks, i)
        if len(run) >= 2:
            found.update(run)
            i = run[-1] + 1
        else:
            i += 1
    return found


def _run(texts: list[str], marks: list[tuple[str, int, int] | None], start: int) -> list[int]:
    first = marks[start]
    if first is None or first[0] not in KINDS or first[1] != 1 or not _entry(texts[start], first[2]):
        return []
    run = [start]
    while not texts[run[-1]].rstrip().endswith("。"):
        nxt = run[-1] + 1
        mark = marks[nxt] if nxt < len(texts) else None
        if mark is None or mark[0] != first[0] or mark[1] != first[1] + len(run) or not _entry(texts[nxt], mark[2]):
            break
        run.append(nxt)
    if not all(texts[k].rstrip().endswith(_SEMICOLONS) for k in run[:-1]):
        return []
    return run


def _entry(text: str, rest: int) -> bool:
    body = text[rest:].strip()
    if not body or len(body) > ITEM_MAX or not body.endswith(_ENDS):
        return False
    end = sentence_end(body)
    return end is None or not body[end:].strip()
