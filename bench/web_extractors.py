"""Main-content extraction from saved web pages: sucai's own reader against well-kept extractors.

For each labelled HTML sample in tests/samples/real: how many body lines each extractor keeps and how
many labelled chrome lines (navigation, breadcrumb, print buttons, footer) it lets through.  Extractors
that are not installed are skipped (pip install trafilatura readability-lxml justext to compare).

Usage: python bench/web_extractors.py
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sucai.ingest.pipeline import parse_file  # noqa: E402
from sucai.ingest.readers import read_file  # noqa: E402

REAL = ROOT / "tests" / "samples" / "real"
_PUNCT = re.compile(r"[\s\u3000,，、。．.：:；;！!？?“”\"'‘’（）()《》【】\[\]—\-·•>]+")


def norm(text: str) -> str:
    return _PUNCT.sub("", text)


def extractors() -> dict[str, Callable[[Path], str]]:
    found: dict[str, Callable[[Path], str]] = {
        "sucai": lambda p: "\n".join(par.text for d in parse_file(p).documents for par in d.paragraphs)}
    try:
        import trafilatura
        found["trafilatura"] = lambda p: trafilatura.extract(p.read_text(encoding="utf-8"), include_tables=True,
                                                              favor_recall=True) or ""
    except ImportError:
        pass
    try:
        from bs4 import BeautifulSoup
        from readability import Document
        found["readability-lxml"] = lambda p: BeautifulSoup(Document(p.read_text(encoding="utf-8")).summary(),
                                                            "lxml").get_text("\n")
    except ImportError:
        pass
    try:
        import justext
        # jusText ships no Chinese stop list; the English one is what a caller would have to use.
        found["justext"] = lambda p: "\n".join(
            par.text for par in justext.justext(p.read_bytes(), justext.get_stoplist("English"))
            if not par.is_boilerplate)
    except ImportError:
        pass
    return found


def main() -> None:
    labels = [json.loads(line) for line in (REAL / "labels.jsonl").read_text(encoding="utf-8").splitlines()]
    pages = [lab for lab in labels if lab["file"].endswith((".html", ".htm"))]
    print("| page | extractor | body lines kept | chrome lines kept |")
    print("|---|---|---|---|")
    for lab in pages:
        path = REAL / lab["file"]
        chrome = {norm(c) for c in lab["chrome"]}
        body = [t for t in (norm(b.text) for b in read_file(path)) if t and t not in chrome]
        for name, extract in extractors().items():
            flat = norm(extract(path))
            kept = sum(1 for b in body if b in flat)
            leaked = sum(1 for c in chrome if len(c) >= 4 and c in flat)
            print(f"| {lab['file']} | {name} | {kept} of {len(body)} | {leaked} of {len(chrome)} |")


if __name__ == "__main__":
    main()
