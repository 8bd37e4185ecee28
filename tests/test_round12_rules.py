"""Round-12 outline and title rules, on small examples written for these tests."""

from __future__ import annotations

from sucai.ingest.line_fixes import cut_blocks
from sucai.ingest.run_in import split_run_in
from sucai.ingest.titles import split_glued_title
from sucai.models import Block
from tests.pages import outline_of

PROSE = "全年共组织各类活动十二场，参与群众三千余人次，社会反响良好，相关做法得到上级肯定。"
SHORT = "全年开展专项检查四次，整改各类问题十余处。"


def test_run_in_labels_of_two_phrases_joined_by_a_comma_of_enumeration() -> None:
    lines = ["麻痹大意、侥幸心理不可有：" + PROSE, "火灾的几种常见原因：" + PROSE, "遇险时沉着应对：" + PROSE]
    cut = [b.text for b in split_run_in([Block(t) for t in lines])]
    assert cut[::2] == ["麻痹大意、侥幸心理不可有：", "火灾的几种常见原因：", "遇险时沉着应对："]
    found = outline_of(cut, "安全培训心得体会")
    assert [h for _, h in found] == ["麻痹大意、侥幸心理不可有", "火灾的几种常见原因", "遇险时沉着应对"]


def test_a_long_label_without_a_comma_of_enumeration_is_prose() -> None:
    lines = ["通过这次培训我们认识到一个道理：" + PROSE] * 3
    assert len(split_run_in([Block(t) for t in lines])) == 3


def test_a_years_work_heads_the_numbered_sections_below_it() -> None:
    found = outline_of(["各位代表：", "关于2024年的工作", PROSE, "一、坚持依法履职，提升监督实效", PROSE,
                        "二、密切联系群众，回应代表关切", PROSE], "某县人大常委会工作报告")
    assert [lvl for lvl, _ in found] == [1, 2, 2]
    assert found[0] == (1, "关于2024年的工作")


def test_a_bare_heading_over_one_short_sentence_inside_a_run() -> None:
    found = outline_of([PROSE, "宣传教育", PROSE, "隐患排查", SHORT, "队伍建设", PROSE], "某镇年度工作总结")
    assert [h for _, h in found] == ["宣传教育", "隐患排查", "队伍建设"]


def test_a_short_sentence_outside_a_run_does_not_make_a_heading() -> None:
    found = outline_of([PROSE, "宣传教育", PROSE, "队伍建设", PROSE, "其他事项", SHORT], "某镇年度工作总结")
    assert [h for _, h in found] == ["宣传教育", "队伍建设"]


def test_a_title_glued_to_prose_naming_its_kind() -> None:
    text = "某市统计局政府信息公开工作年度报告本报告是根据有关条例要求编制的年度报告，全文包括概述和公开情况。"
    out = split_glued_title([Block(text), Block(PROSE)])
    assert [b.text for b in out[:2]] == ["某市统计局政府信息公开工作年度报告", "本报告是根据有关条例要求编制的年度报告，全文包括概述和公开情况。"]


def test_cut_blocks_splits_only_the_kept_blocks() -> None:
    blocks = [Block("甲乙。丙丁"), Block("戊己"), Block("庚辛。壬癸")]
    out, lines = cut_blocks(blocks, {0: 3, 2: 3}, {0})
    assert [b.text for b in out] == ["甲乙。", "丙丁", "戊己", "庚辛。壬癸"]
    assert lines == {0}
    assert out[1].blank_before == 0


def test_counted_leads_of_a_short_news_text_are_points() -> None:
    found = outline_of([
        "为规范乡镇统计工作，近日县统计局对各乡镇统计工作开展了检查，检查情况总体良好。",
        "一是领导重视。各乡镇均设立了统计机构，配备了专职统计人员，工作有人抓。",
        "二是基础扎实。各乡镇统计台账齐全，原始记录完整，报表按时报送。",
    ], "县统计局检查乡镇统计工作")
    assert found == []
