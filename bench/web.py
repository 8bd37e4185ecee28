"""Load the web library with concurrent clients and print requests/s, p50, p99 and errors per route.

    python bench/web.py                      # import ../shared/corpus into a temp home, serve, load
    python bench/web.py --home DIR           # serve an existing data home
    python bench/web.py --url http://host:port --home DIR   # load a server that is already running

A plain static file (/static/style.css) is loaded the same way as the baseline:
the cost of the framework and the socket with no library work at all.

Last, search p99 while 4 decompression bombs (a docx of tens of KB holding 10 MB of empty paragraphs) are posted to
/api/check/file over and over, beside the quiet search of the same run.  The server this script
starts has the search and check rate limits switched off (SUCAI_*_PER_MINUTE=0), so the load is
not refused; a server given with --url keeps its own settings.

Each route is first requested once per path (caches filled, as on a site in use) and then
loaded; the last column is its req/s as a share of the static baseline measured in the same
run, the number to compare on a loaded machine (targets: reader page >= 40%, search API >= 70%).
"""

from __future__ import annotations

import argparse
import asyncio
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

QUERIES = ["党建", "招商引资", "营商环境", "乡村振兴", "安全生产", "高质量发展", "存在的问题", "下半年",
           "为企服务", "民生", "项目建设", "改革", "同比增长", "基层党组织", "数字化", "防汛", "工作", "经济"]


def prepare_home(home: Path | None, corpus: Path, limit: int) -> tuple[Path, bool]:
    if home is not None:
        return home, False
    from sucai.config import load_settings
    from sucai.derived.catchup import refresh_indexes
    from sucai.ingest.batch import import_paths
    from sucai.store.home import open_library

    if not (corpus / "text").is_dir():
        sys.exit(f"corpus not found at {corpus}; give --home DIR with a library")
    tmp = Path(tempfile.mkdtemp(prefix="sucai-bench-web-"))
    settings = load_settings(env={}, home=tmp / "home")
    library = open_library(settings)
    files = sorted((corpus / "text").glob("*.txt"))[:limit]
    started = time.perf_counter()
    report = import_paths(library, files)
    refresh_indexes(settings, library)
    print(f"imported {report.counts()['documents']} documents from {len(files)} corpus files "
          f"in {time.perf_counter() - started:.1f} s")
    library.close()
    return settings.home, True


def doc_ids(home: Path, n: int) -> list[str]:
    from sucai.config import load_settings
    from sucai.store.home import open_library

    library = open_library(load_settings(env={}, home=home))
    ids = [r["id"] for r in library.list_documents(limit=n)]
    library.close()
    return ids


async def load(url: str, paths: list[str], clients: int, seconds: float) -> tuple[list[float], int, float]:
    """`clients` concurrent loops, each requesting random paths for `seconds`; returns latencies (ms), errors, wall."""
    latencies: list[float] = []
    errors = 0
    deadline = time.perf_counter() + seconds
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=url, limits=limits, timeout=30) as client:
        async def worker() -> None:
            nonlocal errors
            rng = random.Random()
            while time.perf_counter() < deadline:
                t0 = time.perf_counter()
                try:
                    r = await client.get(rng.choice(paths))
                    if r.status_code >= 400:
                        errors += 1
                except httpx.HTTPError:
                    errors += 1
                latencies.append((time.perf_counter() - t0) * 1000)

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(clients)))
        wall = time.perf_counter() - started
    return latencies, errors, wall


BOMB_USER = ("bench-bomb", "bench-bomb-pass")
UNLIMITED = {"SUCAI_SEARCH_PER_MINUTE": "0", "SUCAI_MEMBER_SEARCH_PER_MINUTE": "0",
             "SUCAI_CHECK_PER_MINUTE": "0", "SUCAI_MEMBER_CHECK_PER_MINUTE": "0"}


def ensure_bomb_user(home: Path) -> None:
    from sucai import accounts
    from sucai.config import load_settings
    from sucai.errors import SucaiError
    from sucai.store.home import open_library

    library = open_library(load_settings(env={}, home=home))
    try:
        accounts.create_user(library.db, BOMB_USER[0], BOMB_USER[1], accounts.FREE)
    except SucaiError:
        pass  # already there from an earlier run
    finally:
        library.close()


async def bombs(url: str, seconds: float, senders: int = 4) -> tuple[list[float], dict[int, int]]:
    """`senders` loops posting a docx bomb to the check for `seconds`; (latencies ms, status counts)."""
    from tests.web_library import bomb_docx

    bomb = bomb_docx(10)
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    deadline = time.perf_counter() + seconds
    async with httpx.AsyncClient(base_url=url, timeout=600) as client:
        r = await client.post("/api/login", json={"username": BOMB_USER[0], "password": BOMB_USER[1]})
        csrf = r.json().get("csrf", "")

        async def sender() -> None:
            while time.perf_counter() < deadline:
                t0 = time.perf_counter()
                r = await client.post("/api/check/file", headers={"X-CSRF-Token": csrf},
                                      files={"file": ("炸弹.docx", bomb, "application/octet-stream")})
                statuses[r.status_code] = statuses.get(r.status_code, 0) + 1
                latencies.append((time.perf_counter() - t0) * 1000)

        await asyncio.gather(*(sender() for _ in range(senders)))
    return latencies, statuses


async def search_under_bombs(url: str, paths: list[str], clients: int, seconds: float) -> tuple[
        tuple[list[float], int, float], tuple[list[float], dict[int, int]]]:
    searched, bombed = await asyncio.gather(load(url, paths, clients, seconds), bombs(url, seconds))
    return searched, bombed


def row(name: str, lat: list[float], errors: int, wall: float) -> str:
    return (f"{name:<38} {len(lat):>8} {len(lat) / wall:>8.1f} {statistics.median(lat) if lat else 0:>8.1f} "
            f"{pct(lat, 99):>8.1f} {errors:>6}")


def bomb_table(url: str, clients: int, seconds: float) -> None:
    paths = [f"/api/search?q={q}&limit=10" for q in QUERIES]
    print("\nsearch while 4 docx bombs (10 MB of paragraphs in ~50 KB) are posted to /api/check/file")
    print(f"{'route':<38} {'requests':>8} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>6}")
    quiet = asyncio.run(load(url, paths, clients, seconds))
    print(row("api  /api/search (quiet)", *quiet))
    (lat, errors, wall), (bomb_lat, statuses) = asyncio.run(search_under_bombs(url, paths, clients, seconds))
    print(row("api  /api/search (+4 bombs in flight)", lat, errors, wall))
    print(f"{'bomb uploads':<38} {len(bomb_lat):>8} {'':>8} {statistics.median(bomb_lat) if bomb_lat else 0:>8.1f} "
          f"{pct(bomb_lat, 99):>8.1f}  statuses {statuses}")


async def warm(url: str, paths: list[str]) -> None:
    """Request every path once (a few at a time): caches filled, connections open."""
    async with httpx.AsyncClient(base_url=url, timeout=60) as client:
        for start in range(0, len(paths), 4):
            await asyncio.gather(*(client.get(p) for p in paths[start:start + 4]))


def pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--home", type=Path, default=None)
    parser.add_argument("--url", default=None, help="a running server (else one is started)")
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--files", type=int, default=400, help="corpus files to import when no --home")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=5.0, help="per route")
    parser.add_argument("--only-bombs", action="store_true", help="skip the per-route table")
    args = parser.parse_args()

    home, temporary = prepare_home(args.home, args.corpus, args.files)
    ensure_bomb_user(home)
    server = None
    if args.url is None:
        from tests.web_library import Server

        server = Server(home, env=UNLIMITED)
        url = server.url
    else:
        url = args.url.rstrip("/")
    try:
        ids = doc_ids(home, 200)
        if not ids:
            sys.exit("the library is empty")
        routes = {
            "static /static/style.css (baseline)": ["/static/style.css"],
            "api  /api/search": [f"/api/search?q={q}&limit=10" for q in QUERIES],
            "page /search": [f"/search?q={q}" for q in QUERIES],
            "api  /api/documents/{id}": [f"/api/documents/{i}" for i in ids],
            "page /documents/{id}": [f"/documents/{i}" for i in ids],
            "page / (home)": ["/"],
        }
        print(f"{len(ids)} documents; {args.clients} concurrent clients, {args.seconds:g} s per route, {url}")
        if not args.only_bombs:
            print(f"{'route':<38} {'requests':>8} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>6} {'/static':>8}")
        baseline = None
        for name, paths in ({} if args.only_bombs else routes).items():
            asyncio.run(warm(url, paths))
            lat, errors, wall = asyncio.run(load(url, paths, args.clients, args.seconds))
            baseline = baseline or len(lat) / wall
            print(row(name, lat, errors, wall) + f" {len(lat) / wall / baseline:>8.0%}")
        bomb_table(url, args.clients, args.seconds)
    finally:
        if server is not None:
            server.stop()
        if temporary:
            shutil.rmtree(home.parent, ignore_errors=True)


if __name__ == "__main__":
    main()
