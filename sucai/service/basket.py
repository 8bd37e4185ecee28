"""The basket (素材篮): documents and sections a signed-in reader collects, then compiles into one file."""

from __future__ import annotations

from typing import Any

from .. import accounts
from ..access import has_locked, part_for
from ..accounts import Reader
from ..config import Settings
from ..errors import NotFound, SucaiError
from ..export.compile import render
from ..store.basket import Baskets
from ..store.library import Library
from .base import FileOut, Part, check_format, require_user
from .reading import Readers

MAX_BASKET = 200


class Basket(Part):
    def __init__(self, settings: Settings, library: Library, readers: Readers) -> None:
        super().__init__(settings, library)
        self.readers = readers
        self.store = Baskets(library.db)

    def items(self, reader: Reader) -> list[dict[str, Any]]:
        user_id = require_user(reader)
        items = []
        for r in self.store.items(user_id):
            try:
                stored = self.library.get_document(r["doc_id"])
            except NotFound:
                continue  # a document removed from the library drops out of baskets
            nodes = stored.document.nodes
            node = int(r["node"])
            heading = None
            if 0 <= node < len(nodes):
                heading = (nodes[node].marker + nodes[node].heading).strip()
            items.append({"doc_id": r["doc_id"], "node": node, "position": r["position"],
                          "title": stored.document.title, "section": heading,
                          "locked": has_locked(reader, stored)})
        return items

    def add(self, reader: Reader, doc_id: str, node: int = -1) -> list[dict[str, Any]]:
        user_id = require_user(reader)
        stored = self.library.get_document(doc_id)
        if node != -1 and not 0 <= node < len(stored.document.nodes):
            raise NotFound(f"文档中没有第 {node} 个小节")
        if not self.store.add(user_id, doc_id, node, accounts.stamp(accounts.utcnow()), MAX_BASKET):
            raise SucaiError(f"素材篮最多放 {MAX_BASKET} 项")
        return self.items(reader)

    def remove(self, reader: Reader, doc_id: str, node: int = -1) -> list[dict[str, Any]]:
        self.store.remove(require_user(reader), doc_id, node)
        return self.items(reader)

    def clear(self, reader: Reader) -> None:
        self.store.clear(require_user(reader))

    def move(self, reader: Reader, doc_id: str, node: int, step: int) -> list[dict[str, Any]]:
        """Move one item up (step -1) or down (step +1)."""
        keys = [(i["doc_id"], i["node"]) for i in self.items(reader)]
        if (doc_id, node) not in keys:
            raise NotFound("素材篮中没有这一项")
        at = keys.index((doc_id, node))
        to = max(0, min(len(keys) - 1, at + (1 if step > 0 else -1)))
        keys.insert(to, keys.pop(at))
        return self.order(reader, keys)

    def order(self, reader: Reader, keys: list[tuple[str, int]]) -> list[dict[str, Any]]:
        """Put the items in the given order; items not named keep their order after them."""
        user_id = require_user(reader)
        current = [(i["doc_id"], i["node"]) for i in self.items(reader)]
        wanted = [k for k in dict.fromkeys((str(d), int(n)) for d, n in keys) if k in current]
        self.store.set_order(user_id, wanted + [k for k in current if k not in wanted])
        return self.items(reader)

    def compile(self, reader: Reader, fmt: str, title: str | None = None, *, published: bool = False) -> FileOut:
        """The basket as one compilation (汇编), with paid text only for what the reader may read."""
        from ..export import part_of_document, part_of_section

        check_format(fmt)
        items = self.items(reader)
        if not items:
            raise SucaiError("素材篮是空的")
        self.readers.count_download(reader, f"basket:{len(items)}", fmt)
        parts = []
        for item in items:
            doc = self.library.get_document(item["doc_id"])
            part = (part_of_document(doc.document) if item["node"] < 0
                    else part_of_section(doc.document, item["node"]))
            parts.append(part_for(reader, item["doc_id"], part))
        title = (title or "").strip()[:100] or "素材汇编"
        return render(parts, fmt, title, published=published)
