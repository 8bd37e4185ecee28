"""One test against a real `sucai serve` (uvicorn) process over a socket."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from tests.web_library import PASSWORD, SENTINELS, Server, build_library, leaked


@pytest.mark.slow
def test_real_server_serves_pages_api_and_paywall(tmp_path: Path) -> None:
    lib = build_library(tmp_path)
    lib.library.close()
    with Server(lib.settings.home) as server:
        home = httpx.get(server.url + "/")
        assert home.status_code == 200 and "公文素材库" in home.text
        anon = httpx.get(f"{server.url}/api/documents/{lib.paid_id}").json()
        assert any(p.get("locked") for p in anon["paragraphs"]) and not leaked(str(anon).encode())
        hits = httpx.get(server.url + "/api/search", params={"q": "哨兵编号"}).json()
        assert hits["total"] == 0 and hits["hits"] == []  # paid paragraphs do not exist for anonymous searches
        with httpx.Client(base_url=server.url) as member:
            assert member.post("/api/login", json={"username": "member1", "password": PASSWORD}).status_code == 200
            r = member.get(f"/api/documents/{lib.paid_id}/download", params={"format": "docx"})
            assert r.status_code == 200 and set(leaked(r.content)) == set(SENTINELS)
        missing = httpx.get(server.url + "/api/documents/none")
        assert missing.status_code == 404 and missing.json()["error"]["status"] == 404
