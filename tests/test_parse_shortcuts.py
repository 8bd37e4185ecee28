"""The shortcuts parsing takes for speed give the answers of the plain path they skip.

Each shortcut (a table of which marker patterns a first character can start, a cheap test before the
enumeration regex, …) is checked against the plain computation on every line of the samples and, when
../shared is there, of part of the corpus.
"""

from __future__ import annotations

import re
from pathlib import Path

from sucai.ingest.clean import _normalise_space, load_rules, plain_spacing
from sucai.ingest.items import _enumerations, may_enumerate
from sucai.ingest.linerules import LineRules, _first_chars
from sucai.ingest.roles import PLAIN_STRONG, STRONG, WEAK, first_role
from sucai.zh import MARKER_STARTS, MARKERS, markers_from
from tests.conftest import CORPUS

SAMPLES = Path(__file__).parent / "samples"
FOLD = str.maketrans("０１２３４５６７８９．（）", "0123456789.()")


def lines() -> list[str]:
    paths = sorted(SAMPLES.rglob("*.txt")) + sorted((CORPUS / "text").glob("*.txt"))[::5]
    found = [line.strip() for p in paths for line in p.read_bytes().decode("utf-8", "replace").splitlines()]
    assert len(found) > 2000
    return [line for line in found if line]


def test_marker_starts_are_what_each_pattern_can_start_with() -> None:
    for kind, rx in MARKERS:
        parsed = _first_chars([rx.pattern])
        assert parsed is not None, kind
        assert set(MARKER_STARTS[kind]) == {"0" if ch == "DIGIT" else ch for ch in parsed}, kind


def test_a_line_is_tried_against_every_marker_that_matches_it() -> None:
    tried = 0
    for line in lines():
        folded = line.translate(FOLD)
        candidates = markers_from(folded[0])
        for kind, rx in MARKERS:
            if rx.match(folded):
                assert (kind, rx) in candidates, (kind, line)
                tried += 1
    assert tried > 500


def test_paragraphs_skipped_before_the_enumeration_regex_have_no_items() -> None:
    skipped = found = 0
    for line in lines():
        items = _enumerations(line)
        if not may_enumerate(line):
            assert items == (), line
            skipped += 1
        found += bool(items)
    assert skipped > 1000 and found > 10


def test_line_rules_answer_as_every_rule_searched_alone() -> None:
    rules = load_rules()
    extra = [re.compile(r"(?i)powered\s+by|版权所有"), re.compile(r"(\d)\1{5}"), re.compile(r"(?P<w>扫码)|^$"),
             re.compile(r"(?i:vip)会员|^(?i:x)y")]
    for patterns in (rules.chrome, rules.strong, extra):
        fast = LineRules(patterns)
        hits = 0
        for line in [*lines(), "", "POWERED BY x", "电话 1111111", "请扫码关注", "谨防上当", "VIP会员", "Xy"]:
            plain = any(p.search(line) for p in patterns)
            assert fast.matches(line) == plain, line
            hits += plain
        assert hits >= 3


def test_lines_with_plain_spacing_are_what_normalising_gives() -> None:
    kept = 0
    for line in [*lines(), " a", "a\u3000", "x\x00y", "\u200bx", "a\nb", "\n", "文字"]:
        if plain_spacing(line):
            assert _normalise_space(line) == line, repr(line)
            kept += 1
    assert kept > 1000


def test_first_role_is_the_earliest_keyword_of_the_table() -> None:
    def plain(text: str, table: dict[str, tuple[str, ...]]) -> str | None:
        found = [(text.find(w), n, role) for n, (role, words) in enumerate(table.items()) for w in words if w in text]
        return min(found)[2] if found else None

    roles = 0
    for line in [*lines()[::4], "存在问题及原因", "下一步主要任务", ""]:
        for table in (STRONG, WEAK, PLAIN_STRONG, {"a": ("问题", "原因"), "b": ("存在",), "c": ()}, {}):
            assert first_role(line, table) == plain(line, table), line
        roles += first_role(line, STRONG) is not None
    assert roles > 100
