"""Frozen data shapes that flow through the pipeline: file → blocks → document → store.

Everything here is plain data; no I/O, no database, no settings.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Paragraph kinds.
TITLE = "title"
HEADING = "heading"
BODY = "body"

# Section roles. The first four are the work-summary roles every part of the product has always known;
# the others (appended so stored codes keep their meaning) are what plans, notices, opinions and accident
# reports are made of, so a writer can filter on them too.
ROLES = ("summary", "problems", "plan", "other",
         "requirements", "tasks", "safeguards", "course", "cause", "liability", "measures")
ROLE_LABELS = {
    "summary": "总结", "problems": "问题", "plan": "计划", "other": "其他",
    "requirements": "总体要求", "tasks": "主要任务", "safeguards": "保障措施",
    "course": "事故经过", "cause": "原因与性质", "liability": "责任与处理", "measures": "整改措施",
}


@dataclass(frozen=True)
class Block:
    """One paragraph-sized piece of text as a reader found it.

    `style_level` is an outline hint from the source format (Word heading style,
    Markdown `#`, HTML `<hN>`); `blank_before` counts empty lines before it in
    plain text, which is how compilations separate their articles.
    """

    text: str
    paid: bool = False
    style_level: int | None = None
    blank_before: int = 0
    ocr: bool = False  # read from a page image by OCR: may hold misread characters
    cut: bool = False  # a counted point (一是…) ingest cut out of a run-together line (runs.py)


@dataclass(frozen=True)
class Item:
    """One entry of an inline enumeration such as 一是…。二是…。"""

    marker: str
    text: str


@dataclass(frozen=True)
class Paragraph:
    """A stored piece of a document's text: the unit search hits point at.

    `path` is the chain of outline headings (markers and trailing punctuation
    removed) from the top of the document down to the section holding it.
    `start`/`end` are offsets into the document's text (paragraphs joined by "\n").
    `node` is the index of the outline node this paragraph heads or belongs to
    (pre-order index into Document.nodes), or None before the first heading.
    """

    kind: str
    text: str
    path: tuple[str, ...] = ()
    paid: bool = False
    role: str = "other"
    node: int | None = None
    start: int = 0
    end: int = 0
    items: tuple[Item, ...] = ()


@dataclass(frozen=True)
class OutlineNode:
    """A heading in the outline tree.

    `level` is the depth in the tree (1 = top), `marker` the numbering as written
    (一、 （一） 1. …, empty for unnumbered headings), `heading` the heading text
    without marker and trailing punctuation, `paragraph` the index of the
    paragraph that holds the heading.
    """

    level: int
    marker: str
    heading: str
    role: str
    paragraph: int
    children: tuple[OutlineNode, ...] = ()

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass(frozen=True)
class Figure:
    """A reported figure: 「实现税收XXX亿元，同比增长192.89%」 → subject 税收, value XXX, unit 亿元, change +192.89%.

    `value` is kept as written (a string) so masks such as XX stay masks.
    """

    subject: str
    value: str | None
    unit: str | None
    change: str | None
    text: str
    paragraph: int | None = None


@dataclass(frozen=True)
class Meta:
    org: str | None = None
    org_type: str = "其他"
    kind: str = "其他"
    year: int | None = None
    half: str | None = None  # H1 / H2 / full
    date: str | None = None  # YYYY-MM or YYYY-MM-DD


@dataclass(frozen=True)
class Structure:
    """What outline analysis makes of a document's blocks."""

    paragraphs: tuple[Paragraph, ...]
    outline: tuple[OutlineNode, ...]


@dataclass(frozen=True)
class Document:
    title: str
    paragraphs: tuple[Paragraph, ...]
    outline: tuple[OutlineNode, ...]
    meta: Meta
    figures: tuple[Figure, ...] = ()
    source_path: str | None = None
    warnings: tuple[str, ...] = ()
    ocr: bool = False  # some of its text was read from page images by OCR

    @property
    def text(self) -> str:
        return "\n".join(p.text for p in self.paragraphs)

    @property
    def chars(self) -> int:
        return sum(len(p.text) for p in self.paragraphs)

    @property
    def nodes(self) -> list[OutlineNode]:
        return [n for root in self.outline for n in root.walk()]


@dataclass(frozen=True)
class ParsedFile:
    """Result of reading one file: its documents, and a collection title when it is a compilation."""

    path: str
    documents: tuple[Document, ...]
    collection_title: str | None = None
    collection_toc: tuple[str, ...] = ()
    warnings: tuple[str, ...] = field(default_factory=tuple)
