"""Many servers, one library: two `sucai serve` processes on one PostgreSQL database under
concurrent clients, beside one process on the SQLite default, for a fixed time.

    python bench/load.py [--files 300] [--clients 16] [--seconds 10]

Both set-ups hold the same corpus documents.  Clients spread their requests over the
servers of a set-up (as a reverse proxy would) with a mixed workload: searches and
document JSON.  Prints requests/s, p50/p99 latency and errors per set-up.
Needs PostgreSQL at 127.0.0.1:5432 (or SUCAI_BENCH_PG_ADMIN).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from web import QUERIES, pct  # noqa: E402

from sucai.config import load_settings  # noqa: E402
from sucai.derived.catchup import refresh_indexes  # noqa: E402
from sucai.ingest.batch import import_paths  # noqa: E402
from sucai.store.home import open_library  # noqa: E402
from tests.web_library import Server  # noqa: E402

PG_ADMIN = os.environ.get("SUCAI_BENCH_PG_ADMIN", "postgresql://postgres@127.0.0.1:5432/postgres")


def fill(home: Path, files: list[Path], url: str = "") -> list[str]:
    settings = load_settings(env={}, home=home, database_url=url)
    library = open_library(settings)
    import_paths(library, files)
    refresh_indexes(settings, library)
    ids = [r["id"] for r in library.list_documents(limit=200)]
    library.close()
    return ids


async def mixed_load(urls: list[str], paths: list[str], clients: int, seconds: float) -> tuple[list[float], int, float]:
    latencies: list[float] = []
    errors = 0
    deadline = time.perf_counter() + seconds
    async with httpx.AsyncClient(timeout=30, limits=httpx.Limits(max_connections=clients * len(urls))) as client:
        async def worker(n: int) -> None:
            nonlocal errors
            rng = random.Random(n)
            base = urls[n % len(urls)]  # each client sticks to one server, clients spread evenly
            while time.perf_counter() < deadline:
                t0 = time.perf_counter()
                try:
                    r = await client.get(base + rng.choice(paths))
                    errors += r.status_code >= 400
                except httpx.HTTPError:
                    errors += 1
                latencies.append((time.perf_counter() - t0) * 1000)

        started = time.perf_counter()
        await asyncio.gather(*(worker(n) for n in range(clients)))
        return latencies, errors, time.perf_counter() - started


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    ap.add_argument("--files", type=int, default=300)
    ap.add_argument("--clients", type=int, default=16)
    ap.add_argument("--seconds", type=float, default=10.0)
    args = ap.parse_args()
    import psycopg

    files = sorted((args.corpus / "text").glob("*.txt"))[: args.files]
    if not files:
        sys.exit(f"no corpus at {args.corpus}")
    tmp = Path(tempfile.mkdtemp(prefix="sucai-bench-load-"))
    dbname = "sucai_bench_" + uuid.uuid4().hex[:8]
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{dbname}"')
    pg_url = PG_ADMIN.rsplit("/", 1)[0] + "/" + dbname
    try:
        ids = fill(tmp / "sqlite", files)
        fill(tmp / "pg-a", files, pg_url)
        paths = [f"/api/search?q={q}&limit=10" for q in QUERIES] + [f"/api/documents/{i}" for i in ids[:50]]
        print(f"{len(files)} corpus files, {len(ids)}+ documents; {args.clients} clients, {args.seconds:g} s each; "
              f"workload: {len(QUERIES)} searches + 50 documents (JSON)")
        print(f"{'set-up':<34} {'requests':>8} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>6}")
        setups = [("1 process, SQLite", [(tmp / "sqlite", {})]),
                  ("2 processes, PostgreSQL", [(tmp / "pg-a", {"SUCAI_DATABASE_URL": pg_url}),
                                               (tmp / "pg-b", {"SUCAI_DATABASE_URL": pg_url})])]
        for name, nodes in setups:
            servers = [Server(home, env=env) for home, env in nodes]
            try:
                urls = [s.url for s in servers]
                asyncio.run(mixed_load(urls, paths[:5], len(urls), 1.0))  # warm-up: index catch-up, connections
                lat, errors, wall = asyncio.run(mixed_load(urls, paths, args.clients, args.seconds))
                print(f"{name:<34} {len(lat):>8} {len(lat) / wall:>8.1f} {statistics.median(lat):>8.1f} "
                      f"{pct(lat, 99):>8.1f} {errors:>6}")
            finally:
                for s in servers:
                    s.stop()
    finally:
        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')
        import shutil

        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
