"""Head lines of a page judged by what stands around them, for ``clean.strip_adverts``.

* A 范文 site's counted article header (「第1篇 某村2023年工作总结 3850字」, 「篇一:…2850字」) is chrome by a rule
  (sucai/data/chrome.txt) because the article's own title stands next to it (right above or below).  When no
  line there restates it (the text itself follows, and above is only the page's headline of a collection,
  「…(精选5篇)」), the header is the only title the article has: it stays.
* A figure caption that only restates a line above it (「图1: 某某心得体会」 under the page title 「某某心得体会」) is the
  alternative text of a picture of the title, not text of the document: it goes.
* A 范文 page's navigation of the texts it holds, run together on one line of any length (「某某总结 篇1某某总结 篇2
  某某总结 篇3…」), goes: each text's own header follows below.
* A page's breadcrumb with the document's title glued to its last item (a PDF printed from a government page:
  「当前位置: 首页 > 政务公开 > 政策法规中共某市委办公室…关于…的通知(某办发〔2017〕2号)」) is cut where the title starts, so
  the breadcrumb goes as chrome and the title stays: before 中共/关于/国务院, else after the last item's section word
  (法规, 公告, 动态…, or a bracket closing 「乡镇(街道)」); when neither is found the whole last item stays.
"""

from __future__ import annotations

import re

from .titles import KIND_WORD

_COUNTED = re.compile(r"^(?:第[一二三四五六七八九十\d]{1,3}篇|篇[一二三四五六七八九十\d]{1,3})[ \u3000:：]*"
                      r"([^，。；！？]{4,60}?)\s*\d{3,5}字$")
_CAPTION = re.compile(r"^图\s*\d{1,2}\s*[:：.．、]?\s*(\S.{3,60})$")
_NAV_RUN = re.compile(r"^(?=.{0,40}篇 ?\d)(.{2,30}?) ?篇 ?\d{1,2}(?: ?\1 ?篇 ?\d{1,2}){2,}$")
_SPACE = re.compile(r"\s+")
_PROSE = re.compile(r"[，。；,;]")
LOOK = 3  # lines below a counted header where its title may be restated


def lone_counted_header(texts: list[str], i: int) -> bool:
    """Line i is a counted article header whose title no line near it restates: not the line right above it (the
    page's headline, 「某某述职报告」 under 「某某述职报告十二篇」), not a short line right below it."""
    m = _COUNTED.match(texts[i])
    if m is None:
        return False
    title = _SPACE.sub("", m.group(1))
    above = [_SPACE.sub("", t) for t in texts[max(i - 2 * LOOK, 0):i] if t.strip()][-LOOK:]
    below = [_SPACE.sub("", t) for t in texts[i + 1:i + 1 + 2 * LOOK] if t.strip()][:LOOK]
    return title not in above and not any(t.startswith(title[:6]) and len(t) <= 60 and not _PROSE.search(t)
                                          for t in below)


def restated_caption(texts: list[str], i: int) -> bool:
    """Line i is a figure caption whose words are a line above it."""
    text = texts[i].strip()
    if not text.startswith("图"):
        return False
    m = _CAPTION.match(text)
    return m is not None and m.group(1).strip() in {t.strip() for t in texts[:i]}


def navigation_run(text: str) -> bool:
    """The line is a 范文 page's list of its texts, 「X 篇1X 篇2X 篇3…」, run together."""
    return "篇" in text and _NAV_RUN.match(text) is not None


_CRUMB = re.compile(r"[>＞»›]")
_TITLE_END = re.compile(rf"(?:{KIND_WORD.pattern}|〔\d{{4}}〕\s*\d+\s*号)[)）]?$")
_TITLE_OPENS = re.compile(r"中共|关于|国务院")
_SECTION_END = re.compile(r"(?:法规|公告|文件|动态|信息|公开|政策|通知|要闻|规划|解读|新闻|资讯|制度|发布|专栏|栏目|[)）])$")
CRUMB_ITEM = 8  # a breadcrumb's last item before the glued title is at most this long


def crumb_title_start(text: str) -> int | None:
    """Where the document's title starts in a breadcrumb line it is glued to (see the module notes), or None."""
    marks = list(_CRUMB.finditer(text))
    if len(marks) < 2:
        return None
    start = marks[-1].end()
    last = text[start:].lstrip()
    start += len(text) - start - len(last)
    if len(last) < 16 or not _TITLE_END.search(last) or re.search(r"[。；;]", last):
        return None
    m = _TITLE_OPENS.search(last, 2, CRUMB_ITEM + 1)
    if m is not None and m.start() <= CRUMB_ITEM:
        return start + m.start()
    for k in range(CRUMB_ITEM, 1, -1):
        if _SECTION_END.search(last[:k]):
            return start + k
    return start
