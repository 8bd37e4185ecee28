"""The web API contract, security rules and error shape, over HTTP in-process."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from urllib.parse import unquote

import pytest
from fastapi.testclient import TestClient

from tests.web_library import PASSWORD, WebLibrary, build_library, login, wait_for_job


def error_of(r) -> dict:
    body = r.json()
    assert set(body) == {"error"} and set(body["error"]) == {"status", "message"}, body
    assert body["error"]["status"] == r.status_code and body["error"]["message"]
    return body["error"]


def test_login_sets_a_safe_session_cookie_and_logout_ends_it(web: WebLibrary) -> None:
    client = TestClient(web.app())
    r = client.post("/api/login", json={"username": "member1", "password": PASSWORD})
    cookie = r.headers["set-cookie"]
    assert "sucai_session=" in cookie and "HttpOnly" in cookie and "SameSite=lax" in cookie.replace("Lax", "lax")
    assert "Secure" not in cookie
    assert client.get("/api/me").json()["tier"] == "member"
    assert client.post("/api/logout").status_code == 200
    assert client.get("/api/me").json()["signed_in"] is False


def test_secure_cookie_setting(tmp_path: Path) -> None:
    lib = build_library(tmp_path, secure_cookies=True)
    r = TestClient(lib.app(), base_url="https://testserver").post(
        "/api/login", json={"username": "free1", "password": PASSWORD})
    assert "Secure" in r.headers["set-cookie"]


def test_wrong_password_and_rate_limit(web: WebLibrary) -> None:
    client = TestClient(web.app())
    for _ in range(5):
        assert error_of(client.post("/api/login", json={"username": "free1", "password": "nope-nope"}))["status"] == 401
    assert error_of(client.post("/api/login", json={"username": "free1", "password": PASSWORD}))["status"] == 429


def test_api_writes_need_json_or_the_csrf_header(web: WebLibrary) -> None:
    client = TestClient(web.app())
    csrf = login(client, "member")
    form = client.post("/api/basket", data={"doc_id": web.paid_id})
    assert error_of(form)["status"] == 403
    ok = client.post("/api/basket", content=b'{"doc_id": "%s"}' % web.paid_id.encode(),
                     headers={"Content-Type": "text/plain", "X-CSRF-Token": csrf})
    assert ok.status_code in (200, 422)  # passes the CSRF gate; the body is then read as JSON or refused
    assert client.post("/api/basket", json={"doc_id": web.paid_id}).status_code == 200


def test_form_posts_need_the_csrf_token(web: WebLibrary) -> None:
    client = TestClient(web.app())
    login(client, "member")
    r = client.post("/basket/add", data={"doc_id": web.paid_id, "csrf": "forged"}, follow_redirects=False)
    assert r.status_code == 403 and "表单已失效" in r.text
    page = client.get("/basket").text
    token = page.split('name="csrf" value="')[1].split('"')[0]
    r = client.post("/basket/add", data={"doc_id": web.paid_id, "csrf": token}, follow_redirects=False)
    assert r.status_code == 303


def test_anonymous_login_form_uses_a_double_submit_cookie(web: WebLibrary) -> None:
    client = TestClient(web.app())
    page = client.get("/login")
    token = page.text.split('name="csrf" value="')[1].split('"')[0]
    assert client.cookies.get("sucai_csrf") == token
    r = client.post("/login", data={"csrf": token, "username": "free1", "password": PASSWORD, "next": "//evil.com"},
                    follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/"  # no open redirect
    assert client.get("/api/me").json()["name"] == "free1"


def test_download_rules(tmp_path: Path) -> None:
    lib = build_library(tmp_path, member_daily_downloads=2, free_daily_downloads=0)
    anon = TestClient(lib.app())
    assert error_of(anon.get(f"/api/documents/{lib.paid_id}/download?format=txt"))["status"] == 402
    assert error_of(anon.get(f"/api/documents/{lib.free_id}/download?format=txt"))["status"] == 403
    free = TestClient(lib.app())
    login(free, "free")
    assert error_of(free.get(f"/api/documents/{lib.paid_id}/download?format=docx"))["status"] == 402
    assert error_of(free.get(f"/api/documents/{lib.free_id}/download?format=docx"))["status"] == 403
    member = TestClient(lib.app())
    login(member, "member")
    r = member.get(f"/api/documents/{lib.paid_id}/download?format=docx")
    assert r.status_code == 200 and r.content[:2] == b"PK"
    disposition = r.headers["content-disposition"]
    assert disposition.startswith("attachment;") and "filename*=UTF-8''" in disposition
    assert unquote(disposition.split("UTF-8''")[1]).startswith("岚川县哨兵检测局")
    assert member.get(f"/api/documents/{lib.free_id}/download?format=md").status_code == 200
    assert member.get("/api/me").json()["quota_left"] == 0
    assert error_of(member.get(f"/api/documents/{lib.free_id}/download?format=txt"))["status"] == 429
    assert error_of(member.get(f"/api/documents/{lib.free_id}/download?format=pdf"))["status"] == 422


def test_errors_share_one_shape(web: WebLibrary) -> None:
    client = TestClient(web.app())
    cases = [
        (client.get("/api/documents/nope"), 404),
        (client.get("/api/nowhere"), 404),
        (client.get("/api/search"), 422),
        (client.get("/api/search", params={"q": "x", "limit": "many"}), 422),
        (client.get("/api/basket"), 401),
        (client.get("/api/admin/overview"), 401),
        (client.post("/api/login", content=b"{not json", headers={"Content-Type": "application/json"}), 422),
        (client.put("/api/basket", json={}), 405),
    ]
    for response, status in cases:
        assert error_of(response)["status"] == status


def test_basket_is_private_and_ordered(web: WebLibrary) -> None:
    a, b = TestClient(web.app()), TestClient(web.app())
    login(a, "member")
    login(b, "free")
    a.post("/api/basket", json={"doc_id": web.paid_id, "node": 1})
    a.post("/api/basket", json={"doc_id": web.free_id})
    items = a.post("/api/basket/order", json={"items": [{"doc_id": web.free_id, "node": -1}]}).json()
    assert [(i["doc_id"], i["node"]) for i in items] == [(web.free_id, -1), (web.paid_id, 1)]
    assert b.get("/api/basket").json() == []
    assert error_of(a.post("/api/basket", json={"doc_id": web.paid_id, "node": 999}))["status"] == 404


def test_user_text_is_escaped(web: WebLibrary) -> None:
    client = TestClient(web.app())
    page = client.get("/search", params={"q": "<script>alert(1)</script>"}).text
    assert "<script>alert(1)" not in page and "&lt;script&gt;" in page


def zip_bytes(members: dict[str, str]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, text in members.items():
            z.writestr(name, text)
    return buf.getvalue()


def test_admin_upload_imports_a_zip_in_the_background(web: WebLibrary) -> None:
    client = TestClient(web.app())
    csrf = login(client, "admin")
    data = zip_bytes({"材料/岚川县上传测试办2024年工作总结.txt":
                      "岚川县上传测试办2024年工作总结\n\n一、主要工作\n上传导入的独特句子甲乙丙丁已经完成。\n",
                      "材料/坏文件.pdf": "not a pdf"})
    r = client.post("/api/admin/import", headers={"X-CSRF-Token": csrf},
                    files={"files": ("批量.zip", data, "application/zip")})
    assert r.status_code == 200, r.text
    job_id = r.json()["id"]
    job = wait_for_job(client, job_id)
    assert job["state"] == "finished", job
    statuses = {row["path"]: row["status"] for row in job["results"]}
    assert statuses == {"岚川县上传测试办2024年工作总结.txt": "imported", "坏文件.pdf": "rejected"}
    assert client.get("/api/search", params={"q": "甲乙丙丁"}).json()["total"] == 1
    assert "已完成" in client.get(f"/admin/jobs/{job_id}").text
    run = job["report"]["run"]
    assert "坏文件.pdf" in client.get(f"/admin/runs/{run}").text


@pytest.mark.parametrize("name", ["../evil.txt", "/etc/evil.txt", "a/../../evil.txt", "C:/evil.txt"])
def test_zip_members_cannot_escape(web: WebLibrary, name: str, tmp_path: Path) -> None:
    client = TestClient(web.app())
    csrf = login(client, "admin")
    r = client.post("/api/admin/import", headers={"X-CSRF-Token": csrf},
                    files={"files": ("x.zip", zip_bytes({name: "越界内容"}), "application/zip")})
    assert error_of(r)["status"] == 400 and "不安全" in r.json()["error"]["message"]


def test_upload_size_limit(tmp_path: Path) -> None:
    lib = build_library(tmp_path, max_upload_mb=1)
    client = TestClient(lib.app())
    csrf = login(client, "admin")
    big = b"x" * (1024 * 1024 + 10)
    r = client.post("/api/admin/import", headers={"X-CSRF-Token": csrf},
                    files={"files": ("big.txt", big, "text/plain")})
    assert error_of(r)["status"] == 413
    r = client.post("/api/login", content=b"{" + b" " * (3 * 1024 * 1024) + b"}",
                    headers={"Content-Type": "application/json"})
    assert error_of(r)["status"] == 413


def test_pages_render_for_each_role(web: WebLibrary) -> None:
    for role in ("anonymous", "free", "member", "admin"):
        client = TestClient(web.app())
        login(client, role)
        for url in ("/", "/search?q=工作", "/search?q=工作&headings=1", f"/documents/{web.paid_id}", "/collections"):
            r = client.get(url)
            assert r.status_code == 200, (role, url)
            assert r.headers["cache-control"] == "private, no-store"
        assert client.get("/basket", follow_redirects=False).status_code == (303 if role == "anonymous" else 200)
        assert client.get("/admin", follow_redirects=False).status_code in {
            "anonymous": (303,), "free": (403,), "member": (403,), "admin": (200,)}[role]
    page = TestClient(web.app()).get(f"/documents/{web.paid_id}").text
    assert 'href="#p-' in page and "会员内容" in page


@pytest.mark.slow
def test_openapi_fuzz_finds_no_server_error(web: WebLibrary) -> None:
    schemathesis = pytest.importorskip("schemathesis", reason="schemathesis is not installed")
    from hypothesis import HealthCheck, given, settings

    app = web.app()
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    failures: list[tuple] = []
    session: dict[str, str] = {}

    def sign_in() -> None:  # fuzz as the admin, so every route gets past its door
        from sucai import accounts

        admin = accounts.user_by_name(web.library.db, "admin1")
        token, _ = accounts.create_session(web.library.db, admin["id"], days=1)
        session["cookie"] = f"sucai_session={token}"

    sign_in()
    operations = [op.ok() for op in schema.get_all_operations()]
    assert len(operations) >= 20
    for op in operations:
        @settings(max_examples=30, deadline=None, database=None, suppress_health_check=list(HealthCheck))
        @given(case=op.as_strategy())
        def run(case) -> None:
            response = case.call(headers={"Cookie": session["cookie"]})
            if response.status_code >= 500:
                failures.append((case.method, case.formatted_path, response.status_code, response.text[:200]))
            if case.path == "/api/logout":
                sign_in()

        run()
    assert not failures, failures[:5]
