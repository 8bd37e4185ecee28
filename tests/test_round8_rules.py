"""Rules written after studying the round-8 pages: a headline printed twice, a bracketed headline glued to the
first sentence, numbered points whose first sentence strings clauses together, comma-paired unnumbered headings,
top-level numbers a page skipped, leads that follow counted leads, and alike leads inside a numbered section.
Every example is written here, not copied from a sample."""

from __future__ import annotations

from sucai.ingest.gaps import skipped_ahead
from sucai.ingest.lost_marks import parallel_leads
from sucai.ingest.points import prose_points
from sucai.ingest.short_heads import short_headings
from sucai.ingest.split import single_title
from sucai.ingest.sub_leads import section_leads
from sucai.ingest.titles import note_title, split_glued_title, strip_title_label
from sucai.models import Block
from tests.pages import outline_of

PROSE = "全年共组织各类培训十二次，参训人员八百余人次，干部队伍的业务能力和服务水平得到了明显提升。"


def test_a_headline_printed_twice_is_the_title_and_the_line_above_is_no_section() -> None:
    lines = ["文秘频道工作计划", "某小学年度工作计划范例", "阅读次数 200", "以下是一篇学校的计划，供参考。",
             "某小学年度工作计划范例", "一、指导思想", PROSE, "二、工作目标", PROSE]
    title_block, rest, title = single_title([Block(t) for t in lines], "fallback")
    assert title == "某小学年度工作计划范例"
    outline = outline_of([b.text for b in rest], title_block.text)
    assert outline == [(1, "指导思想"), (1, "工作目标")]


def test_a_dateline_printed_twice_does_not_replace_the_title() -> None:
    lines = ["某市2025年政府工作报告", "2025年1月10日在某市人民代表大会上", "首页", "政府工作报告",
             "2025年1月10日在某市人民代表大会上", "各位代表：", PROSE]
    assert single_title([Block(t) for t in lines], "fallback")[2] == "某市2025年政府工作报告"


def test_a_bracketed_headline_glued_to_the_first_sentence_is_cut_off() -> None:
    blocks = split_glued_title([Block("【某村年度工作计划】新的一年里，村两委将围绕产业发展和人居环境整治，扎实推进各项工作。")])
    assert blocks[0].text == "【某村年度工作计划】"
    assert strip_title_label(blocks[0].text) == "某村年度工作计划"
    assert "".join(b.text for b in blocks).startswith("【某村年度工作计划】新的一年里")


def test_numbered_points_whose_first_sentences_chain_clauses_are_statements() -> None:
    lines = ["1、注重平时的学习积累，不断开阔自己的工作视野，切实提升服务群众和推动发展的本领。" + PROSE,
             "2、坚持统筹兼顾和分工负责，合理安排每一周的时间，把学校各项工作和个人分管工作落到实处。" + PROSE,
             "3、加强团队协作。" + PROSE]
    assert prose_points(lines) == {0, 1, 2}
    short = ["1、加强团队协作。" + PROSE, "2、强化安全管理。" + PROSE]
    assert prose_points(short) == set()


def test_comma_paired_phrases_between_prose_are_headings() -> None:
    blocks = [Block(t) for t in ["躬身实践，在基层中成长", PROSE, "笃学善思，以知识促提升", PROSE]]
    assert short_headings(blocks) == {0, 2}
    assert short_headings(blocks[:2]) == set()  # one such line is no pattern


def test_a_top_level_number_may_skip_sections_a_page_left_out() -> None:
    assert skipped_ahead(1, 5, "统筹推进，狠抓落实")
    assert not skipped_ahead(1, 5, "五年来，我们始终坚持把发展作为第一要务。")
    lines = ["一、加强组织建设", PROSE, "五、统筹推进，狠抓落实", PROSE]
    assert outline_of(lines) == [(1, "加强组织建设"), (1, "统筹推进，狠抓落实")]


def test_a_short_lead_after_counted_leads_is_their_sibling() -> None:
    lines = ["推进旧村改造。一是完成危房排查。" + PROSE, "治理河道水系。一是开展清淤工作。" + PROSE,
             "改善城乡环境。加大道路和村庄的日常保洁力度，" + PROSE]
    _blocks, leads = parallel_leads([Block(t) for t in lines])
    assert len(leads) == 3


def test_alike_leads_inside_an_unsubdivided_section_are_second_level() -> None:
    lines = ["一、过去五年工作回顾", PROSE, "农业生产稳中有升，粮食产量再创新高。" + PROSE,
             "交通条件明显改善，出行更加便捷高效。" + PROSE, "二、今后五年主要任务", PROSE]
    _blocks, subs = section_leads([Block(t) for t in lines])
    assert len(subs) == 2
    assert outline_of(lines) == [(1, "过去五年工作回顾"), (2, "农业生产稳中有升，粮食产量再创新高"),
                                 (2, "交通条件明显改善，出行更加便捷高效"), (1, "今后五年主要任务")]
    numbered = ["一、主要成绩", "（一）农业生产稳中有升，粮食产量再创新高。" + PROSE,
                "农业生产稳中有升，粮食产量再创新高。" + PROSE, "交通条件明显改善，出行更加便捷高效。" + PROSE]
    assert section_leads([Block(t) for t in numbered])[1] == set()


def test_leads_over_paragraphs_of_figures_are_no_headings() -> None:
    figures = "全年完成产值12345万元，比上年增长8.6%，其中规模以上企业完成9876万元，增长10.2%，利税1234万元。"
    lines = ["一、工业", PROSE, "工业生产平稳增长。" + figures, "工业效益有所提高。" + figures]
    assert section_leads([Block(t) for t in lines])[1] == set()


def test_a_breadcrumb_names_a_page_without_a_title_line() -> None:
    blocks = [Block("当前位置：首页 > 信息公开 > 年度报告 > 社区(村)某社区2024年政府信息公开工作年度报告"),
              Block("发布日期：2025-01-20"), Block(PROSE)]
    assert note_title(blocks) == "某社区2024年政府信息公开工作年度报告"
    assert note_title([Block("当前位置：首页 > 新闻动态 > 工作动态"), Block(PROSE)]) is None


def test_paired_headings_may_follow_an_introducing_line_and_carry_glyph_notes() -> None:
    lines = ["一年来的主要工作总结如下：", "组织全体教师开展业务学习，提升教师素质", PROSE,
             "强化安全管理，营造平安环(huán)境", PROSE]
    assert short_headings([Block(t) for t in lines]) == {1, 3}


def test_an_issuer_line_printed_again_as_the_signature_is_not_the_title() -> None:
    lines = ["关于做好秋季防火工作的通知", "某县应急管理局", "各乡镇人民政府：", PROSE, "某县应急管理局", "2024年9月1日"]
    assert single_title([Block(t) for t in lines], "fallback")[2] == "关于做好秋季防火工作的通知"
