"""Uploads that cannot sink the server, spreadsheet-safe cells, request limits, client addresses and
security headers — over HTTP in-process, against real files."""

from __future__ import annotations

import csv
import io
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from sucai.ingest.readers import read_file
from sucai.ingest.safezip import MAX_RATIO
from sucai.writing import to_csv, to_xlsx
from tests.web_library import (
    PASSWORD,
    WebLibrary,
    bomb_docx,
    broken_deflate_zip,
    build_library,
    login,
    lying_zip,
    slow_docx,
    wait_for_job,
    zip_of,
)


def error_of(r) -> dict:
    body = r.json()
    assert set(body) == {"error"} and body["error"]["status"] == r.status_code, body
    return body["error"]


# ------------------------------------------------------------------ uploads

def test_a_docx_bomb_is_refused_before_it_is_parsed(web: WebLibrary) -> None:
    client = TestClient(web.app())
    csrf = login(client, "free")
    bomb = bomb_docx(10)
    assert len(bomb) < 100_000
    started = time.perf_counter()
    r = client.post("/api/check/file", headers={"X-CSRF-Token": csrf or ""},
                    files={"file": ("炸弹.docx", bomb, "application/octet-stream")})
    elapsed = time.perf_counter() - started
    error = error_of(r)
    assert 400 <= r.status_code < 500 and "压缩炸弹" in error["message"] and "word/document.xml" in error["message"]
    assert "炸弹.docx" in error["message"] and "sucai-check" not in error["message"]  # the user's name, no temp path
    assert elapsed < 20  # sanity only (the bomb took 26 s of CPU): no timing is asserted closely


def test_a_docx_bomb_is_refused_by_the_reader_too(tmp_path: Path) -> None:
    path = tmp_path / "炸弹.docx"
    path.write_bytes(bomb_docx(3))
    with pytest.raises(Exception) as refused:
        read_file(path)
    assert getattr(refused.value, "status", 500) < 500 and f"上限 {MAX_RATIO} 倍" in str(refused.value)


def test_a_normal_docx_draft_is_read_in_a_child_process(web: WebLibrary) -> None:
    client = TestClient(web.app())
    csrf = login(client, "member")
    small = bomb_docx(0)  # the same package without padding: an ordinary docx
    r = client.post("/api/check/file", headers={"X-CSRF-Token": csrf or ""},
                    files={"file": ("稿.docx", small, "application/octet-stream")})
    assert r.status_code == 200, r.text
    assert "这是一段正常的文字" in r.json()["text"]


def test_a_slow_upload_is_stopped_at_the_time_limit(tmp_path: Path) -> None:
    """A docx that compresses like any document but takes the reader long: stopped after
    parse_seconds, in the check and in the admin import, and the server answers meanwhile."""
    lib = build_library(tmp_path, parse_seconds=1)
    try:
        client = TestClient(lib.app())
        csrf = login(client, "member")
        slow = slow_docx(60_000)  # about 9 s to read on the 2-core test machine, stopped after 1 s
        r = client.post("/api/check/file", headers={"X-CSRF-Token": csrf or ""},
                        files={"file": ("慢稿.docx", slow, "application/octet-stream")})
        assert r.status_code == 422 and "超时" in error_of(r)["message"]
        admin = TestClient(lib.app())
        token = login(admin, "admin")
        job = admin.post("/api/admin/import", headers={"X-CSRF-Token": token or ""},
                         files={"files": ("慢稿.docx", slow, "application/octet-stream")}).json()
        state = wait_for_job(admin, job["id"])
        assert state["state"] == "finished", state
        assert [r["status"] for r in state["results"]] == ["rejected"] and "超时" in state["results"][0]["error"]
    finally:
        lib.library.close()


@pytest.mark.parametrize("archive, member", [(lying_zip, "说谎的文件.txt"), (broken_deflate_zip, "坏的文件.txt")])
def test_corrupt_zip_uploads_are_a_4xx_naming_the_member(web: WebLibrary, archive, member: str) -> None:
    client = TestClient(web.app())
    csrf = login(client, "admin")
    r = client.post("/api/admin/import", headers={"X-CSRF-Token": csrf or ""},
                    files={"files": ("材料.zip", archive(), "application/zip")})
    error = error_of(r)
    assert 400 <= r.status_code < 500 and member in error["message"] and "材料.zip" in error["message"]
    page = client.post("/admin/upload", data={"csrf": csrf or ""},
                       files={"files": ("材料.zip", archive(), "application/zip")})
    assert 400 <= page.status_code < 500 and member in page.text


def test_a_zip_bomb_member_is_refused_before_extraction(web: WebLibrary) -> None:
    client = TestClient(web.app())
    csrf = login(client, "admin")
    bomb = zip_of({"材料/炸弹.txt": b" " * (8 * 1024 * 1024), "材料/正常.txt": "岚川县工作总结\n".encode()})
    r = client.post("/api/admin/import", headers={"X-CSRF-Token": csrf or ""},
                    files={"files": ("材料.zip", bomb, "application/zip")})
    error = error_of(r)
    assert 400 <= r.status_code < 500 and "炸弹.txt" in error["message"] and "压缩比" in error["message"]


# ------------------------------------------------------------------ spreadsheet cells

DANGEROUS = ["=HYPERLINK(\"http://evil\",\"点我\")", "+1+1", "-2+3", "@SUM(A1)", "\tTAB", "\rCR"]


def test_csv_and_xlsx_cells_never_start_a_formula() -> None:
    rows = [{"org": text, "period": "2024年", "subject": "营业收入", "value": 88.5, "unit": "亿元", "change": -12.5,
             "doc_id": "d1", "title": text, "text": "正文"} for text in DANGEROUS]
    rows.append({"org": "岚川县", "period": "2024年", "subject": "增长", "value": "-3.2", "unit": "%",
                 "change": "+1.5", "doc_id": "d2", "title": "标题", "text": "正文"})
    parsed = list(csv.reader(io.StringIO(to_csv(rows), newline="")))[1:]
    for row in parsed[:-1]:
        assert row[0].startswith("'") and row[0][1:] in DANGEROUS
        assert row[3] == "88.5" and row[5] == "-12.5"  # numbers stay numbers
    assert parsed[-1][3] == "-3.2" and parsed[-1][5] == "+1.5"  # numeric text too
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(to_xlsx(rows))).active
    for r in range(2, 2 + len(DANGEROUS)):
        cell = sheet.cell(r, 1)
        assert cell.data_type == "s" and cell.value in DANGEROUS  # text, not a formula
        assert sheet.cell(r, 4).value == 88.5 and sheet.cell(r, 4).data_type == "n"
        assert sheet.cell(r, 6).value == -12.5
    assert sheet.cell(2 + len(DANGEROUS), 4).value == -3.2


# ------------------------------------------------------------------ request limits

def test_search_and_check_limits_answer_429_with_retry_after(tmp_path: Path) -> None:
    lib = build_library(tmp_path, search_per_minute=3, check_per_minute=2, member_search_per_minute=50)
    try:
        app = lib.app()  # one app: its limiter is shared by all clients below
        anon = TestClient(app)
        codes = [anon.get("/api/search", params={"q": "工作"}).status_code for _ in range(4)]
        assert codes == [200, 200, 200, 429]
        refused = anon.get("/api/search", params={"q": "工作"})
        assert error_of(refused)["status"] == 429 and int(refused.headers["retry-after"]) >= 1
        page = anon.get("/search", params={"q": "工作"})
        assert page.status_code == 429 and "retry-after" in page.headers
        # another account from the same address has its own allowance as a member
        member = TestClient(app)
        login(member, "member")
        assert all(member.get("/api/search", params={"q": "工作"}).status_code == 200 for _ in range(10))
        free = TestClient(app, client=("10.1.1.1", 5000))
        login(free, "free")
        checks = [free.post("/api/check", json={"text": "今年工作顺利推进。"}).status_code for _ in range(3)]
        assert checks == [200, 200, 429]
        # per account: the same free user from another address is still over its allowance
        moved = TestClient(app, client=("10.2.2.2", 5000))
        moved.cookies.update(free.cookies)
        assert moved.post("/api/check", json={"text": "今年工作顺利推进。"}).status_code == 429
    finally:
        lib.library.close()


def test_forwarded_for_is_believed_only_from_a_trusted_proxy(tmp_path: Path) -> None:
    lib = build_library(tmp_path, trusted_proxies="10.9.0.0/16")
    try:
        def wrong_logins(client: TestClient, forwarded: str) -> list[int]:
            return [client.post("/api/login", json={"username": "free1", "password": "wrong-pass-1"},
                                headers={"X-Forwarded-For": forwarded}).status_code for _ in range(6)]

        app = lib.app()
        stranger = TestClient(app, client=("203.0.113.5", 4000))
        assert wrong_logins(stranger, "198.51.100.1")[-1] == 429
        # the header from an untrusted client changed nothing: its real address is still held up
        again = stranger.post("/api/login", json={"username": "free1", "password": PASSWORD},
                              headers={"X-Forwarded-For": "198.51.100.99"})
        assert again.status_code == 429
        proxy = TestClient(app, client=("10.9.0.2", 4000))
        ok = proxy.post("/api/login", json={"username": "free1", "password": PASSWORD},
                        headers={"X-Forwarded-For": "198.51.100.7, 10.9.0.3"})
        assert ok.status_code == 200  # through the proxy the client is 198.51.100.7, not held up
    finally:
        lib.library.close()


# ------------------------------------------------------------------ headers

def test_every_response_carries_the_security_headers(web: WebLibrary) -> None:
    client = TestClient(web.app())
    responses = [client.get(u) for u in ("/", "/search?q=工作", "/static/style.css", "/api/search?q=工作",
                                         "/api/documents/none", "/nowhere", "/openapi.json", "/template")]
    responses.append(client.post("/api/check", content=b"x" * (3 * 1024 * 1024),
                                 headers={"Content-Type": "application/json"}))  # a 413 from the body limit
    for r in responses:
        csp = r.headers.get("content-security-policy", "")
        assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp, (r.url, r.headers)
        assert "unsafe-inline" not in csp
        assert r.headers["x-frame-options"] == "DENY" and r.headers["x-content-type-options"] == "nosniff"
        assert r.headers["referrer-policy"] == "same-origin"
    docs = client.get("/api/docs")
    assert docs.status_code == 200 and "'sha256-" in docs.headers["content-security-policy"]


def test_templates_hold_no_inline_script_style_or_handler() -> None:
    import re

    folder = Path(__file__).resolve().parents[1] / "sucai" / "web" / "templates"
    for page in folder.glob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text), page.name
        assert not re.search(r"<style\b|\sstyle=|\son[a-z]+=", text), page.name
