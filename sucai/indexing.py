"""Keep the derived indexes of a data home level with the store.

Called after imports and at start-up: each index catches up from the store's
change sequence, or rebuilds itself when missing or of an old version.
"""

from __future__ import annotations

import fcntl
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from .config import Settings

log = logging.getLogger(__name__)


@contextmanager
def index_lock(directory: Path) -> Iterator[None]:
    """One writer per index directory across processes (a server and a CLI import on one home)."""
    directory.mkdir(parents=True, exist_ok=True)
    with (directory.parent / f".{directory.name}.lock").open("a") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def refresh_indexes(settings: Settings, library: Any) -> dict[str, int]:
    """Bring every derived index up to date; returns rows added per index.

    An index of an old version reports last_seq 0, so catching up rebuilds it.
    """
    added = catch_up_search(settings, library)
    added.update(catch_up_fingerprints(settings, library))
    return added


def catch_up_search(settings: Settings, library: Any) -> dict[str, int]:
    """The search index of this data home, level with the store's change sequence."""
    from .search import SearchIndex

    with index_lock(settings.index_dir):
        index = SearchIndex.open(settings.index_dir)
        if library.max_seq() > index.last_seq() or index.needs_rebuild:
            return {"search": index.catch_up(library.paragraph_rows(after_seq=index.last_seq()))}
    return {}


def catch_up_fingerprints(settings: Settings, library: Any) -> dict[str, int]:
    """The originality fingerprints of this data home, level with the store's change sequence."""
    from .writing import FingerprintIndex, fingerprint_dir

    fingerprints = FingerprintIndex.open(fingerprint_dir(settings))
    if library.max_seq() > fingerprints.last_seq():
        return {"fingerprints": fingerprints.catch_up(library.paragraph_rows(after_seq=fingerprints.last_seq()))}
    return {}


def settle_import(settings: Settings, library: Any, new_doc_ids: list[str]) -> list[dict[str, Any]]:
    """After an import: indexes catch up, then new documents that repeat an older one (>= 90%
    the same: a repost under a new title, figures changed) are linked to it.

    Returns the links made, for the import report.
    """
    from .writing import FingerprintIndex, find_near_duplicates, fingerprint_dir

    refresh_indexes(settings, library)
    if not new_doc_ids:
        return []
    fingerprints = FingerprintIndex.open(fingerprint_dir(settings))
    links = find_near_duplicates(library, fingerprints, new_doc_ids)
    for doc_id, (of, sim) in links.items():
        library.set_near_duplicate(doc_id, of, sim)
    return [{"doc": d, "of": of, "similarity": sim} for d, (of, sim) in links.items()]


def rebuild_indexes(settings: Settings, library: Any) -> dict[str, int]:
    """Rebuild every derived index from scratch (`sucai reindex`)."""
    from .search import SearchIndex
    from .writing import FingerprintIndex, fingerprint_dir

    with index_lock(settings.index_dir):
        index = SearchIndex.open(settings.index_dir)
        counts = {"search": index.rebuild(library.paragraph_rows())}
    counts["fingerprints"] = FingerprintIndex.open(fingerprint_dir(settings)).rebuild(library.paragraph_rows())
    return counts
