"""A thin database handle over SQLite or PostgreSQL with one SQL style.

Store code writes portable SQL with `?` placeholders; this module translates
them for psycopg, hands out one connection per thread, and runs transactions.
Every statement is parameterised: user text never becomes SQL.
"""

from __future__ import annotations

import contextlib
import re
import sqlite3
import threading
import weakref
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

_QMARK = re.compile(r"\?")


class Database:
    def __init__(self, *, sqlite_path: Path | None = None, url: str | None = None) -> None:
        if (sqlite_path is None) == (url is None):
            raise ValueError("give either sqlite_path or url")
        self.dialect = "sqlite" if sqlite_path is not None else "postgres"
        self.sqlite_path = sqlite_path
        self.url = url
        self._local = threading.local()
        # (owning thread, connection): a connection whose thread has ended is closed at the next
        # connect, so short-lived worker threads do not pile up open connections
        self._all: list[tuple[weakref.ref[threading.Thread], Any]] = []
        self._lock = threading.Lock()

    # ------------------------------------------------------------ connections
    @property
    def conn(self) -> Any:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._connect()
            self._local.conn = conn
            with self._lock:
                self._prune()
                self._all.append((weakref.ref(threading.current_thread()), conn))
        return conn

    def _connect(self) -> Any:
        if self.dialect == "sqlite":
            conn = sqlite3.connect(self.sqlite_path, timeout=60, isolation_level=None, check_same_thread=False)
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute("PRAGMA foreign_keys=ON")
            conn.execute("PRAGMA busy_timeout=60000")
            return conn
        import psycopg
        from psycopg.rows import dict_row

        return psycopg.connect(self.url, autocommit=True, row_factory=dict_row)

    def _prune(self) -> None:
        alive = []
        for ref, conn in self._all:
            thread = ref()
            if thread is not None and thread.is_alive():
                alive.append((ref, conn))
            else:
                with contextlib.suppress(Exception):
                    conn.close()
        self._all = alive

    def close(self) -> None:
        with self._lock:
            for _, conn in self._all:
                with contextlib.suppress(Exception):  # a broken connection must not hide the real error
                    conn.close()
            self._all.clear()
        self._local = threading.local()

    # ------------------------------------------------------------ statements
    def _sql(self, sql: str) -> str:
        return sql if self.dialect == "sqlite" else _QMARK.sub("%s", sql)

    def _params(self, params: Sequence[Any]) -> tuple[Any, ...]:
        # PostgreSQL text cannot hold NUL; such text (fuzzed input, a stray byte in a file) is
        # stored with U+FFFD instead of failing the request.
        if self.dialect == "sqlite":
            return tuple(params)
        return tuple(p.replace("\x00", "\ufffd") if isinstance(p, str) and "\x00" in p else p for p in params)

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        return self.conn.execute(self._sql(sql), self._params(params))

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        if self.dialect == "sqlite":
            self.conn.executemany(sql, rows)
        else:
            with self.conn.cursor() as cur:
                cur.executemany(self._sql(sql), [self._params(r) for r in rows])

    def all(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        return [dict(r) for r in self.execute(sql, params).fetchall()]

    def one(self, sql: str, params: Sequence[Any] = ()) -> dict[str, Any] | None:
        row = self.execute(sql, params).fetchone()
        return dict(row) if row is not None else None

    def scalar(self, sql: str, params: Sequence[Any] = ()) -> Any:
        row = self.execute(sql, params).fetchone()
        if row is None:
            return None
        return row[0] if self.dialect == "sqlite" else next(iter(row.values()))

    def iterate(self, sql: str, params: Sequence[Any] = (), size: int = 2000) -> Iterator[dict[str, Any]]:
        """Stream rows on a dedicated connection so callers may write meanwhile."""
        return self._stream(sql, params, size, tuples=False)

    def iterate_tuples(self, sql: str, params: Sequence[Any] = (), size: int = 2000) -> Iterator[tuple[Any, ...]]:
        """`iterate` with plain tuples in the order of the SELECT list: for scans of the whole store,
        where building a mapping per row costs more than reading it."""
        return self._stream(sql, params, size, tuples=True)

    def _stream(self, sql: str, params: Sequence[Any], size: int, tuples: bool) -> Iterator[Any]:
        conn = self._connect()
        try:
            if self.dialect == "sqlite":
                if tuples:
                    conn.row_factory = None
                cur = conn.execute(sql, tuple(params))
                while rows := cur.fetchmany(size):
                    yield from (rows if tuples else (dict(r) for r in rows))
            else:
                from psycopg.rows import dict_row, tuple_row

                factory = tuple_row if tuples else dict_row
                with conn.transaction(), conn.cursor(name="sucai_stream", row_factory=factory) as cur:
                    cur.itersize = size
                    cur.execute(self._sql(sql), self._params(params))
                    yield from cur
        finally:
            conn.close()

    @contextmanager
    def transaction(self, lock_key: int | None = None) -> Iterator[None]:
        """All or nothing.  SQLite takes the write lock at once (BEGIN IMMEDIATE) so
        concurrent importers queue instead of failing; PostgreSQL can serialise
        writers on an advisory lock so change sequences commit in order."""
        conn = self.conn
        if self.dialect == "sqlite":
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
        else:
            with conn.transaction():
                if lock_key is not None:
                    conn.execute("SELECT pg_advisory_xact_lock(%s)", (lock_key,))
                yield

    @contextmanager
    def savepoint(self) -> Iterator[None]:
        """Inside a transaction: what is done here is undone alone when it raises."""
        if self.dialect == "sqlite":
            self.conn.execute("SAVEPOINT sucai_part")
            try:
                yield
            except BaseException:
                self.conn.execute("ROLLBACK TO sucai_part")
                self.conn.execute("RELEASE sucai_part")
                raise
            self.conn.execute("RELEASE sucai_part")
        else:
            with self.conn.transaction():  # nested: psycopg makes it a savepoint
                yield

    def insert_id(self, sql: str, params: Sequence[Any]) -> int:
        """Run an INSERT and return the new row's integer key (column `id` or `seq`)."""
        if self.dialect == "sqlite":
            return int(self.execute(sql, params).lastrowid)
        key = "seq" if "paragraphs" in sql.split("(")[0] else "id"
        row = self.execute(sql + f" RETURNING {key}", params).fetchone()
        return int(next(iter(row.values())))
