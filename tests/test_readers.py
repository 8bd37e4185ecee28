"""Readers against small real files: every encoding and format gives the expected blocks,
and every bad input is refused with a reason a person can act on.

Each valid sample `tests/samples/readers/<name>` has `<name>.expected.json` holding the blocks
the reader must return, as {"text", "style_level", "blank_before"} (absent keys mean None / 0).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sucai.errors import ParseError, SucaiError, UnsupportedFormat
from sucai.ingest.readers import read_file
from sucai.models import Block
from sucai.samples import sample_dir

SAMPLES = Path(__file__).resolve().parent / "samples" / "readers"
EXPECTED_SUFFIX = ".expected.json"
VALID = sorted(p.name[: -len(EXPECTED_SUFFIX)] for p in SAMPLES.glob("*" + EXPECTED_SUFFIX))

# name -> (error class, words that must all appear in the message)
BAD = {
    "empty.txt": (ParseError, ("为空",)),
    "random-bytes.txt": (ParseError, ("编码",)),
    "truncated.docx": (ParseError, ("docx", "损坏")),
    "text-named.docx": (ParseError, ("文本", ".docx")),
    "notes.xyz": (UnsupportedFormat, ("不支持", ".xyz")),
    "scan.pdf": (ParseError, ("OCR",)),
}

LIBRARY_SUFFIXES = {".txt", ".md", ".html", ".docx"}


def _as_dicts(blocks: list[Block]) -> list[dict]:
    return [{"text": b.text, "style_level": b.style_level, "blank_before": b.blank_before} for b in blocks]


def _expected(name: str) -> list[dict]:
    raw = json.loads((SAMPLES / (name + EXPECTED_SUFFIX)).read_text(encoding="utf-8"))["blocks"]
    return [{"text": e["text"], "style_level": e.get("style_level"), "blank_before": e.get("blank_before", 0)}
            for e in raw]


def test_every_valid_sample_has_a_file_and_the_set_is_complete() -> None:
    assert all((SAMPLES / name).is_file() for name in VALID)
    wanted = {
        "utf8.txt", "utf8-bom.txt", "gbk.txt", "gb18030.txt", "utf16le-bom.txt", "utf16be-bom.txt",
        "utf16le-nobom.txt", "sample.md", "sample.html", "sample.docx", "sample.pdf", "名称 带空格.txt",
    }
    assert wanted <= set(VALID)
    assert all((SAMPLES / name).is_file() for name in BAD)


@pytest.mark.parametrize("name", VALID)
def test_reader_output_matches_expected(name: str) -> None:
    blocks = read_file(SAMPLES / name)
    assert _as_dicts(blocks) == _expected(name)
    assert not any(b.paid for b in blocks)  # paid regions are the cleaner's job, never a reader's


def test_gb18030_keeps_characters_outside_gbk() -> None:
    text = "\n".join(b.text for b in read_file(SAMPLES / "gb18030.txt"))
    assert "𠮷" in text and "䶮" in text


@pytest.mark.parametrize("name", ["utf8.txt", "utf8-bom.txt", "gbk.txt", "utf16le-bom.txt", "utf16be-bom.txt",
                                  "utf16le-nobom.txt"])
def test_same_text_whatever_the_encoding(name: str) -> None:
    # BOMs, NULs, carriage returns and mojibake must not leak into the text
    reference = [b.text for b in read_file(SAMPLES / "utf8.txt")]
    texts = [b.text for b in read_file(SAMPLES / name)]
    assert texts == reference
    assert not any(ch in t for t in texts for ch in "\ufeff\x00\r\ufffd")


def test_html_drops_script_style_navigation_and_comments() -> None:
    text = "\n".join(b.text for b in read_file(SAMPLES / "sample.html"))
    for word in ("不应出现", "首页", "text-indent", "hidden"):
        assert word not in text


def test_html_title_is_stated_once_when_the_page_title_extends_the_h1() -> None:
    """<title>2024年岚川县政府工作报告（节选）_…</title> over <h1>政府工作报告（节选）</h1>: one title line."""
    path = next(sample_dir().glob("*政府工作报告*.html"))
    texts = [b.text for b in read_file(path)]
    assert texts[0] == "2024年岚川县政府工作报告（节选）"
    assert "政府工作报告（节选）" not in texts


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_input_is_refused_with_a_reason(name: str) -> None:
    error, words = BAD[name]
    with pytest.raises(error) as info:
        read_file(SAMPLES / name)
    assert isinstance(info.value, SucaiError)
    for word in words:
        assert word in info.value.message, info.value.message
    assert info.value.path is not None and info.value.path.endswith(name)


def test_missing_file_is_a_parse_error_naming_the_file(tmp_path: Path) -> None:
    with pytest.raises(ParseError) as info:
        read_file(tmp_path / "不存在的文件.txt")
    assert "无法读取" in info.value.message
    assert info.value.path.endswith("不存在的文件.txt")


def test_pdf_named_txt_is_refused_not_decoded(tmp_path: Path) -> None:
    path = tmp_path / "wrong.txt"
    path.write_bytes((SAMPLES / "sample.pdf").read_bytes())
    with pytest.raises(ParseError) as info:
        read_file(path)
    assert "PDF" in info.value.message


# ---------------------------------------------------------------- the sample library


def _library_files() -> list[Path]:
    return sorted(p for p in sample_dir().iterdir() if p.is_file())


def test_sample_dir_holds_at_least_twelve_documents_in_every_format() -> None:
    files = _library_files()
    assert len(files) >= 12
    assert {p.suffix for p in files} == LIBRARY_SUFFIXES
    assert any("汇编" in p.name for p in files)


@pytest.mark.parametrize("path", _library_files(), ids=lambda p: p.name)
def test_every_library_document_reads_as_substantial_text(path: Path) -> None:
    blocks = read_file(path)
    chars = sum(len(b.text) for b in blocks)
    assert chars >= 900, chars
    assert "\ufffd" not in "".join(b.text for b in blocks)  # decoded, not mojibake
    # each document ends with its date line or a closing sentence, never with markup
    assert not blocks[-1].text.lstrip().startswith("<")


def test_library_keeps_one_gbk_text_and_headings_in_word_and_markdown() -> None:
    files = _library_files()
    gbk = []
    for p in files:
        if p.suffix != ".txt":
            continue
        try:
            p.read_bytes().decode("utf-8")
        except UnicodeDecodeError:
            gbk.append(p)
    assert len(gbk) == 1
    for suffix in (".docx", ".md", ".html"):
        (path,) = [p for p in files if p.suffix == suffix]
        levels = {b.style_level for b in read_file(path)}
        assert {1, 2} <= levels, (path.name, levels)
