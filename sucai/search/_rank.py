"""Ranking for writers: priors on what a paragraph is, and the factors applied to the best hits.

The exact hit set and ``total`` never depend on anything here; only the order does.  Every factor is a
plain multiplier on BM25 so ``--explain`` can show each one.

- *Document kind* (static, per document): work summaries, plans, reports and speeches are what a writer
  borrows from; law clauses, statute titles and glossaries are not, unless the query or a filter asks
  for laws (``wants_law``).
- *Substance* (static, per paragraph, stored in the segment): one-line fragments, document titles,
  headings with nothing under them and paragraphs of annex parts (注释, 名词解释) rank lower.
- *Word boundary* (per query, on the best hits): a match whose span cuts across words, as 民生 in
  人民|生活, ranks below whole-word matches.
- *Focus* (per query, on the best hits): for a query of one topic word, a body paragraph that uses the
  word again and again is about the topic; BM25 saturates repeats and favours the short headings that
  merely name it (教育和科学技术), so each repeat up to the fourth adds FOCUS_STEP.
- *Intent* (per query): when the query names a section purpose (plan, problems, summary), hits inside
  sections of that role rank higher.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import numpy as np

KIND_BOOST = np.array([2.5, 1.8, 1.0])  # title, heading, body
LAW_KINDS = ("法规",)
DOC_KIND_PRIOR = {"法规": 0.2, "通知": 0.8, "意见": 0.85, "方案": 0.9, "其他": 0.75}
PART_WORDS = ("注释", "名词解释", "名词注释", "目录", "附录")
_LAW_QUERY = re.compile(r"法律|法规|条例|规章|规定|细则|司法解释|实施办法|管理办法|第.{1,4}条|(?<![做方想看说写])法$")
CUT_FACTOR = 0.35  # every occurrence of a term cuts across words
FOCUS_STEP = 0.12  # a topic word's second, third and fourth occurrence in a body paragraph (see _assist.focus)
ROLE_FACTOR = 1.6  # the hit sits in a section of the role the query names
ROLE_HEADING_FACTOR = 1.25  # ... and is one of that section's headings
_FOLD = re.compile(r"[\d〇零一二三四五六七八九十百千]+[、.．年月日号]?|[（）()\s\W_]")


def doc_kind_prior(kind: str | None) -> float:
    return DOC_KIND_PRIOR.get(kind or "", 1.0)


def wants_law(terms: Sequence[str], kinds: Sequence[str] = ()) -> bool:
    """True when the query or the kind filter asks for laws: then document kind does not weigh."""
    return any(k in LAW_KINDS for k in kinds) or any(_LAW_QUERY.search(t) for t in terms)


def substance(kind: str, length: int, has_content: bool, in_part: bool) -> float:
    """How much borrowable material a paragraph is, from its shape alone (0.3–1.35).

    Longer body paragraphs get more: BM25's length normalisation favours short lines, and a writer
    wants the paragraph that says something about the topic, not the clause that names it."""
    if kind == "title":
        return 0.35
    if in_part:
        return 0.3
    if kind == "heading":
        return 1.0 if has_content else 0.6
    if length < 12:
        return 0.35
    if length < 25:
        return 0.6
    if length < 40:
        return 0.85
    if length < 80:
        return 1.0
    return 1.2 if length < 150 else 1.35


def substance_of_rows(kinds: Sequence[str], lengths: Sequence[int], docs: Sequence[str],
                      paths: Sequence[Sequence[str]], texts: Sequence[str]) -> np.ndarray:
    """Substance of each paragraph of a batch in document order (see substance)."""
    n = len(kinds)
    out = np.empty(n, dtype=np.float64)
    for i in range(n):
        following = i + 1 < n and docs[i + 1] == docs[i] and kinds[i + 1] != "title"
        in_part = any(w in p for p in paths[i] for w in PART_WORDS) or (
            kinds[i] == "heading" and any(texts[i].strip().lstrip("一二三四五六七八九十、（）()0123456789. ")
                                          .startswith(w) for w in PART_WORDS))
        out[i] = substance(kinds[i], int(lengths[i]), following, in_part)
    return out


def quantize(values: np.ndarray) -> np.ndarray:
    """Substance as stored: hundredths in uint8."""
    return np.clip(np.round(values * 100), 1, 255).astype(np.uint8)


def fold_key(text: str) -> str:
    """What near-duplicate headings and sentences share: the text without numbers, markers and punctuation
    (三、2023年下半年工作计划 and 二、2024年下半年工作计划 fold together)."""
    return _FOLD.sub("", text)


def ranking_boost(kind: np.ndarray, substance: np.ndarray, doc: np.ndarray, docs: Sequence[Any],
                  law: bool = False) -> np.ndarray:
    """Per-paragraph multiplier of BM25: paragraph kind × substance × document-kind prior (see _rank);
    ``law`` leaves the document-kind prior out (queries that ask for laws)."""
    out = KIND_BOOST[kind] * (substance.astype(np.float64) / 100)
    if not law:
        out *= np.array([doc_kind_prior(d.doc_kind) for d in docs], dtype=np.float64)[np.asarray(doc, dtype=np.int64)]
    return out
