"""A document's own contents list printed without a 目录 line above it.

Government pages often print a plan's contents as bare lines right before its text:

    总则 / 1.1 编制目的 / 1.2 编制依据 / 组织体系及职责 / 2.1 指挥机构 / … / 8 附则 / 1 总则 / 1.1 编制目的 / …

The entries look like headings, so without a 目录 line they became the outline (and the real headings
that follow were read as a second, restarting numbering).  A run is such a list when all of these hold:

* it is at least MIN_ENTRIES short lines (≤ ENTRY_MAX characters after its number, no sentence
  punctuation), starting in the first HEAD_ZONE lines;
* most of its lines carry a section number (1.1, 一、, （一）, 第一章) — a list of plain short lines may be
  a poem or a name list;
* it ends where a line repeats its first entry (the body's first heading), and a line of prose follows
  within the next few lines (the body starts).

A text that is nothing but such entries (a 文库 page showing only a compilation's contents: entries with page
numbers, then the first document's heading tree, and no line of prose anywhere) is a contents list as a whole:
at least MIN_ENTRIES lines, all entries, two or more ending in a page number right after a word.

Pure function over blocks; the lines stay as body text (build_structure keeps them, unnumbered).
"""

from __future__ import annotations

import re
from collections import Counter

from ..models import Block

HEAD_ZONE = 60
MIN_ENTRIES = 4
ENTRY_MAX = 30
SCAN_MAX = 200
_NUMBER = re.compile(
    r"^\s*(?:第[一二三四五六七八九十百\d]+[章节部分编]|[一二三四五六七八九十]+[、．.]|[（(][一二三四五六七八九十\d]+[)）]"
    r"|\d+(?:\.\d+)*(?:[、.．](?!\d)|\s+|(?=[\u4e00-\u9fff])))")
_PUNCT = re.compile(r"[。；！？;!?，,：:]")
_PAGE = re.compile(r"[\s.．…·\-—]*\d{1,4}$")


def _key(text: str) -> str:
    m = _NUMBER.match(text)
    rest = text[m.end():] if m else text
    return re.sub(r"\s+", "", _PAGE.sub("", rest))


def _entry(text: str) -> bool:
    if len(text) > ENTRY_MAX + 16:  # no number and page number make a long line short (ingest speed)
        return False
    key = _key(text)
    return 2 <= len(key) <= ENTRY_MAX and not _PUNCT.search(text)


def headless_toc(blocks: list[Block]) -> tuple[int, int]:
    """(first entry, index after the last entry) of a contents list without a 目录 line, or (-1, -1)."""
    if contents_only(blocks):
        return 0, len(blocks)
    if not _short_run(blocks) or not _repeated_ending(blocks):
        return -1, -1  # no run of short lines, or none repeated, where a list could be (most files; ingest speed)
    ends = Counter(_end(b.text) for b in blocks[:HEAD_ZONE + SCAN_MAX] if len(b.text) <= ENTRY_MAX + 16)
    for i in range(min(HEAD_ZONE, len(blocks))):
        if ends[_end(blocks[i].text)] < 2 or not _entry(blocks[i].text):  # the first entry is repeated below
            continue
        end = _run_end(blocks, i)
        if end > 0:
            return i, end
    return -1, -1


_PAGED = re.compile(r"[\u4e00-\u9fff》”）)][\s.．…·\-—]*\d{1,4}$")


def contents_only(blocks: list[Block]) -> bool:
    """The whole text is a contents list (see module notes)."""
    if len(blocks) < MIN_ENTRIES:
        return False
    for block in blocks:  # the first line of prose ends the test (most texts: at once)
        if len(block.text) > ENTRY_MAX + 16 or "。" in block.text or not (_entry(block.text) or _bare_number(block.text)):
            return False
    return sum(1 for b in blocks if _PAGED.search(b.text)) >= 2


def _bare_number(text: str) -> bool:
    """A list number with no entry after it (「1.」: an entry the page left empty)."""
    m = _NUMBER.match(text)
    return m is not None and not text[m.end():].strip()


def _short_run(blocks: list[Block]) -> bool:
    """At least MIN_ENTRIES + 1 short lines in a row, starting in the head zone."""
    run = 0
    for i, block in enumerate(blocks[:HEAD_ZONE + MIN_ENTRIES]):
        if len(block.text) <= ENTRY_MAX + 16 and "。" not in block.text:
            run += 1
            if run > MIN_ENTRIES:
                return True
        elif i >= HEAD_ZONE:
            return False
        else:
            run = 0
    return False


def _end(text: str) -> str:
    """The last two characters before any page number: what an entry and its heading share cheaply."""
    return text.rstrip("0123456789.…·-— \u3000")[-2:]


def _repeated_ending(blocks: list[Block]) -> bool:
    """Two short lines end alike (an entry and the heading that repeats it)."""
    seen: set[str] = set()
    for block in blocks[:HEAD_ZONE + SCAN_MAX]:
        text = block.text
        if len(text) <= ENTRY_MAX + 16:
            end = _end(text)
            if end in seen:
                return True
            seen.add(end)
    return False


def _run_end(blocks: list[Block], i: int) -> int:
    first = _key(blocks[i].text)
    numbered = 0
    for j in range(i + 1, min(len(blocks), i + SCAN_MAX)):
        text = blocks[j].text
        if not _entry(text):
            return -1
        if _key(text) == first:
            count = j - i
            body = any(_PUNCT.search(b.text) and len(b.text) > ENTRY_MAX for b in blocks[j + 1:j + 6])
            ok = count >= MIN_ENTRIES and numbered * 3 >= count * 2 and body and _NUMBER.match(text)
            return j if ok else -1
        numbered += bool(_NUMBER.match(text))
    return -1
