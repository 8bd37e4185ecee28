"""Figure tables: the figures documents report (organisation, period, subject, value, unit, change).

Rows come from the store's figures table (extracted at ingest).  A figure reported in a paid
paragraph is left out unless ``entitled(doc_id)`` says the reader may read that document; without
``entitled`` only figures from free paragraphs are given.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable
from typing import Any

from ..export.cells import csv_cell, xlsx_cell

COLUMNS = ("org", "period", "subject", "value", "unit", "change", "doc_id", "title")
HEADERS = {"org": "单位", "period": "时期", "subject": "指标", "value": "数值", "unit": "单位（计量）",
           "change": "增减", "doc_id": "文档编号", "title": "文档标题", "text": "原文"}
_HALVES = {"H1": "上半年", "H2": "下半年", "full": "全年"}


def period_label(year: int | None, half: str | None, date: str | None) -> str:
    """2023 + H1 → 2023年上半年; falls back to the document date."""
    if year:
        return f"{year}年{_HALVES.get(half or '', '')}"
    return date or ""


def figure_table(library: Any, doc_ids: Iterable[str], *,
                 entitled: Callable[[str], bool] | None = None) -> list[dict[str, Any]]:
    """Figure rows of the given documents, in document order then reading order."""
    ids = list(dict.fromkeys(doc_ids))
    rows: list[dict[str, Any]] = []
    for start in range(0, len(ids), 500):  # keep the IN list within every backend's parameter limit
        chunk = ids[start:start + 500]
        marks = ", ".join("?" for _ in chunk)
        rows.extend(library.db.all(
            "SELECT f.doc_id, f.idx, f.subject, f.value, f.unit, f.change, f.text, d.title, d.org, d.year,"
            " d.half, d.date, COALESCE(p.paid, 0) AS paid FROM figures f JOIN documents d ON d.id = f.doc_id"
            " LEFT JOIN paragraphs p ON p.doc_id = f.doc_id AND p.idx = f.paragraph"
            f" WHERE f.doc_id IN ({marks})",
            chunk,
        ))
    position = {d: i for i, d in enumerate(ids)}
    rows.sort(key=lambda r: (position[r["doc_id"]], r["idx"]))
    allowed: dict[str, bool] = {}
    out = []
    for r in rows:
        if r["paid"]:
            if r["doc_id"] not in allowed:
                allowed[r["doc_id"]] = bool(entitled and entitled(r["doc_id"]))
            if not allowed[r["doc_id"]]:
                continue
        out.append({
            "org": r["org"], "period": period_label(r["year"], r["half"], r["date"]), "subject": r["subject"],
            "value": r["value"], "unit": r["unit"], "change": r["change"], "doc_id": r["doc_id"],
            "title": r["title"], "text": r["text"],
        })
    return out


def to_csv(rows: list[dict[str, Any]]) -> str:
    """CSV with Chinese headers (UTF-8; callers writing a file for Excel add a BOM)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")  # RFC 4180; also quotes fields holding a CR
    writer.writerow([HEADERS[c] for c in COLUMNS])
    for r in rows:
        writer.writerow([csv_cell(r.get(c)) for c in COLUMNS])
    return buf.getvalue()


def to_xlsx(rows: list[dict[str, Any]]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = "数据表"
    ws.append([HEADERS[c] for c in COLUMNS])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for n, r in enumerate(rows, start=2):
        for col, c in enumerate(COLUMNS, start=1):
            xlsx_cell(ws, n, col, r.get(c))
    for col, width in zip("ABCDEFGH", (18, 12, 24, 10, 8, 10, 16, 40), strict=True):
        ws.column_dimensions[col].width = width
    ws.freeze_panes = "A2"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
