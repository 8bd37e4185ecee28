"""Pages in traditional characters: read in simplified characters, stored as written.

Every rule of the ingest steps (kind words, outline markers, chrome, titles, years) is written in
simplified characters, so a page in traditional characters (「關於實施…的意見」, 「第一章 總則」, 「166人看過」)
missed them all.  Converting the stored text would change what the author wrote, so the conversion is for
the analysis only:

* A file is traditional when at least MIN_SHARE of the Han characters of its first SAMPLE characters (and
  at least MIN_CHARS of them) are characters that OpenCC's t2s table maps to another character.  Simplified
  text holds almost none (乾 in 乾坤 is one of the few).
* Its blocks are converted character by character (one character for one, so every offset and length
  holds), parsed as usual, and every text of the result (titles, paragraphs, headings, paths, items,
  figures, the issuing body) is then given back in the characters of the source: found in the converted
  source text, the same span of the original is used; a text made up by the analysis (「2023年工作总结」)
  or joined from two lines falls back to the file's own mapping of each simplified character to the
  traditional one it stood for most often.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace
from functools import lru_cache

from ..models import Block, Document, Figure, Item, Meta, OutlineNode, Paragraph, ParsedFile
from .clean import normalise_space

SAMPLE = 4000
MIN_SHARE = 0.04
MIN_CHARS = 12
_HAN = re.compile(r"[\u4e00-\u9fff]")


@lru_cache(maxsize=1)
def t2s_table() -> dict[int, str]:
    """Traditional → simplified, one character for one (those OpenCC maps to several are left alone)."""
    import opencc

    chars = [chr(cp) for lo, hi in ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF)) for cp in range(lo, hi + 1)]
    converted = opencc.OpenCC("t2s").convert("\n".join(chars)).split("\n")
    if len(converted) != len(chars):  # pragma: no cover - a mapping that spans lines would misalign
        return {}
    return {ord(a): b for a, b in zip(chars, converted, strict=True) if len(b) == 1 and a != b}


def is_traditional(blocks: list[Block]) -> bool:
    sample, size = [], 0
    for block in blocks:
        sample.append(block.text)
        size += len(block.text)
        if size >= SAMPLE:
            break
    text = "".join(sample)[:SAMPLE]
    trad = _traditional()
    if trad.search(text) is None:  # simplified text (almost every file): one scan in C
        return False
    changed = len(text) - len(trad.sub("", text))
    han = len(text) - len(_HAN.sub("", text))
    return changed >= MIN_CHARS and changed >= MIN_SHARE * han


@lru_cache(maxsize=1)
def _traditional() -> re.Pattern[str]:
    """The characters t2s changes, as one character class (counted in C: every imported file is sampled)."""
    return re.compile("[" + "".join(re.escape(chr(cp)) for cp in sorted(t2s_table())) + "]")


@dataclass
class Restorer:
    """Gives texts found by the analysis of the converted blocks back in the source's characters."""

    original: str
    converted: str
    back: dict[str, str]
    cursor: int = 0

    @classmethod
    def of(cls, blocks: list[Block]) -> Restorer:
        original = "\n".join(normalise_space(b.text) for b in blocks)
        converted = original.translate(t2s_table())
        counts: dict[str, Counter[str]] = {}
        for a, b in zip(original, converted, strict=True):
            if a != b:
                counts.setdefault(b, Counter())[a] += 1
        # a simplified character the source also writes as itself stays itself unless its other form is commoner
        for b, counter in counts.items():
            counter[b] += original.count(b)
        return cls(original, converted, {b: c.most_common(1)[0][0] for b, c in counts.items()})

    def text(self, text: str) -> str:
        if not text or not any(ch in self.back for ch in text):
            return text
        at = self.converted.find(text, self.cursor)
        if at < 0:
            at = self.converted.find(text)
        if at >= 0:
            self.cursor = at
            return self.original[at:at + len(text)]
        return "".join(self.back.get(ch, ch) for ch in text)

    def optional(self, text: str | None) -> str | None:
        return None if text is None else self.text(text)


def convert(blocks: list[Block]) -> list[Block]:
    table = t2s_table()
    return [replace(b, text=b.text.translate(table)) for b in blocks]


def restore(parsed: ParsedFile, back: Restorer) -> ParsedFile:
    docs = tuple(_document(d, back) for d in parsed.documents)
    return replace(parsed, documents=docs, collection_title=back.optional(parsed.collection_title),
                   collection_toc=tuple(back.text(t) for t in parsed.collection_toc))


def _document(doc: Document, back: Restorer) -> Document:
    back.cursor = 0
    title = back.text(doc.title)
    paragraphs = tuple(_paragraph(p, back) for p in doc.paragraphs)
    back.cursor = 0
    outline = tuple(_node(n, back) for n in doc.outline)
    figures = tuple(_figure(f, back) for f in doc.figures)
    meta: Meta = replace(doc.meta, org=back.optional(doc.meta.org))
    return replace(doc, title=title, paragraphs=paragraphs, outline=outline, figures=figures, meta=meta)


def _paragraph(p: Paragraph, back: Restorer) -> Paragraph:
    text = back.text(p.text)
    cursor = back.cursor
    items = tuple(Item(back.text(i.marker), back.text(i.text)) for i in p.items)
    path = tuple(back.text(h) for h in p.path)
    back.cursor = cursor
    return replace(p, text=text, items=items, path=path)


def _node(node: OutlineNode, back: Restorer) -> OutlineNode:
    return replace(node, marker=back.text(node.marker), heading=back.text(node.heading),
                   children=tuple(_node(c, back) for c in node.children))


def _figure(f: Figure, back: Restorer) -> Figure:
    return replace(f, subject=back.text(f.subject), value=back.optional(f.value), unit=back.optional(f.unit),
                   change=back.optional(f.change), text=back.text(f.text))
