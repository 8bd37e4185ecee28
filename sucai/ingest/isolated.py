"""Read an untrusted uploaded file in a child process with a time limit.

A reader stuck on a hostile file (deeply nested XML, a PDF built to be slow) runs in its own
process, so it holds neither the server's event loop nor its interpreter lock, and it is killed
when the time is up.  Children come from a fork server that has the readers imported already,
so starting one costs milliseconds, and at most PARSE_SLOTS run at once.
"""

from __future__ import annotations

import multiprocessing
import threading
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from ..errors import ParseError, SucaiError, UnsupportedFormat
from ..models import Block
from .safezip import ArchiveTooLarge

PARSE_SLOTS = 2
_slots = threading.BoundedSemaphore(PARSE_SLOTS)
_context: Any = None
_context_lock = threading.Lock()


def worker_context() -> Any:
    """The fork-server context whose children start with the readers and the parse imported."""
    global _context
    with _context_lock:
        if _context is None:
            ctx = multiprocessing.get_context("forkserver")
            ctx.set_forkserver_preload(["sucai.ingest.readers", "sucai.ingest.pipeline", "sucai.store.library"])
            _context = ctx
        return _context


def _work(path: str, out: Connection) -> None:
    from .ocr import page_progress
    from .readers import read_file

    try:
        # a scan's pages are reported as they are read, so the parent shows progress and knows
        # the child is still working
        with page_progress(lambda page, pages: out.send(("page", (page, pages)))):
            blocks = read_file(Path(path))
        out.send(("ok", blocks))
    except SucaiError as exc:
        out.send(("error", (type(exc).__name__, exc.status, exc.message)))
    except Exception as exc:  # any failure of a reader on hostile input is a parse error, reported
        out.send(("error", ("ParseError", 422, f"无法读取文件：{type(exc).__name__}")))
    finally:
        out.close()


def read_isolated(path: Path, timeout: float) -> list[Block]:
    """read_file(path) in a child process; ParseError when it takes longer than timeout seconds.

    A scan read with OCR reports each page: after a page the limit is the OCR per-page limit
    (the child enforces it on each page itself), so a long scan is not cut off as a whole."""
    if not _slots.acquire(timeout=timeout):
        raise Busy("正在解析的上传文件过多，请稍后再试")
    try:
        ctx = worker_context()
        receive, send = ctx.Pipe(duplex=False)
        proc = ctx.Process(target=_work, args=(str(path), send), daemon=True)
        proc.start()
        send.close()
        try:
            kind, value = _receive(receive, path, timeout)
        except EOFError:
            raise ParseError("文件解析失败（解析进程意外退出）", path=str(path)) from None
        finally:
            receive.close()
            if proc.is_alive():
                proc.kill()
            proc.join()
    finally:
        _slots.release()
    if kind == "ok":
        return list(value)
    name, _status, message = value
    raise _KINDS.get(name, ParseError)(message, path=str(path))


def _receive(receive: Connection, path: Path, timeout: float) -> tuple[str, Any]:
    """The child's answer, relaying its page reports to this thread's page-progress callback."""
    from .ocr import PAGE_SECONDS, report_page

    limit = timeout
    while True:
        if not receive.poll(limit):
            raise ParseError(f"文件解析超时（超过 {limit:g} 秒），已停止", path=str(path))
        kind, value = receive.recv()
        if kind != "page":
            return kind, value
        report_page(*value)
        limit = max(timeout, PAGE_SECONDS + 10)


class Busy(SucaiError):
    status = 503


_KINDS: dict[str, type[SucaiError]] = {"ParseError": ParseError, "UnsupportedFormat": UnsupportedFormat,
                                       "ArchiveTooLarge": ArchiveTooLarge}
