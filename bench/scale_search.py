"""Search latency of two sucai trees side by side on one engines directory (issue 15's 900 M index).

    .venv/bin/python bench/scale_search.py --base /work/wt/base --engines /work/scale-work/900M/engines

Each tree (a checkout of sucai: --base, and this one) opens the engines directory's ``sucai`` index and
runs bench/search.py's query set through bench/search.py's own runners ("sucai": end to end, "sucai-core":
exact total + top 10), in its own process. The runs alternate base, new, base, new so both see the same
machine load. It prints the open time, resident memory and CPU p50 / p95 per query class, side by side,
and checks that both trees give the same totals.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CHILD = """
import json, os, sys, time, resource
root, engines, engine, repeats = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
sys.path.insert(0, os.path.join(root, "bench"))
import search as sb
from pathlib import Path
work = Path(engines)
queries = json.loads((work / "queries.json").read_text("utf-8"))
wall, cpu = time.perf_counter(), time.process_time()
ix = sb.SearchIndex.open(work / "sucai")
opened = {"wall_s": time.perf_counter() - wall, "cpu_s": time.process_time() - cpu}
for q in queries:  # resident memory of one open index after every query ran once
    ix.search(f'"{q["q"]}"', limit=10)
status = Path("/proc/self/status").read_text()
field = lambda k: int(status.split(k + ":")[1].split()[0]) / 1024
rss = dict(rss_anon=field("RssAnon"), rss_file=field("RssFile"), hwm=field("VmHWM"))
del ix
out = sb.run_queries(engine, work, queries, repeats)
out.update(open=opened, **rss)
print(json.dumps(out))
"""


def run(root: Path, engines: Path, engine: str, repeats: int) -> dict:
    done = subprocess.run([sys.executable, "-c", CHILD, str(root), str(engines), engine, str(repeats)],
                          capture_output=True, text=True)
    if done.returncode:
        raise RuntimeError(done.stderr[-3000:])
    return json.loads(done.stdout.strip().splitlines()[-1])


def by_class(queries: list[dict], cpu: list[list[float]]) -> dict[str, tuple[float, float]]:
    sys.path.insert(0, str(ROOT / "bench"))
    import search as sb

    best = [min(c) for c in cpu]
    out = {"all": (sb.pct(best, 50), sb.pct(best, 95))}
    for cls in dict.fromkeys(q["class"] for q in queries):
        for freq in dict.fromkeys(q["freq"] for q in queries):
            sel = [b for b, q in zip(best, queries, strict=True) if q["class"] == cls and q["freq"] == freq]
            if sel:
                out[f"{cls} {freq}"] = (sb.pct(sel, 50), sb.pct(sel, 95))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--base", type=Path, required=True, help="a checkout of sucai to compare against")
    ap.add_argument("--engines", type=Path, required=True, help="an engines directory built by bench/scale.py")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--only", default="sucai-core,sucai")
    args = ap.parse_args()
    queries = json.loads((args.engines / "queries.json").read_text("utf-8"))
    print(f"{args.engines}: load {' '.join(f'{x:.2f}' for x in os.getloadavg())}", flush=True)
    for engine in args.only.split(","):
        res = {}
        for name, root in (("base", args.base), ("new", ROOT)):
            started = time.strftime("%H:%M:%S")
            res[name] = run(root, args.engines, engine, args.repeats)
            res[name]["load"] = f"{os.getloadavg()[0]:.1f}"
            print(f"  [{started}] {engine} {name} done (load {res[name]['load']})", flush=True)
        same = sum(a == b for a, b in zip(res["base"]["totals"], res["new"]["totals"], strict=True))
        print(f"\n{engine}: CPU ms p50 / p95 (best of {args.repeats}), totals equal {same}/{len(queries)}")
        print(f"  {'class':<16}{'base':>18}{'new':>18}")
        cls = {name: by_class(queries, r["cpu"]) for name, r in res.items()}
        for key in cls["base"]:
            b, n = cls["base"][key], cls["new"][key]
            print(f"  {key:<16}{b[0]:>8.2f} / {b[1]:<7.2f}{n[0]:>8.2f} / {n[1]:<7.2f}")
        for name, r in res.items():  # memory: one index, after each query ran once
            print(f"  {name}: open {r['open']['wall_s']:.2f} s wall / {r['open']['cpu_s']:.2f} s CPU, RssAnon "
                  f"{r['rss_anon']:.0f} MB, RssFile {r['rss_file']:.0f} MB, VmHWM {r['hwm']:.0f} MB, load {r['load']}")
        print(flush=True)


if __name__ == "__main__":
    main()
