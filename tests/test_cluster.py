"""Many servers, one library; imports killed at random points; searches during an import.

The two-server test needs PostgreSQL (as in production) and runs in the PostgreSQL pass.  The
crash test runs on whichever backend the suite runs on.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest

from sucai.normalize import normalize

from .conftest import BACKEND, PG_ADMIN_URL, cli_json, drop_pg_database, fresh_pg_database, run_cli
from .web_library import Server

QUERIES = ["发展", "党建", "乡村振兴", "第一条", "工作", "高质量发展", "人民", "2023年"]


def _pg_available() -> bool:
    try:
        import psycopg

        with psycopg.connect(PG_ADMIN_URL, connect_timeout=3):
            return True
    except Exception:
        return False


def _oracle(home: Path, env: dict[str, str] | None = None) -> dict[str, int]:
    rows = [json.loads(line) for line in run_cli(home, "dump", "--jsonl", env=env).stdout.splitlines()]
    norm = [normalize(r["text"]) for r in rows]
    return {q: sum(1 for t in norm if normalize(q) in t) for q in QUERIES}


def _totals(server: Server) -> dict[str, int]:
    return {q: httpx.get(f"{server.url}/api/search", params={"q": q, "limit": 3}, timeout=30).json()["total"]
            for q in QUERIES}


def _sample_folder(corpus: Path, tmp: Path, n: int, seed: int = 7) -> Path:
    files = sorted((corpus / "text").glob("*.txt"))
    picked = [p for p in files if not p.name.startswith("law-")][:40]
    picked += random.Random(seed).sample([p for p in files if p.name.startswith("law-")], n - len(picked))
    folder = tmp / "batch"
    folder.mkdir()
    for p in picked:
        (folder / p.name).symlink_to(p)
    return folder


@pytest.mark.corpus
def test_two_servers_on_one_postgres_library_agree(tmp_path: Path, corpus_dir: Path) -> None:
    if BACKEND != "postgres":  # the same test on either pass: it makes its own PostgreSQL library
        pytest.skip("two servers share a PostgreSQL library: this runs in the PostgreSQL pass of the suite")
    if not _pg_available():
        pytest.skip(f"PostgreSQL is not reachable at {PG_ADMIN_URL}")
    name, url = fresh_pg_database()
    env = {"SUCAI_DATABASE_URL": url}
    try:
        home_a, home_b = tmp_path / "node-a", tmp_path / "node-b"
        with Server(home_a, env=env) as a, Server(home_b, env=env) as b:
            assert _totals(a) == _totals(b) == dict.fromkeys(QUERIES, 0)
            folder = _sample_folder(corpus_dir, tmp_path, 120)
            run_cli(home_a, "ingest", str(folder), env=env)  # imported through node A's home
            expected = _oracle(home_a, env=env)
            assert expected["发展"] > 0
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline and (_totals(b) != expected or _totals(a) != expected):
                time.sleep(0.5)
            assert _totals(a) == expected
            assert _totals(b) == expected
            top_a = httpx.get(f"{a.url}/api/search", params={"q": "发展", "limit": 10}).json()["hits"]
            top_b = httpx.get(f"{b.url}/api/search", params={"q": "发展", "limit": 10}).json()["hits"]
            assert [h["paragraph_id"] for h in top_a] == [h["paragraph_id"] for h in top_b]
            health = httpx.get(f"{b.url}/api/health").json()
            assert health["index_lag"] == 0
    finally:
        drop_pg_database(name)


KILLS = 5  # one kill in each fifth of a whole run, start-up and index catch-up included


def _kill_points(duration: float, startup: float, seed: int = 11) -> list[float]:
    """Seconds after the start at which to kill: one at random within each of KILLS equal slices
    of a whole run (the interpreter's start-up, then the import and its index catch-up), so the
    points spread over every phase instead of bunching as independent draws may."""
    span = startup + duration
    rng = random.Random(seed)
    return [rng.uniform(span * i / KILLS, span * (i + 1) / KILLS) for i in range(KILLS)]


def _startup_seconds() -> float:
    """How long the real command takes to start before it does any work."""
    started = time.monotonic()
    subprocess.run([sys.executable, "-m", "sucai.cli", "--help"], capture_output=True, check=True)
    return time.monotonic() - started


@pytest.mark.corpus
def test_import_killed_at_random_points_finishes_exactly_once(home: Path, corpus_dir: Path, tmp_path: Path) -> None:
    folder = _sample_folder(corpus_dir, tmp_path, 150)
    reference = tmp_path / "reference"
    ref_env = {"SUCAI_DATABASE_URL": ""} if BACKEND == "postgres" else None
    started = time.monotonic()
    run_cli(reference, "ingest", str(folder), env=ref_env)
    duration = time.monotonic() - started  # kill points spread over a whole run, index catch-up included
    ref_ids = sorted(d["id"] for d in cli_json(reference, "list", "--json", env=ref_env))
    ref_totals = _oracle(reference, env=ref_env)
    qfile = tmp_path / "queries.txt"
    qfile.write_text("\n".join(QUERIES), encoding="utf-8")
    env = {**os.environ, "SUCAI_HOME": str(home)}
    points = _kill_points(max(duration, 0.2), _startup_seconds())
    for attempt, delay in enumerate(points):
        proc = subprocess.Popen([sys.executable, "-m", "sucai.cli", "ingest", str(folder)], env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        partial = cli_json(home, "list", "--json")
        assert set(d["id"] for d in partial) <= set(ref_ids), attempt
        # re-run: finishes the job, duplicates nothing, index equals the store
        run_cli(home, "ingest", str(folder))
        ids = sorted(d["id"] for d in cli_json(home, "list", "--json"))
        assert ids == ref_ids, attempt
        out = run_cli(home, "search", "--queries", str(qfile), "--json", "--limit", "1").stdout.splitlines()
        totals = {json.loads(line)["query"]: json.loads(line)["total"] for line in out}
        assert totals == _oracle(home) == ref_totals, attempt
        if attempt < len(points) - 1:  # start the next attempt from an empty library of the same backend
            _reset(home)


def _reset(home: Path) -> None:
    import shutil

    url = os.environ.get("SUCAI_DATABASE_URL")
    if url:
        import psycopg

        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("DROP SCHEMA public CASCADE")
            conn.execute("CREATE SCHEMA public")
    shutil.rmtree(home, ignore_errors=True)


@pytest.mark.corpus
def test_searches_answer_during_an_import_and_never_see_half_documents(
    home: Path, corpus_dir: Path, tmp_path: Path
) -> None:
    folder = _sample_folder(corpus_dir, tmp_path, 150)
    errors: list[str] = []
    seen: list[int] = []
    with Server(home) as server:
        importer = subprocess.Popen([sys.executable, "-m", "sucai.cli", "ingest", str(folder)],
                                    env={**os.environ, "SUCAI_HOME": str(home)},
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

        def probe() -> None:
            while importer.poll() is None:
                r = httpx.get(f"{server.url}/api/search", params={"q": "第一条", "limit": 1}, timeout=30)
                if r.status_code != 200:
                    errors.append(f"{r.status_code} {r.text[:200]}")
                else:
                    seen.append(r.json()["total"])
                time.sleep(0.05)

        t = threading.Thread(target=probe)
        t.start()
        importer.wait(timeout=600)
        t.join()
        assert errors == []
        assert len(seen) > 3 and seen == sorted(seen)  # totals only grow: whole documents appear at once
        time.sleep(1.2)
        final = httpx.get(f"{server.url}/api/search", params={"q": "第一条", "limit": 1}).json()["total"]
        assert final == _oracle(home)["第一条"]
