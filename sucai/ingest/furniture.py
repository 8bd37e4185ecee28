"""Site furniture recognised by its shape, for sites no chrome rule names.

The chrome rules (sucai/data/adverts.txt) name the furniture of sites seen before.  A site never seen
still builds its page from the same parts, so a short line in the head of a page (before the first
sentence of prose) or in its tail (after the last) is furniture when every piece of it is one:

* a furniture word (`furniture:` entries of the rule file: 首页, 登录, 收藏, 下载, 上一篇, 相关推荐, 客服,
  VIP, 立即下载, …), or a piece that is such words plus at most two other Han characters (「文件下载」,
  「加入Vip免费下载」);
* a counter: 阅读 1234, 浏览：56, 1234人阅读, 页数:12, 大小:23KB, ★★★★☆, 4.5分;
* a site name (…网, …文库, …素材库, …网站, …之家) or an empty page field (「阅读次数:」);
* dates, times, numbers and bullets (• - ·) — these only when another piece above is there, so a
  document's closing date line is never furniture.

Two more shapes need no word: a navigation run (three or more short items separated by >, |, ›, », →)
and a line of page fields (two or more 「发布日期:…」 「信息来源:…」 with a date among them).
Lines longer than FURNITURE_MAX or holding sentence punctuation are never furniture: official prose
that uses the same words is longer and punctuated.

More shapes, each with its reason:

* A government information-disclosure table (信息公开) without colons: a line holding two or more field
  labels (`field:` entries: 索引号, 发布机构, 生成日期, 效力状况, …) with their values anywhere in the page
  (「索引号 MB1670946/2023-00023 生成日期 2023-01-17」); in the head or tail a line that is one label and
  its value (「发布机构 华庄街道办事处」) or a label alone, and then the short line after a lone label is its
  value (label and value in separate table cells).  The value of 标题/名称 is the title and stays, unless the page
  shows it again on a line of its own.
* A tag list: three or more short space-separated items sharing a last word (「实施方案 体检评估工作实施方案
  住房抗震改造工作实施方案」), in the head or tail; or three or more comma-separated keywords above the text, each a
  word of a longer head line, the title (「镇政府,工作报告,2023」 under 「2023年镇政府工作报告」).
* Page counters of a 文库 preview (「1/13」, 「2/13」): two or more lines k/N with the same N, anywhere.
* Not furniture: the rows of a data table copied as text with bars between its cells (「信息内容 | 本年制发件数 |
  本年废止件数 |」 over 「规章 | 0 | 0 | 0 |」): two or more adjacent bar-separated lines with the same number of
  bars, one of them holding a number as a cell.  A site's menu (「首页 | 新闻 | 服务」) has no numeric cells.
* Gaps in the head: up to GAP_MAX short lines (≤ GAP_CHARS characters, not ending in a kind word) between two
  furniture lines above the first sentence are furniture too (a 文库 page's 「999+」 「32 页」 「海报」 between its
  「VIP专免」 and 「侵权投诉」: counts and buttons whose labels were images), and a poster's user name of Latin
  letters (「时间:」 「Fallinlove」 「分享」).
* Related links in the tail: after a `related:` heading (扩展阅读, 相关推荐, 猜你喜欢, …) that follows the
  document's last sentence, the short unpunctuated lines to the end of the page are article links.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

FURNITURE_MAX = 40
NAV_MAX = 80
_PROSE = re.compile(r"[。，；！？,;!?]")
_NAV_SEP = re.compile(r"\s*(?:>>?|＞|»|›|→|[|｜│┃])\s*")
_ARROW = re.compile(r">|＞|»|›|→")
_DIGITS = re.compile(r"\d")
_SPLIT = re.compile(r"[\s|｜│┃>＞»›→]+")
_HAN = re.compile(r"[\u4e00-\u9fff]")
_FILLER = re.compile(r"^(?:[-–—•·*・\d:：/.年月日时分秒()（）\[\]【】+]+[wW万kK]?|KB|MB|kb|mb|页|字|DOCX?|docx?|PDF|pdf)$")
_COUNTER = re.compile(
    r"^(?:(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2})?(?:[\d.]+[万wWkK+]?(?:人|次)?|[\d.]*(?:人|次)已?)"
    r"(?:阅读|浏览|下载|收藏|点赞|评论|喜欢|赞|关注|围观)"
    r"|(?:阅读|浏览|下载|收藏|点赞|评论|赞|字数|页数|大小|格式|评分|热度|人气|点击)(?:量|数|次数)?[:：(（]?"
    r"[\d.]*\s*(?:[万wWkK+]|页|字|KB|MB|kb|mb|分|DOCX?|docx?|PDF|pdf)?[)）]?"
    r"|[★☆]{3,}[\d.]*分?|[\d.]+分|\d+条评论|(?:ID|id|资源ID|文档ID)[:：]?\s*\d{4,})$")
# A page field with an empty or numeric value (阅读次数:, 时间:2023-02-24); 「同志们：」 is not one.
_FIELD = re.compile(r"^[\u4e00-\u9fff]{0,4}(?:时间|日期|来源|作者|编辑|次数|浏览量?|阅读量?|点击|人气|分类|栏目|部门|机构|字号)"
                    r"[:：][\d\-:/. ]*$")
_SITE = re.compile(r"^[\u4e00-\u9fffA-Za-z0-9]{1,12}(?:网|文库|素材库|范文库|网站|论坛|之家|频道|(?:文学|范文|文档|作文|资料)吧)$")
_PAGE_FIELD = re.compile(r"[\u4e00-\u9fff]{2,4}\s*[:：]")
_DATE = re.compile(r"\d{4}[-/.]\d{1,2}[-/.]\d{1,2}")


def furniture_lines(texts: list[str], words: tuple[str, ...], fields: tuple[str, ...] = (),
                    lists: tuple[int, ...] = (), gone: tuple[int, ...] = (), cells: tuple[int, ...] = ()) -> set[int]:
    """Indices of the head and tail lines that are page furniture by shape, and of the lines anywhere that
    are disclosure-table rows or preview page counters.  `lists` are the places where a related-links
    heading (扩展阅读, 相关推荐) stood before the chrome rules removed it: in the tail, the short lines after
    one are links.  `gone` are the places where the chrome rules removed a line (it stood before that line), `cells`
    those where the line they removed was a lone field label: a short line there is its value."""
    found = page_counters(texts)
    labels = _labels(fields)
    if labels is not None:
        firsts = _first_chars(fields)
        found |= {i for i, t in enumerate(texts) if t[:1] in firsts and _field_row(t, labels)}
    first = next((i for i, t in enumerate(texts) if _is_prose(t)), None)
    if first is None:
        return found
    last = next(i for i in range(len(texts) - 1, -1, -1) if _is_prose(texts[i]))  # only the ends are scanned
    table = bar_table_rows(texts)
    edges = [i for i in (*range(first), *range(last + 1, len(texts))) if i not in table]
    lowered = tuple(sorted({w.lower() for w in words}, key=len, reverse=True))
    found |= {i for i in edges if is_furniture(texts[i], lowered) or _tag_list(texts[i])}
    found |= {i for i in range(first) if "," in texts[i] or "，" in texts[i] or "、" in texts[i]
              if keyword_line(texts[i], texts[:first])}
    if labels is not None:
        found |= _field_cells(texts, edges, labels)
        edge = set(edges)
        found |= {i for i in cells if i in edge and _cell_value(texts[i], labels)}
    found |= head_gaps(texts, found, first, gone)
    tail = [p for p in lists if p > last]
    if tail:
        found |= {i for i in range(min(tail), len(texts)) if _link(texts[i])}
    return found


GAP_MAX = 3
GAP_CHARS = 8


def head_gaps(texts: list[str], found: set[int], first: int, gone: tuple[int, ...] = ()) -> set[int]:
    """The short lines between two furniture lines of the head (see module notes); a line the rules removed
    counts as one, standing just before the line at its place in `gone`."""
    marks = sorted({float(i) for i in found if i < first} | {p - 0.5 for p in gone if p <= first})
    out: set[int] = set()
    for a, b in zip(marks, marks[1:], strict=False):
        gap = [i for i in range(math.floor(a) + 1, math.ceil(b)) if texts[i].strip()]
        if gap and len(gap) <= GAP_MAX and all(_gap_line(texts[i]) for i in gap):
            out.update(gap)
    return out


_USER_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_.-]{2,19}")  # a poster's user name: 「Fallinlove」, 「pd_user01」


def _gap_line(text: str) -> bool:
    line = re.sub(r"\s+", "", text)
    if _USER_NAME.fullmatch(line):
        return True
    return len(line) <= GAP_CHARS and not _PROSE.search(line) and not _TITLE_END.search(line)


def _link(text: str) -> bool:
    """A related article's title in a list of links: short, no sentence punctuation."""
    line = text.strip()
    return len(line) <= 60 and not re.search(r"[。；！？;!?]", line)


def _is_prose(text: str) -> bool:
    return len(text) >= 20 and _PROSE.search(text) is not None


# ---------------------------------------------------------------- disclosure tables, tags, counters

_TITLE_FIELDS = ("标题", "名称", "信息名称", "文件名称")
# A line ending in a kind word is a title, never the value of an empty cell above it (「文号」 left blank).
_TITLE_END = re.compile(r"(方案|通知|计划|总结|报告|讲话|要点|意见|办法|规定|决定|通报|规划|细则|预案|请示|函|批复|通告|公告|"
                        r"纪要|打算|思路|设想|安排|意见|条例|规则|章程)$")


_FIELD_TITLE = re.compile(r"^(?:标题|信息名称|文件名称|名称)\s*[:：]\s*([^|｜:：\s][^|｜:：]{4,58}?)\s*(?:[|｜].*)?$")


def field_title(texts: list[str]) -> str | None:
    """The title a disclosure page's 「标题:」 field gives (「标题:某局2020年工作总结暨2021年工作计划 | |」) in its head
    rows, when it names a document of a kind; used only where the text has no title line of its own."""
    for text in texts[:12]:
        m = _FIELD_TITLE.match(text.strip()) if len(text) <= NAV_MAX + 40 else None
        if m and not _PROSE.search(m.group(1)) and _TITLE_END.search(m.group(1).strip()):
            return m.group(1).strip()
    return None


@lru_cache(maxsize=8)
def _labels(fields: tuple[str, ...]) -> re.Pattern[str] | None:
    """One pattern for the field labels; a label may be letter-spaced (索 引 号)."""
    if not fields:
        return None
    alts = sorted({f.strip() for f in fields if f.strip()}, key=len, reverse=True)
    return re.compile("|".join(r"\s*".join(map(re.escape, a)) for a in alts))


@lru_cache(maxsize=8)
def _first_chars(fields: tuple[str, ...]) -> frozenset[str]:
    return frozenset(f.strip()[:1] for f in fields if f.strip())


def _field_labels(text: str, labels: re.Pattern[str]) -> list[re.Match[str]]:
    """The labels a table row holds, each at the start or after a space, or none when the line is prose."""
    line = text.strip()
    if not line or len(line) > NAV_MAX + 40 or _PROSE.search(line):
        return []
    return [m for m in labels.finditer(line)
            if (m.start() == 0 or line[m.start() - 1] in " \t\u3000|｜") and
            (m.end() == len(line) or line[m.end()] in " \t\u3000:：|｜" or line[m.end()].isascii())]


def _field_row(text: str, labels: re.Pattern[str]) -> bool:
    """Two or more labels, the first opening the line, and a value after one of them: a table's header row
    (「序号 文件名称 文号 发布机构」) holds labels only and stays."""
    if len(text) > NAV_MAX + 40 or not labels.match(text):
        return False
    found = _field_labels(text, labels)
    if len(found) < 2 or found[0].start() != 0:
        return False
    line = text.strip()
    ends = [m.end() for m in found]
    starts = [m.start() for m in found[1:]] + [len(line)]
    return any(line[a:b].strip(" \t\u3000:：|｜") for a, b in zip(ends, starts, strict=True))


def _field_cells(texts: list[str], edges: list[int], labels: re.Pattern[str]) -> set[int]:
    """Head and tail rows that are one label with its value, or a lone label and the value line after it."""
    out: set[int] = set()
    edge = set(edges)
    for i in edges:
        line = texts[i].strip().lstrip(_BULLETS)  # 「• 索引号:」: a page's bullet in front of the label
        found = _field_labels(line, labels)
        if len(found) != 1 or found[0].start() != 0:
            continue
        label = re.sub(r"\s+", "", found[0].group(0))
        value = line[found[0].end():].strip(" \t\u3000:：|｜")
        if label in _TITLE_FIELDS and value not in {t.strip() for t in texts}:
            continue  # its value is the title, unless the page shows it on a line of its own
        if value and len(value) <= FURNITURE_MAX:
            out.add(i)
        elif not value:
            out.add(i)
            if i + 1 in edge and _cell_value(texts[i + 1], labels):
                out.add(i + 1)
    return out


def _cell_value(text: str, labels: re.Pattern[str]) -> bool:
    """The line after a lone field label is its value: short, no sentence, no label, no title."""
    return len(text.strip()) <= FURNITURE_MAX and not _PROSE.search(text) and not _field_labels(text, labels) \
        and not _TITLE_END.search(text.strip())


_BULLETS = "•·▪◆■●-* \t\u3000"
_TAG_SPLIT = re.compile(r"[ \t\u3000]+")


def _tag_list(text: str) -> bool:
    items = [p for p in _TAG_SPLIT.split(text.strip()) if p]
    if len(items) < 3 or any(len(p) > 20 or _PROSE.search(p) for p in items):
        return False
    shortest = min(items, key=len)
    return any(len(shortest) >= n >= 2 and all(p.endswith(shortest[-n:]) for p in items) for n in (4, 3, 2))


_KEY_SPLIT = re.compile(r"\s*[,，、]\s*")
_KEY_STOP = re.compile(r"[。；！？;!?:：]")


def keyword_line(text: str, head: list[str]) -> bool:
    """A page's keywords above the text, comma-separated, each a word of a longer head line (its title):
    「镇政府,工作报告,2023」 under 「2023年镇政府工作报告」."""
    line = text.strip()
    items = [p for p in _KEY_SPLIT.split(line) if p]
    if len(items) < 3 or len(line) > FURNITURE_MAX or _KEY_STOP.search(line) or any(len(p) > 8 for p in items):
        return False
    size = sum(map(len, items))
    titles = [t for t in head if len(t) >= size and t.strip() != line and not _PROSE.search(t)]
    return any(all(p in t for p in items) for t in titles)


_BAR = re.compile(r"[|｜]")
_NUMBER_CELL = re.compile(r"^\s*[\d.,%]+\s*$")


def bar_table_rows(texts: list[str]) -> set[int]:
    """Lines of a data table written with bars between cells (see module notes)."""
    rows: set[int] = set()
    barred = [i for i, t in enumerate(texts) if "|" in t or "｜" in t]  # (mostly none)
    if len(barred) < 2:
        return rows
    start = barred[0]
    while start <= barred[-1]:
        bars = len(_BAR.findall(texts[start]))
        end = start + 1
        while bars >= 2 and end < len(texts) and len(_BAR.findall(texts[end])) == bars:
            end += 1
        if end - start >= 2 and any(_NUMBER_CELL.match(c) for t in texts[start:end] for c in _BAR.split(t)):
            rows.update(range(start, end))
        start = end
    return rows


_COUNTER_LINE = re.compile(r"^\s*(\d{1,4})\s*/\s*(\d{1,4})\s*$")


def page_counters(texts: list[str]) -> set[int]:
    """Lines k/N (k ≤ N) when at least two of them share N: a preview's page counter, not a figure."""
    by_total: dict[str, list[int]] = {}
    for i, text in enumerate(texts):
        if "/" in text and len(text) <= 12:
            m = _COUNTER_LINE.match(text)
            if m and 0 < int(m.group(1)) <= int(m.group(2)):
                by_total.setdefault(m.group(2), []).append(i)
    return {i for found in by_total.values() if len(found) >= 2 for i in found}


def is_furniture(line: str, words: tuple[str, ...]) -> bool:
    """`words` lower-cased, longest first (furniture_lines prepares them)."""
    text = line.strip()
    if not text or len(text) > NAV_MAX or _PROSE.search(text):
        return False
    if _navigation(text) or _page_fields(text):
        return True
    if len(text) > FURNITURE_MAX:
        return False
    pieces = [p for p in _SPLIT.split(text) if p]
    kinds = [_piece(p, words) for p in pieces]
    if kinds.count(None) == 1 and len(pieces) >= 2:
        return _named(pieces, kinds, text)
    return bool(kinds) and all(kinds) and any(k == "anchor" for k in kinds)


_NAME = re.compile(r"^[\u4e00-\u9fff]{2,10}$")
_FULL_DATE = re.compile(r"^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}$")


def _named(pieces: list[str], kinds: list[str | None], text: str) -> bool:
    """One word no rule knows beside a counter (a site or author: 「某某屋 人气:1.52W」), or beside a date across a
    separator (a page's date and column: 「2023-09-11 │ 学校工作总结」)."""
    name = pieces[kinds.index(None)]
    if not _NAME.match(name):
        return False
    others = [p for p, k in zip(pieces, kinds, strict=True) if k is not None]
    if any(_COUNTER.match(p) for p in others):
        return len(name) <= 6 and not _TITLE_END.search(name)
    return bool(_NAV_SEP.search(text)) and any(_FULL_DATE.match(p) for p in others)


def _piece(piece: str, words: tuple[str, ...]) -> str | None:
    """'anchor' for a furniture word, counter, site name or empty field; 'filler' for dates, numbers and
    bullets; None for anything else."""
    low = piece.lower()
    whole, inside = _word_tools(words)
    if low in whole or _COUNTER.match(piece) or _SITE.match(piece) or _FIELD.match(piece):
        return "anchor"
    if _FILLER.match(piece):
        return "filler"
    rest, found = inside.subn("", low) if inside is not None else (low, 0)
    if found and len(_HAN.findall(rest)) <= 2 and not re.search(r"[a-z0-9]", rest):
        return "anchor"
    return None


@lru_cache(maxsize=8)
def _word_tools(words: tuple[str, ...]) -> tuple[frozenset[str], re.Pattern[str] | None]:
    """The words as a set, and one pattern of those that count inside a piece (大/中/小, the font sizes,
    count only as whole pieces), longest first."""
    inside = [re.escape(w) for w in sorted(words, key=len, reverse=True) if len(w) >= 2]
    return frozenset(words), re.compile("|".join(inside)) if inside else None


def _navigation(text: str) -> bool:
    """首页 > 范文大全 > 工作总结: three or more short items between navigation separators, or two between
    arrows (「某某范文 >工作总结」: a title never holds an arrow; a bar may stand between two words of a menu)."""
    if not _NAV_SEP.search(text):
        return False
    items = [p for p in _NAV_SEP.split(text) if p]
    if len(items) == 2 and _ARROW.search(text):
        return all(2 <= len(p) <= 10 and _HAN.search(p) and not _DIGITS.search(p) for p in items)
    return len(items) >= 3 and all(len(p) <= 10 for p in items)


def _page_fields(text: str) -> bool:
    """发布日期:2023-01-12 17:22 信息来源:白杨街道 — two page fields with a date among them."""
    return len(_PAGE_FIELD.findall(text)) >= 2 and _DATE.search(text) is not None
