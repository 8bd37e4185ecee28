"""Reported figures: 「实现税收XXX亿元，同比增长192.89%」 → subject 税收, value XXX, unit 亿元, change +192.89%.

Pure functions, no I/O. Decisions:

* Text is cut into clauses at ，。；：！？ (and their ASCII forms, but never inside a number). A value
  is a number or a mask (XX, XXX) followed by a known unit (亿元, 万美元, 家, 个, 亩, %, 人次, …);
  numbers without a unit, dates (2023年, 5月) and ordinals (第17次) are not figures.
* ``value`` is kept as written (「XXX」, 「1044.39」, 「160余」); masks never become numbers.
* ``subject`` is the text before the value in its clause, without leading time/place phrases
  (…实现, 今年以来, 其中) and trailing verbs (达, 为, 约, 共…): 「新增规上工业企业13家，总数达157家」
  gives 新增规上工业企业 and 总数. When nothing is left before the value (「共签约19个项目」) the noun
  after the unit is used (签约项目).
* A change 「同比增长4.47%」/「下降3.2%」/「提高0.5个百分点」/「增长1.2倍」 is signed (+/-) and attached to
  the last figure of the same clause, or of the previous clause of the same sentence when its own
  clause has no value and no subject (「…XX亿元，同比增长4.47%」). A change with its own subject and
  no value (「国内生产总值增长6.6%」) is a figure whose value and unit are None.
* ``text`` is the clause, extended over the change clause that was attached to it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..models import TITLE, Figure, Paragraph
from ..zh import SENTENCE_END

_UNITS = sorted((
    "万亿元", "亿元", "万元", "千元", "元", "亿美元", "万美元", "美元", "亿欧元", "万欧元",
    "万亿", "亿", "万", "个千分点",  # bare magnitudes (…总数突破1亿) come last by length anyway
    "万户", "户", "家", "个", "项", "亩", "万亩", "公顷", "万公顷", "平方米", "万平方米", "平方公里", "公里",
    "千米", "米", "%", "％", "‰", "个百分点", "百分点", "人次", "万人次", "万人", "人", "名", "位", "次", "件",
    "宗", "份", "条", "篇", "册", "吨", "万吨", "亿吨", "千瓦", "万千瓦", "千瓦时", "万千瓦时", "亿千瓦时",
    "辆", "台", "套", "座", "所", "张", "批", "场", "起", "块", "处", "间", "栋", "株", "棵", "头", "万头",
    "只", "羽", "万羽", "艘", "架", "倍", "例", "床", "斤", "万斤", "亿斤", "公斤", "千克", "立方米",
    "万立方米", "标箱", "万标箱", "小时", "天", "所", "支", "种", "类", "期", "轮", "届", "部",
    "个月", "个工作日", "个小时", "周岁",  # 6个月 is a duration, not six 个
), key=len, reverse=True)
# 「植树2万株」: a magnitude before a counting word is one unit (万株), not 万 plus a stray 株.
_COUNTERS = ("户", "家", "个", "项", "亩", "吨", "株", "棵", "头", "只", "辆", "台", "套", "册", "件", "份", "人次", "人",
             "名", "平方米", "千瓦", "千瓦时", "条", "座", "张", "盒", "箱", "斤", "公斤", "立方米", "米", "公里")
_UNITS = sorted({*_UNITS, *(m + c for m in ("万", "亿", "万亿") for c in _COUNTERS)}, key=len, reverse=True)
_NUM = r"(?:X{2,}|x{2,}|\d+(?:[.,]\d+)*)(?:\s*(?:余|多|左右))?"
_VALUE = re.compile(rf"(?<![\d.第])({_NUM})\s*({'|'.join(map(re.escape, _UNITS))})")  # noqa: E501
_UP = "增长|增加|提高|上升|上涨|增幅|增速|回升|扩大|增产"
_DOWN = "下降|减少|降低|回落|下滑|缩小|减幅|降幅|减产"
_COMPARE = r"(?:同比|环比|比上年末|比上年(?:同期)?|比去年(?:同期)?|较上年(?:同期)?|较去年(?:同期)?|比年初)"
_DOWN_WORD = re.compile(_DOWN)
_UNIT_RX = "|".join(map(re.escape, _UNITS))
# A relative change (…增长4.47%), or an absolute one only after a comparison (比上年末增加353人).
_CHANGE = re.compile(
    rf"(?:{_COMPARE}(?:分别)?({_UP}|{_DOWN})(?:了)?\s*(\d+(?:\.\d+)?)\s*({_UNIT_RX})"
    rf"|(?:分别)?({_UP}|{_DOWN})(?:了)?\s*(\d+(?:\.\d+)?)\s*(%|％|个百分点|百分点|个千分点|千分点|倍))"
)
_NUMERIC = re.compile(r"\d|X{2}|x{2}")  # what every _VALUE and _CHANGE match holds
_NUMERIC_CHAR = re.compile(r"[\dXx]")  # a line without one has no _NUMERIC match: one character class is faster
_CLAUSE = re.compile(r"[，。；：！？;!?]|,(?!\d{3})")
_LEAD = re.compile(
    r"^.*(?:实现|完成|拥有|其中|今年以来|以来|上半年|下半年|全年|年末|年底|截至目前|截止目前|目前|预计)"
    r"(?=.{2,})")
_TRAIL = re.compile(r"(?:达到|达|为|(?<!签)约|稳定在|保持在|在|共计|共|累计|合计|总计|超过|突破|接近|近|逾|了|是|至|到|有|计|\s)+$")
_HEAD = re.compile(r"^(?:共|累计|合计|全年|已|并|同时|另外|其中)?")
_CONJ = ("", "和", "及", "与", "或", "、")
_NOUN_AFTER = re.compile(r"^[\u4e00-\u9fffA-Za-z“”\"]{1,12}")


@dataclass
class _Fig:
    subject: str
    value: str | None
    unit: str | None
    change: str | None
    start: int
    end: int


def extract_figures(paragraphs: Sequence[Paragraph]) -> tuple[Figure, ...]:
    """Every reported figure of the document, in text order, with the index of its paragraph."""
    out: list[Figure] = []
    for index, para in enumerate(paragraphs):
        if para.kind == TITLE:
            continue
        for f in figures_in(para.text):
            out.append(Figure(subject=f.subject, value=f.value, unit=f.unit, change=f.change,
                              text=para.text[f.start:f.end].strip(), paragraph=index))
    return tuple(out)


def figures_in(text: str) -> list[_Fig]:
    if not _NUMERIC_CHAR.search(text) or not _NUMERIC.search(text):
        return []  # no clause of it can hold a value or a change
    figs: list[_Fig] = []
    start = 0
    prev_in_sentence: _Fig | None = None
    for m in list(_CLAUSE.finditer(text)) + [None]:
        end = m.start() if m else len(text)
        clause_figs = _clause(text, start, end, prev_in_sentence, figs)
        if clause_figs:
            prev_in_sentence = clause_figs[-1]
        if m is None or m.group(0) in SENTENCE_END:
            prev_in_sentence = None
        start = m.end() if m else len(text)
    return figs


def _clause(text: str, start: int, end: int, prev: _Fig | None, figs: list[_Fig]) -> list[_Fig]:
    if not _NUMERIC.search(text, start, end):
        return []  # every value and change holds a digit or a mask: most clauses have neither
    clause = text[start:end]
    found: list[_Fig] = []
    cursor = 0
    values = list(_VALUE.finditer(clause))
    changes = {n for c in _CHANGE.finditer(clause) for n in (c.start(2), c.start(5))} if values else set()
    for i, m in enumerate(values):
        # the 4.47% of 同比增长4.47% is a change, not a value of its own; the 88号 of 人民路88号3栋
        if m.start(1) in changes or _ADDRESS.search(clause[:m.start()]):
            continue
        value, unit = m.group(1), m.group(2)
        prefix = clause[cursor:m.start()].rsplit("、", 1)[-1]
        nxt = values[i + 1].start() if i + 1 < len(values) else len(clause)
        between = clause[m.end():nxt]
        if i + 1 < len(values) and not _subject(prefix) and _NOUN_AFTER.fullmatch(between) \
                and between not in _CONJ:
            continue  # XX亿元项目2个: the first value only qualifies the noun counted by the second
        subject = _subject(prefix)
        noun = _NOUN_AFTER.match(between)
        if prefix.strip(" 、") in _CONJ and found:  # 分别为6.9%、49.9%和43.2%
            subject = found[-1].subject
        elif noun and len(subject) <= 3 and between not in _CONJ:  # 共签约19个项目 → 签约项目
            subject += noun.group(0)
        if not subject and not prefix.strip() and found:
            subject = found[-1].subject  # 盘活22宗1044.39亩: the second value shares the subject
        if subject:
            found.append(_Fig(subject, value.replace(" ", ""), _unit(unit), None, start, end))
        cursor = m.end()
    for c in _CHANGE.finditer(clause):
        word, number, unit = c.group(1, 2, 3) if c.group(1) else c.group(4, 5, 6)
        change = ("-" if _DOWN_WORD.fullmatch(word) else "+") + number + _unit(unit)
        before = [f for f in found if f.change is None]
        subject = _subject(clause[:c.start()]) if not before else ""
        if before:
            before[-1].change = change
        elif subject:
            found.append(_Fig(subject, None, None, change, start, end))
        elif prev is not None and prev.change is None:
            prev.change = change
            prev.end = end
    figs.extend(found)
    return found


def _unit(unit: str) -> str:
    return {"％": "%", "百分点": "个百分点", "千分点": "个千分点"}.get(unit, unit)


_ADDRESS = re.compile(r"(?:路|街|大道|巷|弄|胡同|号院?|号楼|小区)\s*$|(?:路|街|大道|巷|弄)\s*(?:\d+|X{2,})\s*号\s*$")
_NOT_SUBJECT = {"最高", "最低", "最大", "最小", "最多", "最少", "平均", "合计", "其中", "分别", "共", "约"}
_LIST_MARK = re.compile(r"^(?:[（(][一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十]+[、．.]|\d{1,3}[、．.](?!\d)|[\u2460-\u2473])")


_LEADING_FIGURE = re.compile(r"^(?!\d+[A-Za-z])[\d.%‰\-—～~至月日年份号和及与]+")
_TWO_HAN = re.compile(r"[\u4e00-\u9fff]{2}")
_SEPARATELY = re.compile(r"分别$")


def _subject(prefix: str) -> str:
    s = _LIST_MARK.sub("", prefix.strip(" ，、"))  # （1）民生支出占比 → 民生支出占比
    s = s.strip(" ，、")
    s = _LEAD.sub("", s) if _LEAD.match(s) else s
    s = _TRAIL.sub("", s)
    s = _HEAD.sub("", s, count=1)
    s = _LEADING_FIGURE.sub("", s).strip(" 、")  # keeps 5G, 4K
    s = _SEPARATELY.sub("", s)
    s = s.lstrip("）)】」』”’+、 ")
    if not s or len(s) > 30 or not _TWO_HAN.search(s) or s.rstrip("的") in _NOT_SUBJECT:
        return ""
    if "+" in s or s.count("（") != s.count("）") or s.count("(") != s.count(")"):
        return ""  # 「）+实地调研（」: a fragment of a formula, not a subject
    return s

