"""The paywall never leaks: every route of the app, as every role, over paid sentinel sentences.

Routes are enumerated from the app's router, and the test fails when a route has
no request in the table below, so a new route cannot slip past this check.
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from starlette.routing import Mount

from tests.web_library import ENTITLED, ROLES, SENTINELS, WebLibrary, leaked, login


def upload_zip() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("新材料/一篇.txt", "岚川县新增测试单位2024年工作总结\n\n一、工作情况\n今年工作顺利推进。\n")
    return buf.getvalue()


def requests_for(lib: WebLibrary, csrf: str | None) -> dict[str, list[tuple[str, dict[str, Any]]]]:
    """Route path → the requests that exercise it (method, httpx keyword arguments)."""
    pid, fid = lib.paid_id, lib.free_id
    coll = lib.library.collections()[0]["id"] if lib.library.collections() else "c000000000000"
    run = lib.library.import_runs()[0]["id"]
    form = {"csrf": csrf or ""}
    hdr = {"X-CSRF-Token": csrf or ""}
    figure_sets = [{"doc": pid}, {"doc": [pid, fid]}, {"q": "哨兵编号"}, {"collection": coll}]
    searches = [{"q": "哨兵编号"}, {"q": "哨兵编号", "headings": "true"}, {"q": "会员 开放"},
                {"q": "哨兵编号", "group": "true"}, {"q": "营业收入"}]
    return {
        "/": [("GET", {})],
        "/search": [("GET", {"params": p}) for p in searches],
        "/documents": [("GET", {}), ("GET", {"params": {"kind": "总结及计划", "half": "H1", "days": "1"}})],
        "/documents/{doc_id}": [("GET", {}), ("GET", {"path": fid})],
        "/documents/{doc_id}/download": [("GET", {"params": {"format": f}}) for f in ("txt", "md", "docx")],
        "/collections": [("GET", {})],
        "/collections/{collection_id}": [("GET", {"path": coll})],
        "/basket": [("GET", {})],
        "/basket/add": [("POST", {"data": form | {"doc_id": pid, "node": "1"}})],
        "/basket/remove": [("POST", {"data": form | {"doc_id": fid, "node": "-1"}})],
        "/basket/move": [("POST", {"data": form | {"doc_id": pid, "node": "1", "step": "1"}})],
        "/basket/clear": [("POST", {"data": form, "late": True})],
        "/basket/compile": [("POST", {"data": form | {"format": f, "title": "汇编"}}) for f in ("txt", "md", "docx")],
        "/login": [("GET", {}), ("POST", {"data": form | {"username": "nobody", "password": "wrong-pass"}})],
        "/register": [("GET", {}), ("POST", {"data": form | {"username": "x", "password": "short"}})],
        "/logout": [("POST", {"data": form, "late": True})],
        "/account": [("GET", {})],
        "/account/redeem": [("POST", {"data": form | {"code": "NOPE"}})],
        "/admin": [("GET", {})],
        "/admin/runs/{run_id}": [("GET", {"path": str(run)})],
        "/admin/jobs/{job_id}": [("GET", {"path": "nojob"})],
        "/admin/upload": [("POST", {"data": form, "files": {"files": ("u.zip", upload_zip(), "application/zip")}})],
        "/admin/users": [("POST", {"data": form | {"username": "newbie", "role": "free", "password": PW2}})],
        "/admin/vouchers": [("POST", {"data": form | {"days": "3"}})],
        "/api/login": [("POST", {"json": {"username": "nobody", "password": "x"}})],
        "/api/register": [("POST", {"json": {"username": "x", "password": "y"}})],
        "/api/logout": [("POST", {"late": True})],
        "/api/me": [("GET", {})],
        "/api/health": [("GET", {})],
        "/api/vouchers/redeem": [("POST", {"json": {"code": "NOPE"}})],
        "/api/home": [("GET", {})],
        "/api/search": [("GET", {"params": p}) for p in searches],
        "/api/documents": [("GET", {})],
        "/api/documents/{doc_id}": [("GET", {}), ("GET", {"path": fid})],
        "/api/documents/{doc_id}/similar": [("GET", {}), ("GET", {"path": fid})],
        "/api/documents/{doc_id}/download": [("GET", {"params": {"format": f}}) for f in ("txt", "md", "docx")],
        "/api/collections": [("GET", {})],
        "/api/collections/{collection_id}": [("GET", {"path": coll})],
        "/api/basket": [("GET", {}), ("POST", {"json": {"doc_id": pid, "node": -1}})],
        "/api/basket/remove": [("POST", {"json": {"doc_id": fid, "node": -1}})],
        "/api/basket/order": [("POST", {"json": {"items": [{"doc_id": pid, "node": -1}]}})],
        "/api/basket/clear": [("POST", {"json": {}, "late": True})],
        "/api/basket/compile": [("POST", {"json": {"format": f}}) for f in ("txt", "md", "docx")],
        "/api/admin/overview": [("GET", {})],
        "/api/admin/runs/{run_id}": [("GET", {"path": str(run)})],
        "/api/admin/users": [("POST", {"json": {"username": "newbie2", "password": PW2, "role": "free"}})],
        "/api/admin/vouchers": [("POST", {"json": {"days": 3}})],
        "/api/admin/import": [("POST", {"headers": hdr, "files": {"files": ("u.zip", upload_zip(), "application/zip")}})],
        "/api/admin/jobs/{job_id}": [("GET", {"path": "nojob"})],
        "/check": [("GET", {}), ("POST", {"data": form | {"text": DRAFT}}),
                   ("POST", {"data": form, "files": {"file": ("稿.txt", DRAFT.encode(), "text/plain")}})],
        "/template": [("GET", {}), ("GET", {"params": {"kind": "总结及计划"}})],
        "/headings": [("GET", {}), ("GET", {"params": {"q": "问题", "role": "problems"}})],
        "/figures": [("GET", {})] + [("GET", {"params": p}) for p in figure_sets],
        "/api/check": [("POST", {"json": {"text": DRAFT}})],
        "/api/check/file": [("POST", {"headers": hdr, "files": {"file": ("稿.md", DRAFT.encode(), "text/markdown")}})],
        "/api/template": [("GET", {}), ("GET", {"params": {"kind": "总结及计划", "org_type": "部门/局"}})],
        "/api/headings": [("GET", {}), ("GET", {"params": {"role": "plan"}})],
        "/api/figures": [("GET", {"params": p | {"format": f}}) for p in figure_sets for f in ("json", "csv", "xlsx")],
        "/openapi.json": [("GET", {})],
        "/api/docs": [("GET", {})],
        "/docs/oauth2-redirect": [("GET", {})],
        "/static": [("GET", {"url": "/static/style.css"}), ("GET", {"url": "/static/app.js"})],
        "/favicon.ico": [("GET", {})],
    }


PW2 = "another-pass-7"
# A draft copied from the paid paragraphs with the last character of each sentinel dropped: the
# check must name the sources, and hand their text (whole sentinels) only to entitled readers.
DRAFT = ("重点项目建设稳步推进，哨兵编号QZX91K记录的会员专享经验写在这里。\n"
         "部分干部担当意识不强，哨兵编号WPL73M标记的问题分析只对会员开放。\n"
         "这是一句全新写成的话，素材库里没有。")


def route_paths(app) -> set[str]:
    paths = set()
    for route in app.routes:
        if isinstance(route, APIRoute | Mount) or hasattr(route, "path"):
            paths.add(route.path)
    return paths


def fill(path: str, lib: WebLibrary, override: str | None) -> str:
    value = override or lib.paid_id
    for name in ("{doc_id}", "{collection_id}", "{run_id}", "{job_id}"):
        path = path.replace(name, value)
    return path


def crawl(client: TestClient, lib: WebLibrary, csrf: str | None) -> list[tuple[str, str, int, bytes]]:
    table = requests_for(lib, csrf)
    missing = route_paths(client.app) - set(table)
    assert not missing, f"routes without a leak check: {sorted(missing)}"
    # fill the basket with the paid document and a paid section first, when the role can
    client.post("/api/basket", json={"doc_id": lib.paid_id, "node": -1})
    client.post("/api/basket", json={"doc_id": lib.paid_id, "node": 2})
    seen = []
    ordered = sorted(table.items(), key=lambda kv: any(kw.get("late") for _, kw in kv[1]))
    for path, calls in ordered:
        for method, kw in calls:
            kw = {k: v for k, v in kw.items() if k != "late"}
            url = kw.pop("url", None) or fill(path, lib, kw.pop("path", None))
            r = client.request(method, url, follow_redirects=False, **kw)
            assert r.status_code < 500, (method, url, r.status_code, r.text[:300])
            seen.append((method, url, r.status_code, r.content))
    return seen


@pytest.mark.parametrize("role", ROLES)
def test_sentinels_reach_only_entitled_readers(web: WebLibrary, role: str) -> None:
    client = TestClient(web.app())
    csrf = login(client, role)
    responses = crawl(client, web, csrf)
    # one entry per request (several requests share a path and differ only in their parameters)
    found = [(m, u, s, leaked(body)) for m, u, s, body in responses]
    if role in ENTITLED:
        # positive control: the same crawl does deliver paid text to entitled readers
        assert any(u.startswith("/api/documents/") and v for m, u, s, v in found)
        assert any("download" in u and s == 200 and set(v) == set(SENTINELS) for m, u, s, v in found)
        assert any(u == "/basket/compile" and s == 200 and v for m, u, s, v in found)
        # the check report carries paid source text to them too (paid figures: tests/test_web_writing.py)
        assert any(u == "/api/check" and s == 200 and len(v) == 2 for m, u, s, v in found)
        assert any(u == "/check" and m == "POST" and s == 200 and v for m, u, s, v in found)
    else:
        leaks = [(m, u, s, v) for m, u, s, v in found if v]
        assert not leaks, f"{role} received paid text: {leaks}"


def test_paid_only_strings_do_not_exist_for_readers_not_entitled(web: WebLibrary) -> None:
    """The search engine filters paid paragraphs out before counting: nothing of them is answered."""
    client = TestClient(web.app())
    for role in ("anonymous", "free", "expired"):
        client.cookies.clear()
        login(client, role)
        for params in ({"q": "哨兵编号"}, {"q": "哨兵编号", "group": "true"}, {"q": "QZX91KJ OR 营业收入"}):
            data = client.get("/api/search", params=params).json()
            assert data["total"] == 0 and data["hits"] == [], (role, params, data)
            assert not any(data["facets"].values()), data["facets"]
            assert data["teaser"] and "会员可检索全文" in data["teaser"]
        page = client.get("/search", params={"q": "哨兵编号"}).text
        assert "找到 <b>0</b> 个段落" in page and "会员可检索全文" in page
        figures = client.get("/api/figures", params={"q": "营业收入"}).json()
        assert figures["documents"] == 0 and figures["rows"] == []
    client.cookies.clear()
    login(client, "member")
    data = client.get("/api/search", params={"q": "哨兵编号"}).json()
    assert data["total"] == 4 and data["teaser"] is None
    assert not any(h.get("locked") for h in data["hits"])
    assert all("哨兵编号" in h["snippet"] for h in data["hits"])


def test_a_bought_document_is_searchable_by_its_buyer(web: WebLibrary) -> None:
    from sucai import accounts

    code = accounts.create_voucher(web.library.db, doc_id=web.paid_id)
    client = TestClient(web.app())
    login(client, "free")
    assert client.post("/api/vouchers/redeem", json={"code": code}).status_code == 200
    data = client.get("/api/search", params={"q": "哨兵编号"}).json()
    assert data["total"] == 4 and all("哨兵编号" in h["snippet"] for h in data["hits"])


def test_document_json_locks_paid_paragraphs(web: WebLibrary) -> None:
    client = TestClient(web.app())
    login(client, "free")
    doc = client.get(f"/api/documents/{web.paid_id}").json()
    paid = [p for p in doc["paragraphs"] if p["paid"]]
    assert paid and all(p["text"] is None and p["locked"] is True for p in paid)
    assert all(p["text"] for p in doc["paragraphs"] if not p["paid"])


def test_a_bought_document_opens_for_its_buyer_only(web: WebLibrary) -> None:
    db = web.library.db
    buyer = accounts_user(db, "free1")
    from sucai import accounts

    code = accounts.create_voucher(db, doc_id=web.paid_id)
    client = TestClient(web.app())
    login(client, "free")
    r = client.post("/api/vouchers/redeem", json={"code": code})
    assert r.status_code == 200, r.text
    assert leaked(client.get(f"/api/documents/{web.paid_id}").content)
    assert client.post("/api/vouchers/redeem", json={"code": code}).status_code == 400  # used once only
    other = TestClient(web.app())
    login(other, "expired")
    assert not leaked(other.get(f"/api/documents/{web.paid_id}").content)
    assert buyer["role"] == "free"


def accounts_user(db, name):
    from sucai import accounts

    return accounts.user_by_name(db, name)
