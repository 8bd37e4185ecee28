"""The writing aids on the web: check (查重), outline templates, heading library, figure tables,
similar documents and near-duplicate links, over HTTP in-process, for every role."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from sucai.derived.catchup import settle_import
from sucai.ingest.batch import import_paths
from sucai.service import CHECK_MAX_CHARS, FREE_CHECK_CHARS
from tests.test_leaks import DRAFT
from tests.test_web_browser import ARTIFACTS
from tests.web_library import (
    FREE_DOC,
    PASSWORD,
    SENTINELS,
    Server,
    WebLibrary,
    build_library,
    leaked,
    login,
)

FREE_SENTENCE = "今年以来，我办坚持问题导向，认真履行职责，各项工作有序推进。"
FRESH = "本单位立足自身实际，探索出一条具有特色的新路子，群众反响良好。"
PAID_FIGURE = "实现营业收入88亿元"


def error_of(r) -> dict:
    body = r.json()
    assert set(body) == {"error"} and set(body["error"]) == {"status", "message"}, body
    assert body["error"]["status"] == r.status_code and body["error"]["message"]
    return body["error"]


def client_as(lib: WebLibrary, role: str) -> tuple[TestClient, str | None]:
    client = TestClient(lib.app())
    return client, login(client, role)


# ------------------------------------------------------------------ check (查重)

def test_check_reports_ratio_sources_and_offsets(web: WebLibrary) -> None:
    client, _ = client_as(web, "member")
    text = FRESH + "\n" + FREE_SENTENCE
    report = client.post("/api/check", json={"text": text}).json()
    assert {"chars", "copy_ratio", "matches"} <= set(report)
    assert report["chars"] == len(text.replace("\n", ""))
    assert 0.3 < report["copy_ratio"] < 0.7
    [m] = report["matches"]
    assert {"start", "end", "doc_id", "paragraph_id", "similarity", "source_text"} <= set(m)
    assert text[m["start"]:m["end"]].rstrip("。") == FREE_SENTENCE.rstrip("。")
    assert m["doc_id"] == web.free_id and m["paragraph_id"].startswith(web.free_id)
    assert m["similarity"] >= 0.95 and m["source_text"].startswith("今年以来，我办")
    fresh = client.post("/api/check", json={"text": FRESH}).json()
    assert fresh["copy_ratio"] == 0 and fresh["matches"] == []


@pytest.mark.parametrize("role", ["free", "expired", "member", "admin"])
def test_check_names_paid_sources_but_gives_their_text_only_to_entitled(web: WebLibrary, role: str) -> None:
    client, _ = client_as(web, role)
    r = client.post("/api/check", json={"text": DRAFT})
    assert r.status_code == 200, r.text
    report = r.json()
    matches = report["matches"]
    if role in ("member", "admin"):
        assert len(matches) == 2 and all(m["doc_id"] == web.paid_id for m in matches)
        assert set(leaked(r.content)) == {"QZX91KJ", "WPL73MV"}
        assert not any(m.get("locked") for m in matches) and report["teaser"] is None
    else:
        # paid paragraphs do not exist for their checks: no match, no similarity, no copy ratio
        assert not leaked(r.content)
        assert matches == [] and report["copy_ratio"] == 0 and report["copied_chars"] == 0
        assert "会员可检索全文" in report["teaser"]


def test_check_access_limits_and_error_shape(web: WebLibrary) -> None:
    anon = TestClient(web.app())
    assert error_of(anon.post("/api/check", json={"text": FREE_SENTENCE}))["status"] == 401
    free, _ = client_as(web, "free")
    assert free.post("/api/check", json={"text": "字" * FREE_CHECK_CHARS}).status_code == 200
    assert error_of(free.post("/api/check", json={"text": "字" * (FREE_CHECK_CHARS + 1)}))["status"] == 402
    member, _ = client_as(web, "member")
    assert error_of(member.post("/api/check", json={"text": "字" * (CHECK_MAX_CHARS + 1)}))["status"] == 413
    assert error_of(member.post("/api/check", json={"text": " \n "}))["status"] == 400
    assert error_of(member.post("/api/check", json={}))["status"] == 422
    assert error_of(member.post("/api/check", json={"text": 5}))["status"] == 422
    assert error_of(member.post("/api/check", json=["x"]))["status"] == 422
    bad = member.post("/api/check", content=b"{not json", headers={"Content-Type": "application/json"})
    assert error_of(bad)["status"] == 422
    huge = member.post("/api/check", json={"text": "字" * 1_000_000})
    assert error_of(huge)["status"] == 413  # over the body limit: refused before it is parsed
    form = member.post("/api/check", data={"text": FREE_SENTENCE})  # not JSON and no CSRF header
    assert error_of(form)["status"] == 403


def docx_bytes(*paragraphs: str) -> bytes:
    import docx

    document = docx.Document()
    for p in paragraphs:
        document.add_paragraph(p)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def test_check_uploads_txt_md_docx_and_refuses_others(web: WebLibrary) -> None:
    client, csrf = client_as(web, "member")
    hdr = {"X-CSRF-Token": csrf or ""}
    for name, data in (("稿.txt", (FRESH + "\n" + FREE_SENTENCE).encode("gb18030")),
                       ("稿.md", f"# 标题\n\n{FRESH}\n\n{FREE_SENTENCE}\n".encode()),
                       ("../../etc/稿.docx", docx_bytes(FRESH, FREE_SENTENCE))):
        r = client.post("/api/check/file", headers=hdr, files={"file": (name, data, "application/octet-stream")})
        assert r.status_code == 200, (name, r.text)
        body = r.json()
        [m] = body["matches"]
        assert m["doc_id"] == web.free_id
        assert FREE_SENTENCE.rstrip("。") in body["text"][m["start"]:m["end"]]
    refused = {"稿.pdf": b"%PDF-1.4 x", "稿.doc": b"\xd0\xcf\x11\xe0", "稿": b"text"}
    for name, data in refused.items():
        r = client.post("/api/check/file", headers=hdr, files={"file": (name, data, "application/octet-stream")})
        assert error_of(r)["status"] == 415, name
    broken = client.post("/api/check/file", headers=hdr, files={"file": ("稿.docx", b"PK\x03\x04broken", "x")})
    assert error_of(broken)["status"] == 422 and "/tmp" not in broken.json()["error"]["message"]
    empty = client.post("/api/check/file", headers=hdr, files={"file": ("稿.txt", b"  ", "text/plain")})
    assert error_of(empty)["status"] == 422
    big = client.post("/api/check/file", headers=hdr, files={"file": ("稿.txt", b"a" * (3 * 1024 * 1024), "x")})
    assert error_of(big)["status"] == 413
    no_token = client.post("/api/check/file", files={"file": ("稿.txt", FRESH.encode(), "text/plain")})
    assert error_of(no_token)["status"] == 403


def form_csrf(page: str) -> str:
    return page.split('name="csrf" value="')[1].split('"')[0]


def test_check_page_for_each_role(web: WebLibrary) -> None:
    anon = TestClient(web.app())
    page = anon.get("/check")
    assert page.status_code == 200 and "免费注册" in page.text and "<textarea" not in page.text
    refused = anon.post("/check", data={"csrf": form_csrf(anon.get("/login").text), "text": FREE_SENTENCE})
    assert refused.status_code == 401 and "请登录" in refused.text

    free, _ = client_as(web, "free")
    page = free.get("/check").text
    assert "免费用户每次可试查" in page
    r = free.post("/check", data={"csrf": form_csrf(page), "text": DRAFT})
    assert r.status_code == 200 and "复制比" in r.text and not leaked(r.content)
    assert '<mark class="copied"' not in r.text and "会员可检索全文" in page  # paid sources: not theirs to check
    assert f'/documents/{web.paid_id}#p-' not in r.text
    forged = free.post("/check", data={"csrf": "forged", "text": DRAFT})
    assert forged.status_code == 403

    member, _ = client_as(web, "member")
    page = member.get("/check").text
    r = member.post("/check", data={"csrf": form_csrf(page), "text": "<b>x</b>" + FREE_SENTENCE})
    assert '<mark class="copied"' in r.text and "&lt;b&gt;x&lt;/b&gt;" in r.text  # the draft is escaped
    upload = member.post("/check", data={"csrf": form_csrf(page)},
                         files={"file": ("我的稿子.docx", docx_bytes(*DRAFT.split("\n")), "application/octet-stream")})
    assert upload.status_code == 200 and "我的稿子.docx" in upload.text
    assert set(leaked(upload.content)) == {"QZX91KJ", "WPL73MV"}  # members see the paid source text
    too_long = member.post("/check", data={"csrf": form_csrf(page), "text": "字" * (CHECK_MAX_CHARS + 1)})
    assert too_long.status_code == 413 and "文稿过长" in too_long.text


def test_check_catches_up_with_new_imports(web: WebLibrary, tmp_path: Path) -> None:
    app = web.app()
    client = TestClient(app)
    login(client, "member")
    sentence = "新导入的示范单位创新推出“三张清单”工作法，把群众诉求办成民生实事。"
    assert client.post("/api/check", json={"text": sentence}).json()["matches"] == []
    src = tmp_path / "new"
    src.mkdir()
    (src / "n.txt").write_text(f"岚川县新导入示范局2024年工作总结\n\n一、主要工作\n{sentence}\n", encoding="utf-8")
    report = import_paths(web.library, [src])  # imported behind the server's back: no index refresh
    app.state.service.reset_index()
    [m] = client.post("/api/check", json={"text": sentence}).json()["matches"]
    assert m["doc_id"] == report.results[0].documents[0]


# ------------------------------------------------------------------ templates and headings

def test_template_api_and_page(web: WebLibrary) -> None:
    client = TestClient(web.app())
    data = client.get("/api/template").json()
    assert data["documents"] == 2 and "总结及计划" in data["facets"]["kind"]
    roles = {s["role"] for s in data["sections"]}
    assert {"summary", "plan"} <= roles
    summary = next(s for s in data["sections"] if s["role"] == "summary")
    assert summary["documents"] == 2 and summary["share"] == 1.0 and summary["headings"][0]["examples"]
    one = client.get("/api/template", params={"kind": "总结及计划"}).json()
    assert one["documents"] == 1 and any(s["role"] == "problems" for s in one["sections"])
    assert client.get("/api/template", params={"kind": "没有这类"}).json()["documents"] == 0
    assert error_of(client.get("/api/template", params={"kind": "长" * 41}))["status"] == 422
    page = client.get("/template", params={"kind": "总结及计划"}).text
    assert "工作计划（打算）" in page and "存在的问题" in page and 'selected>总结及计划' in page
    assert not leaked(page.encode())


def test_heading_library_lists_headings_never_body_text(web: WebLibrary) -> None:
    client = TestClient(web.app())
    data = client.get("/api/headings").json()
    headings = {h["heading"] for h in data["headings"]}
    assert {"存在的问题", "下半年工作计划", "强化项目推进"} <= headings  # paid headings are public teasers
    assert not leaked(client.get("/api/headings").content)
    assert "重点项目建设稳步推进" not in client.get("/api/headings").text
    plan = client.get("/api/headings", params={"role": "plan"}).json()
    assert plan["headings"] and all(h["role"] == "plan" for h in plan["headings"])
    found = client.get("/api/headings", params={"q": "建设"}).json()
    assert {h["heading"] for h in found["headings"]} == {"抓好基础建设", "完善制度建设", "加强队伍建设"}
    assert any(p["pattern"] == "…建设" for p in found["patterns"])
    assert error_of(client.get("/api/headings", params={"role": "body"}))["status"] == 422
    assert error_of(client.get("/api/headings", params={"limit": 0}))["status"] == 422
    page = client.get("/headings", params={"q": "建设"})
    assert page.status_code == 200 and "加强队伍建设" in page.text and "…建设" in page.text
    assert client.get("/headings", params={"role": "body"}).status_code == 400


# ------------------------------------------------------------------ figures

def figure_subjects(content: bytes, fmt: str) -> list[str]:
    if fmt == "csv":
        text = content.decode("utf-8")
        assert text.startswith("\ufeff")  # BOM: Excel opens it as UTF-8
        rows = list(csv.reader(io.StringIO(text[1:])))
        assert rows[0][:6] == ["单位", "时期", "指标", "数值", "单位（计量）", "增减"]
        return [r[2] for r in rows[1:]]
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(content)).active
    return [row[2] for row in sheet.iter_rows(min_row=2, values_only=True)]


@pytest.mark.parametrize("role", ["anonymous", "free", "expired", "member"])
def test_figures_from_paid_paragraphs_only_for_entitled(web: WebLibrary, role: str) -> None:
    client, _ = client_as(web, role)
    entitled = role == "member"
    searched = client.get("/api/figures", params={"q": "哨兵编号"}).json()  # a string only in paid text
    assert (searched["documents"], bool(searched["rows"])) == ((1, True) if entitled else (0, False))
    for params in ({"doc": web.paid_id}, {"q": "检测局"},
                   {"doc": [web.free_id, web.paid_id]}):
        data = client.get("/api/figures", params=params).json()
        subjects = [r["subject"] for r in data["rows"]]
        assert "基层站所标准化改造" in subjects  # free paragraphs' figures for everyone
        assert ("营业收入" in subjects) is entitled
        assert data["withheld"] == (0 if entitled else 1)
        assert (PAID_FIGURE in client.get("/api/figures", params=params).text) is entitled
        for fmt in ("csv", "xlsx"):
            r = client.get("/api/figures", params=params | {"format": fmt})
            assert r.status_code == 200 and "attachment" in r.headers["content-disposition"]
            assert ("营业收入" in figure_subjects(r.content, fmt)) is entitled
            assert not leaked(r.content)
    page = client.get("/figures", params={"doc": web.paid_id}).text
    assert ("营业收入" in page) is entitled and ("另有 1 条数据出自会员内容" in page) is (not entitled)


def test_figure_downloads_do_not_spend_the_quota(web: WebLibrary) -> None:
    client, _ = client_as(web, "member")
    before = client.get("/api/me").json()["quota_left"]
    for _ in range(3):
        assert client.get("/api/figures", params={"doc": web.paid_id, "format": "xlsx"}).status_code == 200
    assert client.get("/api/me").json()["quota_left"] == before


def test_figures_bad_requests(web: WebLibrary) -> None:
    client = TestClient(web.app())
    assert error_of(client.get("/api/figures"))["status"] == 400
    assert error_of(client.get("/api/figures", params={"doc": web.paid_id, "q": "x"}))["status"] == 400
    assert error_of(client.get("/api/figures", params={"doc": "nope"}))["status"] == 404
    assert error_of(client.get("/api/figures", params={"collection": "nope"}))["status"] == 404
    assert error_of(client.get("/api/figures", params={"doc": web.paid_id, "format": "pdf"}))["status"] == 422
    assert error_of(client.get("/api/figures", params={"doc": "x" * 65}))["status"] == 400
    assert error_of(client.get("/api/figures", params={"doc": ["a"] * 101}))["status"] == 422
    assert error_of(client.get("/api/figures", params={"q": "x", "year": "20x4"}))["status"] == 422
    assert client.get("/api/figures", params={"q": "\"未闭合"}).status_code in (200, 400)
    assert client.get("/figures").status_code == 200  # the page explains itself without a selection
    assert client.get("/figures", params={"doc": "nope"}).status_code == 404


# ------------------------------------------------------------------ similar documents and near-duplicates

OTHER_DOC = """岚川县交通运输局2024年上半年工作总结

今年以来，我局坚持问题导向，认真履行职责，交通运输各项工作有序推进。
一、主要工作
（一）完善制度建设。制定内部管理制度6项，规范工作流程，提升办事效率。
（二）加强队伍建设。组织业务培训4期，参训人员150余人次。
（三）推进道路建设。完成农村公路提质改造80公里，新建桥梁3座。
二、下一步打算
继续围绕中心、服务大局，推动交通运输工作再上新台阶。
岚川县交通运输局
2024年7月15日
"""


def test_similar_documents_by_fingerprints_and_near_duplicate_links(web: WebLibrary, tmp_path: Path) -> None:
    src = tmp_path / "more"
    src.mkdir()
    (src / "other.txt").write_text(OTHER_DOC, encoding="utf-8")
    repost = FREE_DOC.replace("岚川县公开示范办2024年上半年工作总结", "转发：公开示范办上半年工作总结", 1)
    (src / "repost.txt").write_text(repost.replace("8项", "9项"), encoding="utf-8")
    report = import_paths(web.library, [src])
    ids = {Path(r.path).name: r.documents[0] for r in report.results}
    links = settle_import(web.settings, web.library, report.new_documents)
    assert [(link["doc"], link["of"]) for link in links] == [(ids["repost.txt"], web.free_id)]

    client = TestClient(web.app())
    similar = client.get(f"/api/documents/{web.free_id}/similar").json()
    assert [s["doc_id"] for s in similar][0] == ids["other.txt"]
    assert ids["repost.txt"] not in {s["doc_id"] for s in similar}  # its own near-duplicate is left out
    assert all(set(s) >= {"id", "title", "score"} and "text" not in s for s in similar)
    assert error_of(client.get("/api/documents/nope/similar"))["status"] == 404
    assert not leaked(client.get(f"/api/documents/{web.paid_id}/similar").content)

    page = client.get(f"/documents/{ids['repost.txt']}").text
    assert "高度相似" in page and f'href="/documents/{web.free_id}"' in page
    original = client.get(f"/documents/{web.free_id}").text
    assert "另有 1 个高度相似的版本" in original and "相似文档" in original
    assert "岚川县交通运输局2024年上半年工作总结" in original


# ------------------------------------------------------------------ navigation and browser

def test_new_pages_are_in_the_navigation(web: WebLibrary) -> None:
    page = TestClient(web.app()).get("/").text
    for href, label in (("/check", "查重"), ("/template", "提纲模板"), ("/headings", "小标题")):
        assert f'<a href="{href}">{label}</a>' in page
    collection = TestClient(web.app()).get(f"/documents/{web.paid_id}").text
    assert f"/api/figures?doc={web.paid_id}&amp;format=xlsx" in collection


@pytest.mark.slow
def test_browser_check_highlights_a_copied_draft(browser, tmp_path: Path) -> None:
    lib = build_library(tmp_path)
    lib.library.close()
    ARTIFACTS.mkdir(exist_ok=True)
    with Server(lib.settings.home) as server:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(server.url + "/login?next=/check")
        page.fill("input[name=username]", "member1")
        page.fill("input[name=password]", PASSWORD)
        page.click("form.stack button")
        page.wait_for_url("**/check")
        page.fill("textarea[name=text]", FRESH + "\n" + FREE_SENTENCE + "\n" + DRAFT)
        page.click(".checkform button")
        page.wait_for_selector("#copy-ratio")
        ratio = float(page.inner_text("#copy-ratio").rstrip("%"))
        assert 50 < ratio < 100
        marks = page.locator("mark.copied")
        assert marks.count() == 3
        assert FREE_SENTENCE.rstrip("。") in marks.nth(0).inner_text()
        assert any(s in page.inner_text("ol.matches") for s in SENTINELS)
        marks.nth(0).locator("a.ref").click()
        assert page.url.endswith("#m-1") and page.locator("#m-1").is_visible()
        page.screenshot(path=str(ARTIFACTS / "web-6-check.png"), full_page=True)
        page.close()


def test_xlsx_is_a_real_workbook(web: WebLibrary) -> None:
    client, _ = client_as(web, "member")
    r = client.get("/api/figures", params={"doc": web.paid_id, "format": "xlsx"})
    assert r.headers["content-type"].startswith("application/vnd.openxmlformats")
    with zipfile.ZipFile(io.BytesIO(r.content)) as z:
        assert "xl/workbook.xml" in z.namelist()
    assert "营业收入" in figure_subjects(r.content, "xlsx")
