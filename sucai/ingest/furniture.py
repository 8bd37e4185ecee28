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
"""

from __future__ import annotations

import re

FURNITURE_MAX = 40
NAV_MAX = 80
_PROSE = re.compile(r"[。，；！？,;!?]")
_NAV_SEP = re.compile(r"\s*(?:>>?|＞|»|›|→|[|｜])\s*")
_SPLIT = re.compile(r"[\s|｜>＞»›→]+")
_HAN = re.compile(r"[\u4e00-\u9fff]")
_FILLER = re.compile(r"^[-–—•·*・\d:：/.年月日时分秒()（）\[\]【】]+$")
_COUNTER = re.compile(
    r"^(?:[\d.]+[万wWkK+]?(?:人|次)?(?:阅读|浏览|下载|收藏|点赞|评论|喜欢|赞|关注)"
    r"|(?:阅读|浏览|下载|收藏|点赞|评论|赞|字数|页数|大小|格式|评分|热度|人气|点击)(?:量|数|次数)?[:：(（]?"
    r"[\d.]*\s*(?:[万wWkK+]|页|字|KB|MB|kb|mb|分|DOCX?|docx?|PDF|pdf)?[)）]?"
    r"|[★☆]{3,}[\d.]*分?|[\d.]+分)$")
# A page field with an empty or numeric value (阅读次数:, 时间:2023-02-24); 「同志们：」 is not one.
_FIELD = re.compile(r"^[\u4e00-\u9fff]{0,4}(?:时间|日期|来源|作者|编辑|次数|浏览量?|阅读量?|点击|人气|分类|栏目|部门|机构|字号)"
                    r"[:：][\d\-:/. ]*$")
_SITE = re.compile(r"^[\u4e00-\u9fffA-Za-z0-9]{1,12}(?:网|文库|素材库|范文库|网站|论坛|之家|频道)$")
_PAGE_FIELD = re.compile(r"[\u4e00-\u9fff]{2,4}\s*[:：]")
_DATE = re.compile(r"\d{4}[-/.]\d{1,2}[-/.]\d{1,2}")


def furniture_lines(texts: list[str], words: tuple[str, ...]) -> set[int]:
    """Indices of the head and tail lines that are page furniture by shape."""
    prose = [i for i, t in enumerate(texts) if _PROSE.search(t) and len(t) >= 20]
    if not prose:
        return set()
    edges = [*range(prose[0]), *range(prose[-1] + 1, len(texts))]
    lowered = tuple(sorted({w.lower() for w in words}, key=len, reverse=True))
    return {i for i in edges if is_furniture(texts[i], lowered)}


def is_furniture(line: str, words: tuple[str, ...]) -> bool:
    """`words` lower-cased, longest first (furniture_lines prepares them)."""
    text = line.strip()
    if not text or len(text) > NAV_MAX or _PROSE.search(text):
        return False
    if _navigation(text) or _page_fields(text):
        return True
    if len(text) > FURNITURE_MAX:
        return False
    kinds = [_piece(p, words) for p in _SPLIT.split(text) if p]
    return bool(kinds) and all(kinds) and any(k == "anchor" for k in kinds)


def _piece(piece: str, words: tuple[str, ...]) -> str | None:
    """'anchor' for a furniture word, counter, site name or empty field; 'filler' for dates, numbers and
    bullets; None for anything else."""
    low = piece.lower()
    if low in words or _COUNTER.match(piece) or _SITE.match(piece) or _FIELD.match(piece):
        return "anchor"
    if _FILLER.match(piece):
        return "filler"
    rest, found = low, False
    for w in words:
        if len(w) >= 2 and w in rest:  # 大/中/小 (font size) count only as whole pieces
            rest, found = rest.replace(w, ""), True
    if found and len(_HAN.findall(rest)) <= 2 and not re.search(r"[a-z0-9]", rest):
        return "anchor"
    return None


def _navigation(text: str) -> bool:
    """首页 > 范文大全 > 工作总结: three or more short items between navigation separators."""
    if not _NAV_SEP.search(text):
        return False
    items = [p for p in _NAV_SEP.split(text) if p]
    return len(items) >= 3 and all(len(p) <= 10 for p in items)


def _page_fields(text: str) -> bool:
    """发布日期:2023-01-12 17:22 信息来源:白杨街道 — two page fields with a date among them."""
    return len(_PAGE_FIELD.findall(text)) >= 2 and _DATE.search(text) is not None
