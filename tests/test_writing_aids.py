"""Outline templates, heading library, figure tables, similar materials and the writing CLI, on the seed."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from sucai.ingest.batch import import_paths
from sucai.writing import (
    figure_table,
    heading_library,
    open_fingerprints,
    outline_template,
    similar,
    to_csv,
    to_xlsx,
)
from sucai.writing.templates import heading_key, sibling_pattern
from tests.conftest import SHARED  # noqa: E402

SEED_FILE = SHARED / "seed" / "000_ddc63f42cbc988af.txt"


@pytest.fixture
def seeded(library, settings):
    if not SEED_FILE.exists():
        pytest.skip(f"../shared is absent: {SEED_FILE} is needed")
    import_paths(library, [SEED_FILE])
    return library


def _docs(library) -> dict[str, str]:
    return {d["title"]: d["id"] for d in library.list_documents()}


def test_sibling_pattern_abstracts_content_words() -> None:
    assert sibling_pattern(["紧盯体制机制优化，聚力改革创新取得实效", "紧盯干部作风转变，聚力安全发展取得实效"]) \
        == "紧盯…，聚力…取得实效"
    assert sibling_pattern(["全力在为企服务上下足功夫", "全力在项目建设上实现突破"]) == "全力在…上…"
    assert sibling_pattern(["持之以恒促党建", "全力以赴提经济"]) is None
    assert sibling_pattern(["只有一个"]) is None
    assert heading_key("2023年上半年工作完成情况") == heading_key("2024年下半年工作完成情况") == "工作完成情况"


def test_outline_template_of_the_seed_kind(seeded) -> None:
    data = outline_template(seeded, kind="总结及计划")
    assert data["documents"] == 3
    roles = {s["role"]: s for s in data["sections"]}
    assert roles["summary"]["documents"] == 3 and roles["plan"]["documents"] == 3
    assert roles["problems"]["documents"] == 2 and roles["problems"]["share"] == pytest.approx(0.667, abs=0.01)
    order = [s["role"] for s in data["sections"]]
    assert order.index("summary") < order.index("problems") < order.index("plan")
    examples = [e for h in roles["plan"]["headings"] for e in h["examples"]]
    assert "二、下半年工作计划" in examples
    only_towns = outline_template(seeded, kind="总结及计划", org_type="乡镇/街道")
    assert only_towns["documents"] == 1
    assert outline_template(seeded, kind="没有这种类型")["documents"] == 0


def test_heading_library_groups_parallel_patterns(seeded) -> None:
    data = heading_library(seeded, kind="总结及计划")
    patterns = {p["pattern"]: p for p in data["patterns"]}
    assert "紧盯…，…取得实效" in patterns
    assert len(patterns["紧盯…，…取得实效"]["examples"]) == 3
    assert "全力在…上…" in patterns
    found = heading_library(seeded, query="D建引领")  # the mask folds: D建 = 党建
    assert [h["heading"] for h in found["headings"]] == ["D建引领，落实主体责任"]
    assert all(h["role"] == "problems" for h in heading_library(seeded, role="problems")["headings"])


def test_figure_tables_respect_paid_paragraphs(seeded, tmp_path: Path) -> None:
    free_file = tmp_path / "县统计简报.txt"
    free_file.write_text("XX县2023年上半年经济运行情况\n\n上半年，全县实现地区生产总值120.5亿元，同比增长6.5%；"
                         "完成固定资产投资45亿元，同比增长8.2%。\n", encoding="utf-8")
    import_paths(seeded, [free_file])
    docs = _docs(seeded)
    zone = docs["XX经济开发区2023上半年工作总结及下半年工作计划"]  # the seed is paid from its table of contents on
    bureau = docs["区统计局2023年上半年工作总结及2023下半年工作计划"]
    county = docs["XX县2023年上半年经济运行情况"]
    ids = [zone, bureau, county]
    free = figure_table(seeded, ids, entitled=lambda _d: False)
    some = figure_table(seeded, ids, entitled=lambda d: d == zone)
    full = figure_table(seeded, ids, entitled=lambda _d: True)
    assert {r["doc_id"] for r in free} == {county}
    assert {r["doc_id"] for r in some} == {zone, county}
    assert {r["doc_id"] for r in full} == set(ids)
    assert figure_table(seeded, ids) == free  # no entitlement given: free figures only
    tax = [r for r in full if r["subject"] == "税收"]
    assert tax and tax[0]["change"] == "+192.89%" and tax[0]["unit"] == "亿元" and tax[0]["value"] == "XXX"
    assert tax[0]["org"] == "XX经济开发区" and tax[0]["period"] == "2023年上半年"
    assert [r["doc_id"] for r in full] == sorted((r["doc_id"] for r in full), key=ids.index)
    parsed = list(csv.reader(io.StringIO(to_csv(full))))
    assert parsed[0][:3] == ["单位", "时期", "指标"] and len(parsed) == len(full) + 1
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(to_xlsx(full))).active
    assert sheet.max_row == len(full) + 1 and sheet["C2"].value == full[0]["subject"]


def test_similar_excludes_itself_and_near_duplicates(seeded, settings, tmp_path: Path) -> None:
    docs = _docs(seeded)
    zone = docs["XX经济开发区2023上半年工作总结及下半年工作计划"]
    text = seeded.get_document(zone).document.text
    copy = tmp_path / "开发区总结转载.txt"
    copy.write_text("开发区工作总结（转载）\n\n" + text.replace("2023", "2024"), encoding="utf-8")
    import_paths(seeded, [copy])
    index = open_fingerprints(settings, seeded)
    results = similar(seeded, index, doc_id=zone)
    ids = [r["doc_id"] for r in results]
    assert zone not in ids
    assert not any(r["title"].startswith("开发区工作总结") for r in results)  # the repost is a near-duplicate
    assert set(ids) <= set(docs.values()) and all(set(r) == {"doc_id", "title", "score"} for r in results)
    pid = seeded.get_document(zone).paragraph_ids[5]
    by_para = similar(seeded, index, paragraph_id=pid)
    assert all(r["doc_id"] != zone and r["paragraph_id"] for r in by_para)


def _cli():
    from sucai.cli import main

    return main


def test_cli_check_template_figures_similar(seeded, settings, tmp_path: Path) -> None:
    main = _cli()
    runner = CliRunner()
    home = ["--home", str(settings.home)]
    zone = _docs(seeded)["XX经济开发区2023上半年工作总结及下半年工作计划"]
    para = seeded.get_document(zone).document.paragraphs[1].text
    draft = tmp_path / "稿件.md"
    draft.write_text("# 我的总结\n\n今年我们镇新修了三条机耕道。" + para + "\n", encoding="utf-8")
    out = runner.invoke(main, [*home, "check", str(draft), "--json"])
    assert out.exit_code == 0, out.output
    report = json.loads(out.output)
    assert report["matches"][0]["doc_id"] == zone and report["copy_ratio"] > 0.5
    text_out = runner.invoke(main, [*home, "check", str(draft)])
    assert "复制比" in text_out.output
    out = runner.invoke(main, [*home, "template", "--kind", "总结及计划", "--json"])
    assert json.loads(out.output)["documents"] == 3
    xlsx = tmp_path / "数据.xlsx"
    out = runner.invoke(main, [*home, "figures", zone, "--xlsx", str(xlsx), "--csv", str(tmp_path / "a.csv")])
    assert out.exit_code == 0 and xlsx.stat().st_size > 1000
    assert (tmp_path / "a.csv").read_text(encoding="utf-8-sig").startswith("单位,时期")
    out = runner.invoke(main, [*home, "similar", zone, "--json"])
    assert out.exit_code == 0 and zone not in [r["doc_id"] for r in json.loads(out.output)]
    missing = runner.invoke(main, [*home, "figures", "dnope"])
    assert missing.exit_code == 2 and "错误" in missing.output
