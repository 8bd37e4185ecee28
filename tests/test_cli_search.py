"""The `sucai search` contract end to end, against an oracle built from `sucai dump`."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from sucai.normalize import normalize

from .conftest import cli_json, run_cli

HIT_KEYS = {"doc_id", "paragraph_id", "title", "path", "snippet", "highlights", "score", "paid"}


def dump(home: Path) -> list[dict]:
    return [json.loads(line) for line in run_cli(home, "dump", "--jsonl").stdout.splitlines()]


def oracle(rows: list[dict], query: str) -> int:
    q = normalize(query)
    return sum(1 for r in rows if q in normalize(r["text"]))


def test_search_json_contract_and_masks(home: Path, seed_path: Path) -> None:
    run_cli(home, "ingest", str(seed_path))
    data = cli_json(home, "search", "党建", "--json", "--limit", "5")
    assert set(data) >= {"query", "total", "took_ms", "hits", "facets"}
    assert set(data["facets"]) >= {"kind", "org_type", "year", "role"}
    assert data["total"] > 0 and len(data["hits"]) == 5
    for hit in data["hits"]:
        assert set(hit) >= HIT_KEYS
        for s, e in hit["highlights"]:
            assert normalize(hit["snippet"][s:e]) == "党建"
    masked = [h for h in data["hits"] if "D建" in h["snippet"]]
    assert masked, "党建 must find the seed's D建 paragraphs"
    rows = dump(home)
    assert data["total"] == oracle(rows, "党建") == sum(1 for r in rows if "D建" in r["text"] or "党建" in r["text"])
    assert cli_json(home, "search", "黨建", "--json")["total"] == data["total"]
    assert cli_json(home, "search", "２０２３", "--json")["total"] == cli_json(home, "search", "2023", "--json")["total"]


def test_filters_group_and_queries_file(home: Path, seed_path: Path, tmp_path: Path) -> None:
    run_cli(home, "ingest", str(seed_path))
    plan = cli_json(home, "search", "工作", "--role", "plan", "--json", "--limit", "50")
    assert plan["total"] > 0 and set(plan["facets"]["role"]) == {"plan"}
    heads = cli_json(home, "search", "统计", "--headings", "--json", "--limit", "50")
    assert heads["total"] > 0
    grouped = cli_json(home, "search", "统计", "--group", "--json")
    assert len({h["doc_id"] for h in grouped["hits"]}) == len(grouped["hits"])
    qfile = tmp_path / "q.txt"
    qfile.write_text("统计\n不存在的词语组合\n党建 -D风\n", encoding="utf-8")
    out = run_cli(home, "search", "--queries", str(qfile), "--json").stdout.splitlines()
    results = [json.loads(line) for line in out]
    assert [r["query"] for r in results] == ["统计", "不存在的词语组合", "党建 -D风"]
    assert results[1]["total"] == 0
    rows = dump(home)
    expected = sum(1 for r in rows if "党建" in normalize(r["text"]) and "党风" not in normalize(r["text"]))
    assert results[2]["total"] == expected


@pytest.mark.corpus
def test_corpus_totals_equal_the_oracle(home: Path, corpus_dir: Path, tmp_path: Path) -> None:
    files = sorted((corpus_dir / "text").glob("*.txt"))
    rng = random.Random(2026)
    picked = [p for p in files if not p.name.startswith("law-")] + rng.sample(
        [p for p in files if p.name.startswith("law-")], 120)
    folder = tmp_path / "sub"
    folder.mkdir()
    for p in picked:
        (folder / p.name).symlink_to(p)
    run_cli(home, "ingest", str(folder))
    rows = dump(home)
    texts = [r["text"] for r in rows if len(r["text"]) > 30]
    queries = ["发展", "党", "经济", "高质量发展", "乡村振兴", "人民群众", "第一条", "一是", "%", "2023年",
               "全面建设社会主义现代化国家", "不存在的组合词汇"]
    for n in range(300):
        text = rng.choice(texts)
        length = 1 + n % 20
        start = rng.randrange(0, max(1, len(text) - length))
        queries.append(text[start:start + length].replace('"', "").strip() or "发展")
    qfile = tmp_path / "q.txt"
    qfile.write_text("\n".join(q for q in queries if " " not in q and not q.startswith("-")), encoding="utf-8")
    out = run_cli(home, "search", "--queries", str(qfile), "--json", "--limit", "3").stdout.splitlines()
    norm = [normalize(r["text"]) for r in rows]
    assert len(out) >= 300
    for line in out:
        data = json.loads(line)
        q = normalize(data["query"])
        assert data["total"] == sum(1 for t in norm if q in t), data["query"]
        for hit in data["hits"]:
            assert any(normalize(hit["snippet"][s:e]) == q for s, e in hit["highlights"]), (data["query"], hit)
