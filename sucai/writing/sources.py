"""Where the fingerprint index reads the text of its candidate paragraphs (it keeps none itself).

Both indexes are derived from the store.  A paragraph's text comes from the search index when it
holds that paragraph at the very seq the fingerprint index has (``SearchIndex.texts_at``); a
paragraph the search index has not caught up with yet, or holds at another version, is read from
the store, all of them in one batched query per call.  The text is squeezed exactly as the
fingerprint build squeezed it (``fpbuild.squeeze_texts``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

TextSource = Callable[[dict[str, int]], dict[str, str]]  # {paragraph id: seq} → {paragraph id: text}


def store_texts(library: Any) -> TextSource:
    """Paragraph texts from the store (current versions; a deleted paragraph is left out)."""
    return lambda wanted: library.texts_of(list(wanted))


def search_texts(search: Callable[[], Any], fallback: TextSource) -> TextSource:
    """Texts from the search index (``search()`` gives the current one), the rest from ``fallback``."""

    def fetch(wanted: dict[str, int]) -> dict[str, str]:
        out = search().texts_at(wanted)
        rest = {p: s for p, s in wanted.items() if p not in out}
        if rest:
            out.update(fallback(rest))
        return out

    return fetch
