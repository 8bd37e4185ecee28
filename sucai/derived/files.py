"""File-system pieces of a derived index: durable renames, the writer lock, the manifest stamp."""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def fsync_dir(directory: Path) -> None:
    """Make a rename inside `directory` durable (a manifest swap survives a power cut)."""
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextmanager
def index_lock(directory: Path) -> Iterator[None]:
    """One writer per index directory across processes (a server and a CLI import on one home)."""
    directory.mkdir(parents=True, exist_ok=True)
    with (directory.parent / f".{directory.name}.lock").open("a") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def manifest_stamp(directory: Path) -> tuple[int, int] | None:
    """Which manifest an index has now: each commit renames a new file into place, so its inode
    (with its time, for file systems that reuse inodes) tells that another process wrote it."""
    try:
        st = (directory / "manifest.json").stat()
    except OSError:
        return None
    return st.st_ino, st.st_mtime_ns
