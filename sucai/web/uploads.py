"""Admin uploads: copy into a private temp folder, unpack zips safely.

Zip member names are never trusted: absolute paths, `..` parts, drive letters,
symbolic links and device names are refused, declared sizes and compression ratios
are checked before anything is written (no zip bombs), corrupt members are a 4xx
naming the member, and every file lands under the temp folder with a cleaned name.
"""

from __future__ import annotations

import contextlib
import shutil
import stat
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from starlette.concurrency import run_in_threadpool

from ..errors import SucaiError
from ..export.compile import safe_filename
from ..ingest.safezip import open_checked, read_chunks

ALLOWED = {".txt", ".md", ".markdown", ".docx", ".pdf", ".html", ".htm", ".zip",
           ".png", ".jpg", ".jpeg", ".tif", ".tiff"}  # images are page scans, read with OCR
MAX_MEMBERS = 5000
_CHUNK = 1024 * 1024


class UploadTooLarge(SucaiError):
    status = 413


@dataclass
class Staged:
    folder: Path
    names: list[str]

    def cleanup(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


def clean_name(name: str) -> str:
    """The last part of a client-supplied file name, without anything a path could use."""
    return safe_filename(name.replace("\\", "/").split("/")[-1], fallback="upload", limit=120)


async def stage_uploads(files: list[Any], limit: int) -> Staged:
    """Write uploaded files (zips unpacked) into a fresh temp folder; refuse unsafe or oversized input."""
    if not files:
        raise SucaiError("请选择要上传的文件")
    folder = Path(tempfile.mkdtemp(prefix="sucai-upload-"))
    staged = Staged(folder, [])
    try:
        total = 0
        for n, upload in enumerate(files):
            name = clean_name(upload.filename or f"upload-{n}")
            suffix = Path(name).suffix.lower()
            if suffix not in ALLOWED:
                raise SucaiError(f"不支持的文件类型：{name}（支持 txt、md、docx、pdf、html、zip）")
            target = folder / f"{n:03d}" / name  # one folder per upload keeps equal names apart
            target.parent.mkdir(parents=True, exist_ok=True)
            with target.open("wb") as out:
                while chunk := await upload.read(_CHUNK):
                    total += len(chunk)
                    if total > limit:
                        raise UploadTooLarge(f"上传内容超过上限 {limit // (1024 * 1024)} MB")
                    out.write(chunk)
            if suffix == ".zip":  # inflating is CPU work: off the event loop
                staged.names.extend(await run_in_threadpool(
                    unpack_zip, target, target.parent / (target.stem + "_zip"), limit))
                target.unlink()
            else:
                staged.names.append(name)
        if not staged.names:
            raise SucaiError("上传的压缩包中没有可导入的文件")
        return staged
    except BaseException:
        staged.cleanup()
        raise


async def read_limited(upload: Any, limit: int) -> bytes:
    """The bytes of one uploaded file, refused with 413 past the limit (read in chunks, never whole)."""
    parts, total = [], 0
    while chunk := await upload.read(_CHUNK):
        total += len(chunk)
        if total > limit:
            raise UploadTooLarge(f"文件过大：上限 {limit // (1024 * 1024)} MB")
        parts.append(chunk)
    return b"".join(parts)


def unpack_zip(path: Path, dest: Path, limit: int) -> list[str]:
    """Extract the importable members of a zip into dest; returns their names.

    Sizes and compression ratios are checked from the headers before anything is written, and
    a member that is corrupt or lies about its size is a 4xx naming it (sucai.ingest.safezip)."""
    with path.open("rb") as raw, open_checked(raw, name=path.name, max_total=limit) as archive:
        members = [m for m in archive.infolist() if not m.is_dir()]
        if len(members) > MAX_MEMBERS:
            raise SucaiError(f"压缩包中的文件过多（上限 {MAX_MEMBERS} 个）")
        dest.mkdir(parents=True, exist_ok=True)
        return [name for member in members if (name := _extract(archive, member, dest, path.name))]


def _extract(archive: zipfile.ZipFile, member: zipfile.ZipInfo, dest: Path, zip_name: str) -> str | None:
    """Write one member under dest; None for members that are skipped, not imported."""
    parts = safe_member_parts(member)
    if parts[0] == "__MACOSX" or member_name(member).split("/")[-1].startswith("."):
        return None  # resource forks and hidden files that archivers add
    if Path(parts[-1]).suffix.lower() not in ALLOWED - {".zip"}:
        return None  # nested zips and other files are skipped, not imported
    target = dest.joinpath(*parts)
    if dest.resolve() not in target.resolve().parents:
        raise SucaiError(f"压缩包中的文件名不安全：{member.filename}")
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("wb") as out:
        for chunk in read_chunks(archive, member, name=zip_name, shown=member_name(member)):
            out.write(chunk)
    return "/".join(parts)


def member_name(member: zipfile.ZipInfo) -> str:
    """Zips made on Chinese Windows store GBK names without the UTF-8 flag; decode those properly."""
    name = member.filename
    if not member.flag_bits & 0x800:
        with contextlib.suppress(UnicodeEncodeError, UnicodeDecodeError):
            name = name.encode("cp437").decode("gbk")
    return name


def safe_member_parts(member: zipfile.ZipInfo) -> list[str]:
    name = member_name(member).replace("\\", "/")
    mode = member.external_attr >> 16
    if stat.S_ISLNK(mode):
        raise SucaiError(f"压缩包中含有符号链接：{name}")
    posix = PurePosixPath(name)
    if name.startswith("/") or posix.is_absolute() or (len(name) > 1 and name[1] == ":"):
        raise SucaiError(f"压缩包中的文件名不安全：{name}")
    parts = [p for p in posix.parts if p not in ("", ".")]
    if not parts or any(p == ".." for p in parts):
        raise SucaiError(f"压缩包中的文件名不安全：{name}")
    return [clean_name(p) for p in parts]
