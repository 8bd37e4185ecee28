"""Turn documents or sections into export files: the one renderer for the CLI and the web.

A reference is a document id (`d3f…`), a heading paragraph id (`d3f…-12`: the
section that heading opens) or `DOCID#N` (outline node N, pre-order).  The CLI
is the librarian's tool and exports everything; the web passes each part
through sucai.access.part_for (the one entitlement check) before `render`.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import quote

from ..errors import NotFound, QueryError
from .parts import Part, part_of_document, part_of_section, restored
from .plain import to_markdown, to_text
from .word import to_docx

if TYPE_CHECKING:
    from ..store.library import Library

FORMATS = {
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx"),
    "md": ("text/markdown; charset=utf-8", ".md"),
    "txt": ("text/plain; charset=utf-8", ".txt"),
}


@dataclass(frozen=True)
class ExportFile:
    data: bytes
    media_type: str
    filename: str

    def content_disposition(self) -> str:
        """RFC 6266 / 5987: an ASCII fallback plus the UTF-8 (Chinese) name browsers prefer."""
        stem, dot, ext = self.filename.rpartition(".")
        ascii_name = (stem.encode("ascii", "ignore").decode().strip() or "sucai") + dot + ext
        ascii_name = ascii_name.replace('"', "").replace("\\", "")
        return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(self.filename, safe='')}"


def parse_ref(ref: str) -> tuple[str, int | None, int | None]:
    """(doc_id, paragraph index or None, node index or None)."""
    ref = ref.strip()
    if "#" in ref:
        doc_id, _, node = ref.partition("#")
        if not node.isdigit():
            raise QueryError(f"无法识别的小节编号：{ref}")
        return doc_id, None, int(node)
    head, sep, tail = ref.rpartition("-")
    if sep and tail.isdigit() and head:
        return head, int(tail), None
    return ref, None, None


def resolve_part(library: Library, ref: str) -> Part:
    doc_id, para_idx, node_idx = parse_ref(ref)
    stored = library.get_document(doc_id)
    doc = stored.document
    if para_idx is not None:
        if not 0 <= para_idx < len(doc.paragraphs):
            raise NotFound(f"没有编号为 {ref} 的段落")
        node_idx = doc.paragraphs[para_idx].node
        if node_idx is None:
            raise QueryError(f"段落 {ref} 不属于任何小节，请直接收藏整篇文档")
    return part_of_document(doc) if node_idx is None else part_of_section(doc, node_idx)


def render(parts: Sequence[Part], fmt: str, title: str | None = None, *, published: bool = False) -> ExportFile:
    """The parts as a file.  Publisher masks are restored (党的二十大) unless `published` asks for the
    form the text was published in (D的二十大)."""
    if fmt not in FORMATS:
        raise QueryError(f"不支持的下载格式：{fmt}（可选 docx、md、txt）")
    if not published:
        parts = [restored(p) for p in parts]
    media, suffix = FORMATS[fmt]
    compilation = title or ("材料汇编" if len(parts) > 1 else None)
    if fmt == "docx":
        data = to_docx(parts, compilation_title=compilation)
    elif fmt == "md":
        data = to_markdown(parts, compilation_title=compilation).encode("utf-8")
    else:
        data = to_text(parts, compilation_title=compilation).encode("utf-8")
    name = compilation or (parts[0].title if parts else "导出")
    return ExportFile(data, media, safe_filename(name) + suffix)


def safe_filename(name: str, fallback: str = "sucai", limit: int = 80) -> str:
    """A file name any file system and browser takes: no path separators, reserved or unprintable
    (control or format) characters, no leading/trailing dots or spaces (the one cleaner for downloads and uploads)."""
    cleaned = "".join(ch for ch in name if ch not in '\\/:*?"<>|' and unicodedata.category(ch)[0] != "C").strip(" .")
    return (cleaned or fallback)[:limit]


def export_refs(library: Library, refs: Sequence[str], fmt: str, *, title: str | None = None,
                published: bool = False) -> ExportFile:
    """Each document or section once, in the order first given."""
    return render([resolve_part(library, r) for r in dict.fromkeys(refs)], fmt, title, published=published)
