"""Markdown and plain-text renderings of parts."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from .parts import Para, Part, require_parts

_MD_MAX_LEVEL = 6
_MD_INLINE = re.compile(r"([\\`*_\[\]<>|])")
# Line starts CommonMark would read as a block marker: headings, quotes, lists, rules.
_MD_LINE_START = re.compile(r"^(\s*)([#>+\-=]|\d+[.)](?=\s|$))")

# Articles in a text compilation are separated by two blank lines, the way
# compilations arrive (and are split again on import).
_TXT_ARTICLE_GAP = "\n\n\n"


def to_markdown(parts: Sequence[Part], *, compilation_title: str | None = None) -> str:
    """Markdown: `#` for the title, `##`… for outline levels below it.

    In a compilation the compilation title takes `#`, a contents list follows,
    and every article title moves down to `##`.
    """
    parts = require_parts(parts)
    chunks: list[str] = []
    shift = 0
    if compilation_title:
        shift = 1
        chunks.append(_md_heading(1, compilation_title))
        chunks.append(_md_heading(2, "目录"))
        chunks.append("\n".join(f"{i}. {_md_escape(p.title)}" for i, p in enumerate(parts, 1)))
    for part in parts:
        chunks.append(_md_heading(1 + shift, part.title))
        chunks.extend(_md_paragraphs(part.paragraphs, shift + 1))
    return "\n\n".join(chunks) + "\n"


def to_text(parts: Sequence[Part], *, compilation_title: str | None = None) -> str:
    """Plain text: one paragraph a line, headings on their own lines as written.

    A compilation starts with its title and a 目录 listing every article.
    """
    parts = require_parts(parts)
    articles = ["\n".join(_text_lines(part)) for part in parts]
    if compilation_title:
        contents = "\n".join([compilation_title.strip(), "", "目录", *(p.title.strip() for p in parts)])
        articles.insert(0, contents)
    return _TXT_ARTICLE_GAP.join(articles) + "\n"


def _text_lines(part: Part) -> Iterable[str]:
    yield part.title.strip()
    yield ""
    for para in part.paragraphs:
        text = para.text.strip()
        if text:
            yield text


def _md_paragraphs(paras: Sequence[Para], offset: int) -> Iterable[str]:
    for para in paras:
        text = para.text.strip()
        if not text:
            continue
        if not para.is_heading:
            yield _md_escape(text)
            continue
        yield _md_heading(para.level + offset, para.heading_text.strip())
        rest = para.run_on_text.strip()
        if rest:
            yield _md_escape(rest)


def _md_heading(level: int, text: str) -> str:
    text = " ".join(text.split())  # a heading must stay on one line
    if level > _MD_MAX_LEVEL:
        return f"**{_md_escape(text)}**"  # deeper than Markdown goes: keep it visible as bold
    return f"{'#' * level} {_md_escape(text)}"


def _md_escape(text: str) -> str:
    text = _MD_INLINE.sub(r"\\\1", text)
    lines = [_MD_LINE_START.sub(_escape_line_start, line) for line in text.split("\n")]
    return "\n".join(lines)


def _escape_line_start(m: re.Match[str]) -> str:
    marker = m.group(2)
    if marker[0].isdigit():
        return f"{m.group(1)}{marker[:-1]}\\{marker[-1]}"
    return f"{m.group(1)}\\{marker}"
