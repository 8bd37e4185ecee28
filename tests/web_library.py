"""Shared helpers for the web tests: a small library with sentinel sentences in paid regions,
users of every role, clients signed in as them, and a real server process (the `web` fixture
that hands each test its own copy is in conftest.py)."""

from __future__ import annotations

import atexit
import io
import shutil
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from fastapi.testclient import TestClient

from sucai import accounts
from sucai.config import Settings, load_settings
from sucai.derived.catchup import refresh_indexes
from sucai.ingest.batch import import_paths
from sucai.store.home import open_library
from sucai.store.library import Library
from sucai.web import create_app
from tests.conftest import BACKEND, backend_env

PASSWORD = "correct-horse-9"
# Sentinels: strings that occur only inside paid regions.  Latin-and-digit codes survive
# every normalisation, so finding one in a response means paid text got out.
SENTINELS = ("QZX91KJ", "WPL73MV", "FGR55TY", "HJK28NB")

PAID_DOC = """岚川县哨兵检测局2024年上半年工作总结及下半年工作计划

今年以来，我局围绕全县中心工作，扎实推进各项任务，取得了阶段性成效。
一、上半年工作开展情况
（一）抓好基础建设。全年完成基层站所标准化改造12个，群众满意度持续提升。
围绕优化营商环境，开展专项行动3次，帮助企业解决问题46个。
##paidbegin##
（二）强化项目推进。重点项目建设稳步推进，哨兵编号QZX91KJ记录的会员专享经验写在这里。
实现营业收入88亿元，同比增长12.5%，其中重点指标由哨兵编号FGR55TY追踪。
二、存在的问题
部分干部担当意识不强，哨兵编号WPL73MV标记的问题分析只对会员开放。
三、下半年工作计划
下半年将继续深化改革，哨兵编号HJK28NB标记的计划举措只对会员开放。
##paidend##
岚川县哨兵检测局
2024年7月10日
"""

FREE_DOC = """岚川县公开示范办2024年上半年工作总结

今年以来，我办坚持问题导向，认真履行职责，各项工作有序推进。
一、主要工作
（一）完善制度建设。制定内部管理制度8项，规范工作流程。
（二）加强队伍建设。组织业务培训5期，参训人员200余人次。
二、下一步打算
继续围绕中心、服务大局，推动各项工作再上新台阶。
岚川县公开示范办
2024年7月12日
"""

ROLES = ("anonymous", "free", "expired", "member", "admin")
ENTITLED = {"member", "admin"}


@dataclass
class WebLibrary:
    settings: Settings
    library: Library
    paid_id: str
    free_id: str

    def app(self):
        return create_app(self.settings, self.library)


def build_library(tmp_path: Path, **settings: object) -> WebLibrary:
    """A fresh library for one test.  On SQLite it is a copy of one built once per session
    (importing, indexing and hashing four passwords is most of a web test's time); on
    PostgreSQL each test builds its own database."""
    if BACKEND == "postgres":
        return _build(tmp_path, **settings)
    if "home" not in _TEMPLATE:
        root = Path(tempfile.mkdtemp(prefix="sucai-web-template-"))
        atexit.register(shutil.rmtree, root, True)
        built = _build(root)
        built.library.close()
        _TEMPLATE.update(home=root / "home", paid=built.paid_id, free=built.free_id)
    _write_sources(tmp_path / "src")
    shutil.copytree(_TEMPLATE["home"], tmp_path / "home")
    cfg = load_settings(env=backend_env(), home=tmp_path / "home", **settings)
    return WebLibrary(cfg, open_library(cfg), str(_TEMPLATE["paid"]), str(_TEMPLATE["free"]))


_TEMPLATE: dict[str, object] = {}


def _write_sources(src: Path) -> None:
    src.mkdir()
    (src / "paid.txt").write_text(PAID_DOC, encoding="utf-8")
    (src / "free.txt").write_text(FREE_DOC, encoding="utf-8")


def _build(tmp_path: Path, **settings: object) -> WebLibrary:
    src = tmp_path / "src"
    _write_sources(src)
    cfg = load_settings(env=backend_env(), home=tmp_path / "home", **settings)
    library = open_library(cfg)
    report = import_paths(library, [src])
    assert not report.rejected, report.to_json()
    refresh_indexes(cfg, library)
    ids = {Path(r.path).name: r.documents[0] for r in report.results}
    db = library.db
    accounts.create_user(db, "free1", PASSWORD, accounts.FREE)
    accounts.create_user(db, "expired1", PASSWORD, accounts.MEMBER,
                         accounts.expiry_from(until=accounts.utcnow().date().replace(year=2020)))
    accounts.create_user(db, "member1", PASSWORD, accounts.MEMBER, accounts.expiry_from(days=30))
    accounts.create_user(db, "admin1", PASSWORD, accounts.ADMIN)
    return WebLibrary(cfg, library, ids["paid.txt"], ids["free.txt"])


def login(client: TestClient, role: str) -> str | None:
    """Sign the client in as the user of a role; returns the session's CSRF token."""
    if role == "anonymous":
        return None
    name = {"free": "free1", "expired": "expired1", "member": "member1", "admin": "admin1"}[role]
    r = client.post("/api/login", json={"username": name, "password": PASSWORD})
    assert r.status_code == 200, r.text
    return r.json()["csrf"]


def wait_for_job(client: TestClient, job_id: str, seconds: float = 60) -> dict:
    """The state of a background import once it is no longer running (or after `seconds`)."""
    import time

    deadline = time.monotonic() + seconds
    while True:
        job = client.get(f"/api/admin/jobs/{job_id}").json()
        if job["state"] != "running" or time.monotonic() > deadline:
            return job
        time.sleep(0.05)


def texts_of(content: bytes) -> str:
    """Everything readable in a response body, unzipping zips (docx) member by member."""
    if content[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(content)) as z:
            return "\n".join(z.read(n).decode("utf-8", "replace") for n in z.namelist())
    return content.decode("utf-8", "replace")


def leaked(content: bytes) -> list[str]:
    body = texts_of(content)
    return [s for s in SENTINELS if s in body]


SERVE = "from sucai.cli import main; main()"


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """A real `sucai serve` process on localhost, stopped on exit."""

    def __init__(self, home: Path, env: dict[str, str] | None = None) -> None:
        import os
        import subprocess
        import sys

        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc = subprocess.Popen(
            [sys.executable, "-c", SERVE, "--home", str(home), "serve", "--port", str(self.port)],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            env={**os.environ, **(env or {})},
        )
        self._wait()

    def _wait(self) -> None:
        import time

        import httpx

        for _ in range(300):
            if self.proc.poll() is not None:
                raise AssertionError(f"server exited: {self.proc.stdout.read() if self.proc.stdout else ''}")
            try:
                if httpx.get(self.url + "/static/style.css", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.1)
        raise AssertionError("server did not start")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except Exception:
            self.proc.kill()

    def __enter__(self) -> Server:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


# ------------------------------------------------------------------ hostile uploads

def bomb_docx(unpacked_mb: int = 10) -> bytes:
    """A real docx whose body also holds `unpacked_mb` MB of empty paragraphs (`<w:p/>`, about 175,000
    per MB): tens of KB packed, and every paragraph costs the docx reader time."""
    import docx

    document = docx.Document()
    document.add_paragraph("岚川县测试稿：这是一段正常的文字。")
    buf = io.BytesIO()
    document.save(buf)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(buf.getvalue())) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "word/document.xml":
                padding = b"<w:p/>" * (unpacked_mb * 1024 * 1024 // 6)
                data = data.replace(b"<w:body>", b"<w:body>" + padding, 1)
            dst.writestr(item.filename, data)
    return out.getvalue()


def zip_of(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buf.getvalue()


def lying_zip(name: str = "材料/说谎的文件.txt") -> bytes:
    """A zip whose member's headers declare fewer bytes than its data holds."""
    text = ("岚川县工作总结\n\n一、工作情况\n" + "今年工作顺利推进。" * 400).encode()
    data = bytearray(zip_of({name: text}))
    declared = (100).to_bytes(4, "little")
    local = data.find(b"PK\x03\x04")
    central = data.find(b"PK\x01\x02")
    data[local + 22:local + 26] = declared
    data[central + 24:central + 28] = declared
    return bytes(data)


def broken_deflate_zip(name: str = "材料/坏的文件.txt") -> bytes:
    """A zip whose member's deflate stream is garbage (an invalid block type; sizes and CRC as declared)."""
    text = ("岚川县工作总结\n\n一、工作情况\n" + "".join(f"第{i}项工作顺利推进。" for i in range(600))).encode()
    data = bytearray(zip_of({name: text}))
    local = data.find(b"PK\x03\x04")
    start = local + 30 + int.from_bytes(data[local + 26:local + 28], "little") \
        + int.from_bytes(data[local + 28:local + 30], "little")
    size = int.from_bytes(data[local + 18:local + 22], "little")
    for i in range(start, start + min(size, 64)):
        data[i] = 0xFF
    return bytes(data)


def slow_docx(paragraphs: int = 150_000) -> bytes:
    """A docx of many short, different paragraphs: it compresses like any document (no bomb), yet
    takes the docx reader many seconds."""
    import docx

    document = docx.Document()
    document.add_paragraph("岚川县测试稿")
    buf = io.BytesIO()
    document.save(buf)
    body = "".join(f"<w:p><w:r><w:t>第{n}条 {n * 7919 % 100003}</w:t></w:r></w:p>" for n in range(paragraphs))
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(buf.getvalue())) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "word/document.xml":
                data = data.replace(b"<w:body>", b"<w:body>" + body.encode(), 1)
            dst.writestr(item.filename, data)
    return out.getvalue()
