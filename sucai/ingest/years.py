"""More places a document states its date or year, for documents whose title and header give none.

Pure functions over paragraph texts, used by ``metadata.extract_meta``.  Decisions:

* A speech dates itself in brackets right under its title, often on the line of its salutation or run
  together with the title on a 文库 page: 「（2006年8月30日） 同志们：」, 「…的讲话马大荣(2011年9月18日)同志们:」.
  A bracketed full date followed by a salutation (同志们, 各位, 尊敬的) or ending its line, in the first
  lines, is the document's date.
* A speech dated nowhere is given on the day its opening calls 「今天」: the year written in that sentence
  (「今天我们在此隆重举行2021年秋季学期开学典礼」) is the speech's.
* A summary or report of a year that names the year nowhere but in its body (「全镇2020年共完成国税…」,
  「2020年共收缴烤烟…」) reports on that year when it is the only year written at least twice, or is written
  at least twice and three times as often as any other; a plan looks ahead, so this is for summaries.
"""

from __future__ import annotations

import re
from collections import Counter

_Y = r"((?:19|20)\d\d)"
_DATED = re.compile(
    rf"[（(]\s*{_Y}\s*年\s*(\d{{1,2}})\s*月\s*(\d{{1,2}})\s*日\s*[）)]\s*(?:同志们|各位|尊敬的|亲爱的|$)")
_YEAR = re.compile(rf"{_Y}\s*年(?!\d)")
HEAD = 6
BODY = 40


def bracket_date(texts: list[str]) -> str | None:
    """YYYY-MM-DD of a speech's bracketed date in its first lines (see module notes)."""
    for text in texts[:HEAD]:
        m = _DATED.search(text[:400])
        if m and 1 <= int(m.group(2)) <= 12 and 1 <= int(m.group(3)) <= 31:
            return f"{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"
    return None


def body_year(texts: list[str]) -> int | None:
    """The year a summary's body keeps writing (see module notes), or None."""
    counts = Counter(int(m.group(1)) for text in texts[:BODY] for m in _YEAR.finditer(text))
    if not counts:
        return None
    (year, n), *rest = counts.most_common()
    if n >= 2 and (not rest or n >= 3 * rest[0][1]):
        return year
    return None



_TODAY = re.compile(rf"今天[^。！？!?]{{0,40}}?{_Y}\s*年(?!\d)")


def speech_year(texts: list[str]) -> int | None:
    """The year in the sentence where a speech says 「今天」, in its first lines (see module notes)."""
    for text in texts[:HEAD]:
        m = _TODAY.search(text) if "今天" in text else None
        if m:
            return int(m.group(1))
    return None
