"""Small pieces shared by the service and its mixins."""

from __future__ import annotations

from pathlib import Path

from .accounts import Reader
from .compile import ExportFile
from .errors import AuthError

INDEX_CHECK_SECONDS = 1.0  # how often a node compares its indexes with the store
MAX_QUERY = 200

FileOut = ExportFile  # a file to send: bytes, media type and the (Chinese) file name


def manifest_stamp(directory: Path) -> int | None:
    """When an index's manifest last changed (another process on this data home wrote it)."""
    try:
        return (directory / "manifest.json").stat().st_mtime_ns
    except OSError:
        return None


def require_user(reader: Reader) -> int:
    if reader.user_id is None:
        raise AuthError("请先登录")
    return reader.user_id
