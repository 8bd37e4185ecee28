"""The ingest invariant: nothing is lost and nothing is doubled.

Every character of a source's text, after the paid markers and the lines that the advert/chrome rules
and the repeated-header rule name are removed, ends up in exactly one paragraph of one document.  The
only other places text may go are a compilation's own title and its 目录 (stored as the collection's
title and contents).  White space is layout, not text, and is not counted.  A page in traditional characters
is cleaned as the pipeline cleans it, in simplified characters (sucai/ingest/hant.py), so both sides are
compared converted; tests/test_hant.py checks that its stored text is the source's own characters.

Checked over every file in tests/samples and every file of the shared corpus (skipped when absent).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from sucai.errors import SucaiError
from sucai.ingest.clean import apply_paid_markers, drop_repeated_headers, normalise_blocks, strip_adverts
from sucai.ingest.hant import convert, is_traditional, t2s_table
from sucai.ingest.pipeline import SUPPORTED, parse_blocks
from sucai.ingest.readers import lines_to_blocks, read_file
from sucai.ingest.split import is_compilation, split_compilation, toc_span
from sucai.models import Block
from tests.conftest import CORPUS

SAMPLES = Path(__file__).parent / "samples"


def chars(texts) -> Counter[str]:
    return Counter(ch for text in texts for ch in text if not ch.isspace())


def expected_text(blocks: list[Block]) -> Counter[str]:
    if is_traditional(blocks):
        blocks = convert(blocks)
    kept, _ = apply_paid_markers(blocks)
    kept, _ = strip_adverts(normalise_blocks(kept))
    kept, _ = drop_repeated_headers(kept)
    if kept and is_compilation(kept[0].text, kept) and split_compilation(kept).articles:
        start, end = toc_span(kept)
        kept = [b for i, b in enumerate(kept) if i and not start <= i < end]
    return chars(b.text for b in kept)


def stored_text(parsed) -> Counter[str]:
    return chars(p.text for doc in parsed.documents for p in doc.paragraphs)


def check_file(path: Path) -> None:
    try:
        blocks = read_file(path)
        parsed = parse_blocks(blocks, str(path), path.stem)
    except SucaiError:
        return  # unreadable on purpose (empty, random bytes, wrong suffix): the bad-input tests cover it
    want, got = expected_text(blocks), stored_text(parsed)
    if is_traditional(blocks):
        got = Counter("".join(got.elements()).translate(t2s_table()))
    missing, doubled = want - got, got - want
    assert not missing and not doubled, f"{path.name}: lost {dict(missing)!r} doubled {dict(doubled)!r}"


SAMPLE_FILES = sorted(p for p in SAMPLES.rglob("*") if p.suffix.lower() in SUPPORTED)


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: str(p.relative_to(SAMPLES)))
def test_every_sample_keeps_its_text(path: Path) -> None:
    check_file(path)


@pytest.mark.corpus
def test_every_corpus_file_keeps_its_text() -> None:
    text = CORPUS / "text"
    if not text.exists():
        pytest.skip(f"../shared/corpus is absent ({text}): corpus tests run in CI and on dev machines")
    files = sorted(text.glob("*.txt"))
    assert files
    for path in files:
        check_file(path)


def lines(text: str) -> list[Block]:
    return lines_to_blocks(text.splitlines())


COVER_LETTER_AND_PLAN = """关于报送《某县国家粮食应急预案》的函

市粮食和物资储备局：
根据贵局通知要求，现将我县修订后的粮食应急预案报送你局，请予审核。

某县发展和改革局
2024年3月5日

目  录
一、总则……………………1
二、组织指挥体系…………3
三、应急响应………………5

一、总则
（一）编制目的。为有效应对粮食市场异常波动，保证粮食供应，制定本预案。
（二）适用范围。本预案适用于本县行政区域内粮食应急状态的处置。
二、组织指挥体系
县政府成立粮食应急工作指挥部，负责领导、组织、协调全县粮食应急工作。
三、应急响应
粮食应急状态分为两级，按照分级响应的原则处置。
"""


def test_a_table_of_contents_inside_one_document_never_splits_it() -> None:
    parsed = parse_blocks(lines(COVER_LETTER_AND_PLAN), "plan.txt", "plan")
    assert len(parsed.documents) == 1
    doc = parsed.documents[0]
    assert doc.title.startswith("关于报送《某县国家粮食应急预案》的函")
    assert [n.heading for n in doc.outline] == ["总则", "组织指挥体系", "应急响应"]
    assert chars(p.text for p in doc.paragraphs) == expected_text(lines(COVER_LETTER_AND_PLAN))


COMPILATION_WITH_FRONT = """乡镇工作总结汇编（3篇）

编者按：以下三篇总结由各乡镇报送，供交流参考。各篇数据均为初步统计。

甲镇2023年工作总结
一、主要成绩
全年完成固定资产投资5亿元。
新建村级道路12公里。
二、存在问题
产业基础仍然薄弱。

乙镇2023年工作总结
一、主要成绩
全年新增就业1200人。
完成危房改造86户。
二、存在问题
集体经济收入偏低。
"""


def test_a_split_never_drops_the_text_before_the_first_article() -> None:
    parsed = parse_blocks(lines(COMPILATION_WITH_FRONT), "c.txt", "c")
    assert parsed.collection_title == "乡镇工作总结汇编（3篇）"
    titles = [d.title for d in parsed.documents]
    assert "甲镇2023年工作总结" in titles and "乙镇2023年工作总结" in titles
    text = "".join(p.text for d in parsed.documents for p in d.paragraphs)
    assert "编者按：以下三篇总结由各乡镇报送" in text
    assert stored_text(parsed) == expected_text(lines(COMPILATION_WITH_FRONT))
