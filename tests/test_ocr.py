"""Scanned documents: image-only PDFs, page photos and mixed PDFs read with tesseract OCR.

The scans are rendered here from real texts (tests/scans.py) and never committed; the documents
used are held out from the ones the layout rules were written against (scans.TUNED).
"""

from __future__ import annotations

import io
import json
import time
from pathlib import Path

import pytest

from sucai.errors import ParseError
from sucai.ingest import ocr
from sucai.ingest.batch import import_paths
from sucai.ingest.pipeline import parse_blocks, parse_file
from sucai.ingest.readers import lines_to_blocks, read_file
from sucai.store.schema import migrate

from . import scans
from .conftest import ROOT, cli_json, run_cli

MISSING = ocr.available()
pytestmark = [
    pytest.mark.skipif(MISSING is not None, reason=f"OCR tests need tesseract: {MISSING} (make test installs it as root)"),
    pytest.mark.skipif(not scans.fonts_available(), reason="rendering scans needs Debian fonts-noto-cjk"),
    pytest.mark.slow,
]

HELD_OUT = ("岚川县农村生活污水治理三年行动实施方案.txt", "关于岚川县村级集体经济发展情况的调研报告.txt")
TEXT_PDF = ROOT / "tests" / "samples" / "readers" / "sample.pdf"


def render(name: str, seed: int, pages: int = 2) -> scans.Scan:
    path = scans.SAMPLES / name
    assert name not in scans.TUNED
    return scans.render(path.stem, scans.source_text(path), seed=seed, max_pages=pages)


@pytest.fixture(scope="module")
def scan_folder(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A scanned PDF, a PNG page, a mixed PDF (a text page, then a scanned one) and a corrupt PNG."""
    from pypdf import PdfReader, PdfWriter

    folder = tmp_path_factory.mktemp("scans") / "扫描件"
    folder.mkdir()
    files = {
        "scan": folder / "污水治理方案（扫描）.pdf",
        "png": folder / "调研报告第1页.png",
        "mixed": folder / "混合.pdf",
        "corrupt": folder / "坏图片.png",
    }
    files["scan"].write_bytes(render(HELD_OUT[0], seed=101).pdf_bytes())
    files["png"].write_bytes(render(HELD_OUT[1], seed=102, pages=1).png_bytes())
    writer = PdfWriter()
    writer.add_page(PdfReader(TEXT_PDF).pages[0])
    writer.append(PdfReader(io.BytesIO(render("云溪镇“五星支部”创建工作经验交流材料.txt", seed=103, pages=1).pdf_bytes())))
    buf = io.BytesIO()
    writer.write(buf)
    files["mixed"].write_bytes(buf.getvalue())
    good = files["png"].read_bytes()
    files["corrupt"].write_bytes(good[:4000])  # a PNG cut off in its image data
    return files


@pytest.mark.parametrize(("name", "seed"), [(HELD_OUT[0], 11), (HELD_OUT[1], 12)])
def test_rendered_scans_of_held_out_documents_read_back_with_their_outline(name: str, seed: int, tmp_path: Path) -> None:
    scan = render(name, seed)
    path = tmp_path / "scan.pdf"
    path.write_bytes(scan.pdf_bytes())
    parsed = parse_file(path)
    truth = parse_blocks(lines_to_blocks(scan.truth), "truth", "truth").documents[0]
    read = "\n".join(d.title + "\n" + d.text for d in parsed.documents)
    assert scans.trigram_recall("\n".join(scan.truth), read) >= 0.93
    got = [h for d in parsed.documents for h in scans.headings(d)]
    assert scans.headings(truth) and scans.outline_f1(scans.headings(truth), got) >= 0.85
    assert all(d.ocr for d in parsed.documents)
    assert not any("— 1 —" in p.text or "第 1 页" in p.text for d in parsed.documents for p in d.paragraphs)


def test_cli_imports_scans_refuses_a_corrupt_image_and_goes_on(scan_folder: dict[str, Path], home: Path) -> None:
    proc = run_cli(home, "ingest", str(scan_folder["scan"].parent), "--json", check=False)
    assert proc.returncode == 3, proc.stderr
    report = json.loads(proc.stdout)
    assert {Path(r["path"]).name for r in report["imported"]} == {
        scan_folder[k].name for k in ("scan", "png", "mixed")}
    (rejected,) = report["rejected"]
    assert Path(rejected["path"]).name == "坏图片.png" and "图片已损坏" in rejected["error"]
    by_file = {Path(r["path"]).name: r["documents"][0] for r in report["imported"]}

    scanned = cli_json(home, "show", by_file[scan_folder["scan"].name], "--json")
    assert scanned["ocr"] is True and scanned["outline"]
    assert "农村生活污水" in scanned["title"]
    mixed = cli_json(home, "show", by_file[scan_folder["mixed"].name], "--json")
    assert mixed["ocr"] is True
    text = "".join(p["text"] for p in mixed["paragraphs"])
    assert "改造农村户厕210座" in text and "五星支部" in text  # the text page and the scanned page, in order
    assert text.index("改造农村户厕210座") < text.index("五星支部")
    hits = cli_json(home, "search", "生活污水治理", "--json")
    assert any(h["doc_id"] == by_file[scan_folder["scan"].name] for h in hits["hits"])
    hits = cli_json(home, "search", "集体经济", "--json")
    assert any(h["doc_id"] == by_file[scan_folder["png"].name] for h in hits["hits"])


def test_a_born_digital_document_is_not_marked_ocr(home: Path) -> None:
    report = cli_json(home, "ingest", str(TEXT_PDF), "--json")
    doc = cli_json(home, "show", report["imported"][0]["documents"][0], "--json")
    assert doc["ocr"] is False


def test_pages_report_progress_and_the_page_limit_names_the_page(
        scan_folder: dict[str, Path], library, monkeypatch: pytest.MonkeyPatch) -> None:
    heard: list[tuple[str, int, int]] = []
    report = import_paths(library, [scan_folder["scan"]], pages=lambda p, n, total: heard.append((p.name, n, total)))
    assert not report.rejected
    assert heard == [(scan_folder["scan"].name, 1, 2), (scan_folder["scan"].name, 2, 2)]

    monkeypatch.setattr(ocr, "PAGE_SECONDS", 0.01)
    with pytest.raises(ParseError) as err:
        read_file(scan_folder["png"])
    assert "第 1 页识别超时" in err.value.message and err.value.path == str(scan_folder["png"])


def test_a_multi_page_tiff_reads_its_pages_in_order(tmp_path: Path) -> None:
    scan = render(HELD_OUT[0], seed=104)
    path = tmp_path / "两页.tiff"
    scan.pages[0].save(path, format="TIFF", save_all=True, append_images=scan.pages[1:], compression="tiff_lzw")
    blocks = read_file(path)
    text = "".join(b.text for b in blocks)
    assert all(b.ocr for b in blocks)
    assert scans.trigram_recall("\n".join(scan.truth), text) >= 0.93
    # where each source paragraph is found: page order kept means these places rise
    places = [text.find(para[i:i + 5]) for para in scan.truth[1:] for i in (0, 5, 10) if len(para) >= i + 5]
    places = [p for p in places if p >= 0]
    rising = sum(a <= b for a, b in zip(places, places[1:], strict=False))
    assert len(places) > 20 and rising >= 0.9 * (len(places) - 1)


def test_without_tesseract_a_scan_is_refused_with_what_to_install(
        scan_folder: dict[str, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(ParseError) as err:
        read_file(scan_folder["png"])
    assert "tesseract-ocr" in err.value.message


def test_admin_upload_reads_scans_and_the_reader_marks_ocr_text(scan_folder: dict[str, Path], tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from .web_library import build_library, login

    web = build_library(tmp_path)
    try:
        client = TestClient(web.app())
        csrf = login(client, "admin")
        files = [("files", (p.name, p.read_bytes(), "application/octet-stream")) for p in scan_folder.values()]
        r = client.post("/api/admin/import", headers={"X-CSRF-Token": csrf}, files=files)
        assert r.status_code == 200, r.text
        job = r.json()
        for _ in range(3000):
            job = client.get(f"/api/admin/jobs/{job['id']}").json()
            if job["state"] != "running":
                break
            time.sleep(0.1)
        assert job["state"] == "finished", job
        statuses = {row["path"]: (row["status"], row["error"]) for row in job["results"]}
        assert {name for name, (status, _) in statuses.items() if status == "imported"} == {
            scan_folder[k].name for k in ("scan", "png", "mixed")}
        assert "图片已损坏" in statuses[scan_folder["corrupt"].name][1]
        for query, title_word in (("集体经济", "调研报告"), ("生活污水", "污水治理"), ("五星支部", "工作总结")):
            hits = client.get("/api/search", params={"q": query}).json()["hits"]
            doc_id = next(h["doc_id"] for h in hits if title_word in h["title"])
            doc = client.get(f"/api/documents/{doc_id}").json()
            assert doc["ocr"] is True and (doc["outline"] or title_word == "调研报告"), doc["title"]
            page = client.get(f"/documents/{doc_id}").text
            assert "识别文本，可能有误" in page
        assert "识别文本，可能有误" not in client.get(f"/documents/{web.free_id}").text
    finally:
        web.library.close()


def test_an_old_library_gains_the_ocr_flag(library) -> None:
    """A library made before the OCR column (schema 2) is migrated; its documents are not OCR'd."""
    report = import_paths(library, [TEXT_PDF])
    db = library.db
    with db.transaction():
        db.execute("ALTER TABLE documents DROP COLUMN ocr")
        db.execute("DELETE FROM schema_version WHERE version = 3")
    migrate(db)
    stored = library.get_document(report.new_documents[0])
    assert stored.document.ocr is False
    assert db.one("SELECT COUNT(*) AS n FROM documents WHERE ocr = 0")["n"] == 1
