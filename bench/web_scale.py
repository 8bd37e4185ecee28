"""bench/scale.py's web stage and PostgreSQL database: a real `sucai serve` on a scaled home.

The server is loaded with bench/web.py's clients: first the query mix (every query of the set through
/api/search, as a reader would type it), then the static-file baseline and /api/search with --clients
concurrent clients.  Its resident memory (RssAnon, page cache excluded; RssFile beside it) is read
from /proc after the load, with the server's own CPU seconds during it.
"""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from web import UNLIMITED, load, pct, warm  # noqa: E402

PG_ADMIN = os.environ.get("SUCAI_BENCH_PG_ADMIN", "postgresql://postgres@127.0.0.1:5432/postgres")


def proc_cpu(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def proc_rss(pid: int) -> dict[str, float]:
    out = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key = line.split(":")[0]
        if key in ("VmRSS", "RssAnon", "RssFile", "VmHWM"):
            out[key] = int(line.split()[1]) / 1024
    return out


def _route(url: str, paths: list[str], clients: int, seconds: float) -> dict[str, Any]:
    asyncio.run(warm(url, paths[:64]))
    lat, errors, wall = asyncio.run(load(url, paths, clients, seconds))
    return {"requests": len(lat), "rps": len(lat) / wall, "p50_ms": statistics.median(lat) if lat else 0.0,
            "p99_ms": pct(lat, 99), "errors": errors}


def web_stage(home: Path, queries_file: Path, clients: int, seconds: float) -> dict[str, Any]:
    from tests.web_library import Server

    queries = json.loads(queries_file.read_text(encoding="utf-8"))
    paths = [f"/api/search?q={quote(chr(34) + q['q'] + chr(34))}&limit=10" for q in queries]
    server = Server(home, env=UNLIMITED)
    try:
        pid = server.proc.pid
        cpu0 = proc_cpu(pid)
        mix = _route(server.url, paths, 1, max(1.0, seconds / 2))  # the query mix, one client
        static = _route(server.url, ["/static/style.css"], clients, seconds)
        search = _route(server.url, paths, clients, seconds)
        cpu = proc_cpu(pid) - cpu0
        rss = proc_rss(pid)
    finally:
        server.stop()
    return {"mix": mix, "static": static, "search": search, "share": search["rps"] / static["rps"],
            "server_cpu_s": cpu, "rss": rss, "clients": clients, "load": " ".join(f"{x:.2f}" for x in os.getloadavg())}


@contextmanager
def pg_database() -> Iterator[str]:
    """A fresh PostgreSQL database for one ingest (dropped afterwards); its URL."""
    import psycopg

    name = "sucai_scale_" + uuid.uuid4().hex[:8]
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield PG_ADMIN.rsplit("/", 1)[0] + "/" + name
    finally:
        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
