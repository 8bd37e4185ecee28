"""Work of a big import's settling done in a child process, on the other core, meanwhile.

After a big import the search index catches up in one child while this process brings the
fingerprints level; the near-duplicate search of the new documents is then split between this
process and another child.  Children come from the ingest fork server.  A child that fails
costs nothing but time: its work is done again here.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from ..config import Settings

ALONGSIDE_DOCS = 100  # fewer new documents than this are not worth a process
# CPU seconds of the children of the last settling, by job (bench/ingest.py reports them)
CPU: dict[str, float] = {}


def start(job: str, target: Callable[..., Any], *args: Any) -> tuple[str, Any, Any]:
    """Run target(*args, send) in a child; its answer is collected by `collect`."""
    from ..ingest.isolated import worker_context

    ctx = worker_context()
    receive, send = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_run, args=(target, args, send), daemon=True, name=f"sucai-{job}")
    proc.start()
    send.close()
    return job, proc, receive


def _run(target: Callable[..., Any], args: tuple[Any, ...], send: Any) -> None:
    result = target(*args)
    send.send((result, time.process_time()))
    send.close()


def collect(child: tuple[str, Any, Any]) -> tuple[bool, Any]:
    """(True, the child's answer), or (False, None) when it failed."""
    job, proc, receive = child
    try:
        result, CPU[job] = receive.recv()
        ok = True
    except EOFError:  # the child died: the caller does its work itself
        result, ok = None, False
    receive.close()
    proc.join()
    return ok and proc.exitcode == 0, result


def search_index(settings: Settings) -> None:
    from ..store.home import open_library
    from .catchup import catch_up_search

    with open_library(settings) as library:
        catch_up_search(settings, library)


def near_duplicates(settings: Settings, doc_ids: list[str]) -> dict[str, tuple[str, float]]:
    from ..store.home import open_library
    from ..writing import FingerprintIndex, find_near_duplicates, fingerprint_dir

    with open_library(settings) as library:
        return find_near_duplicates(library, FingerprintIndex.open(fingerprint_dir(settings)), doc_ids)
