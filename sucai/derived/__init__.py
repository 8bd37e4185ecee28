"""Derived indexes: data rebuilt from the store (search index, originality fingerprints).

The store is the truth; a derived index is versioned, written crash-safe (a manifest swapped
in one rename), one writer at a time, and catches up from the store's change sequence.
"""

from __future__ import annotations

from .files import fsync_dir, index_lock, manifest_stamp
from .holder import CHECK_SECONDS, IndexHolder
from .manifest import MANIFEST, Batch, IndexFiles, all_to_merge, smallest_to_merge

__all__ = [
    "CHECK_SECONDS", "MANIFEST", "Batch", "IndexFiles", "IndexHolder", "all_to_merge", "fsync_dir", "index_lock",
    "manifest_stamp", "smallest_to_merge",
]
