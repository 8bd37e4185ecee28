"""Rules written after studying the round-6 pages (issue 12): a data table copied with bars between its cells
is no navigation, a page's field row glued to the text behind its font-size widget, brand spam injected into the
sentences, untitled documents that name themselves in their opening, and the Taiwan spelling 計畫.  Every example
is written here, not copied from a sample."""

from __future__ import annotations

from sucai.ingest.furniture import bar_table_rows, furniture_lines
from sucai.ingest.metadata import extract_meta
from sucai.ingest.watermarks import strip_injected
from sucai.models import Block, Paragraph
from tests.pages import parse

BODY = "今年以来，在镇党委的正确领导下，全镇上下齐心协力，各项工作取得了明显成效，现将有关情况报告如下。"


def texts(parsed) -> str:
    return "\n".join(p.text for d in parsed.documents for p in d.paragraphs)


def test_a_bar_table_in_the_tail_is_kept() -> None:
    rows = ["项目 | 本年新增 | 本年撤销 | 累计数量 |", "文件 | 3 | 0 | 21 |", "公告 | 1 | 1 | 9 |"]
    lines = [BODY, "一、基本情况", BODY, *rows]
    assert bar_table_rows(lines) == {3, 4, 5}
    assert not furniture_lines(lines, ("首页",)) & {3, 4, 5}
    assert all(r.split(" |")[0] in texts(parse("\n".join(lines))) for r in rows)


def test_a_menu_with_bars_is_still_navigation() -> None:
    menu = ["首页 | 机构设置 | 政务公开 | 办事服务", "网站地图 | 联系我们 | 无障碍浏览 | 关怀版"]
    assert bar_table_rows(menu) == set()  # no numeric cell: a menu, not a table
    assert furniture_lines([*menu, BODY], ()) == {0, 1}


def test_a_field_row_glued_to_the_text_is_cut_at_its_widget() -> None:
    line = ("发布时间:2024-05-06 10:20 信息来源: 某县教育局 阅读次数: 编辑:张某 字体:【各乡镇中心学校，"
            "局属各单位：现将《某县2024年教育工作要点》印发给你们，请认真贯彻落实。")
    parsed = parse(f"关于印发某县2024年教育工作要点的通知\n{line}\n一、总体要求\n{BODY}")
    kept = texts(parsed)
    assert "各乡镇中心学校，局属各单位：现将" in kept and "发布时间" not in kept and "阅读次数" not in kept
    # a line that only mentions a font is prose and stays whole
    prose = "字体:楷体，字号：三号，请各单位按统一格式报送材料，逾期不再受理，联系人张某。"
    assert prose in texts(parse(f"关于报送材料的通知\n{prose}\n{BODY}"))


def test_injected_brand_spam_is_cut_out_of_the_sentences() -> None:
    blocks = [Block("按照省、市abcbet娱乐_abcbet平台@:部署，现编制本报告。"),
              Block("依据《abcbet娱乐_abcbet平台@:考核办法》做好公开工作。")]
    assert [b.text for b in strip_injected(blocks)] == ["按照省、市部署，现编制本报告。", "依据《考核办法》做好公开工作。"]
    once = [Block("系统字段user_id和order_id用于关联订单。"), Block("上传文件名为report_2023.docx，字段user_id必填。")]
    assert [b.text for b in strip_injected(once)] == [b.text for b in once]  # identifiers without Han stay


def meta_of(*lines: str):
    return extract_meta("无标题", [Paragraph(text=t, kind="body") for t in lines])


def test_an_untitled_document_that_names_itself() -> None:
    meta = meta_of("根据《条例》要求，结合实际，现公布我镇2023年政府信息公开工作年度报告。", "一、总体情况", BODY)
    assert (meta.kind, meta.year) == ("报告", 2023)
    meta = meta_of("一年来，我们取得了显著成绩。以下是我们2019年度的主要工作回顾与总结。", "一、经济建设", BODY)
    assert (meta.kind, meta.year) == ("工作总结", 2019)
    meta = meta_of("本报告由某乡人民政府编制，汇报我乡2022年政府信息公开工作。", "一、主动公开情况", BODY)
    assert (meta.kind, meta.year) == ("报告", 2022)
    meta = meta_of("同志们：今天我们召开全镇工作会议。", "全镇上下齐心协力，各项工作取得了明显成效。")  # names nothing
    assert meta.kind == "讲话"


def test_the_taiwan_spelling_of_plan() -> None:
    meta = extract_meta("2024年乡镇工作总结和2025年工作计画", [Paragraph(text=BODY, kind="body")])
    assert meta.kind == "总结及计划"
    hant = "今年以來，在鎮黨委的正確領導下，全鎮上下齊心協力，各項工作取得了明顯成效，經濟發展穩中向好。"
    assert parse(f"2024年鄉鎮工作總結和2025年工作計畫\n{hant}\n{hant}").documents[0].meta.kind == "总结及计划"


def test_a_text_that_is_only_a_contents_list_has_no_outline() -> None:
    toc = ["1.某市2024年工作要点3", "2.某县2024年工作要点12", "一、坚持目标导向", "1.全面完成年度任务", "2.健全保障体系",
           "二、突出重点工作", "3.提高教学质量"]
    assert parse("\n".join(toc)).documents[0].outline == ()
    # the same heading tree with its text under it is an outline
    doc = parse("\n".join(["一、坚持目标导向", BODY, "1.全面完成年度任务", BODY, "二、突出重点工作", BODY]))
    assert [n.heading for n in doc.documents[0].outline] == ["坚持目标导向", "突出重点工作"]


def furniture(lines: list[str]) -> set[int]:
    from sucai.ingest.clean import load_rules
    rules = load_rules()
    return furniture_lines(lines, rules.furniture, rules.fields)


def test_a_breadcrumb_of_two_items_between_arrows() -> None:
    assert furniture(["某某范文 >工作总结", "某镇2023年工作总结", BODY]) == {0}
    assert furniture(["甲|乙两村合并工作", BODY]) == set()  # a bar between two words is no breadcrumb
    assert furniture(["得分>90", BODY]) == set()


def test_a_name_beside_a_counter_or_a_dated_column() -> None:
    assert furniture(["某某屋 人气:1.52W", "某镇调研报告", BODY]) == {0}
    assert furniture(["2024-09-22人已围观", BODY]) == {0}
    assert furniture(["2023-09-11 │ 学校工作总结", BODY]) == {0}
    assert furniture(["调研报告 人气:120", BODY]) == set()  # a kind word is a title's, not a site's
    assert furniture(["学校工作总结 2023-09-11", BODY]) == set()  # no separator: a title and its date


def test_short_lines_between_two_furniture_lines_of_the_head() -> None:
    page = "\n".join(["某市2024年教育工作要点", "VIP专免", "999+", "32 页", "海报", "侵权投诉", BODY, "一、总体要求", BODY])
    kept = texts(parse(page))
    assert not any(w in kept for w in ("VIP专免", "999+", "32 页", "海报", "侵权投诉"))
    page = "\n".join(["VIP专免", "工作总结", "侵权投诉", BODY])  # a short title between them stays
    assert "工作总结" in texts(parse(page))


def test_a_site_note_naming_the_page() -> None:
    note = "《镇年度工作总结》来源于www.example.com,欢迎阅读镇年度工作总结。"
    assert note not in texts(parse(f"某镇年度工作总结\n{BODY}\n{note}"))
    cited = "《关于加强安全生产的通知》来源于省应急管理厅，请各单位认真学习。"
    assert cited in texts(parse(f"某镇年度工作总结\n{BODY}\n{cited}"))


def test_run_in_section_labels_head_their_sections() -> None:
    prose = "坚持把发展作为第一要务，完善工作机制，推动各项任务落地见效，确保全年目标任务圆满完成，群众满意度持续提升。"
    doc = parse("\n".join(["某街道2024年工作计划", f"党建工作：{prose}", f"经济工作：{prose}", f"民生工作：{prose}"]))
    assert [n.heading.rstrip("：") for n in doc.documents[0].outline] == ["党建工作", "经济工作", "民生工作"]
    assert prose in texts(doc)  # the prose stays whole, as the label's body
    # two labels are no run; a document with numbered sections keeps its numbers as the sections
    assert parse("\n".join(["某街道工作计划", f"党建工作：{prose}", f"经济工作：{prose}"])).documents[0].outline == ()
    numbered = parse("\n".join(["某街道工作计划", "一、总体要求", f"党建工作：{prose}", f"经济工作：{prose}",
                                f"民生工作：{prose}"])).documents[0]
    assert [n.heading for n in numbered.outline] == ["总体要求"] and numbered.outline[0].children == ()


def test_a_table_read_one_cell_a_line_between_bars_is_one_block() -> None:
    cells = ["项目", "|", "本年新增", "|", "（一）予以公开", "|", "12", "|", "（二）不予公开", "|", "3", "|"]
    page = "\n".join(["某镇2023年政府信息公开工作年度报告", "一、总体情况", BODY, "二、办理情况", *cells,
                      "三、存在的问题", BODY])
    doc = parse(page).documents[0]
    assert [n.heading for n in doc.outline] == ["总体情况", "办理情况", "存在的问题"]
    assert all(n.children == () for n in doc.outline)  # the cells （一）（二） are no sections
    assert "项目 | 本年新增 | （一）予以公开 | 12 | （二）不予公开 | 3 |" in texts(parse(page))
    # two bars are no table run
    two = parse("\n".join(["某镇工作总结", "一、总体情况", BODY, "甲", "|", "乙", "|"])).documents[0]
    assert "甲" in [p.text for p in two.paragraphs]


def test_a_source_note_at_the_foot_names_an_untitled_page() -> None:
    page = "\n".join(["教育事业。进一步规范学校管理，整顿学校周边环境，维护招生秩序，对学校安全进行了全面检查。", BODY,
                      "《某镇年度工作总结》来源于www.example.com,欢迎阅读某镇年度工作总结。"])
    doc = parse(page).documents[0]
    assert (doc.title, doc.meta.kind) == ("某镇年度工作总结", "工作总结")


def test_a_speech_is_dated_by_the_year_it_says_today() -> None:
    lines = ["老师们、同学们：", "今天我们在此隆重举行2021年秋季学期开学典礼，欢迎新同学加入我们的大家庭。", BODY]
    assert extract_meta("在开学典礼上的致辞", [Paragraph(text=t, kind="body") for t in lines]).year == 2021
    cited = ["同志们：", "2018年以来，全县各项工作取得明显成效，我们今天召开会议，总结经验。", BODY]
    assert extract_meta("在全县工作会议上的讲话", [Paragraph(text=t, kind="body") for t in cited]).year is None


def test_a_bar_table_row_is_never_joined_with_the_next_line() -> None:
    from sucai.ingest.readers import reflow
    lines = ["关于上报第三季度环境整治工作督查情况通报的整改报告", "索引号: | AB1234/2020-771 | 部门: | 某某镇 |",
             "作者: | 日期: | 2020-10-20 |", "县环境整治办公室:", "针对督查出的问题,镇党委、政府高度重视,立即组织"]
    out = reflow(lines)
    assert out[:4] == lines[:4]  # the title, the two rows and the addressee each stay a line


def test_a_numbered_list_of_cited_documents_is_no_sections() -> None:
    page = "\n".join(["某镇年报解读", "一、编制依据", "1.《中华人民共和国政府信息公开条例》（国务院令第711号）。",
                      "2.某省人民政府办公厅《关于印发2023年政务公开工作要点的通知》（某政办发〔2023〕8号）。",
                      "二、编制目的", BODY])
    doc = parse(page).documents[0]
    assert [n.heading for n in doc.outline] == ["编制依据", "编制目的"] and doc.outline[0].children == ()
    sections = "\n".join(["某镇工作要点", "一、重点任务", "1.落实《条例》要求。", BODY, "2.加强平台建设。", BODY])
    assert len(parse(sections).documents[0].outline[0].children) == 2  # sections with text under them stay
