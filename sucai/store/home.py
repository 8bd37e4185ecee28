"""Open the library of a data home: the store (SQLite in the home, or PostgreSQL)."""

from __future__ import annotations

from ..config import Settings
from .library import Library


def open_library(settings: Settings) -> Library:
    settings.home.mkdir(parents=True, exist_ok=True)
    if settings.database_url:
        return Library.open_url(settings.database_url, settings.database_read_url or None)
    return Library.open_sqlite(settings.sqlite_path)
