"""Which paragraphs of the fingerprint index a reader's checks may see (sucai.access.paid_scope).

The fingerprint index holds every paragraph; the store knows which are paid.  `paid_flags` reads
that once per index state, `visible_mask` turns a reader's scope into a mask over the index's
global paragraph numbers, which the check and more-like-this apply before scoring anything.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .fingerprints import FingerprintIndex


def paid_flags(index: FingerprintIndex, library: Any) -> np.ndarray:
    """A boolean per paragraph of the index: whether it is paid text (from the store)."""
    # titles are public (as in search); every other paid paragraph is the paid text
    paid = index.paragraph_numbers([(r["id"], r["doc_id"], int(r["idx"])) for r in library.db.all(
        "SELECT id, doc_id, idx FROM paragraphs WHERE paid = 1 AND kind <> 'title'")])
    flags = np.zeros(len(index), dtype=bool)
    flags[paid] = True
    return flags


def visible_mask(index: FingerprintIndex, paid: np.ndarray, scope: tuple[str, ...] | None) -> np.ndarray | None:
    """Paragraphs a reader with this paid scope may match against (None: all of them)."""
    if scope is None:
        return None
    visible = ~paid
    if scope:
        nums = [n for n in (index.doc_num(d) for d in scope) if n is not None]
        if nums:
            visible |= np.isin(index.para_doc, np.array(nums, dtype=np.int64))
    return visible
