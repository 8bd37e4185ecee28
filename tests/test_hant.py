"""Pages in traditional characters: analysed in simplified characters, stored in the source's own."""

from __future__ import annotations

from sucai.ingest.hant import is_traditional
from sucai.ingest.pipeline import parse_blocks
from sucai.ingest.readers import lines_to_blocks
from sucai.models import Block

PAGE = """某縣人民政府關於加強農村學校建設的意見
2024-05-06 10:20
88人看過
各鄉鎮人民政府，縣政府各部門：
為進一步推進農村義務教育發展，現結合本縣實際，提出以下意見。
一、統一思想，提高認識
各級政府要把農村學校建設擺在優先發展的位置，切實予以保障。
二、加大投入，改善條件
縣財政每年安排專項資金，用於農村學校校舍改造和設備購置。
某縣人民政府
2024年5月6日"""


def parse(text: str):
    return parse_blocks(lines_to_blocks(text.splitlines()), "x", "x")


def test_a_traditional_page_is_recognised_and_stored_as_written() -> None:
    blocks = lines_to_blocks(PAGE.splitlines())
    assert is_traditional(blocks)
    doc = parse(PAGE).documents[0]
    assert doc.title == "某縣人民政府關於加強農村學校建設的意見"  # the source's characters
    assert doc.meta.kind == "意见" and doc.meta.year == 2024  # known through the simplified reading
    assert [(n.level, n.heading) for n in doc.nodes] == [(1, "統一思想，提高認識"), (1, "加大投入，改善條件")]
    texts = [p.text for p in doc.paragraphs]
    assert "88人看過" not in texts  # a reader counter, recognised once converted (看過 → 看过)
    source = set(PAGE.splitlines())
    assert all(t in source or any(t in s for s in source) for t in texts), texts  # nothing rewritten


def test_simplified_text_and_the_odd_shared_character_are_left_alone() -> None:
    assert not is_traditional([Block("某镇2023年工作总结"), Block("今年以来，我镇乾坤朗朗，各项工作稳步推进。")])
    doc = parse("某镇2023年工作总结\n今年以来，我镇各项工作稳步推进。").documents[0]
    assert doc.title == "某镇2023年工作总结"
