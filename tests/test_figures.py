"""Reported figures: subject, value as written, unit, signed change."""

from __future__ import annotations

from sucai.ingest.figures import extract_figures, figures_in
from sucai.ingest.outline import build_structure
from sucai.models import Paragraph
from tests.test_outline import seed_articles


def figs(text: str) -> list[tuple]:
    return [(f.subject, f.value, f.unit, f.change) for f in extract_figures([Paragraph(kind="body", text=text)])]


def test_seed_development_zone_changes() -> None:
    title, blocks = seed_articles()[0]
    s = build_structure(title, blocks)
    found = extract_figures(s.paragraphs)
    changes = {f.change: f for f in found if f.change}
    assert {"+4.47%", "+50.35%", "+192.89%"} <= set(changes)
    assert (changes["+4.47%"].subject, changes["+4.47%"].value, changes["+4.47%"].unit) == ("规上工业企业产值", "XX", "亿元")
    assert (changes["+50.35%"].subject, changes["+50.35%"].value) == ("固定资产投资", "XX")
    tax = changes["+192.89%"]
    assert (tax.subject, tax.value, tax.unit, tax.text) == ("税收", "XXX", "亿元", "实现税收XXX亿元，同比增长192.89%")
    assert s.paragraphs[tax.paragraph].text.startswith("2023年1-5月份")
    enterprises = [(f.subject, f.value, f.unit) for f in found if f.unit == "家"][:2]
    assert enterprises == [("新增规上工业企业", "13", "家"), ("总数", "157", "家")]


def test_masks_stay_masks() -> None:
    assert figs("预计实现进出口总额XX万美元。") == [("进出口总额", "XX", "万美元", None)]


def test_decreases_and_points() -> None:
    assert figs("单位国内生产总值能耗下降3.2%。") == [("单位国内生产总值能耗", None, None, "-3.2%")]
    assert figs("城镇化率为62.07%，比上年末提高0.61个百分点。") == [("城镇化率", "62.07", "%", "+0.61个百分点")]
    assert figs("年末常住人口488403人，比上年末减少353人。") == [("常住人口", "488403", "人", "-353人")]


def test_lists_and_counted_nouns() -> None:
    assert figs("三次产业贡献率分别为6.9%、49.9%和43.2%。") == [
        ("三次产业贡献率", v, "%", None) for v in ("6.9", "49.9", "43.2")]
    assert figs("共签约19个项目，其中XX亿元以上项目1个。") == [("签约项目", "19", "个", None),
                                                    ("XX亿元以上项目", "1", "个", None)]


def test_dates_and_ordinals_are_not_figures() -> None:
    assert figs("5月10日区委第17次常委会传达学习。") == []
    assert figs("2023年上半年工作总结") == []


def test_magnitude_before_a_counting_word_is_one_unit() -> None:
    from sucai.ingest.figures import extract_figures
    from sucai.models import Paragraph

    (fig,) = extract_figures((Paragraph(kind="body", text="全年植树2万株。"),))
    assert (fig.subject, fig.value, fig.unit) == ("植树", "2", "万株")


def test_figures_from_real_documents() -> None:
    """5G keeps its 5, 万亿斤 and 个月 are units, an address is no figure, 最高 is no subject."""
    def got(text: str) -> list[tuple]:
        return [(f.subject, f.value, f.unit, f.change) for f in figures_in(text)]

    assert got("5G用户普及率达到56%。") == [("5G用户普及率", "56", "%", None)]
    assert got("全年粮食产量1.39万亿斤，比上年增长1.3%。") == [("粮食产量", "1.39", "万亿斤", "+1.3%")]
    assert got("项目建设周期6个月。") == [("项目建设周期", "6", "个月", None)]
    assert got("公司位于人民路88号3栋。") == []
    assert got("其中最高的达120万元。") == []
    assert got("采取（座谈）+实地调研（12次）相结合的方式。") == []
