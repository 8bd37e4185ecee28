"""Spreadsheet-safe cells (OWASP's advice against CSV/formula injection).

Text starting with =, +, -, @, a tab or a carriage return is read by Excel, WPS and LibreOffice as
a formula; such text is written as text: in CSV with a leading apostrophe, in XLSX as a string
cell.  Numbers, and text that is just a number (-12.5, +3), stay numbers.
"""

from __future__ import annotations

import re
from typing import Any

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def _number(value: Any) -> int | float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return value
    if isinstance(value, str) and _NUMBER.fullmatch(value.strip()):
        number = float(value)
        return int(number) if number.is_integer() and "." not in value and "e" not in value.lower() else number
    return None


def csv_cell(value: Any) -> Any:
    """A value for csv.writer: numbers as they are, formula-like text behind an apostrophe."""
    if value is None:
        return ""
    if _number(value) is not None:
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def xlsx_cell(sheet: Any, row: int, column: int, value: Any) -> None:
    """Write one openpyxl cell: numbers as numbers, every other value as a string cell (never a formula)."""
    number = _number(value)
    cell = sheet.cell(row=row, column=column)
    if number is not None:
        cell.value = number
        return
    cell.value = "" if value is None else str(value)
    cell.data_type = "s"  # openpyxl would make text starting with "=" a formula
