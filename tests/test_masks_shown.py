"""Publisher masks (D的二十大, D建, DK, TD日) are shown and exported restored; the stored text keeps the
published form, which a reader can still ask for."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from sucai import accounts
from sucai.config import load_settings
from sucai.derived.catchup import refresh_indexes
from sucai.export import Para, Part
from sucai.export.compile import render
from sucai.ingest.batch import import_paths
from sucai.normalize import restore_masks
from sucai.store.home import open_library
from sucai.web import create_app
from tests.conftest import backend_env
from tests.web_library import PASSWORD

MASKED = """某局2024年党建工作总结
今年以来，我局深入学习贯彻D的二十大精神，抓好D建工作。
一、主要工作
（一）上好DK。全年开展TD日活动12次，3D打印和CAD培训各1次。
"""


def test_restore_masks_changes_only_masks() -> None:
    assert restore_masks("学习贯彻D的二十大精神") == "学习贯彻党的二十大精神"
    assert restore_masks("抓好D建工作，上好DK，开展TD日活动") == "抓好党建工作，上好党课，开展主题党日活动"
    assert restore_masks("3D打印和CAD制图，D-Day") == "3D打印和CAD制图，D-Day"


def test_exports_restore_masks_unless_the_published_form_is_asked_for() -> None:
    part = Part(title="D建工作总结", paragraphs=(Para("（一）上好DK。全年开展TD日活动12次。", level=1, head=7),))
    restored = render([part], "md").data.decode("utf-8")
    assert "党建工作总结" in restored and "上好党课" in restored and "主题党日" in restored and "DK" not in restored
    published = render([part], "md", published=True).data.decode("utf-8")
    assert "D建工作总结" in published and "上好DK" in published


def test_reader_and_downloads_show_restored_words(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "masked.txt").write_text(MASKED, encoding="utf-8")
    cfg = load_settings(env=backend_env(), home=tmp_path / "home")
    library = open_library(cfg)
    report = import_paths(library, [src])
    doc_id = report.results[0].documents[0]
    refresh_indexes(cfg, library)
    stored = library.get_document(doc_id).document
    assert "D的二十大" in stored.paragraphs[1].text  # the published form is what is stored
    accounts.create_user(library.db, "member1", PASSWORD, accounts.MEMBER, accounts.expiry_from(days=30))
    client = TestClient(create_app(cfg, library))
    page = client.get(f"/documents/{doc_id}").text
    assert "党的二十大" in page and "D的二十大" not in page and "上好党课" in page
    shown = client.get(f"/documents/{doc_id}?form=published").text
    assert "D的二十大" in shown and "上好DK" in shown
    client.post("/api/login", json={"username": "member1", "password": PASSWORD})
    restored = client.get(f"/api/documents/{doc_id}/download?format=txt").content.decode("utf-8")
    assert "党的二十大" in restored and "D的二十大" not in restored
    published = client.get(f"/api/documents/{doc_id}/download?format=txt&form=published").content.decode("utf-8")
    assert "D的二十大" in published
    library.close()
