"""Helpers of the rule tests: a made-up page parsed as ingest parses it, what of it was kept, and the outline
the structure step makes of a few lines."""

from __future__ import annotations

from sucai.ingest.outline import build_structure
from sucai.ingest.pipeline import parse_blocks
from sucai.ingest.readers import lines_to_blocks
from sucai.models import Block, ParsedFile


def parse(text: str) -> ParsedFile:
    return parse_blocks(lines_to_blocks(text.splitlines()), "x", "文件名")


def kept(parsed: ParsedFile) -> str:
    """Every paragraph and title that survived, one a line."""
    return "\n".join([p.text for d in parsed.documents for p in d.paragraphs] + [d.title for d in parsed.documents])


def outline_of(lines: list[str], title: str = "某单位工作报告") -> list[tuple[int, str]]:
    """(level, heading) of every outline node, depth first."""
    s = build_structure(Block(title), [Block(t) for t in lines])
    out: list[tuple[int, str]] = []

    def walk(nodes, level: int) -> None:
        for n in nodes:
            out.append((level, n.heading))
            walk(n.children, level + 1)
    walk(s.outline, 1)
    return out
