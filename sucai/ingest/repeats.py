"""Lines near the top of a page that only repeat text the page shows anyway.

Used by ``clean.drop_repeated_headers`` (nothing is lost: the text stays in the lines repeated):

* a 文库 page's preview: the opening of the document run together into one long line (title, document number,
  addressee and first sentence, 「安徽省人民政府关于…的意见(皖政[2001]85号)各市、县人民政府,…:为认真贯彻…」)
  above the same text laid out on several lines.  A line of at least PREVIEW_MIN characters is a preview when
  the next lines (up to PREVIEW_LINES of them), joined, start with it, punctuation aside and but for its last
  PREVIEW_CUT characters (a preview cut mid-word); the page's first line too (a 范文 page's summary of the text);
* a 范文 site's copy of the headline with its note (「镇上半年工作情况总结范文」 under 「镇上半年工作情况总结」):
  the headline again once the note is taken off.  A copy that counts the page's texts (「…计划(精选15篇)」)
  stays: it says the page is a collection.

Keys are lines without white space (``clean._key``).
"""

from __future__ import annotations

import re

PREVIEW_MIN = 40
PREVIEW_LINES = 12
_SITE_NOTE = re.compile(r"(?:(?:最新|优秀|精选|热门|通用)?范文(?:精选|大全|模板|\d+篇)?|[（(](?:范文|模板|范本|例文)[)）])+$")


PREVIEW_CUT = 4  # a preview cut mid-word may end in characters the text below no longer has (a name masked XXX)
_MARKS = re.compile(r"[\W_]+")  # a preview writes 「"」 where the text writes 「“」


def previews(key: str, following: list[str]) -> bool:
    """The line is the run-together start of the lines after it (`following`: their texts), punctuation aside."""
    if len(key) < PREVIEW_MIN or not following:
        return False
    bare = _MARKS.sub("", key)
    start = _MARKS.sub("", following[0][:8])[:4]
    if not bare.startswith(start):  # (most lines: the next line starts otherwise)
        return False
    joined = ""
    for line in following[:PREVIEW_LINES]:
        joined += _MARKS.sub("", line)
        if len(joined) > len(bare):
            return joined.startswith(bare) or _shared(bare, joined) >= max(len(bare) - PREVIEW_CUT, PREVIEW_MIN)
    return False


def _shared(a: str, b: str) -> int:
    """The length of the common start of a and b."""
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def headline_copy(key: str, headline: str) -> bool:
    """The headline again with a 范文 site's note after it."""
    bare = _SITE_NOTE.sub("", key)
    return bare != key and len(bare) >= 4 and bare == headline
