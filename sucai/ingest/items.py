"""Inline enumerations inside a paragraph: 一是…二是…, 一要…二要…, 第一，第二，…, 首先…其次…最后, ①…②….

At least two in sequence make ``Paragraph.items``; see the outline module's docstring for where the
last item stops.
"""

from __future__ import annotations

import re

from ..models import Item
from ..zh import CN_NUM, SENTENCE_END, SEQ_WORDS, cn_to_int, sentence_end

_ITEM = re.compile(
    rf"(?:^|(?<=[。；：，！？;:,!?\s）)”」]))"
    rf"(?:({CN_NUM})(是|要)|第({CN_NUM})(?=[，、：,:])|(首先|其次|再次|最后)(?=[，,：:])|([\u2460-\u2473]))"
)
# Every enumeration opens with an item numbered 1, and every such _ITEM match holds one of these
# (a numeral worth 1 ends in 一): the ~99% of paragraphs that hold none are skipped (ingest speed).
_OPENS = re.compile("一[是要，、：,:]|首先|\u2460")


def find_items(text: str) -> tuple[Item, ...]:
    """Inline enumerations (一是…二是…, 第一，第二，…, 首先…其次…, ①…②…) of a paragraph, in order."""
    return _enumerations(text) if may_enumerate(text) else ()


def may_enumerate(text: str) -> bool:
    """Whether the text holds an item numbered 1 (「一是」, 「第一，」, 「首先，」, 「①」): a cheap test first."""
    return ("一" in text or "首先" in text or "\u2460" in text) and _OPENS.search(text) is not None


def _enumerations(text: str) -> tuple[Item, ...]:
    families: dict[str, list[tuple[int, int, int, str]]] = {}
    for m in _ITEM.finditer(text):
        if m.group(1):
            fam, n = "shi" + m.group(2), cn_to_int(m.group(1))
        elif m.group(3):
            fam, n = "di", cn_to_int(m.group(3))
        elif m.group(5):
            fam, n = "circled", ord(m.group(5)) - 0x245F
        else:
            fam, n = "seq", SEQ_WORDS[m.group(4)]
        if n:
            families.setdefault(fam, []).append((m.start(), m.end(), n, m.group(0)))
    best: list[list[tuple[int, int, int, str]]] = []
    for cands in families.values():
        chains = _chains(cands)
        if sum(map(len, chains)) > sum(map(len, best)):
            best = chains
    if not best:
        return ()
    items: list[Item] = []
    starts = [c[0][0] for c in best] + [len(text)]
    for ci, chain in enumerate(best):
        for k, (_, end, _, marker) in enumerate(chain):
            stop = chain[k + 1][0] if k + 1 < len(chain) else starts[ci + 1]
            if k + 1 == len(chain) and all(_one_sentence(text[c[1]:chain[j + 1][0]])
                                           for j, c in enumerate(chain[:-1])):
                cut = sentence_end(text, end, SENTENCE_END)
                stop = min(stop, cut) if cut else stop
            items.append(Item(marker=marker, text=text[end:stop].strip().lstrip("，,、：: ")))
    return tuple(items)


def _chains(cands: list[tuple[int, int, int, str]]) -> list[list[tuple[int, int, int, str]]]:
    chains: list[list[tuple[int, int, int, str]]] = []
    chain: list[tuple[int, int, int, str]] = []
    for cand in cands:
        n = cand[2]
        if chain and (n == len(chain) + 1 or (n == 99 and len(chain) >= 1)):
            chain.append(cand)
        elif n == 1:
            if len(chain) >= 2:
                chains.append(chain)
            chain = [cand]
    if len(chain) >= 2:
        chains.append(chain)
    return chains


def _one_sentence(text: str) -> bool:
    end = sentence_end(text, 0, SENTENCE_END)
    return end is None or not text[end:].strip()
