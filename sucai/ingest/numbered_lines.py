"""Two questions about numbered lines: where a heading run into its text ends, and which lines are the
entries of a list rather than the headings of sections.

Where a run-in heading ends: at a sentence end or a full-width colon (zh.LEAD_END), or at a half-width colon
right after a word, for pages typed in half-width punctuation (「一、产业发展:甲公司占地200余亩,…」); never at
the colon of a clock (10:30) or inside quotes and brackets.  A page that turned its line breaks into spaces
puts a short unpunctuated heading, spaces and then prose on one line (「一、上半年工作总结 今年是…开局之年,…」,
「一、总体情况 2024年，我镇…」): the spaces end the heading.

A heading has text under it.  A run of two or more numbered lines of the same kind right after one another
(1、 2、 3、, (1) (2), ① ②, numbered from 1 and one up each time), each a single short sentence, all but the
last ending in a semicolon and the last in a semicolon or a full stop, has no text under any of its lines but
the last: the lines are a list of points (「1、迎接教育基地评估验收；」 「2、推进区级课题研究；」 「3、城乡结对系列活动。」),
and they stay body text of the section above them.  So are two or more numbered lines from 1 that each only cite a
document (「1.《中华人民共和国政府信息公开条例》（国务院令第711号）。」): the list of what a text rests on.  A list that a body line introduces with a colon is
recognised by the outline itself (outline.py, list_entry); this rule needs no introduction.

A paragraph of prose numbered 1. (its first sentence longer than LONE_LEAD, no run-in heading) that no 2. follows
before the next 一、 or （一） is one point of its section, not a section of its own (lone_points); so is a 1. that
ends the text with clauses cut off before any sentence end (a page cut short), for a heading has text under it.

Pure functions over the lines' texts.
"""

from __future__ import annotations

import re

from ..zh import cn_to_int, sentence_end

# The lower numbering levels, where points are listed: 1. 1、 (1) （一） ①
_MARKER = re.compile(r"\s*(?:(\d{1,3})[.、．](?!\d)|[(（](\d{1,3})[)）]|[(（]([一二三四五六七八九十]{1,3})[)）]|"
                     r"([\u2460-\u2473]))[、.．]?\s*")
ITEM_MAX = 60  # an entry is one short sentence
_FIRST = frozenset("0123456789０１２３４５６７８９(（ \t\u3000" + "".join(map(chr, range(0x2460, 0x2474))))
_INNER_END = re.compile(r"[。！？；;!?：]")  # as zh.LEAD_END, brackets not counted
_SEMICOLONS = ("；", ";")
_ENDS = (*_SEMICOLONS, "。")


_HALF_COLON = re.compile(r"(?<![\d:])[\u4e00-\u9fff]{2,}:(?![\d/])")
# A short unpunctuated heading, then spaces, then prose: a page that turned its line breaks into spaces
_SPACED_HEAD = re.compile(r"[\u4e00-\u9fff][^\s，。；：,.;:!?！？、“”\"（）()《》]{1,23}[ \u3000]+(?=[\u4e00-\u9fff]|(?:19|20)\d\d年)")
_PROSE = re.compile(r"[，。；,;]")
_OPENS = re.compile(r"[“\"(（《]")


def spaced_lead(rest: str, end: int | None) -> int | None:
    """Where a short unpunctuated heading that spaces part from its prose ends (see the module notes), or None;
    `end` is where the first sentence ends."""
    spaced = _SPACED_HEAD.match(rest)
    if spaced and (end is None or end > spaced.end()) and _PROSE.search(rest, spaced.end()) \
            and len(rest) - spaced.end() >= 20:
        return spaced.end()
    return None


def lead_end(rest: str, limit: int) -> int | None:
    """Where the lead sentence of a numbered paragraph's text ends (see the module notes); a half-width colon
    counts within the first `limit` characters."""
    end = sentence_end(rest)
    spaced = spaced_lead(rest, end)
    if spaced is not None:
        return spaced
    if ":" not in rest[:limit + 1]:
        return end
    m = _HALF_COLON.search(rest, 0, limit + 1)
    if m is None or (end is not None and end <= m.end()) or _OPENS.search(rest, 0, m.end()):
        return end
    return m.end()


def list_entries(texts: list[str]) -> set[int]:
    """Indices of the lines that are list entries (see the module notes)."""
    ends = [i for i, t in enumerate(texts) if t.endswith(_ENDS) and t[:1] in _FIRST]  # (mostly none)
    if not any(texts[i].endswith(_SEMICOLONS) for i in ends):
        return _citations(texts, ends)  # every other list has an entry ending in a semicolon
    marks: dict[int, tuple[str, int, int]] = {}
    for i in ends:
        mark = _item(texts[i])
        if mark is not None:
            marks[i] = mark
    found: set[int] = set()
    for i, mark in marks.items():
        if mark[1] == 1 and i not in found:
            run = _run(texts, marks, i)
            if len(run) >= 2:
                found.update(run)
    return found


# 「1.《中华人民共和国政府信息公开条例》（国务院令第711号）。」, 「2.某省政府办公厅《关于…的通知》（某政办发〔2023〕8号）。」
_CITATION = re.compile(r"[^《》，。；]{0,24}《[^《》]{2,60}》\s*(?:[（(][^（）()]{2,30}[）)])?\s*[。；;]?$")


def _citations(texts: list[str], ends: list[int]) -> set[int]:
    """A run of two or more numbered lines from 1, each only the citation of a document: the list of what a text
    rests on (依据), not sections."""
    found: set[int] = set()
    for i in ends:
        mark = _item(texts[i])
        if mark is None or mark[1] != 1 or i in found or not _CITATION.match(texts[i], mark[2]):
            continue
        run = [i]
        while run[-1] + 1 < len(texts):
            nxt = _item(texts[run[-1] + 1])
            if nxt is None or nxt[:2] != (mark[0], mark[1] + len(run)) or not _CITATION.match(texts[run[-1] + 1], nxt[2]):
                break
            run.append(run[-1] + 1)
        if len(run) >= 2:
            found.update(run)
    return found


def _item(text: str) -> tuple[str, int, int] | None:
    """(marker kind, number, where the entry's text starts) of a short line ending like an entry, else None."""
    if len(text) > ITEM_MAX + 8 or not text.rstrip().endswith(_ENDS):
        return None
    m = _MARKER.match(text)
    if m is None:
        return None
    if m.group(4):
        return "circled", ord(m.group(4)) - 0x2460 + 1, m.end()
    if m.group(3):
        return "cn_paren", cn_to_int(m.group(3)) or 0, m.end()
    return ("ar_dot" if m.group(1) else "ar_paren"), int(m.group(1) or m.group(2)), m.end()


def _run(texts: list[str], marks: dict[int, tuple[str, int, int]], start: int) -> list[int]:
    first = marks[start]
    if first is None or first[1] != 1 or not _entry(texts[start], first[2]):
        return []
    run = [start]
    while not texts[run[-1]].rstrip().endswith("。"):
        nxt = run[-1] + 1
        mark = marks.get(nxt)
        if mark is None or mark[0] != first[0] or mark[1] != first[1] + len(run) or not _entry(texts[nxt], mark[2]):
            break
        run.append(nxt)
    if not all(texts[k].rstrip().endswith(_SEMICOLONS) for k in run[:-1]):
        return []
    return run


def _entry(text: str, rest: int) -> bool:
    """The text after the marker is one short sentence ending in a semicolon or a full stop."""
    body = text[rest:].strip()
    return 0 < len(body) <= ITEM_MAX and body.endswith(_ENDS) and not _INNER_END.search(body, 0, len(body) - 1)


# A lone 1. of prose: 「1.加快推进…进程，尽快完善…。」 with no 2. after it before the next 一、 or （一）
_ONE = re.compile(r"\s*1([.、．])(?!\d)")
_HIGHER = re.compile(r"\s*(?:[一二三四五六七八九十]{1,3}[、.．]|[(（][一二三四五六七八九十]{1,3}[)）])")
LONE_LEAD = 40  # a 1. whose first sentence is longer than this is prose, not a heading line
# clauses that run on to no sentence end: 「切实加强…建设，认真学习…」 as a page was cut
_CUT_CLAUSES = re.compile(r"^[^。！？；;!?：:]{4,}[，,][^。！？；;!?：:]{4,}[^。！？；;!?：:”’\"）)]$")


def lone_points(texts: list[str]) -> set[int]:
    """Paragraphs of prose numbered 1. that no 2. follows within their section: one point, not a section."""
    found: set[int] = set()
    for i, text in enumerate(texts):
        m = _ONE.match(text) if text[:2].strip()[:1] == "1" else None
        if m is None:
            continue
        rest = text[m.end():]
        if i == len(texts) - 1 and _CUT_CLAUSES.search(rest.strip()):
            found.add(i)  # the page's last line, clauses cut off: the first words of a point, nothing under it
            continue
        end = lead_end(rest, LONE_LEAD)
        if len(rest) <= ITEM_MAX or (end is not None and end <= LONE_LEAD):
            continue  # a short line, or a run-in heading (「1、组织机构设置情况：…」)
        two = re.compile(rf"\s*2[{re.escape(m.group(1))}]")
        for later in texts[i + 1:]:
            if two.match(later) or _HIGHER.match(later):
                break
        else:
            later = ""
        if not two.match(later):
            found.add(i)
    return found
