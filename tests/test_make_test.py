"""`make test` (scripts/test-all.sh): a failure on SQLite does not stop the PostgreSQL run,
and the whole run fails at the end."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PG_ADMIN = os.environ.get("SUCAI_TEST_PG_ADMIN", "postgresql://postgres@127.0.0.1:5432/postgres")

FAKE_SUITE = '''
import os
from pathlib import Path

def test_records_backend_and_fails_on_sqlite():
    backend = os.environ.get("SUCAI_TEST_BACKEND", "sqlite")
    with open(Path(__file__).with_name("ran.txt"), "a") as f:
        f.write(backend + "\\n")
    assert backend == "postgres", "fails on SQLite on purpose"
'''


def pg_reachable() -> bool:
    try:
        import psycopg

        psycopg.connect(PG_ADMIN, connect_timeout=3).close()
        return True
    except Exception:
        return False


@pytest.mark.slow
def test_postgres_runs_after_a_sqlite_failure_and_the_run_fails(tmp_path: Path) -> None:
    if not pg_reachable():
        pytest.skip(f"PostgreSQL is not reachable at {PG_ADMIN}: the second stage cannot be shown")
    suite = tmp_path / "test_fake_suite.py"
    suite.write_text(FAKE_SUITE, encoding="utf-8")
    # one process per pass: what is shown is the order of the stages, not the parallel runner
    env = {**os.environ, "BIN": str(Path(sys.executable).parent), "SUCAI_TEST_WORKERS": "0"}
    env.pop("SUCAI_TEST_BACKEND", None)
    run = subprocess.run(["bash", str(ROOT / "scripts" / "test-all.sh"), str(suite), "-q", "-p", "no:cacheprovider"],
                         cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    out = run.stdout + run.stderr
    assert run.returncode != 0, out
    assert (tmp_path / "ran.txt").read_text().split() == ["sqlite", "postgres"], out
    assert out.index("== SQLite ==") < out.index("== PostgreSQL ==")
    failed = next(line for line in out.splitlines() if line.startswith("== FAILED:"))
    assert "SQLite" in failed and "PostgreSQL" not in failed, failed
