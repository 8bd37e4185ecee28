"""The ordered ingest steps for one file: read → paid regions → clean → split → structure.

`parse_file` is pure apart from reading the file; storing is the caller's job,
so one file's documents can be committed in a single transaction.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from ..errors import ParseError
from ..models import Block, Document, Meta, OutlineNode, ParsedFile, Structure
from .attachments import attachment_title, split_attachments, take_header
from .bar_cells import join_bar_cells
from .clean import AdvertRules, apply_paid_markers, drop_repeated_headers, normalise_blocks, strip_adverts
from .fanwen import collection_note_title
from .figures import extract_figures
from .furniture import field_title
from .hant import Restorer, convert, is_traditional, restore
from .kinds import page_stamp
from .metadata import PERIOD_KINDS, extract_meta, with_headline_year
from .outline import build_structure
from .readers import READERS, read_file
from .run_in import split_run_in
from .runs import split_runs
from .split import (
    Article,
    Split,
    clean_title,
    is_compilation,
    looks_like_title,
    single_title,
    split_compilation,
    toc_span,
)
from .titles import note_title, split_glued_title

SUPPORTED = tuple(sorted(READERS))
# Documents that are plans through and through: a section with no role of its own is plan content.
PLAN_KINDS = ("工作计划", "要点", "方案")


def plan_roles(structure: Structure) -> Structure:
    def node(n: OutlineNode) -> OutlineNode:
        role = "plan" if n.role == "other" else n.role
        return replace(n, role=role, children=tuple(node(c) for c in n.children))

    paragraphs = tuple(replace(p, role="plan") if p.role == "other" and p.kind != "title" else p
                       for p in structure.paragraphs)
    return Structure(paragraphs=paragraphs, outline=tuple(node(n) for n in structure.outline))


def file_hash(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def build_document(title_block: Block | None, blocks: list[Block], title: str, source: str,
                   named: bool = False) -> Document:
    # 「党建工作：…」 labels (run_in.py); a table read one cell a line between bar lines (bar_cells.py)
    structure = build_structure(title_block, split_run_in(join_bar_cells(blocks)))
    meta = extract_meta(title, structure.paragraphs)
    if meta.kind in PLAN_KINDS:
        structure = plan_roles(structure)
    if title_block is None and not named and meta.kind != "其他" and meta.year:
        # no title line at all (the text starts with 各位代表：): name it as a reader would
        title = f"{meta.year}年{meta.kind}"
    figures = extract_figures(structure.paragraphs)
    return Document(
        title=title,
        paragraphs=structure.paragraphs,
        outline=structure.outline,
        meta=meta,
        figures=figures,
        source_path=source,
        ocr=any(b.ocr for b in blocks) or bool(title_block and title_block.ocr),
    )


def parse_blocks(blocks: list[Block], source: str, fallback_title: str,
                 rules: AdvertRules | None = None) -> ParsedFile:
    if is_traditional(blocks):  # analysed in simplified characters, given back as written (hant.py)
        return restore(parse_blocks(convert(blocks), source, fallback_title, rules), Restorer.of(blocks))
    blocks, warnings = apply_paid_markers(blocks)
    blocks = normalise_blocks(blocks)
    named = note_title(blocks) or collection_note_title(blocks) or field_title([b.text for b in blocks])  # a 范文 site's note names it; the note is chrome
    stamp = page_stamp([b.text for b in blocks])  # likewise the page's publishing date
    blocks, removed = strip_adverts(blocks, rules)
    if removed:
        warnings.append(f"已删除 {removed} 行广告/推广或网页框架内容")
    blocks, repeated = drop_repeated_headers(blocks)
    if repeated:
        warnings.append(f"已删除 {repeated} 行重复的页眉/标题")
    if not blocks:
        raise ParseError("清理后没有正文内容", path=source)
    blocks = split_runs(blocks)  # a 文库 preview's run-together lines, cut at their inline outline markers
    if is_compilation(blocks[0].text, blocks):
        split = split_compilation(blocks)
        if split.articles:
            articles = with_front_matter(split)
            docs = tuple(
                build_document(a.title, a.blocks, clean_title(a.title.text) if a.title else fallback_title, source)
                for a in articles
            )
            # an entry dated nowhere is of the year its page headline names (「2022年…方案(通用10篇)」)
            docs = tuple(replace(d, meta=with_headline_year(d.meta, d.title, split.collection_title)) for d in docs)
            return ParsedFile(source, docs, split.collection_title, split.toc, tuple(warnings))
    header, blocks = take_header(blocks)  # a legal database's 【发布部门】… block is never the title
    title_block, rest, title = single_title(split_glued_title(blocks), fallback_title)
    if title_block is None and named:
        title = named
    parts = split_attachments(header + rest)
    doc = build_document(title_block, parts[0][1], title, source, named=title_block is None and bool(named))
    doc = replace(doc, meta=dated_by_page(doc.meta, stamp))
    if named:  # an entry dated nowhere, of the year the site's note gives its page (「整理的2023年度…计划【五篇】」)
        doc = replace(doc, meta=with_headline_year(doc.meta, doc.title, named))
    attached = [attachment_document(tb, bl, source, doc) for tb, bl in parts[1:]]
    return ParsedFile(source, (doc, *attached), None, (), tuple(warnings))


def dated_by_page(meta: Meta, stamp: str | None) -> Meta:
    """The page's publishing date for a document that dates itself nowhere (not a summary's period)."""
    if not stamp or meta.year or meta.kind in ("法规", *PERIOD_KINDS):
        return meta
    return replace(meta, year=int(stamp[:4]), date=meta.date or stamp)


def attachment_document(title_block: Block, blocks: list[Block], source: str, parent: Document) -> Document:
    """An attachment as a document of its own; what it does not say of itself it shares with its notice."""
    doc = build_document(title_block, blocks, attachment_title(title_block.text), source, named=True)
    meta = doc.meta
    if not meta.org and parent.meta.org:
        meta = replace(meta, org=parent.meta.org, org_type=parent.meta.org_type)
    meta = replace(meta, year=meta.year or parent.meta.year, date=meta.date or parent.meta.date)
    return replace(doc, meta=meta)


def with_front_matter(split: Split) -> list[Article]:
    """Text between a compilation's title (and 目录) and its first article is never dropped: a cover
    letter that has a title of its own becomes a document, anything else opens the first article."""
    start, end = toc_span(split.front)
    front = [b for i, b in enumerate(split.front[1:], 1) if not start <= i < end]
    if not front:
        return split.articles
    first = split.articles[0]
    head = front[0]
    if len(front) > 1 and looks_like_title(head.text) and len(head.text) >= 4:
        return [Article(title=head, blocks=front[1:]), *split.articles]
    return [Article(title=first.title, blocks=[*front, *first.blocks]), *split.articles[1:]]


def parse_file(path: Path, rules: AdvertRules | None = None,
               read: Callable[[Path], list[Block]] = read_file) -> ParsedFile:
    """Read and understand one file; raises ParseError/UnsupportedFormat with a reason.

    `rules` are the advert/chrome rules to apply (built-in ones when None); `read` reads the file
    into blocks (web uploads: sucai.ingest.isolated, in a child process with a time limit)."""
    blocks = read(path)
    return parse_blocks(blocks, str(path), path.stem, rules)


def iter_files(paths: list[Path]) -> list[Path]:
    """Expand folders recursively (sorted, stable order); files are kept whatever their suffix
    so that unsupported ones are reported rather than silently skipped."""
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            out.extend(
                f for f in sorted(p.rglob("*"))
                if f.is_file() and not any(part.startswith(".") for part in f.relative_to(p).parts)
            )
        else:
            out.append(p)
    return out
