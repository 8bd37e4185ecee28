"""Cleaning (paid markers, white space, adverts) and the compilation split, on written samples."""

from __future__ import annotations

from sucai.ingest.clean import (
    apply_paid_markers,
    normalise_blocks,
    normalise_space,
    split_long,
    strip_adverts,
)
from sucai.ingest.readers import lines_to_blocks
from sucai.ingest.split import is_compilation, split_compilation
from sucai.models import Block


def blocks(text: str) -> list[Block]:
    return lines_to_blocks(text.splitlines())


def test_paid_markers_become_flags_never_text() -> None:
    out, warnings = apply_paid_markers(blocks("免费段落。\n##paidbegin##\n付费一。\n付费二。##paidend##免费尾。"))
    assert [(b.text, b.paid) for b in out] == [("免费段落。", False), ("付费一。", True), ("付费二。", True),
                                              ("免费尾。", False)]
    assert warnings == []


def test_unclosed_begin_runs_to_end_and_stray_end_warns() -> None:
    out, warnings = apply_paid_markers(blocks("##paidend##\n甲。\n##paidbegin##\n乙。\n丙。"))
    assert [(b.text, b.paid) for b in out] == [("甲。", False), ("乙。", True), ("丙。", True)]
    assert len(warnings) == 1 and "paidend" in warnings[0]


def test_white_space_folding() -> None:
    assert normalise_space("\u3000\u3000一、总体要求\u200b  ") == "一、总体要求"
    assert normalise_space("标题\t\t18") == "标题\t18"
    assert normalise_space("完成 \u00a0 家入库任务") == "完成 家入库任务"


def test_long_lines_are_cut_at_sentence_ends() -> None:
    text = "推进乡村振兴。" * 1000
    pieces = split_long(text, limit=300)
    assert "".join(pieces) == text
    assert all(len(p) <= 300 and p.endswith("。") for p in pieces)


def test_adverts_removed_but_official_prose_kept() -> None:
    text = (
        "某某镇2024年工作总结\n"
        "全镇新发展工会会员120名，建立联系群众制度，开通政务公众号1个。\n"
        "【云笺素材库】——每日更新范文500篇，会员一键下载，联系客服：abc123\n"
        "欢迎加入云笺素材库VIP会员群，海量材料。\n"
        "【云笺代写】原创代写，添加客服：abc123\n"
    )
    kept, removed = strip_adverts(normalise_blocks(blocks(text)))
    assert removed == 3
    assert [b.text for b in kept] == text.splitlines()[:2]


def test_compilation_split_uses_toc_as_hint_only() -> None:
    text = (
        "某某单位工作总结汇编（3篇）\n\n目录\n甲镇2024年上半年工作总结\t1\n丙局2024年工作计划\t9\n\n\n"
        "甲镇2024年上半年工作总结\n一、主要工作\n做了很多工作。\n下一步工作计划\n继续努力。\n\n\n"
        "乙街道2024年上半年工作总结\n一、主要工作\n也做了工作。\n\n\n"
        "丙局2024年工作计划\n一、目标\n完成任务。\n"
    )
    bl = normalise_blocks(blocks(text))
    assert is_compilation(bl[0].text, bl)
    split = split_compilation(bl)
    assert [a.title.text for a in split.articles] == ["甲镇2024年上半年工作总结", "乙街道2024年上半年工作总结",
                                                      "丙局2024年工作计划"]
    assert [b.text for b in split.articles[0].blocks][-2:] == ["下一步工作计划", "继续努力。"]
    assert split.collection_title == "某某单位工作总结汇编（3篇）"


MD_COMPILATION = """# 2024年基层工作总结汇编（3篇）

## 甲镇2024年上半年工作总结

### 一、主要工作

全镇完成各项任务。

### 二、下一步工作计划

继续推进。

## 乙街道2024年上半年工作总结

### 一、主要工作

街道工作有序开展。

## 丙局2024年工作计划

### 一、工作目标

完成年度目标。
"""


def test_markdown_compilation_splits_at_its_article_heading_level(tmp_path) -> None:
    from sucai.ingest.pipeline import parse_file

    path = tmp_path / "汇编.md"
    path.write_text(MD_COMPILATION, encoding="utf-8")
    parsed = parse_file(path)
    assert parsed.collection_title == "2024年基层工作总结汇编（3篇）"
    assert [d.title for d in parsed.documents] == ["甲镇2024年上半年工作总结", "乙街道2024年上半年工作总结",
                                                   "丙局2024年工作计划"]
    assert [n.heading for n in parsed.documents[0].outline] == ["主要工作", "下一步工作计划"]


def test_docx_compilation_splits_at_heading_style(tmp_path) -> None:
    import docx

    from sucai.ingest.pipeline import parse_file

    d = docx.Document()
    d.add_heading("2024年基层工作总结汇编", level=0)
    for title, body in (("甲镇2024年上半年工作总结", "全镇完成各项任务。"), ("乙街道2024年上半年工作总结", "街道工作有序开展。")):
        d.add_heading(title, level=1)
        d.add_heading("一、主要工作", level=2)
        d.add_paragraph(body)
    path = tmp_path / "汇编.docx"
    d.save(path)
    parsed = parse_file(path)
    assert [doc.title for doc in parsed.documents] == ["甲镇2024年上半年工作总结", "乙街道2024年上半年工作总结"]


def test_numbered_toc_with_leaders_and_single_blank_lines() -> None:
    text = (
        "2024年党建工作材料汇编\n\n目录\n1.甲镇2024年党建工作总结……………………2\n2.乙局2024年党建工作要点………5\n\n"
        "一、甲镇2024年党建工作总结\n一、主要做法\n抓班子带队伍。\n二、存在问题\n力量不足。\n\n"
        "二、乙局2024年党建工作要点\n一、总体要求\n坚持党建引领。\n\n"
        "丙街道2024年党建工作计划\n一、目标\n建强支部。\n"
    )
    bl = normalise_blocks(blocks(text))
    split = split_compilation(bl)
    assert [a.title.text for a in split.articles] == ["一、甲镇2024年党建工作总结", "二、乙局2024年党建工作要点",
                                                      "丙街道2024年党建工作计划"]
    assert [b.text for b in split.articles[0].blocks] == ["一、主要做法", "抓班子带队伍。", "二、存在问题", "力量不足。"]


def test_titles_as_a_reader_names_them() -> None:
    from sucai.ingest.split import single_title

    def title_of(text: str) -> str:
        return single_title(normalise_blocks(blocks(text)), "fallback")[2]

    assert title_of("政府工作报告——2024年3月5日在第十四届全国人民代表大会第二次会议上\n各位代表：\n") == "政府工作报告"
    assert title_of("政府工作报告。 某某日报记者 张三 摄\n政府工作报告\n（2026年1月27日）\n各位代表：\n") == "政府工作报告"
    assert title_of("某省2022年国民经济和社会发展统计公报[1]\n某省统计局\n") == "某省2022年国民经济和社会发展统计公报"
    assert title_of("高举旗帜\n团结奋斗\n——在代表大会上的报告\n同志们：\n") == "高举旗帜 团结奋斗"
    assert title_of("# 某某管理规定\n第一条 为了规范管理，制定本规定。\n") == "某某管理规定"
    assert title_of("某某办公厅 文件\n某办发〔2019〕8号\n关于加强信用建设的通知\n各单位：\n") == "关于加强信用建设的通知"
    # a second line the title already says is not appended (no "…报告（节选） 政府工作报告（节选）")
    assert title_of("2024年某县政府工作报告（节选）\n政府工作报告（节选）\n——2024年1月18日在大会上\n各位代表：\n") \
        == "2024年某县政府工作报告（节选）"
