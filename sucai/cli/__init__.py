"""Command line: `sucai` (console script) and `python -m sucai.cli`.

base.py holds the group, the shared options and the one error path; each module below adds
its commands to the group: library.py (import, reading, export, backup), search.py,
accounts.py (users, vouchers, serve) and writing.py (writing aids).
"""

from __future__ import annotations

from . import accounts, library, search, writing
from .base import emit_json, main

__all__ = ["accounts", "emit_json", "library", "main", "search", "writing"]
