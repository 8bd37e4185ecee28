"""The basket (素材篮) and the search log: small per-user tables next to the library's documents.

Plain SQL over the library's primary database; rules (who may, how many) live in sucai.service.
"""

from __future__ import annotations

from typing import Any

from .db import Database


class Baskets:
    """Each user's basket: documents (node -1) or outline sections, in the user's order."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def items(self, user_id: int) -> list[dict[str, Any]]:
        return self.db.all("SELECT doc_id, node, position FROM basket WHERE user_id = ? ORDER BY position, added_at",
                           (user_id,))

    def add(self, user_id: int, doc_id: str, node: int, added_at: str, most: int) -> bool:
        """Add an item at the end (once); False when the basket already holds `most` items."""
        with self.db.transaction():
            count = int(self.db.scalar("SELECT COUNT(*) FROM basket WHERE user_id = ?", (user_id,)) or 0)
            if count >= most:
                return False
            exists = self.db.one("SELECT position FROM basket WHERE user_id = ? AND doc_id = ? AND node = ?",
                                 (user_id, doc_id, node))
            if exists is None:
                top = self.db.scalar("SELECT COALESCE(MAX(position), 0) FROM basket WHERE user_id = ?", (user_id,))
                self.db.execute(
                    "INSERT INTO basket (user_id, doc_id, node, position, added_at) VALUES (?, ?, ?, ?, ?)",
                    (user_id, doc_id, node, int(top or 0) + 1, added_at))
        return True

    def remove(self, user_id: int, doc_id: str, node: int) -> None:
        with self.db.transaction():
            self.db.execute("DELETE FROM basket WHERE user_id = ? AND doc_id = ? AND node = ?", (user_id, doc_id, node))

    def clear(self, user_id: int) -> None:
        with self.db.transaction():
            self.db.execute("DELETE FROM basket WHERE user_id = ?", (user_id,))

    def set_order(self, user_id: int, order: list[tuple[str, int]]) -> None:
        with self.db.transaction():
            for pos, (doc_id, node) in enumerate(order, 1):
                self.db.execute("UPDATE basket SET position = ? WHERE user_id = ? AND doc_id = ? AND node = ?",
                                (pos, user_id, doc_id, node))


class SearchLog:
    """Queries as typed (first pages only), for the home page's popular searches."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def record(self, q: str, day: str, created_at: str) -> None:
        with self.db.transaction():
            self.db.execute("INSERT INTO searches (q, day, created_at) VALUES (?, ?, ?)", (q, day, created_at))

    def popular(self, since_day: str, limit: int) -> list[dict[str, Any]]:
        rows = self.db.all("SELECT q, COUNT(*) AS n FROM searches WHERE day >= ? GROUP BY q"
                           " ORDER BY COUNT(*) DESC, q LIMIT ?", (since_day, limit))
        return [{"q": r["q"], "count": int(r["n"])} for r in rows]
