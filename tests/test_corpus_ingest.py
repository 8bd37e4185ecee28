"""Every file of the real corpus ingests or is rejected with a reason; a second run adds nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import cli_json, run_cli

pytestmark = pytest.mark.corpus


def test_whole_corpus_ingests_once(home: Path, corpus_dir: Path) -> None:
    paths = [str(corpus_dir / "text"), str(corpus_dir / "raw")]
    first = run_cli(home, "ingest", *paths, "--json", check=False)
    assert first.returncode in (0, 3), first.stderr
    report = __import__("json").loads(first.stdout)
    files = sorted(p for d in paths for p in Path(d).rglob("*") if p.is_file())
    seen = {i["path"] for i in report["imported"]} | {r["path"] for r in report["rejected"]} | {
        d["path"] for d in report["duplicates"]
    }
    assert seen == {str(p) for p in files}
    assert report["files"] == len(files)
    for r in report["rejected"]:
        assert r["error"] and len(r["error"]) > 4, r
    # every text/ file is a real document: none may be rejected
    assert not [r for r in report["rejected"] if "/text/" in r["path"]]
    assert len(report["imported"]) >= 1100
    stats = cli_json(home, "stats", "--json")
    again = run_cli(home, "ingest", *paths, "--json", check=False)
    assert again.returncode in (0, 3), again.stderr
    second = __import__("json").loads(again.stdout)
    assert second["imported"] == []
    assert cli_json(home, "stats", "--json") == stats
