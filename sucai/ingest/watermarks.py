"""Site watermarks glued into the text: a 范文/文库 site's notice inside a sentence, not on a line of its own.

Sites stamp their name into the text they serve, often in the middle of a paragraph, where the line rules
(chrome:) cannot take it out without the sentence around it:

    …全面完成了各项任务。（本文来源于某某范文网 www.example.com）下一步，我们将…
    …推进乡村振兴。本文由某某文库整理发布，转载请注明出处。二是…
    …稳步提高。更多精彩范文请访问某某范文网。

Spam injected by a hacked page is cut the same way: a brand token of Latin letters and Han joined by an
underscore (「uedbet体育_uedbet官网@:」) written into the sentences two or more times.  Chinese prose has no
underscores, and a code identifier (user_id) has no Han characters, so neither is touched.

Only notices that name a site kind (范文网, 文库, 文档网, 公文网, 写作网…) or carry a web address inside
brackets are cut out, and only when at least MIN_CHARS long: an official text that cites a web site
(「请登录www.gov.cn查询」, 「数据来源于国家统计局网站」) says neither, nor is a government address (.gov.cn) or an
address in brackets after the site it names (「门户网站（www.….cn）」) one: the text cites them.  Everything else of
the line stays.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..models import Block

MIN_CHARS = 12
_SITE = r"[\u4e00-\u9fffA-Za-z0-9]{0,16}?(?:范文网|范文大全|文库|文档网|公文网|写作网|材料网|范文吧|学习网|资料网|秘书网|文秘网)"
_URL = r"(?:https?://)?(?:www\.)?[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.(?:com|cn|net|org|cc|top)(?:/[\w./-]*)?"
_WATERMARK = re.compile(
    rf"[（(【\[]\s*(?:本文|此文|文章|内容)?(?:来源|来自|出自|转载自|摘自)?(?:于|[:：])?\s*{_SITE}?\s*{_URL}\s*[)）】\]]"
    rf"|[（(【\[]?\s*(?:本文|此文|文章|本文档|该文档)(?:由|来自|来源于|出自|转载自|首发于)\s*{_SITE}(?:\s*{_URL})?"
    r"(?:整理|收集|提供|发布|原创|编辑|首发)?(?:发布|整理)?(?:[，,]\s*(?:转载请注明出处|仅供参考|请勿转载|版权归原作者所有))?"
    r"\s*[。.]?\s*[)）】\]]?"
    rf"|(?:更多|更多精彩|更多相关)(?:内容|范文|文章|资料)?(?:请|敬请)?(?:访问|关注|登录|搜索)\s*{_SITE}(?:\s*{_URL})?\s*[。.!！]?")
_CHEAP = re.compile(r"范文|文库|文档网|公文网|写作网|材料网|学习网|资料网|秘书网|文秘网|www\.|\.com|\.cn")


_STAMP_URL = re.compile(r"(?:https?://|www\.)((?:[A-Za-z0-9-]+\.)+(?:com|cn|net|org|cc|top))[A-Za-z0-9_./-]*")
_JUNK = re.compile(r"[^\u4e00-\u9fffA-Za-z0-9]")
_STAMP_REACH = 24  # characters of a stamp's name before its address and of its tail after it


def _common(texts: list[str], backwards: bool) -> str:
    """The longest common suffix (backwards) or prefix of the texts."""
    first = texts[0]
    n = 0
    while n < len(first) and all(len(t) > n and (t[-1 - n] if backwards else t[n]) == (
            first[-1 - n] if backwards else first[n]) for t in texts):
        n += 1
    return (first[len(first) - n:] if backwards else first[:n])


def _stamp_spans(found: list[tuple[str, re.Match[str]]]) -> list[tuple[int, int]] | None:
    """Where the stamps around the addresses start and end: the name all of them carry before the address
    (「心语文创素材库」) and the words all of them carry after it (「公众号：…。整理汇总。」), junk between."""
    lefts = [_JUNK.sub("", text[max(0, m.start() - _STAMP_REACH):m.start()]) for text, m in found]
    rights = [_JUNK.sub("", text[m.end():m.end() + _STAMP_REACH]) for text, m in found]
    name, tail = _common(lefts, True), _common(rights, False)
    if len(name) < 2:
        return None
    spans = []
    for text, m in found:
        start = text.rfind(name, max(0, m.start() - _STAMP_REACH), m.start())
        if start < 0 or _JUNK.sub("", text[start:m.start()]) != name:
            return None
        end, kept = m.end(), 0
        while end < len(text) and (kept < len(tail) or _JUNK.match(text[end])):
            kept += not _JUNK.match(text[end])
            end += 1
        spans.append((start, end))
    return spans


def strip_repeated_stamps(blocks: list[Block]) -> list[Block]:
    """A site's stamp with its web address repeated inside the text (「…开展了基层心语文创素材库：https://www.…
    。公众号：…。整理汇总。人大工作调研…」, twice or more): each copy cut out, the name and tail being what the
    copies share.  An official text that cites an address once is left alone."""
    domains: dict[str, list[tuple[int, re.Match[str]]]] = {}
    for i, block in enumerate(blocks):
        if "www." in block.text or "://" in block.text:
            for m in _STAMP_URL.finditer(block.text):
                domains.setdefault(m.group(1).lower(), []).append((i, m))
    cuts: dict[int, list[tuple[int, int]]] = {}
    for found in domains.values():
        spans = _stamp_spans([(blocks[i].text, m) for i, m in found]) if len(found) >= 2 else None
        for (i, _m), span in zip(found, spans or (), strict=False):
            cuts.setdefault(i, []).append(span)
    if not cuts:
        return blocks
    out = list(blocks)
    for i, spans in cuts.items():
        text = out[i].text
        for start, end in sorted(spans, reverse=True):
            text = text[:start] + text[end:]
        if text.strip():
            out[i] = replace(out[i], text=text.strip())
    return out


_INJECTED = re.compile(r"[A-Za-z][A-Za-z0-9]{2,}[\u4e00-\u9fff]{1,4}_[A-Za-z0-9]*[\u4e00-\u9fff]{1,6}[@:：]*")


def strip_injected(blocks: list[Block]) -> list[Block]:
    """Blocks without an injected brand token written two or more times into the page (see module notes)."""
    if not any("_" in b.text for b in blocks):
        return blocks
    seen: dict[str, int] = {}
    for block in blocks:
        if "_" in block.text:
            for m in _INJECTED.finditer(block.text):
                seen[m.group(0)] = seen.get(m.group(0), 0) + 1
    tokens = sorted((t for t, n in seen.items() if n >= 2), key=len, reverse=True)
    if not tokens:
        return blocks
    pattern = re.compile("|".join(map(re.escape, tokens)))
    out = []
    for block in blocks:
        cut = pattern.sub("", block.text).strip() if "_" in block.text else block.text
        out.append(replace(block, text=cut) if cut and cut != block.text else block)
    return out


# A web address the text itself cites: a government domain, or one in brackets right after the site it names
# (「通过某县人民政府门户网站（www.example.gov.cn）全文公开」).
_GOV_DOMAIN = re.compile(r"\.gov\.cn|\.gov\b", re.IGNORECASE)
_NAMES_SITE = re.compile(r"(?:网站|门户|官网|网址|平台|网)\s*$")


def _is_watermark(m: re.Match[str]) -> bool:
    if len(m.group(0)) < MIN_CHARS:
        return False
    cited = m.group(0).lstrip()[:1] in "（(【[" and _NAMES_SITE.search(m.string[max(0, m.start() - 8):m.start()])
    return not (cited or _GOV_DOMAIN.search(m.group(0)))


def strip_watermarks(blocks: list[Block]) -> list[Block]:
    """Blocks with the site notices inside their text cut out (see module notes); a block that held nothing
    else is left for the line rules to judge whole."""
    out: list[Block] = []
    for block in strip_repeated_stamps(strip_injected(blocks)):
        text = block.text
        if _CHEAP.search(text):
            cut = _WATERMARK.sub(lambda m: "" if _is_watermark(m) else m.group(0), text)
            if cut != text and cut.strip():
                block = replace(block, text=cut.strip())
        out.append(block)
    return out
