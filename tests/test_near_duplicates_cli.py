"""Near-duplicates at ingest, through the CLI: a repost with 10% changed is linked and folded in search."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from .conftest import cli_json, run_cli

pytestmark = pytest.mark.corpus


def _perturb(text: str, share: float, rng: random.Random) -> str:
    chars = list(text)
    han = [i for i, ch in enumerate(chars) if "\u4e00" <= ch <= "\u9fff"]
    for i in rng.sample(han, int(len(chars) * share)):
        chars[i] = rng.choice("甲乙丙丁戊己庚辛壬癸")
    return "".join(chars)


def test_repost_is_linked_and_folded(home: Path, corpus_dir: Path, tmp_path: Path) -> None:
    original = corpus_dir / "text" / "gov-2010-national.txt"
    other = corpus_dir / "text" / "gov-2011-national.txt"
    run_cli(home, "ingest", str(original), str(other))
    rng = random.Random(5)
    text = original.read_text(encoding="utf-8")
    lines = text.splitlines()
    repost = tmp_path / "转载.txt"
    repost.write_text("2010年政府工作报告（转载稿）\n" + _perturb("\n".join(lines[1:]), 0.10, rng), encoding="utf-8")
    report = cli_json(home, "ingest", str(repost), "--json")
    assert len(report["near_duplicates"]) == 1
    link = report["near_duplicates"][0]
    docs = {d["title"]: d["id"] for d in cli_json(home, "list", "--json")}
    assert link["of"] == docs[next(t for t in docs if "转载" not in t and docs[t] != link["doc"]
                                    and cli_json(home, "show", docs[t], "--json")["year"] == 2010)]
    assert cli_json(home, "show", link["doc"], "--json")["near_duplicate_of"] == link["of"]
    # the other year's report is a different document of the same kind: not linked
    assert all(cli_json(home, "show", d, "--json")["near_duplicate_of"] is None
               for d in docs.values() if d != link["doc"])
    grouped = cli_json(home, "search", "政府工作", "--group", "--json", "--limit", "10")
    folded = [h for h in grouped["hits"] if h.get("similar_versions")]
    assert len(folded) == 1 and folded[0]["doc_id"] in (link["doc"], link["of"])
