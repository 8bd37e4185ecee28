"""A node's handle on a derived index: kept level with the store, reopened when rewritten.

Requests ask `holder.get()`.  At most once per `every` seconds it compares the store's change
number with the index's: when behind (another node or the CLI imported) the index catches up;
when another process on this data home rewrote the index files (its manifest changed), a fresh
object is opened and swapped in, so requests already holding the old one finish on it.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Generic, Protocol, TypeVar

from .files import manifest_stamp

CHECK_SECONDS = 1.0  # how often a node compares its indexes with the store


class Sequenced(Protocol):
    def last_seq(self) -> int: ...


T = TypeVar("T", bound=Sequenced)


class IndexHolder(Generic[T]):
    """`open_index` reads the index files; `catch_up` brings the files level with the store and
    may return the caught-up index itself (then it is not read again)."""

    def __init__(self, directory: Path, open_index: Callable[[], T], catch_up: Callable[[], T | None],
                 store_seq: Callable[[], int], every: float = CHECK_SECONDS) -> None:
        self.directory = directory
        self._open = open_index
        self._catch_up = catch_up
        self._store_seq = store_seq
        self.every = every
        self._current: T | None = None
        self._stamp: tuple[int, int] | None = None
        self._checked = float("-inf")
        self._lock = threading.Lock()

    def get(self) -> T:
        with self._lock:
            now = time.monotonic()
            if self._current is not None and now - self._checked < self.every:
                return self._current
            self._checked = now
            fresh = None
            if self._current is None or self._store_seq() > self._current.last_seq():
                fresh = self._catch_up()
            stamp = manifest_stamp(self.directory)
            if fresh is not None:
                self._current, self._stamp = fresh, stamp
            elif self._current is None or stamp != self._stamp:
                self._current, self._stamp = self._open(), stamp
            return self._current

    def reset(self) -> None:
        """Make the next `get` look at the store and the index files again."""
        with self._lock:
            self._checked = float("-inf")
