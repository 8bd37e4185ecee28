"""Exports: pure functions from documents (or their sections) to DOCX, Markdown and plain text.

Build Parts with part_of_document / part_of_section, drop what the reader may not
receive (paid paragraphs) and pass them on; a compilation_title makes a 汇编.
"""

from __future__ import annotations

from .parts import Para, Part, part_of_document, part_of_section, restored, signature_start
from .plain import to_markdown, to_text
from .word import estimate_pages, to_docx

__all__ = [
    "Para",
    "Part",
    "estimate_pages",
    "part_of_document",
    "part_of_section",
    "restored",
    "signature_start",
    "to_docx",
    "to_markdown",
    "to_text",
]
