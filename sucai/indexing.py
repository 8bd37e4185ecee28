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
    from .search import SearchIndex

    added: dict[str, int] = {}
    with index_lock(settings.index_dir):
        index = SearchIndex.open(settings.index_dir)
        if library.max_seq() > index.last_seq() or index.needs_rebuild:
            added["search"] = index.catch_up(library.paragraph_rows(after_seq=index.last_seq()))
    return added


def rebuild_indexes(settings: Settings, library: Any) -> dict[str, int]:
    """Rebuild every derived index from scratch (`sucai reindex`)."""
    from .search import SearchIndex

    with index_lock(settings.index_dir):
        index = SearchIndex.open(settings.index_dir)
        return {"search": index.rebuild(library.paragraph_rows())}
