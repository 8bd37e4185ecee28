"""Online backup and restore of the SQLite library of a data home.

PostgreSQL deployments use pg_dump/pg_restore (see docs/deployment.md); the
derived indexes are not backed up: a restored library rebuilds them.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from ..config import Settings
from ..errors import SucaiError


def _require_sqlite(settings: Settings) -> None:
    if settings.database_url:
        raise SucaiError("PostgreSQL 素材库请用 pg_dump / pg_restore 备份和恢复（见 docs/deployment.md）")


def _copy(source: str, target: Path) -> None:
    """SQLite's online backup from `source` (a path or a file: URI) into a new file."""
    src = sqlite3.connect(source, uri=source.startswith("file:"))
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()


def backup(settings: Settings, target: Path) -> int:
    """Copy the live library to `target` with SQLite's online backup; returns its size in bytes."""
    _require_sqlite(settings)
    if not settings.sqlite_path.exists():
        raise SucaiError(f"数据目录 {settings.home} 中还没有素材库")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    _copy(str(settings.sqlite_path), partial)
    partial.replace(target)
    return target.stat().st_size


def restore(settings: Settings, source: Path) -> None:
    """Replace the library with a backup, after checking it is one; indexes are dropped to be rebuilt."""
    _require_sqlite(settings)
    if not source.is_file():
        raise SucaiError(f"备份文件不存在：{source}")
    try:
        conn = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            conn.execute("SELECT version FROM schema_version").fetchall()
            conn.execute("SELECT COUNT(*) FROM documents").fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise SucaiError(f"{source} 不是 sucai 素材库备份：{exc}") from exc
    settings.home.mkdir(parents=True, exist_ok=True)
    staged = settings.sqlite_path.with_name("restore.partial")
    _copy(f"file:{source}?mode=ro", staged)
    for suffix in ("-wal", "-shm"):
        Path(str(settings.sqlite_path) + suffix).unlink(missing_ok=True)
    staged.replace(settings.sqlite_path)
    for derived in ("index", "fingerprints"):
        shutil.rmtree(settings.home / derived, ignore_errors=True)
