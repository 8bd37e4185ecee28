"""OCR engines side by side on rendered scans of real texts: accuracy and seconds per page.

Each document (the project's samples and corpus texts) is rendered to A4 pages at 200 dpi by
tests/scans.py (serif CJK font, skew, blur, specks, page numbers, some with a red 版头 and a seal),
then read by each engine through the same steps as an import: red ink removed, lines to
paragraphs (sucai/ingest/ocr_layout.py), then the ingest pipeline.  Reported per document:
  recall   character 3-gram recall of the source text (title and body) in the OCR'd document
  F1       level 1–2 outline F1 against the outline the pipeline gives for the source text
  s/page   wall seconds per page (OCR and layout; the machine may be shared: compare columns)
  cpu s/page  CPU seconds per page, this process and its children (less sensitive to a busy machine)
Documents in tests/scans.TUNED were looked at while writing the layout rules; the others are
held out and only measured.

Engines: tesseract (Debian tesseract-ocr + chi_sim, the one sucai uses) and RapidOCR
(PP-OCRv4 ONNX models shipped inside the rapidocr_onnxruntime wheel; `pip install -e '.[bench]'`).

Usage: python bench/ocr.py [--docs N] [--pages N] [--engines tesseract,rapidocr]
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from pathlib import Path
from statistics import mean

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sucai.ingest import ocr  # noqa: E402
from sucai.ingest.ocr_layout import Line, paragraphs  # noqa: E402
from sucai.ingest.pipeline import parse_blocks  # noqa: E402
from sucai.ingest.readers import lines_to_blocks  # noqa: E402
from tests import scans  # noqa: E402


def rapid_engine():
    """A RapidOCR engine with the models from its wheel; None when the wheel is not installed."""
    try:
        from rapidocr_onnxruntime import RapidOCR
    except ImportError:
        return None
    import numpy as np

    threads = int(os.environ.get("BENCH_OCR_THREADS", "2"))
    reader = RapidOCR(use_cls=False, intra_op_num_threads=threads, inter_op_num_threads=1)

    def lines(image, page: int, path: str) -> list[Line]:
        result, _ = reader(np.asarray(image.convert("RGB")), use_cls=False)
        out = []
        for box, text, _conf in result or []:
            xs, ys = [p[0] for p in box], [p[1] for p in box]
            out.append(Line(min(xs), min(ys), max(xs), max(ys), text))
        return out

    return lines


def engines(names: list[str]) -> dict:
    found = {}
    for name in names:
        if name == "tesseract":
            missing = ocr.available()
            if missing:
                print(f"skipped tesseract: {missing}")
                continue
            found[name] = None  # the reader's own engine
        elif name == "rapidocr":
            engine = rapid_engine()
            if engine is None:
                print("skipped rapidocr: rapidocr_onnxruntime is not installed (pip install -e '.[bench]')")
                continue
            found[name] = engine
    return found


def cpu_seconds() -> float:
    """CPU time of this process and its finished children (tesseract runs as a child)."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def measure(scan: scans.Scan, engine) -> tuple[float, float, float, float]:
    truth_doc = parse_blocks(lines_to_blocks(scan.truth), "truth", "truth").documents[0]
    start, cpu = time.perf_counter(), cpu_seconds()
    numbers = list(range(1, len(scan.pages) + 1))
    pages = ocr.ocr_pages(iter(scan.pages), numbers, scan.name, ocr.Progress(len(numbers)), engine=engine)
    blocks = paragraphs(pages)
    seconds = (time.perf_counter() - start) / len(scan.pages)
    cpu = (cpu_seconds() - cpu) / len(scan.pages)
    docs = parse_blocks(blocks, scan.name, "ocr").documents
    read = "\n".join(d.title + "\n" + d.text for d in docs)
    recall = scans.trigram_recall("\n".join(scan.truth), read)
    f1 = scans.outline_f1(scans.headings(truth_doc), [h for d in docs for h in scans.headings(d)])
    return recall, f1, seconds, cpu


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=8, help="held-out documents")
    ap.add_argument("--pages", type=int, default=2, help="pages rendered per document")
    ap.add_argument("--engines", default="tesseract,rapidocr")
    args = ap.parse_args()
    if not scans.fonts_available():
        sys.exit("needs the Noto CJK fonts (Debian fonts-noto-cjk)")
    found = engines(args.engines.split(","))
    docs = [(p, "tuned") for p in scans.tuned()] + [(p, "held-out") for p in scans.held_out(args.docs)]
    print(f"load average at start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores (shared machine)")
    head = " | ".join(f"{n} recall | {n} F1 | {n} s/page | {n} cpu s/page" for n in found)
    print(f"| set | document | pages | {head} |")
    print("|---|---|---|" + "---|---|---|---|" * len(found))
    rows: dict[str, list[tuple[str, tuple[float, float, float, float]]]] = {n: [] for n in found}
    for seed, (path, split) in enumerate(docs):
        scan = scans.render(path.stem, scans.source_text(path), seed=seed, max_pages=args.pages)
        cells = []
        for name, engine in found.items():
            result = measure(scan, engine)
            rows[name].append((split, result))
            cells.append(f"{result[0]:.3f} | {result[1]:.2f} | {result[2]:.1f} | {result[3]:.1f}")
        print(f"| {split} | {path.stem[:24]} | {len(scan.pages)} | {' | '.join(cells)} |", flush=True)
    print()
    print("| engine | set | recall mean | recall min | outline F1 mean | outline F1 min | s/page mean |"
          " cpu s/page mean |")
    print("|---|---|---|---|---|---|---|---|")
    for name, results in rows.items():
        for split in ("tuned", "held-out"):
            part = [r for s, r in results if s == split]
            if part:
                print(f"| {name} | {split} | {mean(r[0] for r in part):.3f} | {min(r[0] for r in part):.3f} |"
                      f" {mean(r[1] for r in part):.2f} | {min(r[1] for r in part):.2f} |"
                      f" {mean(r[2] for r in part):.1f} | {mean(r[3] for r in part):.1f} |")
    print(f"load average at end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
