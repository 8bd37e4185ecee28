"""Pages as a new writer meets them, in headless chromium against a real `sucai serve` (issue 14).

Category links filter, codes never show, titles are stated once, download links only for readers
whose download would work, similar documents say why (without revealing paid text), the 查重 file
picker and report speak Chinese and name sources by title and outline path, 今日更新 counts what it
lists, /favicon.ico exists, and the account page keeps its parts apart.  Screenshots of home,
results, reader, 查重 and account go to test-artifacts/ (git-ignored); their paths are printed.
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from sucai.derived.catchup import refresh_indexes
from sucai.ingest.batch import import_paths
from sucai.samples import sample_dir
from tests.test_web_browser import ARTIFACTS
from tests.web_library import PASSWORD, Server, WebLibrary, build_library

pytestmark = pytest.mark.slow

# Two documents sharing two passages: one free in both, one paid in the first.
SHARED_FREE = "全面推行“一窗受理、集成服务”改革，政务服务事项网上可办率达到百分之九十八以上。"
SHARED_PAID = "建立重点企业服务专员制度，为一百二十家企业解决用地、融资、用工等难题三百余个。"
PAID_SOURCE = f"""岚川县对照样本局2024年上半年工作总结

今年以来，我局紧扣年度目标，统筹推进各项工作，总体运行平稳。
一、主要工作
（一）深化政务服务改革。{SHARED_FREE}
##paidbegin##
（二）强化企业服务。{SHARED_PAID}
二、下半年打算
继续优化营商环境，推动各项工作再上新台阶。
##paidend##
岚川县对照样本局
2024年7月1日
"""
FREE_COPY = f"""岚川县对照参考办2024年上半年工作总结

今年以来，我办坚持目标导向，各项工作有力有序推进。
一、主要工作
（一）推进政务服务。{SHARED_FREE}
（二）做好企业服务。{SHARED_PAID}
二、存在问题
统筹协调还不够有力，基层力量相对薄弱。
岚川县对照参考办
2024年7月2日
"""


# A sentence of the sample speech (sucai/samples/library/在全县优化营商环境工作推进会上的讲话.txt).
SHARED_SOURCE_SENTENCE = "深入推进“高效办成一件事”改革，年内实现企业信息变更、开办餐饮店、企业破产信息核查等13个“一件事”集成办理。"


def library_with_samples(tmp_path: Path, extra: dict[str, str] | None = None) -> WebLibrary:
    lib = build_library(tmp_path)
    paths = [sample_dir()]
    if extra:
        folder = tmp_path / "extra"
        folder.mkdir()
        for name, text in extra.items():
            (folder / name).write_text(text, encoding="utf-8")
        paths.append(folder)
    report = import_paths(lib.library, paths, origin="demo")
    assert not report.rejected, report.to_json()
    refresh_indexes(lib.settings, lib.library)
    return lib


@contextmanager
def serving(chromium, tmp_path: Path, extra: dict[str, str] | None = None, **page_options: object):
    """A library with the samples (and extra files), a real server over it and a fresh page."""
    lib = library_with_samples(tmp_path, extra)
    try:
        with Server(lib.settings.home) as server:
            page = chromium.new_page(viewport={"width": 1280, "height": 900}, **page_options)
            yield lib, server, page
            page.close()
    finally:
        lib.library.close()


def shot(page, name: str, full_page: bool = True) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / name
    page.screenshot(path=str(path), full_page=full_page)
    print(f"screenshot: {path}")


def sign_in(page, url: str, name: str, next_path: str = "/") -> None:
    page.goto(f"{url}/login?next={next_path}")
    page.fill("input[name=username]", name)
    page.fill("input[name=password]", PASSWORD)
    page.click("form.stack button")
    page.wait_for_url(f"**{next_path}")


def doc_id_titled(lib: WebLibrary, part: str) -> str:
    return next(r["id"] for r in lib.library.list_documents() if part in r["title"])


def test_home_categories_filter_and_today_counts_what_it_lists(browser, tmp_path: Path) -> None:
    with serving(browser, tmp_path) as (lib, server, page):
        by_kind = lib.library.stats()["by_kind"]
        total = lib.library.stats()["documents"]
        page.goto(server.url + "/")
        shot(page, "issue14-1-home.png")
        added = int(page.inner_text("#added-count"))
        assert added == total  # everything was imported just now
        listed = page.locator("#newest li").count()
        assert listed == min(added, 12)
        more = page.locator("p.more a")
        assert f"{added} 篇" in more.inner_text()
        more.click()
        page.wait_for_selector("#doc-total")
        assert int(page.inner_text("#doc-total")) == added
        assert page.locator("ol.numbered > li").count() == min(added, 20)

        for kind in ("总结及计划", "其他", "报告"):  # the type links list every document of the type
            page.goto(server.url + "/")
            page.locator("aside.figures ul.facet a[href*='kind=']", has_text=re.compile(f"^{kind}$")).click()
            page.wait_for_selector("#doc-total")
            assert int(page.inner_text("#doc-total")) == by_kind[kind], kind
            assert page.locator("ol.numbered > li").count() == by_kind[kind]

        # a facet link on the listing narrows it, labelled in Chinese
        page.goto(server.url + "/documents")
        facets = page.inner_text("aside.facets")
        assert "上半年" in facets and "全年" in facets
        assert not re.search(r"\b(full|H1|H2)\b", facets)
        page.locator("aside.facets a", has_text="上半年").click()
        page.wait_for_url("**half=H1**")
        n = int(page.inner_text("#doc-total"))
        assert 0 < n < total
        assert page.locator("ol.numbered > li .meta", has_text="上半年").count() == min(n, 20)

        icon = httpx.get(server.url + "/favicon.ico")
        assert icon.status_code == 200 and icon.headers["content-type"] == "image/x-icon"
        assert icon.content[:4] == b"\x00\x00\x01\x00"  # an ICO header


def test_results_speak_chinese_and_an_empty_result_is_not_a_numbered_item(browser, tmp_path: Path) -> None:
    with serving(browser, tmp_path) as (_, server, page):
        page.goto(server.url + "/search?q=" + "工作")
        page.wait_for_selector(".hits")
        shot(page, "issue14-2-results.png")
        facets = page.inner_text("aside.facets")
        assert "时期" in facets and ("上半年" in facets or "全年" in facets)
        assert "段落用途" in facets and "总结" in facets
        assert not re.search(r"\b(full|H1|H2|summary|problems|plan|other)\b", facets)
        body = page.inner_text("main")
        assert "[summary]" not in body and "[plan]" not in body

        # the half facet filters (it used to be dropped by the page)
        total = int(page.inner_text(".summary b"))
        page.locator("aside.facets a", has_text="上半年").click()
        page.wait_for_url("**half=H1**")
        narrowed = int(page.inner_text(".summary b"))
        assert 0 < narrowed < total

        # the government report's title is stated once
        page.goto(server.url + "/search?q=" + "政府工作报告")
        titles = page.locator(".hit a.title").all_inner_texts()
        assert "2024年岚川县政府工作报告（节选）" in titles
        assert not any(t.count("政府工作报告") > 1 for t in titles)

        page.goto(server.url + "/search?q=" + "没有这个词组合ZZ")
        assert page.locator("ol.hits").count() == 0
        assert "没有找到" in page.inner_text("p.empty")


def test_downloads_show_what_they_take_instead_of_links_to_a_403(browser, tmp_path: Path) -> None:
    with serving(browser, tmp_path, accept_downloads=True) as (lib, server, page):
        free_doc = lib.free_id
        page.goto(f"{server.url}/documents/{free_doc}")
        actions = page.locator(".actions")
        assert actions.locator("a.download").count() == 0
        assert "登录" in actions.inner_text() and "今日还可下载" not in actions.inner_text()
        login = actions.locator("a.join")
        assert login.get_attribute("href") == f"/login?next=/documents/{free_doc}"

        sign_in(page, server.url, "free1", f"/documents/{free_doc}")  # free users: no downloads by default
        actions = page.locator(".actions")
        assert actions.locator("a.download").count() == 0
        assert "开通会员" in actions.inner_text()
        page.locator("header form.inline button").click()

        sign_in(page, server.url, "member1", f"/documents/{free_doc}")
        links = page.locator(".actions a.download")
        assert links.count() == 3
        assert "今日还可下载" in page.inner_text(".actions")
        with page.expect_download() as info:
            links.nth(2).click()
        assert info.value.suggested_filename.endswith(".txt")


def test_similar_documents_say_why_without_revealing_paid_text(browser, tmp_path: Path) -> None:
    with serving(browser, tmp_path, {"paid-source.txt": PAID_SOURCE, "free-copy.txt": FREE_COPY}) \
            as (lib, server, page):
        copy_id = doc_id_titled(lib, "对照参考办")
        source_id = doc_id_titled(lib, "对照样本局")

        def reasons(doc_id: str, other_id: str) -> str:
            page.goto(f"{server.url}/documents/{doc_id}")
            item = page.locator("ul.similar li", has=page.locator(f"a[href='/documents/{other_id}']"))
            assert item.count() == 1, page.inner_text("main")
            return item.locator(".why").inner_text()

        # anonymous: only the passage that is free on both sides counts; scores are gone
        why = reasons(copy_id, source_id)
        assert "1 段内容相近" in why and SHARED_FREE[:10] in why
        assert SHARED_PAID[:10] not in why
        assert "同为总结及计划" in why or "同为工作总结" in why
        assert not re.search(r"\b0\.\d\d\b", page.inner_text("ul.similar"))
        why = reasons(source_id, copy_id)
        assert "1 段内容相近" in why and SHARED_PAID[:10] not in page.inner_text("ul.similar")

        sign_in(page, server.url, "member1", f"/documents/{copy_id}")
        why = reasons(copy_id, source_id)
        assert "2 段内容相近" in why
        shot(page, "issue14-3-reader.png")


def test_check_picker_and_sources_in_chinese(browser, tmp_path: Path) -> None:
    draft = tmp_path / "我的初稿.txt"
    draft.write_text("今年以来，我们认真学习。" + SHARED_SOURCE_SENTENCE + "\n下一步继续努力。\n", encoding="utf-8")
    with serving(browser, tmp_path) as (_, server, page):
        sign_in(page, server.url, "member1", "/check")
        picker = page.locator(".filepick")
        assert "选择文件" in picker.inner_text() and "未选择文件" in picker.inner_text()
        assert "Choose" not in picker.inner_text() and "No file" not in picker.inner_text()
        page.set_input_files("#draft-file", str(draft))
        assert page.inner_text("#draft-file-name") == "已选择：我的初稿.txt"
        page.click(".checkform button.primary")
        page.wait_for_selector("ol.matches")
        first = page.locator("ol.matches > li").first
        head = first.locator(".mhead").inner_text()
        assert "《在全县优化营商环境工作推进会上的讲话》" in head
        assert first.locator(".path span").count() >= 1  # the outline path of the source paragraph
        assert not re.search(r"d[0-9a-f]{12}-\d+", head)  # no internal ids
        href = first.locator("a.source").get_attribute("href")
        assert re.fullmatch(r"/documents/d[0-9a-f]{12}#p-d[0-9a-f]{12}-\d+", href)
        shot(page, "issue14-4-check.png")
        page.locator("a.source").first.click()
        page.wait_for_selector("article.doc")
        assert page.url.endswith(href)


def test_account_page_keeps_logout_apart_from_the_voucher_box(browser, tmp_path: Path) -> None:
    with serving(browser, tmp_path) as (_, server, page):
        sign_in(page, server.url, "member1", "/account")
        voucher = page.locator("section.voucher").bounding_box()
        logout = page.locator(".account-foot .logout button").bounding_box()
        assert logout["y"] >= voucher["y"] + voucher["height"] + 16
        shot(page, "issue14-5-account.png")
        page.locator(".account-foot .logout button").click()
        page.wait_for_url(server.url + "/")
        assert page.locator("header a[href='/login']").count() == 1
