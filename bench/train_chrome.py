"""Train the chrome-line model (sucai/ingest/chrome_model.py) from the labelled sample pages, and estimate how
well it generalises by leaving one round out.

Lines: the head and tail lines of every labelled page (tests/samples/real, read and normalised as ingest reads
them, before the chrome rules).  A line is chrome when the labels name it (labels.jsonl "chrome"; a part of a labelled line too, unless
it is a labelled title) or a built-in chrome/advert rule removes it (as ingest decides, clean.is_chrome_line);
everything else there (titles, dates, signatures, headings) is not.  The model is
a logistic regression (numpy, L2, balanced classes) over the named features; the threshold is fixed in
advance (THRESHOLD), not tuned on the rounds measured.

Usage:
  python bench/train_chrome.py            write sucai/data/chrome_model.json from every labelled round
  python bench/train_chrome.py --loro     for r = 3 to LAST_TRAINED: train on the other rounds, measure round r
                                          with bench/documents.py's measures, with the model and without it
  python bench/train_chrome.py --loro --round 11   the same for one round only
Labels of round 13 (the next clean held-out set) and of any later round are never read, for training or for the
estimate: only rounds up to LAST_TRAINED are.  Rounds 8 to 12 were each measured once as a clean set and then opened
for tuning.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import documents  # noqa: E402

from sucai.ingest import chrome_model  # noqa: E402
from sucai.ingest.clean import apply_paid_markers, load_rules, normalise_blocks  # noqa: E402
from sucai.ingest.clean import is_chrome_line as chrome_by_rule  # noqa: E402
from sucai.ingest.hant import convert, is_traditional, t2s_table  # noqa: E402
from sucai.ingest.readers import read_file  # noqa: E402

THRESHOLD = 0.85
L2 = 0.001
LAST_TRAINED = 12  # rounds above it (13: the next held-out round, and later) are never read


def page_lines(label: dict) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Features, labels (1 = chrome) and texts of a page's head and tail lines."""
    rules = load_rules()
    blocks = read_file(documents.REAL / label["file"])
    if is_traditional(blocks):
        blocks = convert(blocks)
    blocks, _ = apply_paid_markers(blocks)
    texts = [b.text for b in normalise_blocks(blocks)]
    page = chrome_model.Page.of(texts, rules.furniture, rules.fields)
    if page is None:
        return np.zeros((0, len(chrome_model.FEATURES))), np.zeros(0), []
    table = t2s_table()
    chrome = {documents.norm(c.translate(table)) for c in label["chrome"]} - {""}
    # a title the labels name is never chrome, though a chrome line quotes it (a breadcrumb's last item, a site note)
    titles = {documents.norm(t.translate(table)) for t in (label["title"] if isinstance(label["title"], list)
                                                             else [label["title"]])}
    rows, ys, kept = [], [], []
    for i, features in chrome_model.candidates(page):
        key = documents.norm(texts[i])
        labelled = key in chrome or (len(key) >= 4 and key not in titles and any(key in c for c in chrome))
        ruled = chrome_by_rule(texts, i, rules) or rules.score(texts[i]) >= 2
        rows.append(features)
        ys.append(float(labelled or ruled))
        kept.append(texts[i])
    return np.array(rows), np.array(ys), kept


def dataset(labels: list[dict]) -> tuple[np.ndarray, np.ndarray]:
    parts = [page_lines(lab) for lab in labels]
    xs = [x for x, _, _ in parts if len(x)]
    return np.vstack(xs), np.concatenate([y for _, y, _ in parts if len(y)])


def fit(x: np.ndarray, y: np.ndarray, steps: int = 300) -> np.ndarray:
    """Logistic regression by Newton steps, classes weighted to balance, L2 on all but the bias."""
    pos = max(y.sum(), 1.0)
    weight = np.where(y == 1, len(y) / (2 * pos), len(y) / (2 * max(len(y) - pos, 1.0)))
    w = np.zeros(x.shape[1])
    penalty = np.full(x.shape[1], L2 * len(y))
    penalty[0] = 0.0
    for _ in range(steps):
        p = 1 / (1 + np.exp(-np.clip(x @ w, -30, 30)))
        grad = x.T @ (weight * (p - y)) + penalty * w
        hess = (x * (weight * p * (1 - p))[:, None]).T @ x + np.diag(penalty + 1e-6)
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return w


def trained(labels: list[dict]) -> dict:
    x, y = dataset(labels)
    w = fit(x, y)
    return {"threshold": THRESHOLD, "lines": int(len(y)), "chrome_lines": int(y.sum()),
            "weights": {name: round(float(v), 4) for name, v in zip(chrome_model.FEATURES, w, strict=True)}}


def rounds(label: dict) -> int:
    return label.get("round", 1)


def trainable(labels: list[dict]) -> list[dict]:
    """The labels the model may learn from: rounds 1 to LAST_TRAINED, never the held-out round 13 or later."""
    return [lab for lab in labels if rounds(lab) <= LAST_TRAINED]


def measure_round(labels: list[dict], model: dict | None) -> dict[str, str]:
    """bench/documents.py's measures of these pages with the given model (None: the model off)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "model.json"
        path.write_text(json.dumps(model or {"threshold": 2.0, "weights": dict.fromkeys(chrome_model.FEATURES, 0.0)}))
        saved = chrome_model.DATA
        chrome_model.DATA = path
        try:
            return documents.summary({lab["file"]: documents.measure_file(lab) for lab in labels})
        finally:
            chrome_model.DATA = saved


def loro(labels: list[dict], only: int | None = None) -> None:
    usable = trainable(labels)
    for r in [only] if only and only <= LAST_TRAINED else range(3, LAST_TRAINED + 1):
        model = trained([lab for lab in usable if rounds(lab) != r])
        test = [lab for lab in usable if rounds(lab) == r]
        x, y = dataset(test)
        w = np.array([model["weights"][n] for n in chrome_model.FEATURES])
        hit = (1 / (1 + np.exp(-(x @ w)))) >= THRESHOLD
        print(f"round {r}: lines {len(y)}, chrome {int(y.sum())}, caught {int((hit & (y == 1)).sum())}, "
              f"false {int((hit & (y == 0)).sum())}")
        off, on = measure_round(test, None), measure_round(test, model)
        for name in off:
            print(f"  {name}: without {off[name]} | with {on[name]}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--loro", action="store_true", help="leave-one-round-out estimate for rounds 3 to LAST_TRAINED")
    ap.add_argument("--round", type=int, help="with --loro: only this round")
    args = ap.parse_args()
    labels = documents.load_labels()
    if args.loro:
        loro(labels, args.round)
        return
    model = trained(trainable(labels))
    chrome_model.DATA.write_text(json.dumps(model, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(model, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
