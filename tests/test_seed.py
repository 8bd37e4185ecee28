"""Acceptance on the reference document: the seed compilation of three work summaries."""

from __future__ import annotations

from pathlib import Path

from .conftest import cli_json, run_cli

TITLES = [
    "XX经济开发区2023上半年工作总结及下半年工作计划",
    "XX镇2023年度上半年工作总结及下半年工作计划",
    "区统计局2023年上半年工作总结及2023下半年工作计划",
]


def _by_title(home: Path) -> dict[str, dict]:
    return {d["title"]: d for d in cli_json(home, "list", "--json")}


def test_seed_splits_into_three_documents_of_one_collection(home: Path, seed_path: Path) -> None:
    report = cli_json(home, "ingest", str(seed_path), "--json")
    assert report["rejected"] == []
    assert len(report["imported"]) == 1
    imported = report["imported"][0]
    assert imported["collection"] is not None
    docs = cli_json(home, "list", "--json")
    assert [d["title"] for d in sorted(docs, key=lambda d: d["position"])] == TITLES
    assert {d["collection"] for d in docs} == {imported["collection"]}
    assert [d["id"] for d in sorted(docs, key=lambda d: d["position"])] == imported["documents"]


def test_seed_text_is_clean_and_paid(home: Path, seed_path: Path) -> None:
    run_cli(home, "ingest", str(seed_path))
    rows = [__import__("json").loads(line) for line in run_cli(home, "dump", "--jsonl").stdout.splitlines()]
    assert rows, "dump printed nothing"
    for row in rows:
        for bad in ("哒哒", "客服", "代笔", "##paid"):
            assert bad not in row["text"], (bad, row)
        assert row["paid"] is True, row
    assert {r["kind"] for r in rows} >= {"title", "heading", "body"}


def test_statistics_bureau_outline(home: Path, seed_path: Path) -> None:
    run_cli(home, "ingest", str(seed_path))
    doc_id = _by_title(home)[TITLES[2]]["id"]
    doc = cli_json(home, "show", doc_id, "--json")
    top = doc["outline"]
    assert [n["marker"].rstrip("、") for n in top] == ["一", "二", "三"]
    assert [n["role"] for n in top] == ["summary", "problems", "plan"]
    first = top[0]["children"]
    assert len(first) == 3 and all(n["marker"].startswith("（") for n in first)
    numbered = [c for n in first for c in n["children"]]
    assert len(numbered) == 15
    assert numbered[0]["heading"] == "强化全面从严治D"
    assert [int(n["marker"].rstrip(".．、")) for n in numbered] == list(range(1, 16))
    assert "统计局" in (doc["org"] or "")
    assert doc["date"] == "2023-08"


def test_town_problems_and_plan_sections(home: Path, seed_path: Path) -> None:
    run_cli(home, "ingest", str(seed_path))
    doc = cli_json(home, "show", _by_title(home)[TITLES[1]]["id"], "--json")
    roles = {n["heading"]: n["role"] for n in doc["outline"]}
    assert roles.get("存在问题") == "problems"
    assert roles.get("下一步工作计划") == "plan"


def test_zone_figures(home: Path, seed_path: Path) -> None:
    run_cli(home, "ingest", str(seed_path))
    doc = cli_json(home, "show", _by_title(home)[TITLES[0]]["id"], "--json")
    changes = {f["change"].lstrip("+"): f for f in doc["figures"] if f["change"]}
    for value, subject in (("4.47%", "产值"), ("50.35%", "固定资产投资"), ("192.89%", "税收")):
        assert value in changes, (value, [f["change"] for f in doc["figures"]])
        assert subject in changes[value]["subject"]
    tax = changes["192.89%"]
    assert tax["value"] == "XXX" and tax["unit"] == "亿元"


def test_seed_import_is_idempotent(home: Path, seed_path: Path) -> None:
    run_cli(home, "ingest", str(seed_path))
    before = cli_json(home, "stats", "--json")
    again = cli_json(home, "ingest", str(seed_path), "--json")
    assert again["imported"] == [] and len(again["duplicates"]) == 1
    assert cli_json(home, "stats", "--json") == before


def test_same_article_in_another_file_is_a_duplicate(home: Path, seed_path: Path, tmp_path: Path) -> None:
    run_cli(home, "ingest", str(seed_path))
    text = seed_path.read_text(encoding="utf-8")
    start = text.index(TITLES[2] + "\n\n")
    single = tmp_path / "统计局总结.txt"
    single.write_text(text[start:].replace("##paidend##", ""), encoding="utf-8")
    report = cli_json(home, "ingest", str(single), "--json")
    existing = _by_title(home)[TITLES[2]]["id"]
    assert report["duplicates"] == [{"path": str(single), "of": existing}]
    assert cli_json(home, "stats", "--json")["documents"] == 3
