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
  at least twice and three times as often as any other; a plan looks ahead, so this is for summaries.  The end of
  a span (「2018-2022年」) is not written as the body's own.
* A report to a people's congress (「我代表区人民政府向大会报告工作」) dated nowhere is given the year after the year
  its review heading names (「一、2008年工作回顾」 → 2009: reports are given early in the next year), or in that
  year when its review speaks of 「今年」 (「一、2023年工作回顾」 「今年以来，…」: given at the year's end).
  Without such a heading, an opening that says it 「部署推动2024年工作」 is given as that year begins.
* A report of progress 「截至目前」 dated nowhere was written after everything it dates: the year of its latest full
  date (「2021年11月8日至12月20日…巡察」 「2023年1月17日…听取了…整改进展情况」 「截至目前，…完成整改688个」 → 2023).
* An entry of a collection dated nowhere (「乡镇安全生产月工作方案 篇1」) is of the year its page headline gives
  when that headline restates it (「2022年乡镇安全生产月工作方案(通用10篇)」).
"""

from __future__ import annotations

import re
from collections import Counter

_Y = r"((?:19|20)\d\d)"
_DATED = re.compile(
    rf"[（(]\s*{_Y}\s*年\s*(\d{{1,2}})\s*月\s*(\d{{1,2}})\s*日\s*[）)]\s*(?:同志们|各位|尊敬的|亲爱的|$)")
_YEAR = re.compile(rf"{_Y}\s*年(?!\d)")
# a year the body writes as its own: not the end of a span (「2018-2022年」)
_WRITTEN = re.compile(rf"(?<![-—－–~～至到]){_Y}\s*年(?!\d)")
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
    counts = Counter(int(m.group(1)) for text in texts[:BODY] for m in _WRITTEN.finditer(text))
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


_CONGRESS = re.compile(r"向(?:大会|会议)报告(?:工作|政府工作)")
_REVIEW = re.compile(rf"^[一二三四五六七八九十\d]{{0,2}}[、.．]?\s*{_Y}\s*年(?:主要)?工作(?:回顾|总结)")
_PLANS_YEAR = re.compile(rf"部署(?:推动|安排)?\s*{_Y}\s*年(?:度)?(?:工作|任务|各项工作)")
_THIS_YEAR = re.compile(r"今年(?:以来|是|上半年|前三季度|\d|，|,)")


def review_year(texts: list[str]) -> int | None:
    """The year a congress report is given, from its review heading (see module notes), or None."""
    if not any(_CONGRESS.search(t) for t in texts[:2 * HEAD]):
        return None
    for i, text in enumerate(texts[:BODY]):
        m = _REVIEW.match(text) if len(text) <= 30 else None
        if m:
            year = int(m.group(1))
            return year if any(_THIS_YEAR.search(t) for t in texts[i + 1:i + 4]) else year + 1
    for text in texts[:HEAD]:  # 「回顾总结…，部署推动2024年工作」: given as the year it plans begins
        if m := _PLANS_YEAR.search(text):
            return int(m.group(1))
    return None


_AS_OF = re.compile(r"截[至止](?:目前|当前|今|发稿)")
_FULL_DATE = re.compile(rf"{_Y}\s*年\s*\d{{1,2}}\s*月\s*\d{{1,2}}\s*日")


def as_of_year(texts: list[str]) -> int | None:
    """The year of a progress report's latest full date when it reports 「截至目前」 (see module notes), or None."""
    head = texts[:BODY]
    if not any(_AS_OF.search(t) for t in head):
        return None
    years = [int(m.group(1)) for t in head for m in _FULL_DATE.finditer(t)]
    return max(years) if years else None


# when a survey was made, as its report states it (「调研时间为2015年11月23~29日」, 「调查时间：2021年5月」)
_RESEARCHED = re.compile(r"(?:调研|调查|考察|走访)(?:时间|日期)\s*(?:为|是|[:：])?\s*((?:19|20)\d\d)\s*年")


def research_year(texts: list[str]) -> int | None:
    """The year a research report says its survey was made, in its first paragraphs."""
    for text in texts[:40]:
        m = _RESEARCHED.search(text)
        if m:
            return int(m.group(1))
    return None


# an entry's mark in a collection: 「篇1」, 「范文(一)」, 「1」
_ENTRY_MARK = re.compile(r"\s*(?:范文)?\s*(?:篇|第)?\s*[（(]?[一二三四五六七八九十\d]{1,3}[)）]?\s*篇?\s*$")
_ANY_YEAR = re.compile(rf"(?<!\d){_Y}(?!\d)")


def collection_headline(title: str, texts: list[str]) -> str | None:
    """A collection page's headline that restates an entry's title with a year, above the entry
    (「2022年乡镇安全生产月工作方案(通用10篇)」 over 「乡镇安全生产月工作方案 篇1」, 「2020党建工作总结_医院党建
    工作总结范文大全5篇」 over 「医院党建工作总结范文(一)」): the entry is of that year."""
    stem = re.sub(r"范文$", "", _ENTRY_MARK.sub("", title)).strip()
    if len(stem) < 4 or stem == title.strip():
        return None
    for text in texts[:HEAD]:
        if stem in text and len(text) <= 60 and _ANY_YEAR.search(text.replace(stem, "")):
            return text
    return None
