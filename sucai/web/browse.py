"""The library by category (kind, unit type, year, period, recent days): the data of /documents."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from .. import accounts
from ..errors import SucaiError
from ..export.present import list_item
from ..store.library import Library


def year_range(text: str) -> tuple[int, int] | None:
    """「2024」 or 「2020-2024」 as an inclusive range; anything else is a clear error."""
    text = text.strip()
    if not text:
        return None
    lo, _, hi = text.partition("-")
    if not lo.isdigit() or (hi and not hi.isdigit()):
        raise SucaiError("年份须为 YYYY 或 YYYY-YYYY")
    return int(lo), int(hi or lo)


def browse_documents(library: Library, filters: dict[str, str], *, days: int, page: int,
                     size: int) -> dict[str, Any]:
    """One page of documents in a category, its total and the facet counts within it.

    Titles and metadata only: the list is the same for every reader."""
    since = accounts.stamp(accounts.utcnow() - timedelta(days=days)) if days else ""
    data = library.browse(kind=filters.get("kind", ""), org_type=filters.get("org_type", ""),
                          years=year_range(filters.get("year", "")), half=filters.get("half", ""),
                          since=since, limit=size, offset=(page - 1) * size)
    return {"total": data["total"], "documents": [list_item(r) for r in data["documents"]],
            "facets": data["facets"]}
