"""Keep the derived indexes of a data home level with the store: the one place catch-up happens.

The search index and the fingerprints are the two derived indexes; this module names them.

Called after imports, at start-up and by every node before it answers: each index catches up
from the store's change sequence, or rebuilds itself when missing or of an old version
(an index of an old version reports last_seq 0).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from ..config import Settings
from ..store.library import Library
from .files import index_lock
from .holder import IndexHolder

log = logging.getLogger(__name__)

if TYPE_CHECKING:
    from ..search import SearchIndex
    from ..writing import FingerprintIndex


def refresh_indexes(settings: Settings, library: Library) -> dict[str, int]:
    """Bring every derived index up to date; returns rows added per index."""
    added = catch_up_search(settings, library)
    added.update(catch_up_fingerprints(settings, library))
    return added


def catch_up_search(settings: Settings, library: Library) -> dict[str, int]:
    """The search index of this data home, level with the store's change sequence."""
    from ..search import SearchIndex

    with index_lock(settings.index_dir):
        index = SearchIndex.open(settings.index_dir)
        if library.max_seq() > index.last_seq() or index.needs_rebuild:
            return {"search": index.catch_up(library.paragraph_rows(after_seq=index.last_seq()))}
    return {}


def _fingerprints_level(settings: Settings, library: Library) -> tuple[FingerprintIndex, int | None]:
    from ..writing import FingerprintIndex, fingerprint_dir

    fingerprints = FingerprintIndex.open(fingerprint_dir(settings))
    if library.max_seq() > fingerprints.last_seq():
        return fingerprints, fingerprints.catch_up(library.paragraph_rows(after_seq=fingerprints.last_seq()))
    return fingerprints, None


def catch_up_fingerprints(settings: Settings, library: Library) -> dict[str, int]:
    """The originality fingerprints of this data home, level with the store's change sequence."""
    _, added = _fingerprints_level(settings, library)
    return {} if added is None else {"fingerprints": added}


def open_search(settings: Settings, library: Library) -> SearchIndex:
    """The node's search index, caught up with the store (rebuilt when of an old version)."""
    from ..search import SearchIndex

    catch_up_search(settings, library)
    return SearchIndex.open(settings.index_dir)


def settle_import(settings: Settings, library: Library, new_doc_ids: list[str]) -> list[dict[str, Any]]:
    """After an import: indexes catch up, then new documents that repeat an older one (>= 90%
    the same: a repost under a new title, figures changed) are linked to it.

    A big import uses both cores (derived.alongside).  Returns the links made, for the import report.
    """
    from ..writing import FingerprintIndex, find_near_duplicates, fingerprint_dir
    from . import alongside

    big = len(new_doc_ids) >= alongside.ALONGSIDE_DOCS
    search = alongside.start("search", alongside.search_index, settings) if big else None
    try:
        if search is None:
            catch_up_search(settings, library)
        catch_up_fingerprints(settings, library)
        fingerprints = FingerprintIndex.open(fingerprint_dir(settings))
        half = len(new_doc_ids) // 2 if big else len(new_doc_ids)
        rest = alongside.start("near", alongside.near_duplicates, settings, new_doc_ids[half:]) if big else None
        links = find_near_duplicates(library, fingerprints, new_doc_ids[:half]) if new_doc_ids else {}
        if rest is not None:
            ok, found = alongside.collect(rest)
            links.update(found if ok else find_near_duplicates(library, fingerprints, new_doc_ids[half:]))
        for doc_id, (of, sim) in links.items():
            library.set_near_duplicate(doc_id, of, sim)
    finally:
        if search is not None and not alongside.collect(search)[0]:
            log.warning("search index catch-up in a child process failed: done here")
            catch_up_search(settings, library)
    return [{"doc": d, "of": of, "similarity": sim} for d, (of, sim) in links.items()]


def rebuild_indexes(settings: Settings, library: Library) -> dict[str, int]:
    """Rebuild every derived index from scratch (`sucai reindex`)."""
    from ..search import SearchIndex
    from ..writing import FingerprintIndex, fingerprint_dir

    with index_lock(settings.index_dir):
        index = SearchIndex.open(settings.index_dir)
        counts = {"search": index.rebuild(library.paragraph_rows())}
    counts["fingerprints"] = FingerprintIndex.open(fingerprint_dir(settings)).rebuild(library.paragraph_rows())
    return counts


class Indexes:
    """A server node's two derived indexes, each held level with the store (see derived.holder)."""

    def __init__(self, settings: Settings, library: Library) -> None:
        from ..search import SearchIndex
        from ..writing import FingerprintIndex, fingerprint_dir
        from ..writing.sources import search_texts, store_texts

        def search_up() -> None:
            catch_up_search(settings, library)  # fingerprints keep level when they are used
            return None

        self.search: IndexHolder[SearchIndex] = IndexHolder(
            settings.index_dir, lambda: SearchIndex.open(settings.index_dir), search_up, library.max_seq)
        directory = fingerprint_dir(settings)
        self.fingerprints: IndexHolder[FingerprintIndex] = IndexHolder(
            directory, lambda: FingerprintIndex.open(directory, search_texts(self.search.get, store_texts(library))),
            lambda: _fingerprints_level(settings, library)[0], library.max_seq)

    def reset(self) -> None:
        """Make the next search (and check) look at the store and the index files again."""
        self.search.reset()
        self.fingerprints.reset()
