"""The parse pool: results in input order, the same as parsing here, and a dead worker costs one file."""

from __future__ import annotations

from pathlib import Path

from sucai.ingest.pipeline import parse_file
from sucai.ingest.pool import Pool
from sucai.store.library import prepare_file

BODY = "一、工作回顾\n今年以来，我局新增规上工业企业{n}家，同比增长{n}.5%。\n二、下一步打算\n继续推进乡村振兴。\n"


def _files(folder: Path, count: int) -> list[Path]:
    folder.mkdir()
    paths = []
    for n in range(count):
        path = folder / f"{n:02d}.txt"
        path.write_text(f"某某县第{n + 1}号工作总结\n" + BODY.format(n=n + 1), encoding="utf-8")
        paths.append(path)
    (folder / "05.txt").write_bytes(b"")  # an empty file is rejected by name, the batch goes on
    return paths


def test_results_come_in_order_and_equal_parsing_here(tmp_path: Path) -> None:
    paths = _files(tmp_path / "in", 12)
    pool = Pool(None, 2)
    try:
        got = list(pool.parse_in_order(paths))
    finally:
        pool.close()
    assert [p for p, _ in got] == paths
    for path, result in got:
        if path.name == "05.txt":
            assert isinstance(result, str) and "空" in result
        else:
            assert result == prepare_file(parse_file(path))
    assert pool.cpu > 0


def test_a_killed_worker_costs_at_most_its_own_file(tmp_path: Path) -> None:
    paths = _files(tmp_path / "in", 16)
    pool = Pool(None, 2)
    try:
        results = pool.parse_in_order(paths)
        got = [next(results)]
        pool._live[0].proc.kill()  # a reader crashing the interpreter on a hostile file
        got.extend(results)
    finally:
        pool.close()
    assert [p for p, _ in got] == paths
    lost = [p.name for p, r in got if isinstance(r, str) and "解析进程意外退出" in r]
    assert len(lost) <= 1
    parsed = [p for p, r in got if not isinstance(r, str)]
    assert len(parsed) >= len(paths) - 2  # the empty file, and at most the one being parsed
