"""Checks on a numbering marker found at the start of a line: whether what follows it makes it a marker at all.

Pure functions over the folded line (full-width digits, dots and brackets folded; outline.find_marker).
"""

from __future__ import annotations

import re

from ..zh import CN_NUM, cn_to_int

_SPACE = " \t\u3000"

# A bare heading after a number: 2–16 Chinese characters (「总则」, 「风险防控、监测与预警」), nothing else.
SHORT_HEADING = re.compile(r"[\u4e00-\u9fff][\u4e00-\u9fff、 \u3000]{1,15}")
_UNITS = set("年月日号时分秒个人家项元万亿千百十米吨亩岁次件条位名座所户台辆天周批期届级类种部篇章节倍成股只头斤余多")


def plausible(kind: str, number: int, folded: str, end: int) -> bool:
    """Whether a marker matched at the start of a (folded) line really numbers it (「一、二季度」 and 「12月…」 do not)."""
    nxt = folded[end:end + 1]
    if kind in ("bian", "zhang", "jie") and nxt and nxt not in _SPACE:
        # 「第一章总则」 written without a space: only as a short heading line, never 「第一章规定的…」
        rest = folded[end:].strip()
        return len(rest) <= 16 and not re.search(r"[，。；：！？,;:!?的]", rest)
    if kind.startswith("dec") and nxt and nxt not in _SPACE:
        return nxt not in _UNITS and SHORT_HEADING.fullmatch(folded[end:].strip()) is not None
    if kind == "ar_glued":
        # Only a short title line: 「01综合」, never 「12月…」 or a sentence that starts with a figure.
        rest = folded[end:].strip()
        if end < 2 or not folded[end - 2].isdigit():  # one digit: a bare heading only (「1总则」)
            return nxt not in _UNITS and SHORT_HEADING.fullmatch(rest) is not None
        return nxt not in _UNITS and len(rest) <= 20 and not re.search(r"[，。；：！？,;:!?]", rest)
    if kind == "cn_dun" and nxt and nxt in "一二三四五六七八九十":
        # 一、二季度 / 一、二、三产业 list the next numeral: not a heading; 一、一年来工作回顾 and
        # 二〇二三年 still pass.
        following = re.match(CN_NUM, folded[end:])
        return following is None or cn_to_int(following.group(0)) != number + 1
    if kind == "ar_dot" and nxt.isdigit():  # 「2、9月份…」 opens a point; 「3、4月份…」 names two months
        return int(folded[end:end + 2].rstrip("月")) != number + 1
    if kind == "circled" and chr(ord(folded[end - 1]) + 1) in folded[end:]:
        return False  # ①…。②…。 in one paragraph is an inline list (items), not a heading
    if kind in ("cn_dun", "ar_dot", "cn_paren", "ar_paren", "circled", "shi", "yao"):
        return bool(nxt) and nxt not in "，。、；：,.;:%％" or kind in ("cn_paren", "ar_paren", "circled")
    return True
