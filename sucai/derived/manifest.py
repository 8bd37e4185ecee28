"""The files of a derived index: a versioned manifest naming immutable segments.

A derived index (search, fingerprints) is a directory of segment directories (``seg-…``) and one
``manifest.json`` naming the live segments and the store sequence they cover (``last_seq``).
Segments are written under a temporary name and renamed when complete; the manifest is replaced
in one rename, so a crash leaves the previous manifest in force.  A manifest whose version fields
(``header``) differ from the code's makes the index stale: it reports nothing and is rebuilt.

`with files.batch(segments, last_seq) as b:` adds segments and commits them in one manifest
swap when the block ends, or removes them when it raises.
"""

from __future__ import annotations

import json
import os
import shutil
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .files import fsync_dir

MANIFEST = "manifest.json"


@dataclass
class Batch:
    """Segments being added to (or replacing those of) an index; committed as a whole."""

    files: IndexFiles
    segments: list[str]
    last_seq: int
    added: list[str] = field(default_factory=list)
    changed: bool = False
    extra: dict[str, Any] = field(default_factory=dict)  # more manifest fields to write
    manifest: dict[str, Any] | None = None  # the manifest written, once committed

    def write_segment(self, name: str, write: Callable[[Path], None]) -> str:
        """Write one segment with `write(tmp_dir)`, then rename it into place (not yet live)."""
        self.added.append(name)
        self.files.publish(name, write)
        self.segments.append(name)
        self.changed = True
        return name

    def advance(self, last_seq: int) -> None:
        self.last_seq = max(self.last_seq, last_seq)


class IndexFiles:
    """The manifest and segment directories of one derived index."""

    def __init__(self, directory: Path, header: dict[str, Any]) -> None:
        self.directory = Path(directory)
        self.header = header
        self.directory.mkdir(parents=True, exist_ok=True)

    def read_any(self) -> dict[str, Any] | None:
        """The manifest on disk, whatever its version (None when missing or unreadable)."""
        try:
            return json.loads((self.directory / MANIFEST).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    def read(self) -> tuple[dict[str, Any] | None, bool]:
        """(the manifest when present and current, stale: present but of another version)."""
        stored = self.read_any()
        if stored is None:
            return None, False
        if any(stored.get(k) != v for k, v in self.header.items()):
            return None, True
        return stored, False

    def write(self, segments: list[str], last_seq: int, **extra: Any) -> dict[str, Any]:
        manifest = {**self.header, **extra, "last_seq": last_seq, "segments": list(segments)}
        tmp = self.directory / f"{MANIFEST}.tmp-{uuid.uuid4().hex[:8]}"
        with open(tmp, "w", encoding="utf-8") as fh:
            json.dump(manifest, fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, self.directory / MANIFEST)
        fsync_dir(self.directory)
        return manifest

    def publish(self, name: str, write: Callable[[Path], None]) -> Path:
        tmp = self.directory / f"tmp-{name}"
        write(tmp)
        fsync_dir(tmp)
        final = self.directory / name
        os.replace(tmp, final)
        fsync_dir(self.directory)
        return final

    def sweep(self, live: list[str], temporaries: bool = False) -> None:
        """Remove segments no manifest names (left by a crash or a merge); with `temporaries`, also
        half-written files (only under the writer's lock: another writer may be mid-way)."""
        keep = set(live)
        for p in self.directory.iterdir():
            stray = p.name.startswith("seg-") and p.name not in keep
            if temporaries:
                stray = stray or p.name.startswith(("tmp-", f"{MANIFEST}.tmp"))
            if stray:
                shutil.rmtree(p, ignore_errors=True) if p.is_dir() else p.unlink(missing_ok=True)

    @contextmanager
    def batch(self, segments: list[str], last_seq: int, *, always: bool = False) -> Iterator[Batch]:
        """Commit the new segments in one manifest swap, or discard them all on an error.

        `always` writes the manifest even when nothing was added (a stale index made current)."""
        batch = Batch(self, list(segments), last_seq)
        try:
            yield batch
        except BaseException:
            for name in batch.added:
                shutil.rmtree(self.directory / name, ignore_errors=True)
            raise
        if batch.changed or always:
            batch.manifest = self.write(batch.segments, batch.last_seq, **batch.extra)


def smallest_to_merge(sizes: dict[str, float], most: int, full: float | None = None) -> list[str]:
    """Merge policy of the search index: above `most` segments, the smallest fold into one,
    leaving about half of `most`.  Segments of at least `full` are never merged again: rewriting
    them would only give segments as big (a segment's size is capped), so a large library keeps
    about size / capacity segments plus a few small ones, and a daily import rewrites only those."""
    if len(sizes) <= most:
        return []
    small = [n for n in sizes if full is None or sizes[n] < full]
    if len(small) < 2:
        return []
    return sorted(small, key=lambda n: sizes[n])[: max(2, len(sizes) - most // 2)]


def all_to_merge(sizes: dict[str, int], most: int) -> list[str]:
    """Merge policy of the fingerprints: above `most` segments, all fold into one."""
    return list(sizes) if len(sizes) > most else []
