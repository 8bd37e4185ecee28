"""Metadata: issuing body, kind, reporting period and signature date."""

from __future__ import annotations

import json

import pytest

from sucai.ingest.metadata import KINDS, extract_meta, org_type, title_kind
from sucai.ingest.outline import build_structure
from sucai.models import Block
from tests.test_outline import CORPUS, SAMPLES, seed_articles, text_blocks


def meta_of(title: str, lines: list[str]):
    s = build_structure(Block(title), [Block(line) for line in lines])
    return extract_meta(title, s.paragraphs)


def test_seed_statistics_bureau_signature() -> None:
    title, blocks = seed_articles()[2]
    meta = extract_meta(title.text, build_structure(title, blocks).paragraphs)
    assert "统计局" in meta.org and meta.org == "XX市XX区统计局"
    assert meta.date == "2023-08"
    assert (meta.org_type, meta.kind, meta.year, meta.half) == ("部门/局", "总结及计划", 2023, "H1")


def test_seed_titles() -> None:
    zone, town, _ = seed_articles()
    m = extract_meta(zone[0].text, build_structure(*zone).paragraphs)
    assert (m.org, m.org_type, m.kind, m.year, m.half) == ("XX经济开发区", "开发区/园区", "总结及计划", 2023, "H1")
    m = extract_meta(town[0].text, build_structure(*town).paragraphs)
    assert (m.org, m.org_type, m.year, m.half) == ("XX镇", "乡镇/街道", 2023, "H1")


@pytest.mark.parametrize(("title", "kind"), [
    ("XX县2024年工作总结", "工作总结"),
    ("XX局2024年下半年工作计划", "工作计划"),
    ("2024年上半年工作总结及下半年工作打算", "总结及计划"),
    ("2026年江西省政府工作报告", "政府工作报告"),
    ("在全县安全生产工作会议上的讲话", "讲话"),
    ("关于印发《XX行动方案》的通知", "通知"),
    ("XX区2024年优化营商环境工作方案", "方案"),
    ("2024年全市党建工作要点", "要点"),
    ("最高人民检察院关于适用刑法分则规定的犯罪的罪名的意见", "意见"),
    ("娱乐场所管理条例", "法规"),
    ("最高人民法院关于审理商品房买卖合同纠纷案件适用法律若干问题的解释", "法规"),
    ("万载县2022年国民经济和社会发展统计公报", "报告"),
    ("新时代中国特色社会主义", "其他"),
])
def test_title_kind(title: str, kind: str) -> None:
    assert title_kind(title) == kind and kind in KINDS


@pytest.mark.parametrize(("title", "year", "half"), [
    ("XX镇2023年度上半年工作总结及下半年工作计划", 2023, "H1"),
    ("XX局2024年下半年工作计划", 2024, "H2"),
    ("XX街道2022年工作总结", 2022, "full"),
    ("关于职工全年月平均工作时间和工资折算问题的通知", None, None),
    ("娱乐场所管理条例", None, None),
])
def test_period(title: str, year: int | None, half: str | None) -> None:
    m = meta_of(title, ["正文。"])
    assert (m.year, m.half) == (year, half)


def test_signature_with_chinese_numeral_date() -> None:
    m = meta_of("关于开展安全生产大检查的通知", ["各单位：", "现将有关事项通知如下。", "XX县应急管理局", "二〇二三年八月十五日"])
    assert (m.org, m.org_type, m.date, m.year) == ("XX县应急管理局", "部门/局", "2023-08-15", 2023)


def test_government_report_org_and_speech_date() -> None:
    m = meta_of("2026年吉林省政府工作报告", ["——2026年1月27日在吉林省第十四届人民代表大会第五次会议上",
                                            "各位代表：", "现在，我代表省政府，向大会报告工作，请予审议。"])
    assert (m.org, m.org_type, m.kind, m.year, m.half, m.date) == (
        "吉林省政府", "政府", "政府工作报告", 2026, "full", "2026-01-27")
    m = meta_of("政府工作报告", ["各位代表：", "现在，我代表国务院，向大会报告政府工作。"])
    assert m.org == "国务院"


def test_org_types() -> None:
    assert [org_type(o) for o in ("XX高新区管委会", "XX街道办事处", "XX市第一中学", "XX集团有限公司",
                                  "江西省人民政府", "区财政局", "最高人民法院", None)] == [
        "开发区/园区", "乡镇/街道", "学校", "企业", "政府", "部门/局", "其他", "其他"]


@pytest.mark.parametrize("label", sorted(p.name for p in SAMPLES.glob("corpus_*.json")))
def test_corpus_labels_meta(label: str) -> None:
    spec = json.loads((SAMPLES / label).read_text(encoding="utf-8"))
    if "meta" not in spec:
        pytest.skip("no metadata labelled for this document")
    path = CORPUS / f"{spec['corpus_id']}.txt"
    if not path.exists():
        pytest.skip(f"../shared is absent: {path}")
    title, blocks = text_blocks(path.read_text(encoding="utf-8"))
    # The corpus manifest holds each document's real title (the first line may be a letterhead).
    manifest = (CORPUS.parent / "MANIFEST.tsv").read_text(encoding="utf-8").splitlines()
    real_title = next(row.split("\t")[9] for row in manifest if row.startswith(spec["corpus_id"] + "\t"))
    m = extract_meta(real_title, build_structure(title, blocks).paragraphs)
    want = spec["meta"]
    assert m.kind == want["kind"]
    if "date" in want:
        assert m.date == want["date"]
    if "org_contains" in want:
        assert want["org_contains"] in (m.org or "")


def test_untitled_report_is_known_by_its_opening() -> None:
    m = meta_of("gov-2025-national", ["各位代表：", "现在，我代表国务院，向大会报告政府工作，请予审议。", "一、2024年工作回顾"])
    assert (m.kind, m.org, m.org_type) == ("政府工作报告", "国务院", "政府")
    m = meta_of("高举中国特色社会主义伟大旗帜", ["——在中国共产党第二十次全国代表大会上的报告", "（2022年10月16日）",
                                           "同志们：", "现在，我代表第十九届中央委员会向大会作报告。"])
    assert (m.kind, m.org, m.date, m.half) == ("报告", "第十九届中央委员会", "2022-10-16", "full")


def test_report_org_takes_the_province_from_the_congress_line() -> None:
    m = meta_of("政府工作报告", ["（2026年1月27日在贵州省第十四届人民代表大会第四次会议上）", "各位代表：",
                                "现在，我代表省人民政府向大会报告工作，请予审议。"])
    assert (m.org, m.year, m.date) == ("贵州省人民政府", 2026, "2026-01-27")


@pytest.mark.parametrize(("title", "kind"), [
    ("最高人民法院关于内地与澳门特别行政区相互认可和执行仲裁裁决的安排", "法规"),
    ("XX局2024年工作安排", "工作计划"),
    ("交通警察道路执勤执法工作规范", "法规"),
])
def test_more_title_kinds(title: str, kind: str) -> None:
    assert title_kind(title) == kind


def test_footnote_mark_after_the_title() -> None:
    m = meta_of("江西省2022年国民经济和社会发展统计公报[1]", ["江西省统计局", "2023年3月28日", "正文。"])
    assert (m.kind, m.org, m.year, m.date) == ("报告", "江西省", 2022, "2023-03-28")


@pytest.mark.parametrize(("title", "kind"), [
    ("乡镇政府上半年政府工作总结报告", "工作总结"),
    ("社区建设科年度工作回顾", "工作总结"),
    ("2023年度村党支部书记述职述廉报告", "述职报告"),
    ("关于全县安全生产大检查工作的情况汇报", "报告"),
    ("在县安全生产工作会议上的主持词", "讲话"),
    ("全县重大政策宣传解读工作实施方案", "方案"),
    ("关于加快发展养老服务业的若干意见", "意见"),
    ("街道突发事件总体应急预案 篇1", "预案"),
    ("应急预案写作的方法和注意事项", "其他"),
])
def test_kind_word_variants(title: str, kind: str) -> None:
    assert meta_of(title, ["正文第一段。"]).kind == kind


def test_kind_from_the_body_when_the_title_has_no_kind_word() -> None:
    plan = ["1 总则", "1.1 编制目的", "为提高街道应对突发事件的能力，制定本预案。", "2 组织体系", "3 应急响应"]
    assert meta_of("某街道突发事件应对", plan).kind == "预案"
    accident = ["2022年11月27日上午，某项目发生一起施工挖穿燃气管道事故。",
                "由区应急管理局牵头组成事故调查组，查明了事故发生的经过、原因。"]
    m = meta_of("某项目“11·27”燃气管道事故", accident)
    assert (m.kind, m.year) == ("报告", 2022)
    summary = ["2022年以来，我镇全力做好各项工作。现将2022年度工作具体汇报如下："]
    assert meta_of("某镇材料", summary).kind == "工作总结"
    assert meta_of("某县会议材料", ["同志们：", "今天召开全县会议。"]).kind == "讲话"


def test_year_from_number_dateline_and_not_from_a_page_stamp() -> None:
    m = meta_of("山东省人民政府关于深化预算管理制度改革的实施意见",
                ["鲁政发〔2014〕20号", "各市人民政府：", "现代预算制度是现代财政制度的基础。"])
    assert (m.kind, m.year) == ("意见", 2014)
    assert meta_of("关于印发某预案的通知", ["许政办 [2021] 15号", "各县人民政府："]).year == 2021
    # a document number cited inside a sentence is not the document's own
    assert meta_of("关于加强就业工作的通知", ["根据《某通知》（国办发〔2009〕3号）精神，现通知如下："]).year is None
    signed = ["中央国家机关各部门：", "现就有关问题通知如下。", "特此通知。", "二○一一年十一月四日"]
    assert meta_of("关于住宅专项维修资金交存有关问题的补充通知", signed).year == 2011
    assert meta_of("在全县安全生产工作会议上的讲话", ["三味园范文网", "2025-04-02", "同志们："]).year is None
    assert meta_of("某新闻", ["发布时间:", "2025-05-22 10:03", "正文。"]).year == 2025
    # the title's year wins over every date in the body
    assert meta_of("2023年乡镇年度工作总结", ["2022年以来，我镇……", "二○二二年十二月一日"]).year == 2023
