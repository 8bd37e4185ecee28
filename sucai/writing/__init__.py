"""Writing aids: originality check (查重), near-duplicates, outline templates, figure tables, similar materials.

The public face; the web and the CLI call only these functions, which return plain dicts.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .check import check_draft, similar
from .figures import figure_table, to_csv, to_xlsx
from .fingerprints import FingerprintIndex
from .neardup import find_near_duplicates, near_duplicate_groups, near_duplicate_of
from .templates import heading_library, outline_template
from .visible import paid_flags, visible_mask

__all__ = [
    "FingerprintIndex", "check_draft", "figure_table", "find_near_duplicates", "fingerprint_dir",
    "heading_library", "near_duplicate_groups", "near_duplicate_of", "open_fingerprints", "outline_template",
    "paid_flags", "similar", "to_csv", "to_xlsx", "visible_mask",
]


def fingerprint_dir(settings: Any) -> Path:
    return Path(settings.home) / "fingerprints"


def open_fingerprints(settings: Any, library: Any) -> FingerprintIndex:
    """The data home's fingerprint index, caught up with the store (rebuilt when stale)."""
    index = FingerprintIndex.open(fingerprint_dir(settings))
    index.catch_up(library.paragraph_rows(after_seq=index.last_seq()))
    return index
