"""bench/scale.py runs end to end at a tiny size, so the script cannot rot (no timings are checked)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import need_corpus

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.corpus
@pytest.mark.slow
def test_scale_bench_runs_at_a_tiny_size(tmp_path: Path) -> None:
    need_corpus()
    out = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "scale.py"), "--sizes", "0.2e6", "--work", str(tmp_path),
         "--per-class", "1", "--daily", "5", "--repeats", "1", "--seconds", "0.3", "--clients", "2"],
        capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr[-3000:]
    assert "cost curve" in out.stdout
    size = json.loads((tmp_path / "results.json").read_text(encoding="utf-8"))["0.2M"]
    assert size["ingest"]["documents"] > 0 and size["daily"]["found_after"] == 1
    assert size["check-home"]["copied"] > 0 and size["web"]["search"]["errors"] == 0
    runs = [v for k, v in size.items() if k.startswith("engine-query:")] + [size["home-queries"]]
    assert len(runs[0]["totals"]) == 12  # one query per length class and frequency
    for run in runs[1:-1]:  # every engine agrees with sucai on the engine rows
        assert run["totals"] == runs[0]["totals"]
