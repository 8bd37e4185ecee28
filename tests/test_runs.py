"""Run-together text (文库 previews, pages that lost their line breaks) cut back into lines."""

from __future__ import annotations

from sucai.ingest.pipeline import parse_blocks
from sucai.ingest.runs import split_runs
from sucai.models import Block

SPEECH = (
    "同志们：今天召开会议，主要任务是部署全年工作。下面，我讲几点意见。"
    "一、要提高认识，高度重视乡村振兴战略。（一）深刻认识乡村振兴的重大意义。党的十九大以来，三农工作形势日新月异。"
    "（二）准确把握乡村振兴的总体要求。要坚持农业农村优先发展，做到产业兴旺、生态宜居。"
    "二、要突出重点，扎实推进各项工作。主要任务有：1.发展产业。2.改善环境。3.培育乡风。一是抓产业，二是抓环境。"
    "三、要加强领导，确保工作落到实处。各级要高度重视，确保完成任务。"
)


def outline(text: str, title: str = "某县乡村振兴工作会议上的讲话") -> list[tuple[int, str]]:
    parsed = parse_blocks([Block(title), *(Block(line) for line in text.split("\n"))], "x", "x")
    return [(n.level, n.heading) for d in parsed.documents for r in d.outline for n in r.walk()]


def test_run_together_speech_gets_its_outline() -> None:
    got = outline(SPEECH)
    assert got == [
        (1, "要提高认识，高度重视乡村振兴战略"),
        (2, "深刻认识乡村振兴的重大意义"),
        (2, "准确把握乡村振兴的总体要求"),
        (1, "要突出重点，扎实推进各项工作"),
        (1, "要加强领导，确保工作落到实处"),
    ]


def test_cut_keeps_every_character_and_order() -> None:
    blocks = split_runs([Block(SPEECH)])
    assert len(blocks) > 1
    assert "".join(b.text for b in blocks) == SPEECH


def test_enumeration_after_colon_or_announcement_is_not_cut() -> None:
    listed = "本次检查的重点内容如下。1.消防设施是否完好。2.安全通道是否畅通。3.值班制度是否落实。" * 2
    colon = "主要任务是：（一）加强组织领导，明确责任分工。（二）完善工作机制，强化督促检查。（三）营造良好氛围。"
    for text in (listed, colon):
        assert split_runs([Block(text)]) == [Block(text)]


def test_semicolon_list_and_one_shi_enumeration_stay_whole() -> None:
    text = ("今年以来，我们坚持问题导向，着力补齐短板，取得了一定成效；（一）完善制度；（二）加强督查；（三）严格考核。"
            "一是抓学习，二是抓落实，三是抓考核，四是抓作风，推动各项工作落地见效，群众满意度进一步提高。")
    assert split_runs([Block(text)]) == [Block(text)]


def test_number_must_open_or_continue_its_sequence() -> None:
    # 「。三、」 with no 一、 or 二、 before it is a stray number in prose, not a section
    text = ("我镇全年完成地区生产总值八亿元，同比增长百分之七，财政收入稳步增长，民生事业全面进步，社会大局和谐稳定。"
            "三、四月份连续开展专项整治行动，排查整改隐患一百余处，群众安全感显著提升，满意度继续保持全县前列。")
    assert split_runs([Block(text)]) == [Block(text)]


def test_wenku_page_numbers_are_not_sections() -> None:
    page1 = ("1、乡镇改善人居环境实施方案为贯彻落实县委、县政府的工作部署，持续改善全镇人民的生活条件，"
             "提高群众幸福指数，巩固卫生镇创建成果，努力打造幸福、和谐、美丽、宜居的新城镇。"
             "结合我镇实际，制定以下方案。一、指导思想深入贯彻党的二十大精神，坚持政府主导、全民参与、属地负责、"
             "统筹兼顾的工作原则，动员全镇干部群众积极参与，集中开展环境卫生综合整治，"
             "以整治脏乱差、完善设施、建章立制、")
    page2 = ("2、确保长效为工作重点，对全镇人居环境开展全方位、深层次、高质量的综合整治行动，努力打造幸福、和谐、"
             "美丽、宜居的新城镇。二、组织机构为切实抓好改善人居环境工作，镇政府成立领导小组，组长由镇长担任，"
             "成员由各村委会主任和有关部门负责人组成。")
    got = outline(f"{page1}\n{page2}", "乡镇改善人居环境实施方案")
    assert [level for level, _ in got] == [1, 1]
    assert got[0][1].startswith("指导思想") and got[1][1].startswith("组织机构")
    blocks = split_runs([Block(page1), Block(page2)])
    assert [b.text for b in blocks][:3] == ["1、", page1[2:page1.index("一、")], page1[page1.index("一、"):]]
    assert "".join(b.text for b in blocks) == page1 + page2


def test_numbered_long_paragraphs_ending_sentences_are_not_pages() -> None:
    para = "积极推进农村人居环境整治，完成改厕两千户，新建垃圾收集点三十个，村容村貌明显改善，群众满意度持续提升。" * 2
    blocks = [Block(f"{i}、{para}") for i in (1, 2, 3)]
    assert split_runs(blocks) == blocks


def test_heading_glued_to_its_first_child() -> None:
    text = ("下载后可任意编辑某街道突发事件总体应急预案一、总则(一)编制目的。提高保障公共安全和处置突发事件的能力，"
            "保障人民生命财产安全。(二)编制依据。依据有关法律法规，结合街道实际，制定本预案。二、组织体系(一)领导机构。"
            "街道成立应急领导小组，统一领导应急处置工作。")
    got = outline(text, "某街道突发事件总体应急预案")
    assert got == [(1, "总则"), (2, "编制目的"), (2, "编制依据"), (1, "组织体系"), (2, "领导机构")]


def test_glued_markers_without_that_shape_stay_in_the_sentence() -> None:
    # 「第三季度(1)班」, 「二、三产业」 and a number glued to prose are not headings run into their children
    text = ("今年以来，我镇第三季度(1)班组完成任务，一、二、三产业协调发展，全镇实现地区生产总值八亿元，同比增长百分之七，"
            "财政收入稳步增长，民生事业全面进步，社会大局和谐稳定，群众满意度继续保持全县前列，各项事业取得新成效。")
    assert split_runs([Block(text)]) == [Block(text)]
