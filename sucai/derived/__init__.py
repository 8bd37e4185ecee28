"""Derived indexes: data rebuilt from the store (search index, originality fingerprints).

The store is the truth; a derived index is versioned, written crash-safe (a manifest swapped
in one rename), one writer at a time, and catches up from the store's change sequence.
"""

from __future__ import annotations

from .files import fsync_dir, index_lock, manifest_stamp
from .holder import CHECK_SECONDS, IndexHolder

__all__ = ["CHECK_SECONDS", "IndexHolder", "fsync_dir", "index_lock", "manifest_stamp"]
