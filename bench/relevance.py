"""Search quality for writers: nDCG@10 of sucai's first page on a judged set of queries.

    .venv/bin/python bench/relevance.py                       # this checkout
    .venv/bin/python bench/relevance.py --root /tmp/sucai-main  # another checkout (e.g. main, "before")
    .venv/bin/python bench/relevance.py --pool pool.txt         # candidates still to be graded

Library: the built-in samples, the seed and the shared corpus (../shared/corpus/text, read in place),
imported with the code under --root into --home (made on first use).  Queries and grades are in
bench/relevance_judgments.json: each query is "tuned" (used while tuning), "heldout" (never looked at
while tuning the first version; its three low queries were studied for the focus factor) or "heldout2"
(added and graded after the last ranking change, never tuned on); each grade (0–3, for a writer who wants material to borrow) belongs to a paragraph key,
sha256 of the document title and the paragraph's text without white space, so grades survive rebuilds.

The ranked list is what a writer sees on the first page: the exact hits, then the related results
(相关结果), cut at 10.  Unjudged results count as 0.  Runs the `sucai search --queries --json` command
of --root, so any version of sucai with that command can be measured.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import re
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# ../shared beside the checkout (worktrees sit one level deeper, so look further up too).
# SUCAI_TEST_SHARED (as the tests use it) names ../shared when the checkout is elsewhere.
SHARED = (Path(os.environ["SUCAI_TEST_SHARED"]) if os.environ.get("SUCAI_TEST_SHARED") else
          next((p / "shared" for p in ROOT.parents if (p / "shared" / "corpus").exists()), ROOT.parent / "shared"))
JUDGMENTS = ROOT / "bench" / "relevance_judgments.json"
K = 10


def key_of(title: str, text: str) -> str:
    return hashlib.sha256((title + "\x1f" + re.sub(r"\s+", "", text)).encode("utf-8")).hexdigest()[:16]


def sucai(root: Path, home: Path, *args: str) -> str:
    env = {**os.environ, "PYTHONPATH": str(root), "SUCAI_HOME": str(home)}
    cmd = [sys.executable, "-c", "import sys; from sucai.cli import main; sys.exit(main())", *args]
    out = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=root)
    if out.returncode not in (0, 3):
        raise RuntimeError(f"sucai {' '.join(args)} failed:\n{out.stderr[-2000:]}")
    return out.stdout


def ensure_home(root: Path, home: Path) -> None:
    if (home / "library.sqlite3").exists():
        return
    home.mkdir(parents=True, exist_ok=True)
    sources = [root / "sucai" / "samples" / "library", SHARED / "seed", SHARED / "corpus" / "text"]
    sucai(root, home, "ingest", *[str(s) for s in sources if s.exists()])


def run_queries(root: Path, home: Path, queries: list[str], limit: int) -> list[dict]:
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False, encoding="utf-8") as fh:
        fh.write("\n".join(queries) + "\n")
    try:
        out = sucai(root, home, "search", "--queries", fh.name, "--limit", str(limit), "--json")
    finally:
        os.unlink(fh.name)
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def paragraph_texts(home: Path) -> dict[str, tuple[str, str, str, str]]:
    """paragraph id → (title, text, kind, role)."""
    db = sqlite3.connect(home / "library.sqlite3")
    rows = db.execute("SELECT p.id, d.title, p.text, p.kind, p.role FROM paragraphs p JOIN documents d"
                      " ON d.id = p.doc_id").fetchall()
    return {r[0]: (r[1], r[2], r[3], r[4]) for r in rows}


def ranked_keys(result: dict, texts: dict, limit: int) -> list[str]:
    items = result.get("hits", []) + result.get("related", [])
    return [key_of(*texts[h["paragraph_id"]][:2]) for h in items[:limit] if h["paragraph_id"] in texts]


def ndcg(keys: list[str], grades: dict[str, int]) -> float:
    gains = [grades.get(k, 0) for k in keys[:K]]
    dcg = sum((2 ** g - 1) / math.log2(i + 2) for i, g in enumerate(gains))
    ideal = sorted(grades.values(), reverse=True)[:K]
    idcg = sum((2 ** g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / idcg if idcg else 0.0


def write_pool(path: Path, results: list[dict], texts: dict, grades: dict[str, dict[str, int]]) -> int:
    """Candidates not yet graded, one line each: query, key, kind/role, title, path, text."""
    lines, seen = [], set()
    for result in results:
        q = result["query"]
        for h in result.get("hits", []) + result.get("related", []):
            info = texts.get(h["paragraph_id"])
            if info is None:
                continue
            key = key_of(info[0], info[1])
            if key in grades.get(q, {}) or (q, key) in seen:
                continue
            seen.add((q, key))
            tag = "R" if "match" in h else "H"
            text = re.sub(r"\s+", "", info[1])[:160]
            path_text = " > ".join(h["path"])[:40]
            lines.append(f"{q}\t{key}\t{tag}{info[2][0]}/{info[3]}\t{info[0][:24]}\t{path_text}\t{text}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--root", type=Path, default=ROOT, help="checkout of sucai whose search is measured")
    ap.add_argument("--home", type=Path, help="data home (default /tmp/sucai-relevance-<hash of root>)")
    ap.add_argument("--pool", type=Path, help="write the ungraded candidates of the top --pool-depth here")
    ap.add_argument("--pool-depth", type=int, default=20)
    ap.add_argument("--split", choices=("tuned", "heldout", "heldout2", "all"), default="all")
    args = ap.parse_args()
    if not SHARED.exists():
        sys.exit("../shared is absent: the judged library needs the shared corpus")
    root = args.root.resolve()
    home = args.home or Path(tempfile.gettempdir()) / f"sucai-relevance-{hashlib.sha1(str(root).encode()).hexdigest()[:8]}"
    ensure_home(root, home)
    judged = json.loads(JUDGMENTS.read_text(encoding="utf-8"))
    queries = [q for q in judged["queries"] if args.split == "all" or q["split"] == args.split]
    grades: dict[str, dict[str, int]] = judged["grades"]
    texts = paragraph_texts(home)
    depth = args.pool_depth if args.pool else K
    results = run_queries(root, home, [q["q"] for q in queries], depth)
    if args.pool:
        print(f"{write_pool(args.pool, results, texts, grades)} ungraded candidates written to {args.pool}")
        return
    report(queries, results, texts, grades, root)


def report(queries: list[dict], results: list[dict], texts: dict, grades: dict, root: Path) -> None:
    print(f"nDCG@{K} of {root} (hits then related results; unjudged = 0)")
    print(f"{'query':<16}{'split':>8}{'nDCG':>7}{'judged':>8}{'unjudged@10':>12}")
    scores: dict[str, list[float]] = {"tuned": [], "heldout": [], "heldout2": []}
    for q, result in zip(queries, results, strict=True):
        keys = ranked_keys(result, texts, K)
        g = grades.get(q["q"], {})
        value = ndcg(keys, g)
        scores[q["split"]].append(value)
        print(f"{q['q']:<16}{q['split']:>8}{value:>7.3f}{len(g):>8}{sum(k not in g for k in keys):>12}")
    every = [v for values in scores.values() for v in values]
    for name, values in (*scores.items(), ("all", every)):
        if values:
            low = sum(v < 0.3 for v in values)
            print(f"mean {name:<8} {sum(values) / len(values):.3f}  ({len(values)} queries, {low} below 0.3)")


if __name__ == "__main__":
    main()
