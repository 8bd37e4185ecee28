"""Outline analysis: a document's blocks → paragraphs with headings, levels, roles and inline items.

Pure functions, no I/O. The decisions a reader of the output should know about:

* Levels come from the order in which marker kinds are first seen, not from a fixed table:
  a document may open with （一） or with 1., and a new kind nests under whatever heading is
  open when it first appears. Marker kinds: 一、 （一） 1./1、/1． （1） ① 一是… 第一，
  首先/其次/最后 and, for regulations, 第X编/章/节/条. Word heading styles and Markdown ``#``
  (``Block.style_level``, or a literal leading ``#`` in plain text) are kinds of their own.
* A numbered line only becomes a heading when its number continues the sequence of its kind
  under the same parent (1 first, then +1, one skipped number tolerated); this keeps dates
  (2023.), quarters (一、二季度) and stray list entries out of the outline. 条/章/编 count across
  the whole document.
* Inside an article (第X条) numbered lines such as （一）…； are the article's list entries:
  they stay body paragraphs of that article, not outline nodes.
* Unnumbered headings: a short line (≤ 24 characters) without sentence punctuation is a
  top-level section when it names a document part (附件, 名词解释, 注释) or a section role that
  differs from the open top-level section's (下一步工作计划 after 二、存在问题; a year's work, 「关于2020年的
  工作」, counts as a role line); 「主要目标」 inside a
  plan section stays body text. Numbering that restarts at 1 right after a part heading nests
  under it; a closing 附件 followed only by page chrome (links, 返回顶部, site names; < 40 Han
  characters besides) is dropped again.
* Numbering may run on across parents (5. as the first item under （二） after 1.–4. under （一）).
* Regulations: 编 > 章 > 节 > 条 is fixed, whatever comes first (a 第二章 after orphan articles is
  top-level). 第X章 is level 1; in a chapter with sections 第X节 is level 2 and its articles level 3,
  elsewhere articles are level 2; without chapters articles are level 1. Articles nest under a
  non-article heading only when it is a whole heading line (一、受案范围), never inside a numbered
  prose paragraph (一、将第二条修改为：“…”).
* Unnumbered sections: when the document's top level is unnumbered, every role line opens the next
  section (「“十五五”时期主要目标任务」 then 「2026年重点工作」); a line repeating part of the title
  (letterhead) is never a heading; a part line right after a part heading is that annex's title.
* Web bulletins: 「01综合」 (two digits glued to a short title line) is numbered like 一、; [1] / ［1］
  notes are entries only inside a 注释/名词解释 part. A line holding only 「（」 is rejoined with the
  next (a marker broken across lines). 二是 may open a run whose 一是 the source lost. 一是… with its
  prose right under a top section is a point of that section, not a heading (all its 二是… too), unless its
  lead is of matched clauses (「一是深化改革，增强动力。」), the text is a work report, or the point was cut out of
  a run-together line (runs.py: its layout is unknown, the run-in heading case keeps it a heading); in a text that
  is no report, 一是… leads with prose after an opening paragraph and no section above are points too. ㈠ = （一）. Spaces
  between Han characters in a heading are dropped (「总 则」 → 总则). A Markdown heading without a
  usable marker (「## 三」) ranks with the other headings of its Markdown level.
* Shape of a numbered paragraph:
  - the whole text after the marker is one sentence of ≤ 60 characters → a heading paragraph;
  - it opens with a lead sentence of ≤ 40 characters ending in 。！？；： and goes on → split into
    a heading paragraph (marker + lead sentence) and a body paragraph (the rest);
  - otherwise it is a numbered body paragraph (kind "body") that still heads its node; the
    node's heading is then its first clause, cut to 30 characters. Articles (第X条) are always
    handled this way: their first sentence is content, not a title.
* Roles: a heading's own clear keyword (工作总结, 存在问题, 工作计划, …; earliest one wins)
  decides; weaker words (成效, 不足, 重点工作, …) only count at the top level or under an
  "other" parent; otherwise a node inherits its parent's role. Inside a section with a role a clear
  keyword of another role only counts in a short heading or at its end (「存在的问题」), not in
  passing. In a work report of year Y a top section about Y or later is a plan (「2026年主要工作」).
  Articles take their parent's role. Paragraphs take their node's role.
* Lines that are no sections although numbered, and sections without a usable number, are found by their
  shape beforehand: runs of whole-sentence points (points.py), Markdown bold and title repeats (markup.py),
  bare phrases between prose, numerals that lost their 、 and parallel lead sentences (short_heads.py,
  lost_marks.py).
* Inline enumerations 一是…二是…, 一要…二要…, 第一，第二，…, 首先…其次…最后 (at least two in
  sequence) become ``Paragraph.items``. The last item runs to the end of the paragraph, except
  when every earlier item is a single sentence: then the last one stops after its first sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from ..models import BODY, HEADING, TITLE, Block, Item, OutlineNode, Paragraph, Structure
from ..zh import (
    ARTICLE_KINDS,
    CLAUSE_BREAK,
    CN_NUM,
    GLOBAL_KINDS,
    SEQ_WORDS,
    cn_to_int,  # noqa: F401  (re-exported: tests import it from here)
    markers_from,
    sentence_end,
    strip_trailing,
    to_int,
)
from .gaps import fragment_start, restarts, skipped_ahead
from .headless_toc import headless_toc
from .items import find_items
from .line_fixes import cut_heading, rejoin_brackets, split_chapter_lines
from .lost_marks import glued_numerals, parallel_leads
from .marker_checks import SHORT_HEADING, plausible
from .markup import bold_lead, repeats_title, unmark
from .numbered_lines import lead_end, list_entries, lone_points
from .parallel import parallel_headings
from .points import matched_counted, prose_points
from .roles import PLAIN_STRONG, STRONG, WEAK, first_role, heading_role
from .short_heads import short_headings
from .split import toc_span
from .sub_leads import section_leads
from .titles import above_restatement

# Full-width digits and dots folded for matching only (same length, so offsets hold).
_FOLD = str.maketrans("０１２３４５６７８９．（）", "0123456789.()")

_FOLDABLE = re.compile("[０-９．（）]")
_MD = re.compile(r"#{1,6}[ \t]*")
_SPACE = " \t\u3000"

# ------------------------------------------------------------------ sentences

LEAD_MAX = 40     # longest lead sentence split off as a heading
LINE_MAX = 60     # longest one-sentence numbered paragraph taken as a heading line
PLAIN_MAX = 24    # longest unnumbered heading line


_SPREAD = re.compile(r"(?<=[\u4e00-\u9fff])[ \t\u3000]+(?=[\u4e00-\u9fff])")


# ------------------------------------------------------------------ roles

_ANNEX_LIST = re.compile(r"附\s*件\s*[一二三四五六七八九十\d]*\s*[：:]\s*\S")
_PARTS = re.compile(r"(附件\s*\d*|附录|名词解释|名词注释|注释|结束语|结语|引言|前言)[：:]?")
_HAN = re.compile(r"[\u4e00-\u9fff]")
_NOT_HAN = re.compile(r"[^\u4e00-\u9fff]")
# Web-page chrome after a bulletin: navigation, sharing, links to other government sites.
_CHROME = re.compile(r"^(关联稿件|相关稿件|相关链接|相关解读|扫一扫|上一篇|下一篇|【|打印|关闭|分享|来源|责任编辑)"
                     r"|(人民政府|政府网|网站|政府网站)$")
_LEADS_IN = ("是", "为", "如下", "包括", "有", "在于")
_CITES_LAW = re.compile(rf"《[^》]{{2,40}}》\s*(?:（[^）]{{0,20}}）)?\s*第(?:{CN_NUM}|\d+)条")
_NO_PLAIN = set("，。；！？,;!?、")
_YEARS_WORK = re.compile(r"(?:关于)?(?:19|20)\d\d年度?的?(?:主要)?工作")  # 「关于2020年的工作」: a report's part
_PAIRED = re.compile(r"[，,]")  # 「一是坚定不移深化改革，增强发展动力。…」: a lead of matched clauses heads a section
_SITE_COUNT = re.compile(r"(?:[（(](?:精选|优秀|通用|热门|集合|合集|汇总|实用|推荐|经典|优选)?(?:\d+|多)篇[)）]"
                         r"|(?:精选|通用)?范文\d*篇?)+$")


def _plain_kind(text: str) -> str | None:
    """'part' for 附件/名词解释…, 'role' for a short unnumbered role heading, else None."""
    s = text.strip()
    if not s or len(s) > PLAIN_MAX:
        return None
    if _PARTS.fullmatch(s):
        return "part"
    body = s[:-1] if s[-1] in "：:" else s
    if not body or any(ch in _NO_PLAIN or ch in "：:" for ch in body) or body[-1].isdigit():
        return None
    if body.endswith(_LEADS_IN):  # 一年来的主要工作是： introduces a list, it does not title a section
        return None
    if first_role(body, PLAIN_STRONG) or any(body.endswith(w) for words in WEAK.values() for w in words) \
            or _YEARS_WORK.fullmatch(body):
        return "role"
    return None


# ------------------------------------------------------------------ classification

@dataclass(frozen=True)
class _Marker:
    kind: str
    number: int
    marker: str      # as written
    rest: int        # offset in the block text where the text after the marker starts
    spaced: bool     # whitespace (or nothing) follows the marker


def find_marker(text: str) -> _Marker | None:
    """The numbering marker a paragraph starts with, if any (leading spaces and '#' skipped)."""
    lead = len(text) - len(text.lstrip(_SPACE))
    md = _MD.match(text, lead) if text.startswith("#", lead) else None
    if md:
        lead = md.end()
    if text.startswith("**", lead):
        lead += 2  # 「**一、社区治理**」: Markdown bold around a numbered heading (markup.py)
    candidates = markers_from(text[lead:lead + 1].translate(_FOLD))
    if not candidates:
        return None  # no marker starts with this character (most paragraphs): skip folding the text
    folded = text.translate(_FOLD) if _FOLDABLE.search(text) else text  # (few hold a full-width digit)
    for kind, rx in candidates:
        m = rx.match(folded, lead)
        if not m:
            continue
        if kind == "dec":
            parts = re.split(r"[.、]", m.group(0))
            kind, number = f"dec{len(parts)}", int(parts[-1])
        else:
            number = SEQ_WORDS[m.group(1)] if kind == "seq" else to_int(m.group(m.lastindex or 1))  # ㈠: group 2
        if number is None or not plausible(kind, number, folded, m.end()):
            continue
        end = lead if kind == "stage" else m.end()  # 「第一阶段启动宣传阶段」: the words are the heading's
        if end < len(text) and text[end] in ("、.．" if kind in ("cn_paren", "ar_paren") else "：:" if kind == "bufen" else ""):
            end += 1  # 「（三）、事故的性质」, 「第一部分：总体要求」: the stray 、 or colon belongs to the marker
        rest = end
        while rest < len(text) and text[rest] in _SPACE:
            rest += 1
        spaced = end == len(text) or text[end] in _SPACE
        return _Marker(kind, number, text[lead:end], rest, spaced)
    return None


def _md_level(text: str) -> int | None:
    s = text.lstrip(_SPACE)
    if not s.startswith("#"):
        return None
    m = _MD.match(s)
    if m and len(m.group(0).rstrip()) < len(s):
        return len(m.group(0).rstrip(" \t"))
    return None


# ------------------------------------------------------------------ builder

@dataclass
class _Node:
    index: int
    kind: str
    marker: str
    heading: str
    role: str
    paragraph: int
    path: tuple[str, ...]
    children: list[_Node] = field(default_factory=list)
    container: bool = False  # an unnumbered part (附件) whose numbering restarts inside it
    style: int | None = None  # Word/Markdown heading level of the line that opened it
    prose: bool = False      # a numbered paragraph that goes on after its heading, not a heading line

    def freeze(self, level: int) -> OutlineNode:
        return OutlineNode(level=level, marker=self.marker, heading=self.heading, role=self.role,
                           paragraph=self.paragraph,
                           children=tuple(c.freeze(level + 1) for c in self.children))


class _Builder:
    def __init__(self, title: str = "") -> None:
        self.title = re.sub(r"\s+", "", title)
        # A work report given in year Y reviews Y-1 and plans Y: sections about Y are plans.
        folded = self.title.translate(_FOLD)
        self.report = "工作报告" in folded
        year = re.search(r"(?:19|20)\d\d", folded) if self.report else None
        self.plan_year = int(year.group(0)) if year else None
        self.paragraphs: list[Paragraph] = []
        self.roots: list[_Node] = []
        self.stack: list[_Node] = []
        self.order: list[str] = []          # marker kinds, outermost first
        self.plain_alias: str | None = None  # kind that unnumbered headings rank with
        self.annex_list = False              # inside a 「附件：1.…」 attachment list
        self.listing: tuple[str, int] | None = None  # (marker kind, last number) of a ：-introduced list
        self.last: dict[tuple[int, str], int] = {}
        self.points_under: set[int] = set()  # sections whose 一是… leads were prose points, not headings
        self.matched: set[int] = set()  # (ids of) counted points whose leads open alike: headings (points.py)
        self.count = 0
        self.pos = 0

    # -- paragraphs
    def emit(self, kind: str, text: str, paid: bool, node: _Node | None, items: tuple[Item, ...] = ()) -> None:
        start = self.pos
        self.paragraphs.append(Paragraph(
            kind=kind, text=text, path=node.path if node else (), paid=paid,
            role=node.role if node else "other", node=node.index if node else None,
            start=start, end=start + len(text), items=items))
        self.pos = start + len(text) + 1

    def body(self, text: str, paid: bool) -> None:
        self.emit(BODY, text, paid, self.stack[-1] if self.stack else None, find_items(text))

    # -- ranks and placement
    def rank(self, kind: str) -> int | None:
        if kind == "plain" and self.plain_alias:
            kind = self.plain_alias
        return self.order.index(kind) if kind in self.order else None

    def target(self, kind: str, number: int, spaced: bool) -> int | None:
        """How many stack frames stay open above a new heading of this kind; None to reject it."""
        if kind == "plain":
            return 0
        rank = self.rank(kind)
        # an unnumbered 引言 heads no 一、; 「一、引言」 is a section like the others and heads its （一）
        keep = 0 if self.stack and self.stack[0].heading in ("引言", "前言") and self.stack[0].kind == "plain" \
            else len(self.stack)
        if rank is not None:
            while keep and self.frame_rank(self.stack[keep - 1]) >= rank:
                keep -= 1
        elif kind in ARTICLE_KINDS:
            # 编 > 章 > 节 > 条 whatever comes first: a 第二章 after orphan articles (the source lost
            # 第一章) closes them instead of nesting under the last one.
            # Articles never sit inside a numbered prose paragraph either (一、将第二十四条修改为：“…”
            # followed by the republished text's 第一条).
            below = ARTICLE_KINDS[ARTICLE_KINDS.index(kind):]
            while keep and (self.stack[keep - 1].kind in below or self.stack[keep - 1].prose):
                keep -= 1
        if self.accepts(kind, number, spaced, keep):
            return keep
        if number == 1 and rank is not None:
            # 一、 restarting right after an unnumbered part heading (附件) nests under it.
            for i in range(len(self.stack) - 1, keep - 1, -1):
                if self.stack[i].kind == "plain" and self.accepts(kind, number, spaced, i + 1):
                    return i + 1
        return None

    def frame_rank(self, frame: _Node) -> int:
        return -1 if frame.container else self.rank(frame.kind) or 0

    def accepts(self, kind: str, number: int, spaced: bool, keep: int) -> bool:
        if kind.startswith("style"):
            return True
        last = self.last.get(self.seq_key(kind, keep))
        if kind == "seq":
            return last is None if number == 1 else last is not None and number > last
        if kind == "tiao":
            return (last is None or number >= last) if spaced else number == (last or 0) + 1
        if kind in ("bian", "zhang"):
            return last is None or number > last
        if last is None:
            # 1 under a new parent, or numbering that runs on across parents (5. under （二）).
            # 一是 may be lost from a paragraph-per-sentence source, so 二是 may open the run.
            return (number == 1 or number == self.last.get((-2, kind), -1) + 1
                    or (number == 2 and kind in ("shi", "yao")))
        return number in (last + 1, last + 2)

    def seq_key(self, kind: str, keep: int) -> tuple[int, str]:
        if kind in GLOBAL_KINDS or keep == 0:
            return (-1, kind)
        return (self.stack[keep - 1].index, kind)

    def open_node(self, kind: str, number: int, keep: int, marker: str, heading: str, paragraph: int) -> _Node:
        heading = unmark(heading)
        if " " in heading or "\t" in heading or "\u3000" in heading:
            heading = _SPREAD.sub("", heading)  # 「总 则」 is written spaced out for layout: 总则
        if self.rank(kind) is None:
            if kind == "plain":
                if not self.order:
                    self.order.append("plain")
                else:
                    self.plain_alias = self.order[0]
            else:
                parent_kind = self.stack[keep - 1].kind if keep else None
                pos = (self.rank(parent_kind) + 1) if parent_kind is not None else 0
                self.order.insert(pos, kind)
        self.last[self.seq_key(kind, keep)] = number
        self.last[(-2, kind)] = number
        parent = self.stack[keep - 1] if keep else None
        if parent is not None and parent.kind == "plain" and self.rank(kind) == self.rank("plain"):
            parent.container = True
        parent_role = parent.role if parent else None
        # An article's heading is only its first clause: its words say nothing about a section role.
        role = (parent_role or "other") if kind == "tiao" else heading_role(heading, parent_role)
        if parent is None and role != "plan" and self.plan_year and _mentions_year(heading, self.plan_year):
            role = "plan"  # 「2026年主要工作」 in the 2026 government work report
        node = _Node(index=self.count, kind=kind, marker=marker, heading=heading, role=role, paragraph=paragraph,
                     path=(parent.path if parent else ()) + (heading,))
        self.count += 1
        (parent.children if parent else self.roots).append(node)
        del self.stack[keep:]
        self.stack.append(node)
        return node

    # -- one block
    def add(self, block: Block) -> None:
        text = block.text
        if self.report and self.plan_year is None and not self.roots:
            given = re.match(r"[—－-]{1,2}\s*((?:19|20)\d\d)年", text.strip().translate(_FOLD))
            if given:  # 「——2019年3月5日在…」 under a title without a year
                self.plan_year = int(given.group(1))
        mk = find_marker(text)
        if _ANNEX_LIST.match(text.strip()):
            self.annex_list = True  # 「附件：1.…」 lists the attachments; its 2. 3. lines are not headings
        elif self.annex_list and mk and mk.kind in ("ar_dot", "ar_paren", "cn_dun"):
            self.body(text, block.paid)
            return
        else:
            self.annex_list = False
        style = block.style_level or _md_level(text)
        if style and not self.roots and repeats_title(text, self.title):
            self.body(text, block.paid)  # 「### 某社区工作计划」 under the plain title line: the title again
            return
        if style:
            kind = mk.kind if mk else f"style{style}"
            keep = self.target(kind, mk.number if mk else 0, True)
            if keep is None:  # a styled heading is a heading even when its number is off
                keep = self.target(f"style{style}", 0, True) or 0
                kind = f"style{style}"
            if kind == f"style{style}":
                # 「## 三」 (its 、 lost) still ranks with the other 「## 」 headings: a sibling, not a child.
                same = [i for i, f in enumerate(self.stack) if f.style == style]
                keep = same[0] if same else keep
            else:  # 「#### 一、…」 after 「#### 引言」: a sibling of the unnumbered heading of its style level
                above = [i for i, f in enumerate(self.stack[:keep]) if f.kind.startswith("style") and f.style >= style]
                keep = above[0] if above else keep
            rest = mk.rest if mk else len(text) - len(text.lstrip(_SPACE + "#"))
            self.heading_line(block, kind, mk.number if mk else 0, keep, mk.marker if mk else "", rest)
            self.stack[-1].style = style
            return
        if mk and mk.kind == "ar_space" and not SHORT_HEADING.fullmatch(text[mk.rest:].strip()):
            mk = None  # 「1 总则」 alone on its line is a heading; 「1 张三 男」 in a table is not
        if mk and self.list_entry(text, mk):
            self.body(text, block.paid)
            return
        if mk and not (self.stack and self.stack[-1].kind == "tiao" and mk.kind not in ARTICLE_KINDS):
            if self.numbered(block, mk):
                return
        elif not mk and self.plain_heading(text):
            self.heading_line(block, "plain", 0, 0, "", len(text) - len(text.lstrip(_SPACE)))
            return
        self.body(text, block.paid)

    def list_entry(self, text: str, mk: _Marker) -> bool:
        """「包括以下几方面内容：」 then 「1.…；」 「2.…；」 … 「5.…。」: numbered entries of a list that a
        body paragraph introduces are list items, not sections."""
        if mk.kind in ARTICLE_KINDS or mk.kind in ("shi", "yao", "seq", "di"):
            return False
        listing = self.listing
        if listing and listing[0] == mk.kind and mk.number == listing[1] + 1:
            self.listing = (mk.kind, mk.number) if text.rstrip().endswith(("；", ";")) else None
            return True
        self.listing = None
        prev = self.paragraphs[-1] if self.paragraphs else None
        if (mk.number == 1 and text.rstrip().endswith(("；", ";")) and prev is not None and prev.kind == BODY
                and prev.text.rstrip().endswith(("：", ":"))):
            self.listing = (mk.kind, 1)
            return True
        return False

    def plain_heading(self, text: str) -> bool:
        """An unnumbered heading opens a top-level section only when it is a document part (附件)
        or names a role other than the open section's (下一步工作计划 after 存在问题)."""
        kind = _plain_kind(text)
        if kind is None:
            return False
        if kind == "part":
            # 「附件2」 then 「名词解释」: the second line is the annex's own title, not another part.
            top = self.stack[-1] if self.stack else None
            return not (top and top.kind == "plain" and top.paragraph == len(self.paragraphs) - 1
                        and _PARTS.fullmatch(top.heading))
        bare = _SITE_COUNT.sub("", strip_trailing(re.sub(r"\s+", "", text)))  # 「…计划(精选15篇)」 restates the title
        if bare in self.title:
            return False  # a letterhead line repeating part of the title (…相互协助保全的安排)
        han = _NOT_HAN.sub("", bare.removeprefix("关于"))  # 「镇xx年…」, 「关于…」 restate it too
        if not self.stack and self.title and han and sum(ch in self.title for ch in han) >= 0.9 * len(han):
            return False  # 「乡镇半年工作总结」 under 「乡镇上半年工作情况总结…」: the page restating its title
        if not self.stack:
            return True
        last = self.stack[-1]
        if last.kind != "plain" and not last.prose and last.paragraph == len(self.paragraphs) - 1:
            return False  # 「二、调研内容」+「某镇民生实事进展情况」: the first line under a numbered heading is its text
        top = self.stack[0]
        if top.kind == "plain" and not top.container and not _PARTS.fullmatch(top.heading):
            return True  # the document's sections are unnumbered: each role line opens the next one
        return heading_role(strip_trailing(text), None) != top.role

    def drop_empty_trailing_part(self) -> None:
        """A closing 「附件：」 followed only by page chrome is no section: its lines join the previous one."""
        if self.count < 2 or not self.roots:
            return
        last = self.roots[-1]
        if last.index != self.count - 1 or last.kind != "plain" or not _PARTS.fullmatch(last.heading):
            return
        tail = self.paragraphs[last.paragraph:]
        content = [p.text for p in tail[1:] if not _CHROME.search(p.text.strip())]
        if sum(len(_HAN.findall(t)) for t in content) >= 40:
            return  # a real annex, even a table of short lines
        self.roots.pop()
        prev = self.find(self.count - 2)
        self.count -= 1
        for i, p in enumerate(tail):
            self.paragraphs[last.paragraph + i] = replace(
                p, kind=BODY if p.kind == HEADING else p.kind, path=prev.path, role=prev.role, node=prev.index)

    def find(self, index: int) -> _Node:
        node = self.roots[-1]
        while node.index != index:
            node = next(c for c in reversed(node.children) if c.index <= index)
        return node

    def heading_line(self, block: Block, kind: str, number: int, keep: int, marker: str, rest: int) -> None:
        node = self.open_node(kind, number, keep, marker, strip_trailing(block.text[rest:]),
                              len(self.paragraphs))
        self.emit(HEADING, block.text, block.paid, node)

    def numbered(self, block: Block, mk: _Marker) -> bool:
        text = block.text
        if mk.kind in ("shi", "yao", "di", "seq") and _successor_inline(text, mk):
            return False  # 一是…二是… in one paragraph: an inline enumeration, not a heading
        if mk.kind == "note" and not any(f.kind == "plain" and _PARTS.fullmatch(f.heading) for f in self.stack):
            return False  # a footnote mark opening a body line, not an entry of a notes part
        if mk.kind == "circled" and _CITES_LAW.search(text):
            return False  # ①《安全生产法》第二十一条… : a note citing the law, not a section
        keep = self.target(mk.kind, mk.number, mk.spaced)
        if keep is None and self.order[:1] == [mk.kind] == ["cn_dun"]:  # 一、 then 五、 (gaps.py)
            keep = 0 if skipped_ahead(self.last.get((-1, mk.kind)), mk.number, text[mk.rest:]) else None
        elif keep is None and mk.kind == "cn_dun" and not self.roots and fragment_start(mk.number, text[mk.rest:]):
            self.last[(-2, "cn_dun")] = mk.number - 1  # a page cut from a longer text opens at 四、 (gaps.py)
            keep = self.target(mk.kind, mk.number, mk.spaced)
        elif keep is None and self.order[:1] == [mk.kind] and restarts(self.roots, self.paragraphs, mk, text):
            self.last[(-1, mk.kind)] = 0  # 1、 again after 1、–3、 and a paragraph of prose (gaps.py)
            keep = self.target(mk.kind, mk.number, mk.spaced)
        if keep is None:
            return False
        rest = text[mk.rest:]
        if mk.kind == "seq" and len(rest) > 20 and rest.rstrip().endswith("。"):
            return False  # 「首先，请市长与各县长签订责任书。」: one whole sentence of prose, not a section
        end = bold_lead(rest) or lead_end(rest, LEAD_MAX)  # 「1. **智慧社区**：利用…」: the bold words head it
        one_sentence = end is None or not rest[end:].strip()
        if mk.kind in ARTICLE_KINDS:
            if mk.kind != "tiao" and len(rest) <= LINE_MAX and one_sentence:
                self.heading_line(block, mk.kind, mk.number, keep, mk.marker, mk.rest)
            else:
                self.numbered_body(block, mk, keep)
        elif mk.kind == "shi" and keep == 0 and not self.report and not one_sentence and self.paragraphs \
                and (mk.number == 1 or -1 in self.points_under):
            self.points_under.add(-1)  # 「一是…。…」 in a short news text with no sections: points of its prose
            return False
        elif mk.kind in ("shi", "yao") and keep == 1 and self.counted_point(block, rest, end, one_sentence):
            return False  # 「一是招商引资。年初召开了…」 right under a top section: a point of its prose, no heading
        elif one_sentence and len(rest) <= LINE_MAX:
            self.heading_line(block, mk.kind, mk.number, keep, mk.marker, mk.rest)
        elif mk.kind == "seq" and not (end is not None and end <= 20 and not re.search(r"[，,]", rest[:end])):
            return False  # 「首先，在农业方面，我们…」 is prose that counts its points, not a section
        elif end is not None and end <= LEAD_MAX:
            cut = mk.rest + end
            node = self.open_node(mk.kind, mk.number, keep, mk.marker, strip_trailing(rest[:end]),
                                  len(self.paragraphs))
            node.prose = True
            self.emit(HEADING, text[:cut], block.paid, node)
            self.emit(BODY, text[cut:], block.paid, node, find_items(text[cut:]))
        else:
            self.numbered_body(block, mk, keep)
        return True

    def counted_point(self, block: Block, rest: str, end: int | None, whole: bool) -> bool:
        """一是… with its prose right under a top section: a point (and so are the 二是… after it in that section),
        unless its lead pairs clauses, the text is a work report, the point was cut out of a run-together line
        or the leads of its run open alike."""
        if self.report or block.cut or id(block) in self.matched:
            return False
        if self.stack[0].index in self.points_under or not (
                whole and len(rest) <= LINE_MAX or _PAIRED.search(rest, 0, end or 0)):
            self.points_under.add(self.stack[0].index)
            return True
        return False

    def glued(self, block: Block, number: int) -> bool:
        """「四以…」 whose 、 the page lost; a page cut from a longer text need not show 三、 before it."""
        before = self.last.get((-2, "cn_dun"))
        if "cn_dun" not in self.order:
            self.last[(-2, "cn_dun")] = number - 1
        lead = len(block.text) - len(block.text.lstrip(_SPACE))
        if self.numbered(block, _Marker("cn_dun", number, block.text[lead], lead + 1, False)):
            return True
        if before is None:
            self.last.pop((-2, "cn_dun"), None)
        return False

    def numbered_body(self, block: Block, mk: _Marker, keep: int) -> None:
        rest = block.text[mk.rest:]
        end = sentence_end(rest, 0, CLAUSE_BREAK)
        heading = cut_heading(strip_trailing(rest[:end] if end else rest))
        node = self.open_node(mk.kind, mk.number, keep, mk.marker, heading, len(self.paragraphs))
        node.prose = True
        self.emit(BODY, block.text, block.paid, node, find_items(rest))

    def finish(self) -> Structure:
        self.drop_empty_trailing_part()
        return Structure(paragraphs=tuple(self.paragraphs), outline=tuple(n.freeze(1) for n in self.roots))


def _mentions_year(heading: str, year: int) -> bool:
    """The heading is about the year given or a later one, and not a review of it."""
    years = [int(y) for y in re.findall(r"((?:19|20)\d\d)年", heading.translate(_FOLD))]
    return bool(years) and min(years) >= year and first_role(heading, STRONG) != "summary"


def _successor_inline(text: str, mk: _Marker) -> bool:
    items = find_items(text)
    return len(items) >= 2 and items[0].marker == text[len(text) - len(text.lstrip(_SPACE)):][:len(items[0].marker)]


def build_structure(title_block: Block | None, blocks: list[Block]) -> Structure:
    """Paragraphs (title first), each with kind/path/role/node/offsets/items, and the outline tree."""
    builder = _Builder(title_block.text if title_block else "")
    if title_block is not None:
        builder.emit(TITLE, title_block.text, title_block.paid, None)
    blocks, leads = parallel_leads(split_chapter_lines(rejoin_brackets([b for b in blocks if b.text])))
    blocks, subs = section_leads(blocks) if not leads else (blocks, set())  # under 一、 (sub_leads.py)
    start, end = toc_span(blocks)
    if start < 0:
        start, end = headless_toc(blocks)  # entries without a 目录 line
    parallel = parallel_headings(blocks) | short_headings(blocks) | leads  # unnumbered sections (matched, bare)
    texts = [b.text for b in blocks]
    entries = list_entries(texts) | prose_points(texts) | lone_points(texts)  # (numbered_lines.py, points.py)
    entries |= above_restatement(texts, builder.title)  # a page's lead-in above its title again (titles.py)
    glued = glued_numerals(texts)  # 「四以…」 before a （一） list (lost_marks.py)
    builder.matched = {id(blocks[i]) for i in matched_counted(texts)}  # 一是全力…, 二是全力…: kept headings
    for i, block in enumerate(blocks):
        if start <= i < end or i in entries:
            builder.body(block.text, block.paid)  # the document's own 目录: its entries are not sections
        elif i in subs and builder.stack:
            builder.heading_line(block, "lead", 0, 1, "", 0)
        elif i in parallel:
            builder.heading_line(block, "plain", 0, 0, "", len(block.text) - len(block.text.lstrip(_SPACE)))
        elif not (i in glued and builder.glued(block, glued[i])):
            builder.add(block)
    return builder.finish()
