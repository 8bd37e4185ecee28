"""Related results (相关结果) and intent: what to look for when the exact phrase finds little.

Pure planning, no index access.  A query term is cut into words (the variant table's words first,
longest match, then the segmenter for the rest; function words such as 的/和 dropped), each word widened
to its variant group from ``sucai/data/variants.txt``.  Three ways to match follow from that:

- *in order*: every word (or a variant) in the query's order with at most ``GAP`` characters between
  consecutive words and no sentence break (存在的问题 ↔ 存在问题 ↔ 存在的突出问题; 下一步工作打算 ↔
  下半年工作计划);
- *loose*: the same words, optional generic words (工作, 情况…) left out;
- *any order*: every word somewhere in the paragraph.

A table line that starts with a role name (``plan:``) also names a section purpose: a query holding one
of its words has that *intent*, and sections of that role are brought in even when their words differ.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..normalize import normalize

TABLE = Path(__file__).resolve().parent.parent / "data" / "variants.txt"
GAP = 4  # characters allowed between consecutive words of an in-order match
STOP = frozenset(["的", "和", "与", "及", "了", "之", "等", "并", "或", "对", "把", "将", "在", "是", "中", "以", "为", "及其", "以及", "关于", "有关"])
GENERIC = frozenset(["工作", "情况", "方面", "有关", "相关", "主要", "进一步", "全面", "加强"])
_BREAK = "。；！？;!?\n"


@dataclass(frozen=True)
class Variants:
    groups: dict[str, tuple[str, ...]]  # word → the words it may stand for (itself first)
    roles: dict[str, str]  # word → section role it names
    longest: int


def parse_table(text: str) -> Variants:
    """The variant table from its text (see sucai/data/variants.txt)."""
    groups: dict[str, list[str]] = {}
    roles: dict[str, str] = {}
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        role = None
        head, sep, rest = line.partition(":")
        if sep and head.strip().isascii() and head.strip().isalpha():
            role, line = head.strip(), rest
        words = [normalize(w) for w in line.split() if normalize(w).strip()]
        for w in words:
            group = groups.setdefault(w, [w])
            group.extend(x for x in words if x not in group)
            if role:
                roles.setdefault(w, role)
    longest = max((len(w) for w in groups), default=1)
    return Variants({w: tuple(g) for w, g in groups.items()}, roles, longest)


@lru_cache(maxsize=4)
def load_table(path: Path = TABLE) -> Variants:
    try:
        return parse_table(path.read_text(encoding="utf-8"))
    except OSError:
        return Variants({}, {}, 1)


def _segmenter():  # noqa: ANN202 - rjieba has no type information
    import rjieba

    return rjieba


def cut(text: str) -> list[str]:
    """Words of a short text by the segmenter."""
    return [w for w in _segmenter().cut(text) if w.strip()]


def split_words(term: str, table: Variants) -> list[str]:
    """A term cut into content words: table words by longest match, the segmenter in between."""
    out: list[str] = []
    pending = ""
    i = 0
    while i < len(term):
        match = next((term[i:i + n] for n in range(min(table.longest, len(term) - i), 1, -1)
                      if term[i:i + n] in table.groups), None)
        if match is None:
            pending += term[i]
            i += 1
            continue
        out.extend(cut(pending) if pending else [])
        pending = ""
        out.append(match)
        i += len(match)
    out.extend(cut(pending) if pending else [])
    return [w for w in _join_singles(out) if w not in STOP and len(w.strip()) >= 2]


def _join_singles(words: list[str]) -> list[str]:
    """Runs of single characters joined (为|企 → 为企: an abbreviation the segmenter does not know); a
    single character left alone (破, 危) is rarely a word and would cost a decode of all its bigrams."""
    out: list[str] = []
    run = False  # the last entry is a run of single characters
    for w in words:
        if len(w) == 1 and run:
            out[-1] += w
        else:
            out.append(w)
            run = len(w) == 1
    return out


@dataclass(frozen=True)
class Plan:
    """How to look for related results of one query."""

    words: tuple[tuple[str, ...], ...]  # one variant group per content word, in query order
    optional: tuple[bool, ...]  # generic words that the loose match may leave out
    roles: tuple[str, ...]  # section roles the query names (intent)

    @property
    def useful(self) -> bool:
        return len(self.words) >= 2 or any(len(g) > 1 for g in self.words)


def plan(terms: tuple[str, ...], table: Variants | None = None) -> Plan:
    """The related-results plan of a query's positive terms."""
    table = table or load_table()
    groups: list[tuple[str, ...]] = []
    optional: list[bool] = []
    roles: list[str] = []
    for term in terms:
        for word in split_words(term, table):
            groups.append(table.groups.get(word, (word,)))
            optional.append(word in GENERIC)
            role = table.roles.get(word)
            if role and role not in roles:
                roles.append(role)
    return Plan(tuple(groups), tuple(optional), tuple(roles))


def in_order_pattern(groups: tuple[tuple[str, ...], ...]) -> re.Pattern[str]:
    """Words in order with small gaps that do not cross a sentence break."""
    gap = f"[^{re.escape(_BREAK)}]{{0,{GAP}}}?"
    alts = ["(?:" + "|".join(re.escape(w) for w in sorted(g, key=len, reverse=True)) + ")" for g in groups]
    return re.compile(gap.join(alts))


def boundary_cut(text: str, start: int, end: int) -> bool:
    """True when the span [start, end) of text cuts across words (民生 in 人民生活), judged by segmenting
    a window around it: a word that overlaps the span without containing it or lying inside it."""
    lo, hi = max(0, start - 6), min(len(text), end + 6)
    pos = lo
    for word in _segmenter().cut(text[lo:hi]):
        a, b = pos, pos + len(word)
        pos = b
        if b <= start or a >= end:
            continue
        inside = a >= start and b <= end
        contains = a <= start and b >= end
        if not inside and not contains:
            return True
    return False
