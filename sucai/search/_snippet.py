"""Snippets cut at sentence bounds around the first match, with highlight spans on the original text."""

from __future__ import annotations

from .. import zh
from ..normalize import normalize_map

SENTENCE_END = zh.SENTENCE_END + zh.ELLIPSIS  # a snippet may also stop at an ellipsis
MAX_LEN = 140
LEAD = 40  # characters kept before the first match when its sentence starts further back


def match_spans(original: str, terms: tuple[str, ...]) -> list[tuple[int, int]]:
    """Non-overlapping spans of the original text that show an occurrence of one of the terms."""
    nm = normalize_map(original)
    found: list[tuple[int, int]] = []
    for term in terms:
        pos = nm.text.find(term)
        while pos >= 0:
            found.append(nm.source_span(pos, pos + len(term)))
            pos = nm.text.find(term, pos + len(term))
    found.sort()
    spans: list[tuple[int, int]] = []
    for start, end in found:
        if not spans or start >= spans[-1][1]:
            spans.append((start, end))
    return spans


def _sentence_start(text: str, pos: int) -> int:
    start = max(text.rfind(ch, 0, pos) for ch in SENTENCE_END) + 1
    return start if pos - start <= LEAD else pos - LEAD


def _sentence_end(text: str, pos: int, limit: int) -> int:
    ends = [i for i in (text.find(ch, pos) for ch in SENTENCE_END) if i >= 0]
    end = min(ends) + 1 if ends else len(text)
    return min(end, limit)


def make_snippet(original: str, terms: tuple[str, ...]) -> tuple[str, list[list[int]]]:
    """(snippet, highlights): the sentence around the first match, highlights as offsets into it."""
    spans = match_spans(original, terms)
    if not spans:
        return original[:MAX_LEN], []
    first_start, first_end = spans[0]
    start = _sentence_start(original, first_start)
    end = _sentence_end(original, first_end, max(first_end, start + MAX_LEN))
    prefix = "…" if start > 0 and original[start - 1] not in SENTENCE_END else ""
    suffix = "…" if end < len(original) and original[end - 1] not in SENTENCE_END else ""
    shift = len(prefix) - start
    highlights = [[s + shift, e + shift] for s, e in spans if s >= start and e <= end]
    return prefix + original[start:end] + suffix, highlights
