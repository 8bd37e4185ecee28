"""`sucai export` and `sucai compile` on the seed: real files read back."""

from __future__ import annotations

import io
from pathlib import Path

import docx

from .conftest import cli_json, run_cli


def _seed_docs(home: Path, seed: Path) -> list[dict]:
    run_cli(home, "ingest", str(seed))
    return sorted(cli_json(home, "list", "--json"), key=lambda d: d["position"])


def test_compile_seed_lists_all_three_titles_in_order(home: Path, seed_path: Path, tmp_path: Path) -> None:
    docs = _seed_docs(home, seed_path)
    out = tmp_path / "汇编.docx"
    run_cli(home, "compile", *[d["id"] for d in docs], "--title", "2023年上半年工作总结汇编", "-o", str(out))
    document = docx.Document(io.BytesIO(out.read_bytes()))
    texts = [p.text for p in document.paragraphs]
    toc_at = [t.replace("\u3000", "") for t in texts].index("目录")
    positions = [next(i for i, t in enumerate(texts[toc_at:], toc_at) if t.startswith(d["title"])) for d in docs]
    assert positions == sorted(positions)
    assert positions[-1] - toc_at < 10  # all three in the contents page, not just in the body


def test_export_section_and_formats(home: Path, seed_path: Path, tmp_path: Path) -> None:
    docs = _seed_docs(home, seed_path)
    bureau = cli_json(home, "show", docs[2]["id"], "--json")
    problems = bureau["outline"][1]
    ref = problems["paragraph_id"]
    md = tmp_path / "s.md"
    run_cli(home, "export", ref, "--format", "md", "-o", str(md))
    text = md.read_text(encoding="utf-8")
    assert text.startswith("# ") and "存在的问题" in text.splitlines()[0]
    assert "统计法律意识较为薄弱" in text
    assert "下半年工作计划" not in text
    txt = tmp_path / "d.txt"
    run_cli(home, "export", docs[0]["id"], "--format", "txt", "-o", str(txt))
    assert txt.read_text(encoding="utf-8").startswith(docs[0]["title"])
    bad = run_cli(home, "export", "nosuchdoc", check=False)
    assert bad.returncode == 2 and "nosuchdoc" in bad.stderr


def test_output_extension_decides_the_format(home: Path, seed_path: Path, tmp_path: Path) -> None:
    docs = _seed_docs(home, seed_path)
    md = tmp_path / "x.md"
    run_cli(home, "export", docs[0]["id"], "-o", str(md))
    assert md.read_text(encoding="utf-8").startswith("# ")
    clash = run_cli(home, "export", docs[0]["id"], "--format", "docx", "-o", str(tmp_path / "y.txt"), check=False)
    assert clash.returncode == 2 and "扩展名" in clash.stderr
    blank = run_cli(home, "search", " ", check=False)
    assert blank.returncode == 2 and "检索词" in blank.stderr


def test_export_and_compile_restore_masks_unless_published(home: Path, seed_path: Path, tmp_path: Path) -> None:
    docs = _seed_docs(home, seed_path)
    ids = [d["id"] for d in docs]
    restored, published = tmp_path / "r.txt", tmp_path / "p.txt"
    run_cli(home, "compile", *ids, "-o", str(restored))
    run_cli(home, "compile", *ids, "--published", "-o", str(published))
    r, p = restored.read_text(encoding="utf-8"), published.read_text(encoding="utf-8")
    assert "D建" in p and "D建" not in r and r.count("党建") >= p.count("D建") > 0
    masked = next(d for d in ids if any("D建" in q["text"] for q in cli_json(home, "show", d, "--json")["paragraphs"]))
    one, one_published = tmp_path / "one.md", tmp_path / "one_p.md"
    run_cli(home, "export", masked, "-o", str(one))
    run_cli(home, "export", masked, "--published", "-o", str(one_published))
    assert "D建" in one_published.read_text(encoding="utf-8") and "D建" not in one.read_text(encoding="utf-8")
