"""Numbered lines that are points of prose, not section headings.

A section heading names a topic in a few words (「加强组织领导」, 「实地观摩。」 then its text); a point of a list
states something in a whole sentence.  A run of two or more numbered lines of the same kind right after one
another (1、 2、 3、, （一） （二）, (1) (2), ① ②, 一是 二是; numbered from 1 and one up each time, nothing
between them) is a list of points when more than half of its lines are statements (or when each line is one
whole sentence and the same numbering starts again at once after the run): the first sentence after the
number runs past POINT_LEAD characters (no run-in label's colon within them) and is the whole line: a heading
with its text goes on after its lead.  A first sentence past LONG_LEAD characters that strings three clauses or
listed things together (「注重学习积累，开阔工作视野，提升服务群众的本领。」 then more) is a statement even with more text after
it: a run-in heading's lead names a topic, it does not enumerate.  A heading's lead sentence is short
(「强化政务服务。」, 「高质量发展水平明显提升。」 then its prose); a point's first sentence is a statement
(「我单位现有办公用房始建于七十年代，不存在新建楼堂馆所的问题。」).  Sibling consistency decides for the short
lines of the run too (「3、定期开展安全检查工作。」 among duties stated in full).  A line whose first few words stand
apart from the prose after them by spaces (「2.制定方案 结合实际，…」, numbered_lines.spaced_lead) is a heading.  A bold lead
(「1. **智慧社区**：…」, markup.py) is a heading, never a statement.

The lines stay body paragraphs of the section above them (an inline enumeration keeps its items); no text moves.
Pure functions over the lines' texts.
"""

from __future__ import annotations

import re

from ..zh import cn_to_int
from .numbered_lines import spaced_lead

POINT_LEAD = 20       # a first sentence longer than this is a statement, not a heading
LONG_LEAD = 36        # a first sentence of clauses longer than this is one even with more text after it
_CLAUSE = re.compile(r"[，,、]")  # what separates its clauses or listed things
_STOPS = re.compile(r"[。！？；;!?]")
_TRAIL = "。！？；;!? ”’\"）)"
_COLON = re.compile(r"[：:]")
_COUNTED = re.compile(r"\s*([一二三四五六七八九十]{1,2})[是要]")
_MARKER = re.compile(r"\s*(?:(\d{1,2})[.、．](?!\d)|[(（](\d{1,2})[)）]|[(（]([一二三四五六七八九十]{1,3})[)）]|"
                     r"([\u2460-\u2473]))[、.．]?\s*")


def prose_points(texts: list[str]) -> set[int]:
    """Indices of the lines that are points of prose (see the module notes)."""
    found: set[int] = set()
    marks: dict[int, tuple[str, int, int]] = {}
    for i, t in enumerate(texts):
        first = t[:1]
        if first.isspace():
            first = t[:8].lstrip()[:1]
        if first in _FIRST and (mark := _mark(t)) is not None:
            marks[i] = mark
    for i, (kind, number, _rest) in marks.items():
        if number != 1:
            continue
        run = [i]
        while (nxt := marks.get(run[-1] + 1)) is not None and nxt[:2] == (kind, number + len(run)):
            run.append(run[-1] + 1)
        stated = [_statement(texts[k], marks[k][2]) for k in run]
        if len(run) >= 2 and (2 * sum(stated) > len(run) or (2 * sum(stated) == len(run) and all(
                s or _long_lead(texts[k], marks[k][2]) for k, s in zip(run, stated, strict=True)))
                or _restarted(texts, marks, run)):
            found.update(run)
    return found


def _restarted(texts: list[str], marks: dict[int, tuple[str, int, int]], run: list[int]) -> bool:
    """「（一）…控制在指标以内。」 「（二）…减少一般伤亡事故。」 then 「（一）认真组织开展…活动。…」 at once: numbering
    that starts again right after a run of lines that are each one whole sentence makes that run a list of goals
    or points, and the numbering after it the sections."""
    nxt = marks.get(run[-1] + 1)
    if len(run) < 2 or nxt is None or nxt[:2] != (marks[run[0]][0], 1):
        return False
    for k in run:
        body = texts[k][marks[k][2]:].strip()
        stop = _STOPS.search(body)
        if stop is None or body[stop.end():].strip(_TRAIL):
            return False
    return True


def _long_lead(text: str, rest: int) -> bool:
    """The first sentence after the number is one clause of more than POINT_LEAD characters, with no run-in label
    or bold lead: no topic named in a few words (a tie between statements and other lines is settled by it)."""
    body = text[rest:].strip()
    if body.startswith("**") or _COLON.search(body, 0, POINT_LEAD + 1) is not None:
        return False
    stop = _STOPS.search(body)
    end = stop.start() if stop else len(body)
    # one clause: 「…将在今年组织开展…活动。」 states; 「奋力推进…，巩固…，建设…」 heads a section in matched clauses
    return end > POINT_LEAD and not _CLAUSE.search(body, 0, end) and spaced_lead(body, stop and stop.start()) is None


_FIRST = frozenset("0123456789(（一二三四五六七八九十" + "".join(map(chr, range(0x2460, 0x2474))))


def _mark(text: str) -> tuple[str, int, int] | None:
    m = _MARKER.match(text)
    if m is None:
        m = _COUNTED.match(text)
        return ("shi", cn_to_int(m.group(1)) or 0, m.end()) if m else None
    if m.group(4):
        return "circled", ord(m.group(4)) - 0x2460 + 1, m.end()
    if m.group(3):
        return "cn_paren", cn_to_int(m.group(3)) or 0, m.end()
    return ("ar_dot" if m.group(1) else "ar_paren"), int(m.group(1) or m.group(2)), m.end()


def _statement(text: str, rest: int) -> bool:
    """The text after the number is one sentence of more than POINT_LEAD characters, ending in a full stop
    (or ；！？), with no run-in label (a colon) within its first POINT_LEAD characters and no bold lead."""
    body = text[rest:].strip()
    core = body.rstrip(_TRAIL)
    if body.startswith("**") or _COLON.search(core, 0, POINT_LEAD + 1) is not None:
        return False  # 「1. **智慧社区**：…」 (markup.py), a run-in label
    stop = _STOPS.search(core)
    if spaced_lead(body, stop.start() if stop else None) is not None:
        return False  # 「1.制定方案 结合实际，…」: a short heading that spaces part from its prose
    if stop is not None:  # a long first sentence of three clauses or more states something, whatever follows
        return stop.start() > LONG_LEAD and len(_CLAUSE.findall(core, 0, stop.start())) >= 2
    return POINT_LEAD < len(core) < len(body)


def matched_counted(texts: list[str]) -> set[int]:
    """Lines of a run of counted points (一是, 二是, … one after another) whose leads all open with the same words
    (「一是全力在为企服务上下足功夫。…」 「二是全力在项目建设上实现突破。…」): the section's parallel sub-headings,
    kept headings even where counted points are prose (outline.py)."""
    found: set[int] = set()
    run: list[tuple[int, str]] = []
    for i, text in enumerate([*texts, ""]):
        m = _COUNTED.match(text)
        number = cn_to_int(m.group(1)) if m else None
        if number is not None and number == len(run) + 1:
            run.append((i, text[m.end():m.end() + 2]))
            continue
        if len(run) >= 2 and len({words for _, words in run}) == 1 and run[0][1].isalpha():
            found.update(k for k, _ in run)
        run = [(i, text[m.end():m.end() + 2])] if m and number == 1 else []
    return found
