"""A document's own 目录 is body text: its entries never become headings, however the page spaced it."""

from __future__ import annotations

from sucai.ingest.pipeline import parse_blocks
from sucai.ingest.split import toc_span
from sucai.models import Block

ENTRIES = ["1.总则", "1.1编制目的", "1.2编制依据", "2.组织体系", "2.1领导机构"]
BODY = ["1.总则", "1.1编制目的", "为提高应对突发事件的能力，保障公众生命财产安全，制定本预案。",
        "1.2编制依据", "依据有关法律法规，结合街道实际，制定本预案。", "2.组织体系", "2.1领导机构",
        "街道成立突发事件应急领导小组，统一领导应急处置工作。"]


def parse(lines: list[str], blank: int) -> list[tuple[int, str]]:
    blocks = [Block(t, blank_before=blank if i else 0) for i, t in enumerate(lines)]
    doc = parse_blocks(blocks, "x", "x").documents[0]
    return [(n.level, n.heading) for r in doc.outline for n in r.walk()]


def test_toc_with_a_blank_line_between_every_line() -> None:
    lines = ["某街道突发事件总体应急预案", "目  录", *ENTRIES, *BODY]
    want = [(1, "总则"), (2, "编制目的"), (2, "编制依据"), (1, "组织体系"), (2, "领导机构")]
    assert parse(lines, 1) == want  # every line blank-separated: no gap marks the 目录's end
    assert parse(lines, 0) == want
    blocks = [Block(t, blank_before=1) for t in lines]
    assert toc_span(blocks) == (1, 2 + len(ENTRIES))


def test_short_lines_after_toc_without_a_repeat_are_not_taken_for_entries() -> None:
    # no entry repeats later: only what the old gap rule finds is the 目录, the rest stays outline
    lines = ["某镇工作方案", "目录", "一、总体要求", "", "二、主要任务"]
    blocks = [Block(t, blank_before=1) for t in lines if t]
    assert toc_span(blocks) == (1, 3)
