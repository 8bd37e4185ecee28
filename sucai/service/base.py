"""Small pieces the service parts share: limits, the file answer, the signed-in check, the memo."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from ..accounts import Reader
from ..config import Settings
from ..errors import AuthError, SucaiError
from ..export.compile import FORMATS, ExportFile
from ..store.library import Library

MAX_QUERY = 200
MEMO_SIZE = 64
PARTS_SIZE = 1024  # reader pages, similar documents and search answers: a few MB at most

FileOut = ExportFile  # a file to send: bytes, media type and the (Chinese) file name


def require_user(reader: Reader) -> int:
    if reader.user_id is None:
        raise AuthError("请先登录")
    return reader.user_id


def check_format(fmt: str) -> None:
    """Refuse an unknown format before any quota is spent."""
    if fmt not in FORMATS:
        raise SucaiError("格式须为 txt、md 或 docx")


def check_query_length(q: str) -> None:
    if len(q) > MAX_QUERY:
        raise SucaiError(f"检索词不能超过 {MAX_QUERY} 个字符")


class Memo:
    """Results that depend only on the store (templates, headings, similar documents), cached
    until the store changes; never anything that depends on the reader."""

    def __init__(self, library: Library, size: int = MEMO_SIZE) -> None:
        self.library = library
        self.size = size
        self._memos: OrderedDict[tuple[Any, ...], Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple[Any, ...], make: Callable[[], Any]) -> Any:
        key = (self.library.max_seq(), *key)
        with self._lock:
            if key in self._memos:
                self._memos.move_to_end(key)
                return self._memos[key]
        value = make()
        with self._lock:
            self._memos[key] = value
            while len(self._memos) > self.size:
                self._memos.popitem(last=False)
        return value


class Part:
    """What every service part holds: the settings and the library of the data home."""

    def __init__(self, settings: Settings, library: Library) -> None:
        self.settings = settings
        self.library = library
        self.db = library.db
