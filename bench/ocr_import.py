"""Searches while a long scan is imported: a real `sucai serve`, an admin uploads an N-page scanned
PDF (default 50 pages), and a reader searches all the while.

Reported side by side: search latency before the upload (baseline) and during the OCR import,
the import's seconds per page, and the page progress the admin job showed.

Usage: python bench/ocr_import.py [--pages 50]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path
from statistics import median

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402

from sucai import accounts  # noqa: E402
from sucai.config import load_settings  # noqa: E402
from sucai.derived.catchup import refresh_indexes  # noqa: E402
from sucai.ingest.batch import import_paths  # noqa: E402
from sucai.samples import sample_dir  # noqa: E402
from sucai.store.home import open_library  # noqa: E402
from tests import scans  # noqa: E402
from tests.web_library import Server  # noqa: E402

QUERIES = ["营商环境", "乡村振兴", "集体经济", "高标准农田", "安全生产", "医疗保障", "污水治理", "五星支部"]


def long_scan(pages: int) -> bytes:
    """An N-page scan rendered from corpus reports (the samples when the corpus is absent)."""
    root = scans.corpus_root()
    sources = sorted(root.glob("gov-20*-national.txt")) if root.is_dir() else []
    sources = sources or sorted(scans.SAMPLES.glob("*.txt"))
    images = []
    for seed, path in enumerate(sources):
        images += scans.render(path.stem, scans.source_text(path), seed=seed, max_pages=pages - len(images)).pages
        if len(images) >= pages:
            break
    return scans.Scan("long", images, []).pdf_bytes()


def latencies(client: httpx.Client, until) -> list[float]:
    out = []
    while not until():
        q = QUERIES[len(out) % len(QUERIES)]
        start = time.perf_counter()
        assert client.get("/api/search", params={"q": q}).status_code == 200
        out.append(time.perf_counter() - start)
        time.sleep(0.2)
    return out


def row(name: str, values: list[float]) -> str:
    values = sorted(values)
    p95 = values[int(len(values) * 0.95)] if values else 0.0
    return f"| {name} | {len(values)} | {median(values) * 1000:.0f} | {p95 * 1000:.0f} | {max(values) * 1000:.0f} |"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=50)
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="sucai-ocr-import-"))
    home = work / "home"
    settings = load_settings(home=home)
    library = open_library(settings)
    import_paths(library, [sample_dir()])
    refresh_indexes(settings, library)
    accounts.create_user(library.db, "admin1", "bench-password-123", accounts.ADMIN)
    library.close()
    pdf = long_scan(args.pages)
    print(f"load average at start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores (shared machine)")
    with Server(home) as server, httpx.Client(base_url=server.url, timeout=60) as reader, \
            httpx.Client(base_url=server.url, timeout=60) as admin:
        deadline = time.time() + 15
        before = latencies(reader, lambda: time.time() > deadline)
        csrf = admin.post("/api/login", json={"username": "admin1", "password": "bench-password-123"}).json()["csrf"]
        start = time.perf_counter()
        job = admin.post("/api/admin/import", headers={"X-CSRF-Token": csrf},
                         files={"files": ("扫描件.pdf", pdf, "application/pdf")}).json()
        seen: list[int] = []

        def finished() -> bool:
            state = admin.get(f"/api/admin/jobs/{job['id']}").json()
            if state.get("ocr"):
                seen.append(state["ocr"]["page"])
            return state["state"] != "running"

        during = latencies(reader, finished)
        seconds = time.perf_counter() - start
        final = admin.get(f"/api/admin/jobs/{job['id']}").json()
    print(f"| phase | searches | p50 ms | p95 ms | max ms |\n|---|---|---|---|---|\n{row('before the upload', before)}")
    print(row(f"during OCR of {args.pages} pages", during))
    print(f"import: {final['state']}, {[r['status'] for r in final['results']]}, {seconds:.0f} s,"
          f" {seconds / args.pages:.1f} s/page; the job showed pages {sorted(set(seen))[:3]}…{sorted(set(seen))[-3:]}")
    print(f"load average at end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
