"""IndexRows from plain text, one paragraph a line: for tests and benchmarks that run without a store."""

from __future__ import annotations

import re
from collections.abc import Iterator

from sucai.store import IndexRow

_HEADING = re.compile(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|第[一二三四五六七八九十百]+[章节条])")
_PAID_BEGIN, _PAID_END = "##paidbegin##", "##paidend##"


def rows_from_text(doc_id: str, text: str, *, first_seq: int = 1, doc_kind: str = "其他",
                   org_type: str = "其他", org: str | None = None, year: int | None = None,
                   half: str | None = None, date: str | None = None,
                   collection_id: str | None = None) -> Iterator[IndexRow]:
    """One row per non-empty line; the first line is the title, numbered lines are headings.

    Lines between ##paidbegin## and ##paidend## are paid; the markers themselves are dropped.
    """
    lines = [line.strip() for line in text.split("\n")]
    title = next((line for line in lines if line and not line.startswith("##")), doc_id)
    seq, paid, path = first_seq, False, ()
    for line in lines:
        if line == _PAID_BEGIN:
            paid = True
            continue
        if line == _PAID_END:
            paid = False
            continue
        if not line:
            continue
        idx = seq - first_seq
        kind = "title" if idx == 0 else ("heading" if _HEADING.match(line) and len(line) < 60 else "body")
        if kind == "heading":
            path = (line,)
        pid = f"{doc_id}-{idx}"  # the store numbers paragraphs the same way
        yield IndexRow(seq=seq, paragraph_id=pid, doc_id=doc_id, idx=idx, kind=kind, text=line, paid=paid,
                       path=path if kind == "body" else (), role="other", title=title, doc_kind=doc_kind,
                       org=org, org_type=org_type, year=year, half=half, date=date, collection_id=collection_id)
        seq += 1
