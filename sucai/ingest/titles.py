"""Where a web page or 范文 copy hides a document's real title, found before the title is chosen.

Pure functions over blocks; they only split or reorder lines, never drop text. Decisions:

* A page headline whose words are the document's own title with another year (the site's 「2024年上半年
  …督查报告」 above the document's 「2022年上半年…」+「督查报告」) is page chrome: the document's title
  set below it (on one to three lines) is the title.  So is a headline the title below completes with
  more kind words (a page's <title> cut short before 「…和2024年工作思路」).
* A title glued to the text that follows it in one line (「X街道突发事件应急预案第一章总则1.1编制目的…」,
  「…的函XX公司：我乡…」, 「社区建设科年度工作回顾2023年已经过去了…」) is cut off as its own line when it
  ends with a kind word and what follows opens a structure (第一章, 一、, 1.1), names the addressee
  (「XX公司：」) or starts dated prose (「2023年…」); after a bracketed period (「…方案（2024—2026年）」) also when
  the prose opens with its purpose or grounds (为…, 根据…, 按照…), and whenever the prose names the title's kind
  as its own (「…年度报告本报告是根据…」).  A short first (or second) line that is a
  title ending in a kind word run together with the first section's heading (「某所工作总结一、引言」: 一、 or
  第一章 and a few words) is cut in two.
* A short line below the first that the page prints twice within its first lines (a headline, then the
  same line again above the text after the site's lead-in) is the title; the first line is the site's
  section name.  Not when the first line is printed twice too, nor for a dateline or an issuer's name (a
  notice's signature repeats it).
* A 范文 site's note 「下面是小编为大家整理的2023年乡镇年度工作总结，供大家参考」 names the document when
  the text has no title line of its own, and so does its source note at the head or foot of the page
  (「《镇年度工作总结》来源于www.example.com，欢迎阅读…」), and so does the last place of its breadcrumb
  (「当前位置：首页 > 年度报告 > 某街道2025年政府信息公开工作年度报告」) when it ends with a kind word.
* A label or tag in front of a title line is not part of the title: 「标 题：…」 (a government page's
  metadata table), 「【区应急管理局】…」, 「[县长在县委书记]…」, 「-精品推荐- …」, nor is a 文库 copy's 「下载后可任意编辑」, nor the
  section or site name a page's <title> adds after a title ending in a kind word (「…的讲话|动员部署会议」).
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..models import Block

# Longer variants first: 「讲话稿同志们：」 is cut after 讲话稿, not after 讲话.
_KIND = (r"(?:方案|通知|计划|总结|报告|讲话稿|讲话|要点|意见|办法|规定|决定|通报|规划|细则|汇报材料|汇报|预案|请示|函|"
         r"批复|通告|公告|纪要|回顾|主持词|发言稿|发言|致辞|打算|思路|设想)")
_OPENS = re.compile(
    r"第[一二三四五六七八九十]{1,3}[章部节篇]|[一二三四五六七八九十]{1,3}、|\d{1,2}(?:\.\d{1,2})+|"
    r"[^，。；：:\s]{2,24}[：:]|(?:19|20)\d\d年")
KIND_WORD = _KIND_AT = re.compile(_KIND)
_NO_TITLE_PUNCT = re.compile(r"[，。；：！？,;:!?]")


_PAGE_MARK = re.compile(r"^\d{1,3}、$")
_PAGE_TITLE = re.compile(r"^\d{1,3}、[^，。；：,;:!?！？]{4,40}?" + _KIND
                         + r"(?:[(（](?:(?:19|20)\d\d[^()（），。]{0,12}年?|试行|暂行|修订|征求意见稿)[)）])?$")
# a page's headline in square brackets in front of its first sentence: 「【某社区年度工作计划】随着…」
_BRACKETED = re.compile(r"^【[^】，。；：！？,;:!?]{4,40}?" + _KIND + r"】")
_SHORT_CLAUSE = re.compile(r"[^，。；：,;:\s]{2,8}[，,]")


def split_glued_title(blocks: list[Block]) -> list[Block]:
    """The first line cut after a title glued to the text that follows it (see module notes).  A 文库
    preview's first page mark (「1、」, left alone by split_runs) stays in front of the title it cut."""
    if len(blocks) > 1 and _PAGE_MARK.match(blocks[0].text.strip()):
        cut = split_glued_title(blocks[1:])
        if len(cut) == len(blocks):  # the title was cut off: 「1、」+ title is the first line, in reading order
            return [replace(cut[0], text=blocks[0].text.strip() + cut[0].text), *cut[1:]]
        return blocks
    if not blocks:
        return blocks
    first = blocks[0]
    text = first.text.strip()
    if len(text) <= 40:  # a title line, not a title with its text; or a title with its first heading
        return _first_heading_glued(blocks)
    bracketed = _BRACKETED.match(text)
    if bracketed and len(text) - bracketed.end() >= 20:  # 「【某村年度工作计划】新的一年里，…」
        cut = bracketed.end()
        return [replace(first, text=text[:cut]), replace(first, text=text[cut:], blank_before=0), *blocks[1:]]
    for m in _KIND_AT.finditer(text, 4, 41):
        span = _SPAN_AFTER.match(text, m.end())  # 「…实施方案（2024—2026年）为认真贯彻…」
        end = span.end() if span else m.end()
        title, rest = text[:end], text[end:]
        if _NO_TITLE_PUNCT.search(title):
            return blocks
        rest_open = rest.lstrip(" \u3000")
        if len(rest) >= 20 and (_OPENS.match(rest_open) or _prose_follows(title, rest_open)
                                or (span is not None and _PURPOSE.match(rest_open) is not None)):
            return [replace(first, text=title), replace(first, text=rest, blank_before=0), *blocks[1:]]
    return blocks


# the period or status a title adds in brackets after its kind word: 「（2024—2026年）」, 「（试行）」
_SPAN_AFTER = re.compile(r"[(（](?:(?:19|20)\d\d[^()（），。]{0,12}年?|试行|暂行|修订|征求意见稿)[)）]")
# how a plan's or notice's first sentence opens: its purpose or its grounds
_PURPOSE = re.compile(r"(?:为了?|根据|按照|依据)[\u4e00-\u9fff]")


# 「某所工作总结一、引言」: a title ending in a kind word (a reading in brackets after it), then 一、 or 第一章 and
# a few words of heading, nothing after them
_TITLE_HEAD = re.compile(r"^([^，。；：！？,;:!?\s]{2,30}?" + _KIND + r"(?:[(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü\s]{1,12}[)）])?)"
                         r"((?:一、|第一[章部节]\s*)[^，。；：！？,;:!?\s、]{2,12})$")


def _first_heading_glued(blocks: list[Block]) -> list[Block]:
    """A short first or second line that is a title (or the title again) and the first section's heading run
    together, cut in two."""
    for i, line in enumerate(blocks[:2]):
        m = _TITLE_HEAD.match(line.text.strip())
        if m is not None and len(blocks) > i + 1:
            cut = [replace(line, text=m.group(1)), replace(line, text=m.group(2), blank_before=0)]
            return [*blocks[:i], *cut, *blocks[i + 1:]]
    return blocks


def _prose_follows(title: str, rest: str) -> bool:
    """Prose right after a kind word that ends a title of the 「关于…的…报告」 shape, or after one of 8+
    characters when it opens with a short clause (「…情况汇报根据会议安排，就…」); not when the title
    runs on (「…总结和…」, 「…报告会…」, 「《…的通知》要求，」) nor when it speaks in the first person (prose:
    「我镇…通知要求，」)."""
    if rest.startswith("本" + title[-2:]):  # 「…年度报告本报告是根据…」: the text names its own kind
        return True
    if rest[:1] in "和及与暨、的会书稿》）)」』”" or _KIND_AT.match(rest) or title.count("《") != title.count("》"):
        return False  # the title runs on, or a cited title closes after it (「根据…《关于…的通知》要求，」)
    if title.startswith("关于") and "的" in title:
        return True
    return len(title) >= 8 and "我" not in title and _SHORT_CLAUSE.match(rest) is not None


def page_marked_title(text: str) -> bool:
    """「1、中心学校春季开学情况汇报」: a title behind a 文库 preview's page mark (split_glued_title)."""
    return _PAGE_TITLE.match(text.strip()) is not None


_YEARS = re.compile(r"(?:19|20)\d\d|[〇○零一二三四五六七八九]{4}|[\s\u3000]")


def _words(text: str) -> str:
    return _YEARS.sub("", text)


def headline_restated(blocks: list[Block], title_lines) -> int | None:
    """Index of the document's own title below a page headline that differs from it only in its year, or
    that it completes (a page's <title> cut short: 「某街道2023年工作总结」 above 「某街道2023年工作总结和
    2024年工作思路」)."""
    head = blocks[0].text.strip()
    if len(head) > 60:
        return None
    dated = re.search(r"(?:19|20)\d\d", head) is not None
    key, bare = _words(head), head.replace(" ", "")
    if not dated and not any(b.text.lstrip().startswith(bare[:4]) for b in blocks[1:7]):
        return None  # neither shape can follow (most documents): skip the title-line scans
    for i in range(1, min(7, len(blocks))):
        n = title_lines(blocks[i:])
        joined = "".join(b.text.strip() for b in blocks[i:i + n]).replace(" ", "")
        if dated and _words(joined) == key and joined != bare:
            return i
        if len(bare) >= 6 and len(joined) <= 60 and joined.startswith(bare) and len(joined) > len(bare) \
                and _KIND_AT.search(joined, len(bare)) and not _NO_TITLE_PUNCT.search(joined):
            return i
    return None


_DATELINE = re.compile(r"\s*[（(]?(?:19|20)\d\d\s*年\s*\d{1,2}\s*月")


_ORG_END = re.compile(r"(?:政府|办公室|办公厅|委员会|党委|党组|支部|局|厅|院|所|中心|街道|社区|村委会|公司|学校|小学|中学|大学)$")


def repeated_headline(blocks: list[Block], title_shaped) -> int | None:
    """Index of a short line below the first that the page prints twice within its first lines (the
    headline, then again above the text after a lead-in): the document's title, the first line above it
    being the site's section name."""
    head = blocks[0].text.strip() if blocks else ""
    if any(b.text.strip() == head for b in blocks[1:8]):
        return None  # the page prints its whole head twice, the first line with it: that line is the title
    for i in range(1, min(3, len(blocks))):
        text = blocks[i].text.strip()
        if not 4 <= len(text) <= 40 or text == head or _NO_TITLE_PUNCT.search(text) or not title_shaped(text) \
                or _DATELINE.match(text) or _ORG_END.search(text):  # a dateline or the issuer, printed twice
            continue
        if any(b.text.strip() == text for b in blocks[i + 1:i + 6]):
            return i
    return None


def above_restatement(texts: list[str], title: str) -> set[int]:
    """The lines above the page's restatement of its title (the site's section name, a lead-in): page
    furniture before the document starts, never its sections."""
    bare = re.sub(r"\s+", "", title)
    if len(bare) < 4:
        return set()
    for i, text in enumerate(texts[:6]):
        if re.sub(r"\s+", "", text) == bare:
            return set(range(i))
    return set()


_SITE_NOTE_TITLE = re.compile(
    r"(?:小编|本站|网友)?(?:为大家|为您|给大家)?(?:整理|收集|分享|编辑|带来|准备|推荐)(?:了|的)\s*[“\"「《]?"
    r"(.{4,40}?" + _KIND + r")[”\"」》]?(?:范文|范例|例文|模板|精选)?(?:\s*[（(][^）)]{0,10}[）)])?\s*[，,。!！]?\s*"
    r"(?:供|希望|欢迎|仅供|感谢)")


_CRUMB = re.compile(r"^\s*(?:当前位置|您的位置|你的位置|您现在的位置|所在位置)\s*[:：]?\s*(.*[>＞»›].*)$")
_COLUMN = re.compile(r"^[\u4e00-\u9fff]{2,6}[（(][\u4e00-\u9fff]{1,4}[)）]")
_SOURCE_NOTE = re.compile(r"^《([^《》]{4,40}?" + _KIND + r")》(?:一文)?(?:来源于|来自|出自|转载自)\s*(?:https?://|www\.|[\w-]+\.(?:com|cn|net|org))")


def note_title(blocks: list[Block]) -> str | None:
    """The title a 范文 site's note names (「…整理的2023年乡镇年度工作总结，供大家参考」), or its source note at the
    head or the foot of the page (「《镇年度工作总结》来源于www.example.com，欢迎阅读…」)."""
    for block in blocks[:4]:
        m = _SITE_NOTE_TITLE.search(block.text)
        if m and not _NO_TITLE_PUNCT.search(m.group(1)):
            return m.group(1).strip()
    for block in [*blocks[:4], *blocks[-3:]]:
        m = _SOURCE_NOTE.match(block.text) if block.text.startswith("《") else None
        if m and not _NO_TITLE_PUNCT.search(m.group(1)):
            return m.group(1).strip()
    return crumb_title(blocks)


def crumb_title(blocks: list[Block]) -> str | None:
    """The last place of a page's breadcrumb (「当前位置：首页 > 信息公开 > 年度报告 > 某街道2025年…年度报告」) when it
    names a document of a kind; a column name glued in front of it with its qualifier (「乡镇(街道)」) is not
    part of it.  Used only where the text has no title line of its own."""
    for block in blocks[:6]:
        m = _CRUMB.match(block.text)
        if m is None:
            continue
        place = re.split(r"[>＞»›]", m.group(1))[-1].strip()
        bare = _COLUMN.sub("", place)
        place = bare if len(bare) >= 8 else place
        if 8 <= len(place) <= 60 and not _NO_TITLE_PUNCT.search(place) and re.search(_KIND + "$", place):
            return place
    return None


_LABEL = re.compile(r"^(?:(?:标\s*题|范文资料|范文|原文)\s*[:：]\s*[|｜]?\s*|【[^】]{2,10}】\s*|\[[^\]]{2,10}\]\s*|"
                    r"[-—－]{1,6}[^-—－\s]{2,10}[-—－]{1,6}\s+|"
                    r"(?:下载后可(?:任意)?编辑|(?:word|Word|WORD)?可编辑版?)\s*)(?=\S{4})")


_LEADING_MARK = re.compile(r"\d{1,3}、(?=\S)")
_EXTENSION = re.compile(r"\s*\.(?:docx?|pdf|wps|txt)$", re.IGNORECASE)


# A page <title>'s section or site after the document's title: 「…的讲话|动员部署会议」, 「…总结_工作总结_某某网」
_PAGE_SECTION = re.compile(rf"^(.{{4,}}?{_KIND})\s*[|｜_]\s*[^|｜_]{{2,16}}(?:\s*[|｜_]\s*[^|｜_]{{2,16}})*$")


def strip_title_label(text: str) -> str:
    """A title line without the label or tag in front of it, nor a file name's extension (「….docx」), nor the
    page section a site's <title> adds after it (「…的讲话|动员部署会议」)."""
    text = text.strip()
    if text.startswith("【") and text.endswith("】") and "】" not in text[:-1]:
        text = text[1:-1].strip()  # the whole headline in brackets (「【某村年度工作计划】」)
    mark = _LEADING_MARK.match(text)  # a tag behind a 文库 page mark goes with the mark (「1、-精品推荐- …」)
    if mark and _LABEL.match(text[mark.end():]):
        text = text[mark.end():]
    bare = _EXTENSION.sub("", _LABEL.sub("", text).strip(" |｜"))
    m = _PAGE_SECTION.match(bare) if ("|" in bare or "｜" in bare or "_" in bare) else None
    return m.group(1) if m else bare
