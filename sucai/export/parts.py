"""What an export is made of: parts (articles or sections) with leveled paragraphs.

A Part is plain data detached from the store, so the web can hand over only the
paragraphs a reader is entitled to (and a placeholder of its own) and the CLI
everything.  Heading levels are relative to the part: 1 is the top level below
the part's title.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..errors import NotFound, SucaiError
from ..models import HEADING, TITLE, Document, OutlineNode, Paragraph

# Punctuation that may close a heading before the body text runs on in the same paragraph.
_HEAD_CLOSERS = "。．.：:；;，,！!？?、　 "

_DIGITS = r"[0-9０-９]"
_CN_DIGITS = "〇零一二三四五六七八九十"
_DATE = re.compile(
    rf"^(?:{_DIGITS}{{4}}|[{_CN_DIGITS}]{{4}})\s*年\s*(?:{_DIGITS}{{1,2}}|[{_CN_DIGITS}]{{1,3}})\s*月"
    rf"(?:\s*(?:{_DIGITS}{{1,2}}|[{_CN_DIGITS}]{{1,3}})\s*日)?$"
)
# An org line is short and is not a sentence.
_SENTENCE_MARKS = re.compile(r"[。，；：！？,;:!?“”\"（）()]")
_MAX_ORG_CHARS = 30
_MAX_ORG_LINES = 2


@dataclass(frozen=True)
class Para:
    """One paragraph of a part.

    `level` is 0 for body text and n >= 1 for a heading at outline depth n below
    the part's title.  `head` is set for a run-in heading (「（一）标题。正文…」):
    the number of leading characters that form the heading, the rest being body
    text; None means the whole paragraph is the heading (or body, at level 0).
    `paid` is carried over from the stored paragraph so a caller can filter.
    """

    text: str
    level: int = 0
    head: int | None = None
    paid: bool = False

    @property
    def is_heading(self) -> bool:
        return self.level > 0

    @property
    def heading_text(self) -> str:
        return self.text if self.head is None else self.text[: self.head]

    @property
    def run_on_text(self) -> str:
        """Body text that follows a run-in heading in the same paragraph."""
        return "" if self.head is None else self.text[self.head :]


@dataclass(frozen=True)
class Part:
    """One article or section to export: its title and its paragraphs in order."""

    title: str
    paragraphs: tuple[Para, ...] = ()


def restored(part: Part) -> Part:
    """The part with publisher masks replaced by their meaning (党的二十大, not D的二十大), a run-in
    heading's length recounted on the restored text."""
    from ..normalize import restore_masks

    def para(p: Para) -> Para:
        text = restore_masks(p.text)
        head = None if p.head is None else len(restore_masks(p.text[: p.head]))
        return Para(text, level=p.level, head=head, paid=p.paid)

    return Part(title=restore_masks(part.title), paragraphs=tuple(para(p) for p in part.paragraphs))


def part_of_document(doc: Document) -> Part:
    """The whole document as one part; title paragraphs fold into the part's title."""
    nodes = doc.nodes
    paras = tuple(_para(p, nodes, base_level=0) for p in doc.paragraphs if p.kind != TITLE)
    return Part(title=_document_title(doc), paragraphs=paras)


def part_of_section(doc: Document, node_index: int) -> Part:
    """One outline node and everything below it; its heading becomes the title.

    `node_index` is the pre-order index into `doc.nodes` (the one Paragraph.node uses).
    Levels are made relative to the node, so its children become level 1.
    """
    nodes = doc.nodes
    if not 0 <= node_index < len(nodes):
        raise NotFound(f"文档中没有第 {node_index} 个小节（共 {len(nodes)} 个）")
    node = nodes[node_index]
    last = node_index + sum(1 for _ in node.walk())  # pre-order: the subtree is contiguous
    paras: list[Para] = []
    for p in doc.paragraphs:
        if p.node is None or not node_index <= p.node < last:
            continue
        if p.node == node_index and p.kind == HEADING:
            rest = _run_on(p.text, node)
            if rest:
                paras.append(Para(rest, paid=p.paid))
            continue
        paras.append(_para(p, nodes, base_level=node.level))
    title = node.heading or _strip_marker(doc.paragraphs[node.paragraph].text, node.marker)
    return Part(title=title, paragraphs=tuple(paras))


def signature_start(paras: tuple[Para, ...] | list[Para]) -> int | None:
    """Index of the signature block (org lines + date line) closing a part, if any.

    The block is recognised only at the very end: a date line such as 2023年8月 or
    二〇二三年八月八日, optionally preceded by up to two short non-sentence org lines.
    """
    if not paras or paras[-1].is_heading or not _DATE.match(paras[-1].text.strip()):
        return None
    start = len(paras) - 1
    while start > 0 and len(paras) - start <= _MAX_ORG_LINES and _is_org_line(paras[start - 1]):
        start -= 1
    return start


def require_parts(parts) -> tuple[Part, ...]:
    """Parts as a tuple, refusing an empty export with a message for the user."""
    parts = tuple(parts)
    if not parts:
        raise SucaiError("没有可导出的内容")
    return parts


def _is_org_line(para: Para) -> bool:
    text = para.text.strip()
    return (
        not para.is_heading
        and 0 < len(text) <= _MAX_ORG_CHARS
        and not _SENTENCE_MARKS.search(text)
        and not _DATE.match(text)
    )


def _document_title(doc: Document) -> str:
    if doc.title.strip():
        return doc.title.strip()
    titles = [p.text.strip() for p in doc.paragraphs if p.kind == TITLE and p.text.strip()]
    return "".join(titles) or "无标题"


def _para(p: Paragraph, nodes: list[OutlineNode], base_level: int) -> Para:
    if p.kind != HEADING:
        return Para(p.text, paid=p.paid)  # body, or any kind a newer pipeline may add
    if p.node is None or not 0 <= p.node < len(nodes):
        return Para(p.text, level=1, paid=p.paid)  # a heading the outline does not know: top level
    node = nodes[p.node]
    head = _head_length(p.text, node)
    return Para(p.text, level=max(1, node.level - base_level), head=head, paid=p.paid)


def _head_length(text: str, node: OutlineNode) -> int | None:
    """Length of the heading at the start of a run-in paragraph, None when it is all heading."""
    if not node.heading:
        return None
    pos = text.find(node.heading)
    if pos < 0:
        return None
    end = pos + len(node.heading)
    while end < len(text) and text[end] in _HEAD_CLOSERS:
        end += 1
    return end if text[end:].strip() else None


def _run_on(text: str, node: OutlineNode) -> str:
    head = _head_length(text, node)
    return "" if head is None else text[head:].strip()


def _strip_marker(text: str, marker: str) -> str:
    text = text.strip()
    if marker and text.startswith(marker):
        text = text[len(marker) :]
    return text.strip(_HEAD_CLOSERS) or text
