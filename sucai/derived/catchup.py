"""Keep the derived indexes of a data home level with the store: the one place catch-up happens.

The search index and the fingerprints are the two derived indexes; this module names them.

Called after imports, at start-up and by every node before it answers: each index catches up
from the store's change sequence, or rebuilds itself when missing or of an old version
(an index of an old version reports last_seq 0).
"""

from __future__ import annotations

import contextlib
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

    Returns the links made, for the import report.
    """
    from ..writing import FingerprintIndex, find_near_duplicates, fingerprint_dir

    # a big import: the search index catches up in a child process meanwhile (on the other core)
    child = _search_alongside(settings) if len(new_doc_ids) >= ALONGSIDE_DOCS else None
    try:
        if child is None:
            catch_up_search(settings, library)
        catch_up_fingerprints(settings, library)
        links = {}
        if new_doc_ids:
            fingerprints = FingerprintIndex.open(fingerprint_dir(settings))
            links = find_near_duplicates(library, fingerprints, new_doc_ids)
            for doc_id, (of, sim) in links.items():
                library.set_near_duplicate(doc_id, of, sim)
    finally:
        if child is not None:
            _join(child, settings, library)
    return [{"doc": d, "of": of, "similarity": sim} for d, (of, sim) in links.items()]


ALONGSIDE_DOCS = 100  # fewer new documents than this are not worth a process
# CPU seconds of the last search catch-up run alongside (for bench/ingest.py, which times the stages)
ALONGSIDE_CPU: dict[str, float] = {}


def _search_alongside(settings: Settings) -> tuple[Any, Any]:
    from ..ingest.isolated import worker_context

    ctx = worker_context()
    receive, send = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_search_child, args=(settings, send), daemon=True, name="sucai-search-index")
    proc.start()
    send.close()
    return proc, receive


def _search_child(settings: Settings, send: Any) -> None:
    import time

    from ..store.home import open_library

    with open_library(settings) as library:
        catch_up_search(settings, library)
    send.send(time.process_time())


def _join(child: tuple[Any, Any], settings: Settings, library: Library) -> None:
    proc, receive = child
    with contextlib.suppress(EOFError):  # the child died: see its exit code below
        ALONGSIDE_CPU["search"] = receive.recv()
    receive.close()
    proc.join()
    if proc.exitcode != 0:  # whatever went wrong there, the index is brought level here
        log.warning("search index catch-up in a child process failed (exit %s)", proc.exitcode)
        catch_up_search(settings, library)


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

        def search_up() -> None:
            catch_up_search(settings, library)  # fingerprints keep level when they are used
            return None

        self.search: IndexHolder[SearchIndex] = IndexHolder(
            settings.index_dir, lambda: SearchIndex.open(settings.index_dir), search_up, library.max_seq)
        directory = fingerprint_dir(settings)
        self.fingerprints: IndexHolder[FingerprintIndex] = IndexHolder(
            directory, lambda: FingerprintIndex.open(directory),
            lambda: _fingerprints_level(settings, library)[0], library.max_seq)

    def reset(self) -> None:
        """Make the next search (and check) look at the store and the index files again."""
        self.search.reset()
        self.fingerprints.reset()
