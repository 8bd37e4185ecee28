"""Browser test: Playwright driving Debian's chromium (never a downloaded browser).

Search, open a hit, jump through the outline, log in, add sections to the basket,
compile and download.  Screenshots go to test-artifacts/ (git-ignored).
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from sucai.derived.catchup import refresh_indexes
from sucai.ingest.batch import import_paths
from sucai.samples import sample_dir
from tests.web_library import PASSWORD, SENTINELS, Server, build_library

ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"


@pytest.mark.slow
def test_search_read_basket_compile_download(browser, tmp_path: Path) -> None:
    lib = build_library(tmp_path)
    import_paths(lib.library, [sample_dir()], origin="demo")
    refresh_indexes(lib.settings, lib.library)
    lib.library.close()
    ARTIFACTS.mkdir(exist_ok=True)
    with Server(lib.settings.home) as server:
        page = browser.new_page(viewport={"width": 1280, "height": 900}, accept_downloads=True)
        blocked: list[str] = []  # anything the content security policy refused (inline script, style)
        page.on("console", lambda m: blocked.append(m.text) if "Content Security Policy" in m.text else None)
        page.goto(server.url + "/")
        page.screenshot(path=str(ARTIFACTS / "web-1-home.png"), full_page=True)

        page.fill(".bigsearch input[type=search]", "哨兵编号")
        page.click(".bigsearch button")
        page.wait_for_selector(".results p.empty")
        # only in paid paragraphs: an anonymous search finds nothing (said once, not as a numbered
        # hit), and is told what membership adds
        assert page.locator("ol.hits").count() == 0
        assert "没有找到" in page.inner_text("p.empty") and "会员可检索全文" in page.inner_text(".results")
        page.screenshot(path=str(ARTIFACTS / "web-2-search-locked.png"), full_page=True)

        page.fill(".bigsearch input[type=search]", "营商环境")
        page.click(".bigsearch button")
        page.wait_for_selector(".hit mark")
        page.screenshot(path=str(ARTIFACTS / "web-3-search.png"), full_page=True)
        page.click(".hit a.title >> nth=0")
        page.wait_for_selector("#outline")

        # log in from the reader and come back to the paid document
        page.goto(server.url + f"/login?next=/documents/{lib.paid_id}")
        page.fill("input[name=username]", "member1")
        page.fill("input[name=password]", PASSWORD)
        page.click("form.stack button")
        page.wait_for_url(f"**/documents/{lib.paid_id}")
        body = page.inner_text("article.doc")
        assert all(s in body for s in SENTINELS)

        jumps = page.locator("#outline a.jump")
        assert jumps.count() >= 3
        for i in (2, 0, jumps.count() - 1):
            href = jumps.nth(i).get_attribute("href")
            jumps.nth(i).click()
            assert page.url.endswith(href)
            assert page.locator(href).is_visible()
        page.screenshot(path=str(ARTIFACTS / "web-4-reader.png"), full_page=False)

        for i in (1, 3):  # two single sections into the basket
            page.locator("#outline form.add button").nth(i).click()
            page.wait_for_url("**added=1")
        page.goto(server.url + "/basket")
        assert page.locator("ol.basket > li").count() == 2
        page.locator("ol.basket > li >> nth=1").locator("text=上移").click()
        page.wait_for_selector("ol.basket")
        page.screenshot(path=str(ARTIFACTS / "web-5-basket.png"), full_page=True)

        page.fill("input[name=title]", "浏览器测试汇编")
        with page.expect_download() as info:
            page.click("form.compile button")
        download = info.value
        assert download.suggested_filename == "浏览器测试汇编.docx"
        saved = ARTIFACTS / "web-compiled.docx"
        download.save_as(str(saved))
        with zipfile.ZipFile(saved) as z:
            xml = z.read("word/document.xml").decode("utf-8")
        assert "浏览器测试汇编" in xml and any(s in xml for s in SENTINELS)
        page.goto(server.url + "/template")
        assert not blocked, blocked
        page.close()
