"""The title a 范文 site's note gives a collection page: 「下面是范文网小编整理的最新工业区年度工作总结通用范文3篇
工区年度总结报告范文大全，供大家赏析。」

``titles.note_title`` reads notes that name the document and stop (「…整理的2023年乡镇工作总结，供大家参考」).
A collection page's note names the page instead: the document's title, the site's count of texts
(「通用范文3篇」, 「精选5篇」) and often a second search phrase (「…范文大全」).  The title is what comes before
the count, without the site's 「最新」/「优秀」 in front.  Used only when the page has no title line of its own, as
is the theme a note names (「本站小编为你收集了丰富的社区整治方案主题范文」 → 社区整治方案) or the title it names before a
subtitle (「…整理的某镇创建工作汇报材料:共建美丽新家园…」 → 某镇创建工作汇报材料).

The page's headline says the same (「最新工业区年度工作总结通用范文3篇 工区年度总结报告范文大全」): it is the page's
title line, kept as text even though it holds chrome words (范文大全), and titled the same way.
"""

from __future__ import annotations

import re

from ..models import Block

_NOTE = re.compile(
    r"(?:小编|本站|网友)?(?:为大家|为您|给大家)?(?:整理|收集|分享|编辑|带来|准备|推荐)(?:了|的)\s*[“\"「《]?"
    r"(?:最新|优秀|精选|热门|\d{4}年?最新)?(.{4,40}?)(?:通用|优秀|精选|热门|最新)?(?:(?:范文|例文|模板)\s*\d{1,3}\s*篇|"
    r"[【\[（(](?:通用|精选)?[一二三四五六七八九十\d]{1,3}篇[】\]）)])"
    r"[^。，,；]{0,40}[，,。]\s*(?:供|希望|欢迎|仅供|感谢)")
_KIND = re.compile(r"(?:总结|计划|方案|报告|讲话|致辞|发言|汇报|要点|意见|通知|述职|心得|体会|规划|预案|主持词)$")
_NO_TITLE = re.compile(r"[，。；：！？,;:!?]")


# A note naming the theme of the texts it collected (「本站小编为你收集了丰富的社区整治方案主题范文」), or the document's
# title before its subtitle (「…小编为大家整理的某镇创建工作汇报材料:共建美丽新家园【完整版】,供大家参考」)
_THEMED = re.compile(r"(?:小编|本站)[^。，,]{0,8}?(?:整理|收集|搜集)了?(?:丰富的|大量的|一些|多篇)?[“\"「《]?"
                     r"(.{4,30}?)[”\"」》]?(?:主题)?范文")
_SUBTITLED = re.compile(r"(?:小编|本站)(?:为大家|为您|给大家)?(?:整理|收集|分享)(?:了|的)\s*[“\"「《]?(.{4,40}?)\s*[:：]")
_NAMED = re.compile(r"(?:" + _KIND.pattern[:-1] + r"|(?:汇报|发言|交流)材料)$")


def collection_note_title(blocks: list[Block]) -> str | None:
    """The document title a collection page's note gives (see module notes), else the theme or the title (before
    its subtitle) a note names, or None."""
    for block in blocks[:4]:
        m = _NOTE.search(block.text)
        if m and _KIND.search(m.group(1)) and not _NO_TITLE.search(m.group(1)):
            return m.group(1).strip()
    for block in blocks[:4]:
        if "小编" not in block.text and "本站" not in block.text:
            continue
        for pattern in (_THEMED, _SUBTITLED):
            m = pattern.search(block.text)
            if m and _NAMED.search(m.group(1)) and not _NO_TITLE.search(m.group(1)):
                return m.group(1).strip()
    return None


# 「…总结通用范文3篇 …范文大全」, 「2020党建工作总结_医院党建工作总结范文大全5篇」: the title, the site's count of texts, then anything
_HEADLINE = re.compile(r"^(?:最新|优秀|精选|热门|\d{4}年?最新)?(.{4,40}?)(?:通用|优秀|精选|热门|最新)?(?:范文|例文|模板)(?:大全)?\s*\d{1,3}\s*篇")


def headline_title(text: str) -> str | None:
    """The document title in a 范文 collection page's headline, or None when the line is no such headline."""
    line = text.strip()
    m = _HEADLINE.match(line)
    if m is None or len(line) > 60 or _NO_TITLE.search(line) or not _KIND.search(m.group(1)):
        return None
    return m.group(1).strip()


def collection_headline(blocks: list[Block]) -> Block | None:
    """The first line when it is a 范文 collection page's headline: the title line, not chrome."""
    return blocks[0] if blocks and headline_title(blocks[0].text) else None


# A compilation page's headline with the site's count of texts: 「乡镇信访工作总结(汇总15篇)」, 「…情况汇报(实用18篇)」
_COUNTED = re.compile(r"^(.{4,40}?)\s*[（(【]\s*(?:汇总|实用|精选|通用|优秀|热门|最新|推荐|必备|经典|优选|合集|集锦)?"
                      r"\s*\d{1,3}\s*篇\s*[)）】]$")
_ENTRY_MARK = re.compile(r"\s*(?:篇?[一二三四五六七八九十\d]{1,3}|[（(【]?(?:篇|第)?[一二三四五六七八九十\d]{1,3}篇?[)）】]?)$")
BLURB_MAX = 200


def preamble_lines(texts: list[str]) -> set[int]:
    """The site's blurb between a compilation's counted headline and its first entry's title: one or two short
    paragraphs on the genre itself (「通过总结，我们可以反思过去…」, 「汇报情况是一种能力…」) that name its kind word."""
    lines = [i for i, t in enumerate(texts[:12]) if t.strip()]
    for k, h in enumerate(lines[:4]):
        m = _COUNTED.match(texts[h].strip())
        kind = m and _KIND.search(m.group(1))
        if not kind:
            continue
        blurbs = []
        for i in lines[k + 1:k + 4]:
            text = texts[i].strip()
            if len(text) <= 40 and not _NO_TITLE.search(text) and _KIND.search(_ENTRY_MARK.sub("", text)):
                return set(blurbs)  # the first entry's title
            if len(text) > BLURB_MAX or "。" not in text or kind.group(0) not in text or len(blurbs) == 2:
                return set()
            blurbs.append(i)
        return set()
    return set()
