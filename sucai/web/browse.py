"""The library by category (kind, unit type, year, period, recent days): the data of /documents."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from .. import accounts
from ..export.present import list_item
from ..search import parse_year
from ..store.library import Library


def browse_documents(library: Library, filters: dict[str, str], *, days: int, page: int,
                     size: int) -> dict[str, Any]:
    """One page of documents in a category, its total and the facet counts within it.

    Titles and metadata only: the list is the same for every reader."""
    since = accounts.stamp(accounts.utcnow() - timedelta(days=days)) if days else ""
    data = library.browse(kind=filters.get("kind", ""), org_type=filters.get("org_type", ""),
                          years=parse_year(filters["year"]) if filters.get("year") else None, half=filters.get("half", ""),
                          since=since, limit=size, offset=(page - 1) * size)
    return {"total": data["total"], "documents": [list_item(r) for r in data["documents"]],
            "facets": data["facets"]}
