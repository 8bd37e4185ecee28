"""The vocabulary of Chinese official text: punctuation classes, numerals, marker kinds, roles, and
the Chinese labels of stored codes (上半年 for H1, 成绩总结 for summary) with what writers type for
kinds and unit types.

One definition each, used by ingest (outline, clean, split, figures, metadata), writing aids,
exports and search, so a sentence ends in the same places everywhere.  Strings are character
sets (for `in` tests and regex classes); none holds a character special inside `[...]`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from .models import ROLE_LABELS as MODEL_ROLE_LABELS
from .models import ROLES

__all__ = [
    "ARTICLE_KINDS", "CLAUSE_BREAK", "CLAUSE_END", "CLOSE_BRACKETS", "CLOSE_QUOTES", "CN_DIGITS", "CN_NUM", "CN_NUMERALS",
    "COLONS", "COMMAS", "ELLIPSIS", "GLOBAL_KINDS", "LEAD_END", "MARKERS", "MARKER_STARTS", "OPEN_BRACKETS", "ROLES", "SEQ_WORDS",
    "SENTENCE_END", "TRAIL", "MarkerKind", "cn_to_int", "markers_from", "sentence_end", "strip_trailing", "to_int",
    "FILTER_LABELS", "HALF_LABELS", "KIND_ALIASES", "ORG_TYPE_ALIASES", "PARAGRAPH_KINDS", "ROLE_LABELS", "ROLE_SHORT",
    "Resolved", "code_of", "filter_value_label", "half_code", "half_label", "period_label", "resolve_label",
    "role_code", "role_label",
]

# ------------------------------------------------------------------ punctuation

SENTENCE_END = "。！？；!?;"  # full stop, exclamation, question mark, semicolon (full and half width)
COLONS = "：:"
COMMAS = "，,"
CLAUSE_END = SENTENCE_END + COLONS + COMMAS
ELLIPSIS = "…"
CLOSE_QUOTES = "”’」』）)"  # what may follow a sentence end and still belong to the sentence
OPEN_BRACKETS = "“‘（(《〈【「『"
CLOSE_BRACKETS = "”’）)》〉】」』"

# ------------------------------------------------------------------ numerals

CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
             "八": 8, "九": 9}
CN_UNITS = {"十": 10, "百": 100, "千": 1000}
CN_NUMERALS = "一二三四五六七八九十百千零〇两"
CN_NUM = f"[{CN_NUMERALS}]+"  # a Chinese numeral, as a regex


@lru_cache(maxsize=4096)  # the same few numerals (第十二条, 一、) on every line of a long text
def cn_to_int(text: str) -> int | None:
    """Value of a Chinese numeral such as 十二 or 一百零五 (None if it is not one)."""
    if not text:
        return None
    total = current = 0
    for ch in text:
        if ch in CN_DIGITS:
            current = CN_DIGITS[ch]
        elif ch in CN_UNITS:
            total += (current or 1) * CN_UNITS[ch]
            current = 0
        else:
            return None
    return total + current


def to_int(text: str) -> int | None:
    """Value of a list number: 12, ① … ⑳, ㈠ … ㈩ or a Chinese numeral."""
    if text.isascii() and text.isdecimal():
        return int(text)
    if len(text) == 1 and "\u2460" <= text <= "\u2473":  # ① … ⑳
        return ord(text) - 0x2460 + 1
    if len(text) == 1 and "\u3220" <= text <= "\u3229":  # ㈠ … ㈩
        return ord(text) - 0x3220 + 1
    return cn_to_int(text)


# ------------------------------------------------------------------ sentences

LEAD_END = SENTENCE_END + "："  # where a lead sentence (a heading run into its paragraph) may end
CLAUSE_BREAK = LEAD_END + COMMAS
TRAIL = "。！？；：，、,.;:!? \t"  # stripped from the end of a heading


def sentence_end(text: str, start: int = 0, enders: str = LEAD_END) -> int | None:
    """Index just after the first sentence end at bracket/quote depth 0 (closers included)."""
    depth = 0
    n = len(text)
    rx = _STOPS.get(enders) or _STOPS.setdefault(enders, re.compile(
        "[" + re.escape(OPEN_BRACKETS + CLOSE_BRACKETS + enders) + "]"))
    for m in rx.finditer(text, start):  # only brackets and enders matter: jump from one to the next
        ch, i = m.group(), m.start()
        if ch in OPEN_BRACKETS:
            depth += 1
        elif ch in CLOSE_BRACKETS:
            depth = max(0, depth - 1)
        elif depth == 0:
            i += 1
            while i < n and (text[i] in LEAD_END or text[i] in "”’」』"):
                i += 1
            return i
    return None


_STOPS: dict[str, re.Pattern[str]] = {}


def strip_trailing(text: str) -> str:
    """A heading without the punctuation and spaces at its end."""
    return text.strip().rstrip(TRAIL).strip()


# ------------------------------------------------------------------ outline markers

class MarkerKind(StrEnum):
    """How a heading or list item is numbered; the outline ranks kinds by first appearance."""

    BIAN = "bian"  # 第一编
    ZHANG = "zhang"  # 第一章
    JIE = "jie"  # 第一节
    TIAO = "tiao"  # 第一条
    BUFEN = "bufen"  # 第一部分
    STAGE = "stage"  # 第一阶段 (the words stay in the heading: 「第一阶段启动宣传阶段」)
    DI = "di"  # 第一，
    CN_DUN = "cn_dun"  # 一、
    CN_PAREN = "cn_paren"  # （一）
    AR_PAREN = "ar_paren"  # （1）
    DEC = "dec"  # 5.1.1
    AR_DOT = "ar_dot"  # 1.
    AR_GLUED = "ar_glued"  # 01综合
    AR_SPACE = "ar_space"  # 1 范围
    CIRCLED = "circled"  # ①
    NOTE = "note"  # [1]
    SHI = "shi"  # 一是
    YAO = "yao"  # 一要
    SEQ = "seq"  # 首先 其次 最后


K = MarkerKind
ARTICLE_KINDS = (K.BIAN, K.ZHANG, K.JIE, K.TIAO)
GLOBAL_KINDS = (K.BIAN, K.ZHANG, K.TIAO)  # numbered across the whole document
SEQ_WORDS = {"首先": 1, "其次": 2, "再次": 3, "最后": 99}

# Matched in this order against the line with full-width digits, dots and brackets folded.
MARKERS: tuple[tuple[MarkerKind, re.Pattern[str]], ...] = (
    (K.BIAN, re.compile(rf"第({CN_NUM}|\d+)编(?=\s|$|[\u4e00-\u9fff])")),
    (K.ZHANG, re.compile(rf"第({CN_NUM}|\d+)章(?=\s|$|[\u4e00-\u9fff])")),
    (K.JIE, re.compile(rf"第({CN_NUM}|\d+)节(?=\s|$|[\u4e00-\u9fff])")),
    (K.TIAO, re.compile(rf"第({CN_NUM}|\d+)条(?:之{CN_NUM})?")),
    (K.BUFEN, re.compile(rf"第({CN_NUM}|\d+)(?:部分|板块)")),  # 第一部分 总体思路, 第一板块: parts of plans and speeches
    # a plan's 「第一阶段启动宣传阶段。…」: 第一阶段 stays part of the heading's words (outline.find_marker)
    (K.STAGE, re.compile(rf"第({CN_NUM})阶段(?![的是])")),
    # 第一，  and a speech's 「第一点希望，」 「第二个方面，」
    (K.DI, re.compile(rf"第({CN_NUM})(?:点|个方面|方面)?(?:希望|要求|建议|体会|意见)?[，,、：:]")),
    # 「一 调研背景」: a space for the 、, only before a short heading that is the whole line
    (K.CN_DUN, re.compile(rf"({CN_NUM})(?:[、.]|[ \u3000]+(?=[\u4e00-\u9fff][^，。；：,;:!?！？\s]{{1,19}}$))")),
    (K.CN_PAREN, re.compile(rf"\(({CN_NUM})\)|([\u3220-\u3229])")),  # （一） and the one-character ㈠ … ㈩
    (K.AR_PAREN, re.compile(r"\((\d{1,3})\)")),
    # 5.1 / 5.1.1 in standards-style texts and plans; 「1.1编制目的」 and 「1、1编制依据」 glued to a short heading
    (K.DEC, re.compile(r"\d{1,2}(?:\.\d{1,2})+(?=\s)|\d{1,2}(?:[.、]\d{1,2})+(?=[\u4e00-\u9fff])")),
    # 「2、9月份生活补助工作」: after 、 a date may follow (「1.5万」 and 「2.9」 never make a marker)
    (K.AR_DOT, re.compile(r"(\d{1,3})(?:[.、](?!\d)|、(?=\d{1,2}月))")),
    (K.AR_GLUED, re.compile(r"(\d{1,2})(?=[\u4e00-\u9fff])")),  # 「01综合」 in bulletins, 「1总则」 in plans
    (K.AR_SPACE, re.compile(r"(\d{1,2})(?=\s)")),  # "1 范围" — only trusted in styled headings
    (K.CIRCLED, re.compile(r"([\u2460-\u2473])")),
    (K.NOTE, re.compile(r"[\[［〔](\d{1,3})[\]］〕]")),  # [1] notes: entries only inside a 注释 part
    (K.SHI, re.compile(rf"({CN_NUM})是")),
    (K.YAO, re.compile(rf"({CN_NUM})要")),
    (K.SEQ, re.compile(r"(首先|其次|再次|最后)[，,：:]")),
)
# The characters a match of each kind can start with ("0": any decimal digit): a line is tried only
# against the kinds its first character can start (ingest speed; a test checks this against MARKERS).
MARKER_STARTS: dict[MarkerKind, str] = {
    **dict.fromkeys((K.BIAN, K.ZHANG, K.JIE, K.TIAO, K.BUFEN, K.STAGE, K.DI), "第"),
    **dict.fromkeys((K.CN_DUN, K.SHI, K.YAO), CN_NUMERALS),
    K.CN_PAREN: "(" + "".join(map(chr, range(0x3220, 0x322A))),  # ( and ㈠ … ㈩
    K.AR_PAREN: "(",
    **dict.fromkeys((K.DEC, K.AR_DOT, K.AR_GLUED, K.AR_SPACE), "0"),
    K.CIRCLED: "".join(map(chr, range(0x2460, 0x2474))),  # ① … ⑳
    K.NOTE: "[［〔",
    K.SEQ: "首其再最",
}


def _markers_by_start() -> dict[str, tuple[tuple[MarkerKind, re.Pattern[str]], ...]]:
    table: dict[str, list[tuple[MarkerKind, re.Pattern[str]]]] = {}
    for kind, rx in MARKERS:
        for ch in MARKER_STARTS[kind]:
            table.setdefault(ch, []).append((kind, rx))
    return {ch: tuple(found) for ch, found in table.items()}


_BY_START = _markers_by_start()


def markers_from(first: str) -> tuple[tuple[MarkerKind, re.Pattern[str]], ...]:
    """The MARKERS, in their order, that a line starting with this character (folded) may match."""
    found = _BY_START.get(first)
    if found is not None:
        return found
    return _BY_START["0"] if first.isdecimal() else ()


# ------------------------------------------------------------------ labels of stored codes
# The store and the JSON keep short codes (H1, full, summary); everything a person reads (pages,
# terminal lines) shows them through these tables, so no code leaks into the interface; and what a
# writer types for a kind or a unit type is read through the aliases below.

HALF_LABELS = {"H1": "上半年", "H2": "下半年", "full": "全年"}
# every role a paragraph may have: the first four said in full where there is room
ROLE_LABELS = {**MODEL_ROLE_LABELS, "summary": "成绩总结", "problems": "存在问题", "plan": "计划打算"}
# the short forms used where space is tight (facet lists, heading library)
ROLE_SHORT = MODEL_ROLE_LABELS
FILTER_LABELS = {"kind": "类型", "org_type": "单位类型", "org": "单位", "year": "年份", "half": "时期",
                 "role": "段落用途", "headings": "只搜小标题", "collection": "汇编", "doc": "文档"}
PARAGRAPH_KINDS = {"title": "标题", "heading": "小标题", "body": "正文"}

# What writers call a kind or a type of unit, mapped to the labels the library stores.
KIND_ALIASES = {
    "工作总结": ("工作总结", "总结及计划"), "工作计划": ("工作计划", "总结及计划"),
    "总结": ("工作总结", "总结及计划"), "计划": ("工作计划", "总结及计划"), "工作总结及计划": ("总结及计划",),
    "总结和计划": ("总结及计划",), "总结计划": ("总结及计划",), "工作总结和计划": ("总结及计划",),
    "政府报告": ("政府工作报告",), "讲话稿": ("讲话",), "发言": ("讲话",), "致辞": ("讲话",),
    "实施方案": ("方案",), "工作方案": ("方案",), "工作要点": ("要点",), "公报": ("报告",),
    "调研报告": ("报告",), "述职报告": ("报告",), "规定": ("法规",), "办法": ("法规",),
}
ORG_TYPE_ALIASES = {
    "乡": ("乡镇/街道",), "镇": ("乡镇/街道",), "乡镇": ("乡镇/街道",), "街道": ("乡镇/街道",),
    "街道办": ("乡镇/街道",), "开发区": ("开发区/园区",), "园区": ("开发区/园区",), "高新区": ("开发区/园区",),
    "部门": ("部门/局",), "局": ("部门/局",), "委办局": ("部门/局",), "机关": ("部门/局",),
    "县政府": ("政府",), "市政府": ("政府",), "人民政府": ("政府",), "公司": ("企业",), "国企": ("企业",),
    "集团": ("企业",), "学校": ("学校",), "中学": ("学校",), "小学": ("学校",), "大学": ("学校",),
}


def code_of(typed: str, labels: dict[str, str], extra: dict[str, str] | None = None) -> str:
    """The stored code for what a writer typed: the code itself (any case), its label or a short form."""
    typed = typed.strip()
    names = {k.lower(): k for k in labels} | {v: k for k, v in (extra or {}).items()} | {v: k for k, v in labels.items()}
    return names.get(typed) or names.get(typed.lower()) or typed


def half_code(typed: str) -> str:
    return code_of(typed, HALF_LABELS, {"H1": "上半", "H2": "下半", "full": "年度"})


def role_code(typed: str) -> str:
    return code_of(typed, ROLE_LABELS, ROLE_SHORT)


def half_label(half: str | None) -> str:
    return HALF_LABELS.get(half or "", half or "")


def role_label(role: str | None) -> str:
    return ROLE_LABELS.get(role or "", role or "")


def period_label(year: int | None, half: str | None) -> str:
    """「2024年上半年」, 「2023年全年」, 「2024年」 or 「」."""
    if not year:
        return half_label(half)
    return f"{year}年{half_label(half)}"


def filter_value_label(name: str, value: object) -> str:
    """A filter or facet value as a reader names it."""
    if name == "half":
        return half_label(str(value))
    if name == "role":
        return role_label(str(value))
    if name == "year":
        return f"{value}年" if str(value).isdigit() else str(value).replace("-", "—") + "年"
    return str(value)


@dataclass(frozen=True)
class Resolved:
    """What a writer typed and the stored labels it was taken to mean (empty: nothing matched)."""

    typed: str
    labels: tuple[str, ...]

    @property
    def changed(self) -> bool:
        return self.labels != (self.typed,)


def resolve_label(typed: str, known: Iterable[str], aliases: dict[str, tuple[str, ...]]) -> Resolved:
    """Match a typed kind or unit type against the known labels: the exact label, an alias, then
    labels containing what was typed, then labels a part of which it contains (乡镇 → 乡镇/街道,
    审计局 → 部门/局)."""
    typed = typed.strip()
    known = [k for k in dict.fromkeys(known) if k]
    if not typed or typed in known:
        return Resolved(typed, (typed,) if typed else ())
    if typed in aliases:
        return Resolved(typed, tuple(k for k in aliases[typed] if k in known) or aliases[typed][:1])
    parts = [k for k in known if typed in k.split("/") or typed in k]
    if not parts:
        parts = [k for k in known if any(piece and piece in typed for piece in k.split("/"))]
    return Resolved(typed, tuple(parts))
