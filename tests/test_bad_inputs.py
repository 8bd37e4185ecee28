"""A folder of bad inputs imports what it can, rejects the rest with reasons, and exits 3 (the real command)."""

from __future__ import annotations

import io
import json
import random
from pathlib import Path

import docx
import pytest

from .conftest import run_cli_process


def _make_docx(text: str) -> bytes:
    d = docx.Document()
    d.add_heading("某某镇2024年上半年工作总结", level=1)
    d.add_paragraph(text)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _pdf_without_text() -> bytes:
    from pypdf import PdfWriter

    w = PdfWriter()
    w.add_blank_page(width=595, height=842)
    buf = io.BytesIO()
    w.write(buf)
    return buf.getvalue()


def build_bad_folder(folder: Path) -> dict[str, str | None]:
    """Write the bad inputs; returns file name → expected word in the rejection (None = imports)."""
    folder.mkdir(parents=True)
    body = "一、主要工作\n（一）抓好党建。一是加强学习。二是强化监督。\n二、下一步计划\n继续推进各项工作。\n"
    good = _make_docx(body)
    files: dict[str, tuple[bytes, str | None]] = {
        "empty.txt": (b"", "为空"),
        "random.txt": (random.Random(7).randbytes(4096), "文本"),
        "truncated.docx": (good[: len(good) // 2], "docx"),
        "plain-text.docx": ("这是一段纯文本，不是 Word 文档。".encode(), "docx"),
        "scan.pdf": (_pdf_without_text(), "OCR"),
        "unbalanced.txt": (("某某局2024年工作总结\n##paidend##\n" + body + "##paidbegin##\n付费内容。\n").encode(), None),
        # one 3.5-million-character line (10 MB): any work quadratic in a line's length would not finish
        "huge-line.txt": (("某某县2024年工作报告\n" + "加强基层治理，推进乡村振兴。" * 250_000).encode(), None),
        "名称 带空格.txt": (("某某街道2024年上半年工作总结\n" + body).encode(), None),
        "good.docx": (good, None),
        "notes.xyz": (b"whatever", "不支持"),
    }
    for name, (data, _) in files.items():
        (folder / name).write_bytes(data)
    return {name: expect for name, (_, expect) in files.items()}


@pytest.mark.slow
def test_bad_inputs_folder(home: Path, tmp_path: Path) -> None:
    folder = tmp_path / "bad inputs"
    expected = build_bad_folder(folder)
    proc = run_cli_process(home, "ingest", str(folder), "--json", check=False)
    assert proc.returncode == 3, proc.stderr
    report = json.loads(proc.stdout)
    rejected = {Path(r["path"]).name: r["error"] for r in report["rejected"]}
    imported = {Path(r["path"]).name for r in report["imported"]}
    for name, word in expected.items():
        if word is None:
            assert name in imported, (name, rejected.get(name))
        else:
            assert name in rejected, name
            assert word in rejected[name], (name, rejected[name])
    warnings = [w["warning"] for w in report["warnings"] if w["path"].endswith("unbalanced.txt")]
    assert any("paidend" in w for w in warnings)
    # the human-readable run names each rejected file with its reason
    proc2 = run_cli_process(home, "ingest", str(folder), check=False)
    assert proc2.returncode == 3
    for name in rejected:
        assert name in proc2.stderr
