"""`sucai backup` / `sucai restore` round trip on the SQLite default."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import BACKEND, cli_json, run_cli, run_cli_process

pytestmark = pytest.mark.skipif(BACKEND == "postgres", reason="PostgreSQL uses pg_dump/pg_restore")


def test_backup_and_restore_round_trip(home: Path, seed_path: Path, tmp_path: Path) -> None:
    run_cli(home, "ingest", str(seed_path))
    before = cli_json(home, "list", "--json")
    target = tmp_path / "backup" / "lib.sqlite3"
    run_cli(home, "backup", str(target))
    assert target.stat().st_size > 0
    other = tmp_path / "other-home"
    run_cli(other, "restore", str(target))
    assert cli_json(other, "list", "--json") == before
    assert cli_json(other, "stats", "--json") == cli_json(home, "stats", "--json")


def test_restore_refuses_a_file_that_is_not_a_backup(home: Path, tmp_path: Path) -> None:
    bogus = tmp_path / "x.sqlite3"
    bogus.write_text("not a database", encoding="utf-8")
    proc = run_cli_process(home, "restore", str(bogus), check=False)  # the real command, exit code and all
    assert proc.returncode == 2 and "不是 sucai 素材库备份" in proc.stderr
