"""Export benchmark: a 2-million-character compilation to DOCX, beside python-docx's floor.

The floor is the time python-docx needs for an empty document with the same
number of paragraphs: adding them with add_paragraph and saving, and saving alone.  Every case runs in a fresh process so its peak
memory (ru_maxrss) is its own.

    .venv/bin/python bench/export.py [--chars 2000000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import gc
import io
import json
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sucai.export import Para, Part, to_docx, to_markdown, to_text  # noqa: E402

ARTICLE_CHARS = 20_000
PHRASES = (
    "围绕年度目标任务", "统筹推进项目建设", "持续优化营商环境", "扎实开展专项整治", "深化重点领域改革",
    "强化安全生产监管", "着力保障和改善民生", "加快产业转型升级", "全面加强基层党建", "狠抓作风建设",
    "推动高质量发展", "严格落实主体责任", "完善长效管理机制", "提升公共服务水平", "加强统计监测分析",
)  # fmt: skip
MARKERS = ("一、", "二、", "三、", "四、", "五、")
SUB_MARKERS = ("（一）", "（二）", "（三）")


def sentence(rng: random.Random) -> str:
    """A varied, report-like sentence, so the DOCX compresses like real text rather than a repeat."""
    picked = rng.sample(PHRASES, 3)
    filler = "".join(chr(rng.randint(0x4E00, 0x62FF)) for _ in range(rng.randint(8, 20)))
    return f"{picked[0]}，{picked[1]}{filler}，{picked[2]}，同比增长{rng.randint(1, 999) / 10}%。"


def article(n: int, chars: int) -> Part:
    """A report-shaped article: level-1/2/3 headings over paragraphs of about 150 characters."""
    rng = random.Random(n)
    paras: list[Para] = []
    size = 0
    i = 0
    while size < chars:
        if i % 12 == 0:
            paras.append(Para(f"{MARKERS[(i // 12) % 5]}第{i // 12 + 1}部分工作情况", level=1))
        elif i % 4 == 0:
            paras.append(Para(f"{SUB_MARKERS[(i // 4) % 3]}第{i}项重点任务", level=2))
        elif i % 4 == 2:
            head = f"{i}.推进重点工作。"
            paras.append(Para(head + sentence(rng) + sentence(rng), level=3, head=len(head)))
        else:
            paras.append(Para("".join(sentence(rng) for _ in range(3))))
        size += len(paras[-1].text)
        i += 1
    return Part(title=f"第{n}篇 XX单位2023年工作总结及2024年工作计划", paragraphs=tuple(paras))


def compilation(chars: int) -> list[Part]:
    count = max(1, chars // ARTICLE_CHARS)
    return [article(n, chars // count) for n in range(1, count + 1)]


def empty_document(paragraphs: int):
    import docx

    doc = docx.Document()
    for _ in range(paragraphs):
        doc.add_paragraph()
    return doc


def save(doc) -> bytes:
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def docx_paragraph_count(data: bytes) -> int:
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return z.read("word/document.xml").count(b"<w:p>") + z.read("word/document.xml").count(b"<w:p ")


def run_case(case: str, chars: int, paragraphs: int) -> dict:
    """Runs in the child process: build the input, then time the one export."""
    parts = compilation(chars)
    title = "2023年度工作总结汇编"
    empty = empty_document(paragraphs) if case == "floor_save" else None
    jobs = {
        "docx": lambda: to_docx(parts, compilation_title=title),
        "markdown": lambda: to_markdown(parts, compilation_title=title).encode(),
        "text": lambda: to_text(parts, compilation_title=title).encode(),
        "floor": lambda: save(empty_document(paragraphs)),
        "floor_save": lambda: save(empty),
    }
    gc.collect()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    data = jobs[case]()
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "case": case,
        "seconds": seconds,
        "peak_mb": peak / 1024,
        "extra_mb": (peak - before) / 1024,
        "out_mb": len(data) / 1e6,
        "chars": sum(len(p.title) + sum(len(x.text) for x in p.paragraphs) for p in parts),
        "paragraphs": docx_paragraph_count(data) if case.startswith(("docx", "floor")) else None,
    }


def spawn(case: str, chars: int, paragraphs: int) -> dict:
    cmd = [sys.executable, __file__, "--case", case, "--chars", str(chars), "--paragraphs", str(paragraphs)]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chars", type=int, default=2_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--case", help=argparse.SUPPRESS)
    parser.add_argument("--paragraphs", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.case:
        print(json.dumps(run_case(args.case, args.chars, args.paragraphs)))
        return

    first = spawn("docx", args.chars, 0)
    rows = {"docx": [first]}
    paragraphs = first["paragraphs"]
    for case in ("floor", "floor_save", "markdown", "text"):
        rows[case] = [spawn(case, args.chars, paragraphs)]
    for _ in range(args.repeat - 1):
        for case in rows:
            rows[case].append(spawn(case, args.chars, paragraphs))

    print(
        f"compilation: {first['chars']:,} characters, {paragraphs:,} DOCX paragraphs, best of {args.repeat}"
    )
    print(f"{'case':<22}{'seconds':>9}{'peak RSS MB':>13}{'+MB over input':>16}{'output MB':>11}")
    labels = {
        "docx": "to_docx (GB/T 9704)",
        "floor": "floor: add+save",
        "floor_save": "floor: save only",
        "markdown": "to_markdown",
        "text": "to_text",
    }
    for case, runs in rows.items():
        best = min(runs, key=lambda r: r["seconds"])
        print(
            f"{labels[case]:<22}{best['seconds']:>9.2f}{max(r['peak_mb'] for r in runs):>13.0f}"
            f"{max(r['extra_mb'] for r in runs):>16.0f}{best['out_mb']:>11.2f}"
        )
    best = {case: min(r["seconds"] for r in runs) for case, runs in rows.items()}
    print(
        f"to_docx / floor (add+save): {best['docx'] / best['floor']:.2f}x; "
        f"to_docx / floor (save only): {best['docx'] / best['floor_save']:.2f}x"
    )


if __name__ == "__main__":
    main()
