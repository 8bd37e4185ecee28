"""Tables of bench/scale.py: one per size, then the cost curve (each figure across sizes, growth factors).

Figures of a size that was not ingested end to end are extrapolated linearly (per character) from the
largest size that was, and marked "extrap.".
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from search import CLASSES, pct  # noqa: E402

INGEST_STAGES = ("store", "search_index", "fingerprints", "near_duplicates")


def label_of(chars: float) -> str:
    return f"{chars / 1e6:g}M"


def _lat(samples: list[list[float]], idx: list[int] | None = None) -> tuple[float, float]:
    vals = [t for i, s in enumerate(samples) if idx is None or i in idx for t in s] or [0.0]
    return pct(vals, 50), pct(vals, 95)


def engine_runs(r: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Query runs by name: engine side (bench/search.py's runners) and the home end to end."""
    runs = {k.split(":", 1)[1]: v for k, v in r.items() if k.startswith("engine-query:")}
    if "home-queries" in r:
        runs["home e2e"] = r["home-queries"]
    return runs


def ingest_of(results: dict[str, dict[str, Any]], label: str) -> tuple[dict[str, Any] | None, str]:
    """This size's ingest stages, measured or extrapolated from the largest measured size."""
    r = results[label]
    if "ingest" in r:
        return r["ingest"], ""
    measured = [v for v in results.values() if "ingest" in v]
    if not measured:
        return None, ""
    src = max(measured, key=lambda v: v["corpus"]["chars"])
    f = r["corpus"]["chars"] / src["corpus"]["chars"]
    out = {s: {k: src["ingest"][s].get(k, 0.0) * f for k in ("wall_s", "cpu_s", "parse_workers_cpu_s")}
           for s in (*INGEST_STAGES, "settle") if s in src["ingest"]}
    return out, f" extrap. ×{f:.1f} from {src['label']}"


def figures(results: dict[str, dict[str, Any]], label: str) -> dict[str, tuple[float, str]]:
    """name → (value, note) for the cost curve and the size table."""
    r = results[label]
    chars, utf8 = r["corpus"]["chars"], r["corpus"]["utf8_bytes"]
    out: dict[str, tuple[float, str]] = {}
    ing, note = ingest_of(results, label)
    if ing:
        # On the command's schedule ("settle") the index stages overlap on two cores: their wall is one figure.
        settled = "settle" in ing
        walled = ("store", "settle") if settled else INGEST_STAGES
        wall = sum(ing[s]["wall_s"] for s in walled)
        workers = ing["store"].get("parse_workers_cpu_s", 0.0)
        cpu = sum(ing[s]["cpu_s"] for s in INGEST_STAGES if s in ing) + workers
        for s in INGEST_STAGES:
            if s not in walled and s in ing:
                continue
            out[f"ingest {s} s wall"] = (ing[s]["wall_s"], note)
        if settled:
            out["ingest indexes + near-duplicates s wall"] = (ing["settle"]["wall_s"], note)
        for s in INGEST_STAGES:
            if s in ing:
                out[f"ingest {s} s CPU"] = (ing[s]["cpu_s"], note)
        if workers:
            out["ingest parse workers s CPU"] = (workers, note)
        out["ingest e2e M chars/s wall"] = (chars / wall / 1e6, note)
        out["ingest e2e M chars/s CPU"] = (chars / cpu / 1e6, note)
    if "ingest" in r:
        out["home index size × text"] = (r["ingest"]["index_bytes"] / utf8, "")
        out["fingerprints size × text"] = (r["ingest"]["fingerprint_bytes"] / utf8, "")
        out["store (SQLite) size × text"] = (r["ingest"].get("store_bytes", 0) / utf8, "")
    for key, v in r.items():
        if key.startswith("engine-build:"):
            name = key.split(":", 1)[1]
            out[f"{name} build s wall"] = (v["build_s"], "")
            out[f"{name} build s CPU"] = (v["stage"]["cpu_s"], "")
            out[f"{name} index × text"] = (v["bytes"] / utf8, "")
    for name, run in engine_runs(r).items():
        p50, p95 = _lat(run["samples"])
        c50, c95 = _lat(run["cpu"])
        out[f"{name} p50 ms"] = (p50, "")
        out[f"{name} p95 ms"] = (p95, "")
        if name != "rg":  # rg's work is done in its child process
            out[f"{name} CPU p50 ms"] = (c50, "")
            out[f"{name} CPU p95 ms"] = (c95, "")
    if r.get("engine-query:sucai", {}).get("open"):
        out["sucai index open + warm s wall"] = (r["engine-query:sucai"]["open"]["wall_s"], "")
    if "engine-import:sucai" in r:
        v = r["engine-import:sucai"]
        out["engine: 1,000 docs indexed s"] = (v["import_s"], f"found {v['found_after']}, {v['segments']} segments")
    if "fp-rows" in r:
        v = r["fp-rows"]
        out["fingerprints from rows s wall"] = (v["build"]["wall_s"], "")
        out["fingerprints from rows s CPU"] = (v["build"]["cpu_s"], "")
        out["fingerprints size × text"] = (v["bytes"] / utf8, "rows build")
        out["fingerprints: 1,000 docs s wall"] = (v["daily"]["wall_s"], f"CPU {v['daily']['cpu_s']:.1f}")
    for key in ("check-home", "check-rows"):
        if key in r:
            v = r[key]
            out["查重 10,000 chars s wall"] = (v["check"]["wall_s"], f"{v['copied_found']}/{v['copied']} found ({key})")
            out["查重 10,000 chars s CPU"] = (v["check"]["cpu_s"], "")
    if "daily" in r:
        v = r["daily"]
        out["1,000 docs imported + searchable s wall"] = (v["import"]["wall_s"], f"found {v['found_after']}")
        out["1,000 docs imported + searchable s CPU"] = (v["import"]["cpu_s"], "")
    if "web" in r:
        w = r["web"]
        out["/api/search req/s share of static"] = (w["share"], f"{w['search']['rps']:.0f} vs {w['static']['rps']:.0f}")
        out["server RssAnon MB after mix"] = (w["rss"].get("RssAnon", 0), f"RssFile {w['rss'].get('RssFile', 0):.0f}")
    sucai = r.get("engine-query:sucai", {}).get("rss")
    if sucai:
        out["search process RssAnon MB"] = (sucai.get("RssAnon", 0), f"RssFile {sucai.get('RssFile', 0):.0f}")
    return out


def print_size(results: dict[str, dict[str, Any]], label: str) -> None:
    r = results[label]
    c = r["corpus"]
    print(f"\n== {label}: {c['chars'] / 1e6:.1f} M chars, {c['docs']:,} documents, {c['replicas']} replicas, "
          f"{c['utf8_bytes'] / 1e6:.0f} MB UTF-8")
    for name, (value, note) in figures(results, label).items():
        print(f"  {name:<40}{value:>10.2f}  {note}")
    runs = engine_runs(r)
    if not runs:
        return
    queries = len(next(iter(runs.values()))["samples"])
    print(f"  latency ms p50/p95 by class ({queries} queries × repeats; wall time)")
    print("  " + f"{'class':<16}" + "".join(f"{n:>16}" for n in runs))
    groups = [(c, f) for c, _, _ in CLASSES for f in ("absent", "common", "rare")]
    ref = runs.get("sucai") or next(iter(runs.values()))
    for cls, freq in groups:
        idx = [i for i, q in enumerate(r.get("queries", [])) if q["class"] == cls and q["freq"] == freq]
        if not idx:
            continue
        cells = ("{:.2f}/{:.2f}".format(*_lat(v["samples"], idx)) for v in runs.values())
        print("  " + f"{cls + ' ' + freq:<16}" + "".join(f"{c:>16}" for c in cells))
    for name, run in runs.items():
        same = sum(a == b for a, b in zip(ref["totals"], run["totals"], strict=False))
        print(f"  totals {name} vs sucai: {same}/{len(ref['totals'])} equal")


def print_curve(results: dict[str, dict[str, Any]]) -> None:
    labels = list(results)
    table = {label: figures(results, label) for label in labels}
    names = list(dict.fromkeys(n for t in table.values() for n in t))
    print("\n== cost curve (value at each size; growth factor from the previous size in brackets)")
    print(f"  {'figure':<40}" + "".join(f"{lab:>20}" for lab in labels))
    for name in names:
        line, prev = f"  {name:<40}", None
        for label in labels:
            value = table[label].get(name, (None, ""))[0]
            grow = f" (×{value / prev:.1f})" if value is not None and prev else ""
            cell = "-" if value is None else f"{value:.2f}{grow}"
            if value is not None and "extrap" in table[label][name][1]:
                cell += "*"
            line += f"{cell:>20}"
            prev = value
        print(line)
    print("  * extrapolated linearly from the largest size ingested end to end")


def print_report(results: dict[str, dict[str, Any]], load: str) -> None:
    print(f"\nbench/scale.py — load average now {load}; each stage recorded its own load in results.json")
    for label in results:
        print_size(results, label)
    print_curve(results)
