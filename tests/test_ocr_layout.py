"""OCR lines to paragraphs (sucai/ingest/ocr_layout.py), on line boxes as an engine gives them."""

from __future__ import annotations

from sucai.ingest.ocr_layout import Line, Page, clean_text, is_page_number, paragraphs, repair_markers

CELL = 40  # one Han character at 200 dpi, about 14 pt
LEFT, RIGHT = 200, 200 + 30 * CELL  # a 30-character text block


def row(y: int, text: str, indent: int = 0, width: int | None = None, height: int = 44) -> Line:
    chars = width if width is not None else len(text)
    x0 = LEFT + indent * CELL
    return Line(x0, y, x0 + chars * CELL, y + height, text)


def centred(y: int, text: str, height: int = 60) -> Line:
    width = len(text) * CELL * 1.3
    x0 = (LEFT + RIGHT - width) / 2
    return Line(x0, y, x0 + width, y + height, text)


def page(lines: list[Line], body_top: float = 0.0) -> Page:
    return Page(1654, 2339, lines, body_top=body_top)


def texts(pages: list[Page]) -> list[str]:
    return [b.text for b in paragraphs(pages)]


def test_lines_join_into_paragraphs_by_indent_and_short_last_line() -> None:
    p = page([
        centred(300, "某某县2024年工作要点"),
        row(420, "今年全县工作的总体要求是：坚持稳中求进，全面贯彻", indent=2, width=28),
        row(490, "落实各项部署，推动高质量发展，确保全年目标任务顺利", width=30),
        row(560, "完成。", width=3),
        row(630, "一、强化党建引领", indent=2, width=8),
        row(700, "（一）抓好理论学习。坚持第一议题制度，全年开展集中", indent=2, width=28),
        row(770, "学习12次。", width=6),
    ])
    assert texts([p]) == [
        "某某县2024年工作要点",
        "今年全县工作的总体要求是：坚持稳中求进，全面贯彻落实各项部署，推动高质量发展，确保全年目标任务顺利完成。",
        "一、强化党建引领",
        "（一）抓好理论学习。坚持第一议题制度，全年开展集中学习12次。",
    ]
    assert all(b.ocr is False for b in paragraphs([p]))  # the reader marks them, not the layout


def test_a_paragraph_runs_on_across_a_page_break_and_page_order_is_kept() -> None:
    first = page([row(300, "第一页的段落从这里开始并且一直写到了页面的最右边", indent=2, width=28),
                  row(370, "直到本页最后一行仍然没有结束而是转到下一页继续写", width=30),
                  row(2200, "— 1 —")])
    second = page([row(300, "下一页接着写完。", width=8),
                   row(370, "第二段另起一行并且缩进两个字符。", indent=2, width=16),
                   row(2200, "— 2 —")])
    assert texts([first, second]) == [
        "第一页的段落从这里开始并且一直写到了页面的最右边直到本页最后一行仍然没有结束而是转到下一页继续写下一页接着写完。",
        "第二段另起一行并且缩进两个字符。",
    ]


def test_running_headers_and_page_numbers_are_dropped() -> None:
    def body(n: int) -> list[Line]:
        first = ["甲页正文第一句话，这是一个完整的段落，写满了全行", "乙页正文另一句话，说的是另一件事情，也写满了全行",
                 "丙页正文又一句话，讲的是第三件事情，同样写满全行"][n - 1]
        return [row(300, first, indent=2, width=28), row(370, "然后结束于此。", width=7)]

    pages = [
        page([row(150, "岚川县人民政府办公室文件", width=12, height=30), *body(1), centred(2200, f"第 {1} 页 共 3 页")]),
        page([row(150, "岚川县人民政府办公室文件", width=12, height=30), *body(2), row(2200, "-2-", indent=26)]),
        page([row(150, "岚川县人民政府办公室文件", width=12, height=30), *body(3), row(2200, "— 3 —.", indent=26)]),
    ]
    out = texts(pages)
    assert len(out) == 3 and all("页正文" in t for t in out)
    assert not any("办公室文件" in t or "—" in t for t in out)


def test_the_red_letterhead_region_is_not_body_text() -> None:
    p = page([centred(200, "岚政发〔2024〕3号", height=44), row(420, "正文从红线下面开始，这一行写满了整个版心的宽度", indent=2,
                                                                 width=28), row(490, "到这里结束。", width=6)],
             body_top=300)
    assert texts([p]) == ["正文从红线下面开始，这一行写满了整个版心的宽度到这里结束。"]


def test_a_title_on_two_centred_lines_is_one_paragraph() -> None:
    body = [row(560 + 70 * i, "正文满行" * 7 + "。。", width=30) for i in range(6)]  # the text block's edges
    p = page([centred(300, "关于进一步加强农村人居环境"), centred(380, "整治工作的实施方案"),
              row(490, "为深入贯彻落实上级部署，结合本县实际，制定本方案。", indent=2, width=28), *body])
    assert texts([p])[0] == "关于进一步加强农村人居环境整治工作的实施方案"


def test_side_by_side_pieces_of_one_row_are_read_left_to_right() -> None:
    p = page([Line(LEFT + 16 * CELL, 300, RIGHT, 344, "乙丙丁戊己庚辛壬癸子丑寅卯辰"),
              Line(LEFT + 2 * CELL, 302, LEFT + 15 * CELL, 346, "甲一二三四五六七八九十百千"),
              row(370, "完。", width=2)])
    assert texts([p]) == ["甲一二三四五六七八九十百千乙丙丁戊己庚辛壬癸子丑寅卯辰完。"]


def test_clean_text_drops_ocr_spaces_and_gives_full_width_punctuation() -> None:
    assert clean_text("全 县 GDP 增长 5.2% , 达到 (3) 亿元") == "全县GDP增长5.2%，达到（3）亿元"
    assert clean_text("Open Source 项目") == "Open Source项目"


def test_page_numbers() -> None:
    for text in ("— 1 —", "-12-", "第 3 页 共 9 页", "3/9", "一 4 一", "— 5 —."):
        assert is_page_number(text), text
    for text in ("2024年", "一、总体要求", "（一）", "12.加强党建"):
        assert not is_page_number(text), text


def test_misread_sub_heading_numbers_are_repaired_in_sequence() -> None:
    out = repair_markers(["三、下步计划", "〈T)巩固参保", "(二)健全机制", "人三）深化改革", "（四）.加强监管",
                          "四、保障措施", "[-]加强领导", "(1)阿拉伯数字不动"])
    assert out == ["三、下步计划", "（一）巩固参保", "（二）健全机制", "（三）深化改革", "（四）加强监管",
                   "四、保障措施", "（一）加强领导", "(1)阿拉伯数字不动"]


def test_no_lines_no_paragraphs() -> None:
    assert paragraphs([page([]), page([row(2200, "— 2 —")])]) == []
