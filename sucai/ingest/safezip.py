"""Zip archives (zip uploads, docx packages) checked before anything is decompressed.

A member's header declares its compressed and uncompressed size.  Before parsing, the declared
sizes are bounded (in total, and in ratio for members big enough to matter), so a small file
cannot expand into gigabytes of XML.  While a member is read, the bytes actually produced are
held to what its header declared, and every way a corrupt member can fail (bad deflate stream,
CRC, truncated data, unsupported or encrypted compression) becomes a ParseError that names the
member, never an unexpected exception.
"""

from __future__ import annotations

import zipfile
import zlib
from collections.abc import Iterator
from typing import IO

from ..errors import ParseError, SucaiError

MB = 1024 * 1024
MAX_RATIO = 100  # uncompressed / compressed; Office XML is typically 5-20x, bombs hundreds or more
RATIO_FLOOR = 1 * MB  # members smaller than this are never refused for their ratio
CHUNK = MB
CORRUPT = (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError, ValueError, OSError)


class ArchiveTooLarge(SucaiError):
    status = 413


def check_members(archive: zipfile.ZipFile, *, name: str, max_total: int, max_ratio: float = MAX_RATIO) -> None:
    """Refuse an archive whose members declare more than max_total bytes in all, or compress
    suspiciously well (a decompression bomb), before any member is read."""
    total = 0
    for member in archive.infolist():
        if member.is_dir():
            continue
        total += member.file_size
        if total > max_total:
            raise ArchiveTooLarge(f"{name} 解压后超过 {max_total // MB} MB，已拒绝", path=name)
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > RATIO_FLOOR and ratio > max_ratio:
            raise ParseError(f"{name} 中的“{member.filename}”压缩比异常（{ratio:.0f} 倍，上限 {max_ratio:.0f} 倍），"
                             "疑似压缩炸弹，已拒绝", path=name)


def open_checked(data: IO[bytes], *, name: str, max_total: int, max_ratio: float = MAX_RATIO) -> zipfile.ZipFile:
    """A ZipFile over data whose members passed check_members; a non-zip is a ParseError."""
    try:
        archive = zipfile.ZipFile(data)
    except CORRUPT as exc:
        raise ParseError(f"{name} 不是有效的 zip 文件（{exc}）", path=name) from exc
    try:
        check_members(archive, name=name, max_total=max_total, max_ratio=max_ratio)
    except BaseException:
        archive.close()
        raise
    return archive


def read_chunks(archive: zipfile.ZipFile, member: zipfile.ZipInfo, *, name: str,
                shown: str | None = None) -> Iterator[bytes]:
    """The bytes of one member in chunks, never more than its header declared; corrupt data is a
    ParseError naming the member (`shown`: the member's name as the user knows it)."""
    label = shown or member.filename
    written = 0
    try:
        with archive.open(member) as src:
            while chunk := src.read(CHUNK):
                written += len(chunk)
                if written > member.file_size:
                    raise ParseError(f"{name} 中的“{label}”内容与声明的大小不符", path=name)
                yield chunk
    except CORRUPT as exc:
        raise ParseError(f"{name} 中的“{label}”已损坏，无法解压（{exc}）", path=name) from exc
    if written != member.file_size:
        raise ParseError(f"{name} 中的“{label}”内容与声明的大小不符", path=name)
