"""Parse many files on every core: worker processes parse, the caller stores, in input order.

Parsing is pure (file → reader → cleaner → splitter → outline → document → the rows to store), so
it runs in worker processes from the same fork server as `isolated` (the parse modules imported once).  The caller
gets each file's result in input order, so it can store them from one writer and its progress
count stays right.  At most `window` files are in flight or waiting to be stored, so memory stays
bounded whatever the batch size.  A worker that dies (or, with a time limit, takes too long on a
file) costs only that file, reported by name; the worker is replaced and the batch goes on.
"""

from __future__ import annotations

import logging
import os
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

from ..errors import SucaiError
from ..store.library import PreparedFile
from .clean import AdvertRules

log = logging.getLogger(__name__)

DEPTH = 3  # files queued on one worker ahead of the one it is parsing
MIN_FILES = 8  # fewer files than this are parsed in the caller's process (a worker costs ~0.3 s)


def workers_wanted() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def parse_or_reason(path: Path, rules: AdvertRules | None) -> PreparedFile | str:
    """One file parsed into the rows the store inserts, or the reason it was rejected (in Chinese,
    for the person importing)."""
    from ..store.library import prepare_file
    from .pipeline import parse_file

    try:
        return prepare_file(parse_file(path, rules))
    except Exception as exc:  # one broken file must never stop the batch
        return reason(exc, path)


def reason(exc: Exception, path: Path | str) -> str:
    """Why a file was rejected, for the import report."""
    if isinstance(exc, SucaiError):
        return exc.message
    if isinstance(exc, OSError):
        return f"无法读取文件：{exc.strerror or exc}"
    log.error("import of %s failed", path, exc_info=exc)
    return f"处理失败（{type(exc).__name__}）：{exc}"


def _serve(conn: Connection, rules: AdvertRules | None) -> None:
    """A worker: parse each path it is sent, answer (result, CPU seconds); stop at None or EOF."""
    from .ocr import page_progress

    with page_progress(lambda page, pages: conn.send(("page", (page, pages)))):
        while True:
            try:
                path = conn.recv()
            except (EOFError, OSError):
                return
            if path is None:
                return
            result = parse_or_reason(Path(path), rules)
            conn.send(("done", (result, time.process_time())))  # this worker's CPU so far


@dataclass
class _Worker:
    proc: Any
    conn: Connection
    queue: deque[int] = field(default_factory=deque)  # indices sent, oldest being parsed
    since: float = 0.0  # when the oldest started (or last reported a page)
    limit: float | None = None
    cpu: float = 0.0  # CPU seconds the worker has used, as of its last answer


@dataclass
class Pool:
    """Worker processes parsing `paths` (see `parse_in_order`)."""

    rules: AdvertRules | None
    workers: int
    timeout: float | None = None  # seconds one file may take (a scan: per page), None for no limit
    pages: Callable[[Path, int, int], None] | None = None
    _live: list[_Worker] = field(default_factory=list)
    _spent: float = 0.0  # CPU seconds of workers already stopped

    @property
    def cpu(self) -> float:
        """CPU seconds the workers spent (parsing and passing results), as far as they told."""
        return self._spent + sum(w.cpu for w in self._live)

    def _start(self) -> _Worker:
        from .isolated import worker_context

        ctx = worker_context()
        mine, theirs = ctx.Pipe(duplex=True)
        proc = ctx.Process(target=_serve, args=(theirs, self.rules), daemon=True, name="sucai-parse")
        proc.start()
        theirs.close()
        worker = _Worker(proc, mine, limit=self.timeout)
        self._live.append(worker)
        return worker

    def _stop(self, worker: _Worker, kill: bool) -> None:
        self._live.remove(worker)
        self._spent += worker.cpu
        try:
            if not kill:
                worker.conn.send(None)
        except OSError:
            pass
        worker.conn.close()
        if kill and worker.proc.is_alive():
            worker.proc.kill()
        worker.proc.join(timeout=None if kill else 5)
        if worker.proc.is_alive():
            worker.proc.kill()
            worker.proc.join()

    def close(self) -> None:
        for worker in list(self._live):
            self._stop(worker, kill=False)

    def parse_in_order(self, paths: list[Path]) -> Iterator[tuple[Path, PreparedFile | str]]:
        """(path, parsed file or rejection reason) for each path, in order."""
        from .ocr import PAGE_SECONDS

        pending: deque[int] = deque(range(len(paths)))
        done: dict[int, PreparedFile | str] = {}
        window = self.workers * (DEPTH + 1) * 2
        workers = [self._start() for _ in range(min(self.workers, len(paths)))]
        emit = 0
        while emit < len(paths):
            if emit in done:
                yield paths[emit], done.pop(emit)
                emit += 1
                continue
            self._dispatch(workers, pending, paths, window - len(done))
            busy = [w for w in workers if w.queue]
            ready = wait([w.conn for w in busy], timeout=self._wait_for(busy))
            for w in busy:
                if w.conn in ready:
                    lost = self._receive(w, paths, done, PAGE_SECONDS)
                elif w.limit is not None and time.monotonic() - w.since > w.limit:
                    lost = f"文件解析超时（超过 {w.limit:g} 秒），已停止"
                else:
                    continue
                if lost is not None:  # the worker is gone: its file is rejected, its queue re-sent
                    done[w.queue.popleft()] = lost
                    pending.extendleft(reversed(w.queue))
                    workers.remove(w)
                    self._stop(w, kill=True)
                    workers.append(self._start())

    def _dispatch(self, workers: list[_Worker], pending: deque[int], paths: list[Path], room: int) -> None:
        """Send pending files to the least busy workers, at most `room` in flight in all."""
        inflight = sum(len(w.queue) for w in workers)
        for w in sorted(workers, key=lambda w: len(w.queue)):
            while pending and len(w.queue) <= DEPTH and inflight < room:
                i = pending.popleft()
                if not w.queue:
                    w.since, w.limit = time.monotonic(), self.timeout
                w.queue.append(i)
                inflight += 1
                try:
                    w.conn.send(str(paths[i]))
                except OSError:  # the worker is gone: its files go back in line for a new one
                    pending.extendleft(reversed(w.queue))
                    inflight -= len(w.queue)
                    w.queue.clear()
                    workers.remove(w)
                    self._stop(w, kill=True)
                    workers.append(self._start())
                    break

    def _wait_for(self, busy: list[_Worker]) -> float | None:
        limits = [w.since + w.limit - time.monotonic() for w in busy if w.limit is not None]
        return max(0.0, min(limits)) if limits else None

    def _receive(self, w: _Worker, paths: list[Path], done: dict[int, PreparedFile | str],
                 page_seconds: float) -> str | None:
        """Take one answer from a worker; the reason its file is lost when the worker died."""
        try:
            kind, value = w.conn.recv()
        except (EOFError, OSError):
            return "文件解析失败（解析进程意外退出）"
        if kind == "page":
            if self.pages:
                self.pages(paths[w.queue[0]], *value)
            w.since = time.monotonic()
            if w.limit is not None:
                w.limit = max(self.timeout or 0.0, page_seconds + 10)
            return None
        result, w.cpu = value
        done[w.queue.popleft()] = result
        w.since, w.limit = time.monotonic(), self.timeout
        return None
