"""The fingerprint index: incremental catch-up, merging, versioning, crash leftovers; text primitives."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from sucai.store import IndexRow
from sucai.writing import fingerprints as fp_module
from sucai.writing import fpbuild
from sucai.writing.fingerprints import FingerprintIndex
from sucai.writing.text import aligned_chars, best_cluster, sentences, similarity, squeeze, squeeze_map

TEXTS = [
    "今年以来，开发区坚持项目为王，新签约项目十九个，协议资金约八十亿元。",
    "全面推行河长制，清理河道淤泥两万立方米，水质明显改善。",
    "深入开展党建引领基层治理，建成党群服务中心十二个。",
    "严格落实安全生产责任制，排查整改隐患两千余项。",
]


def _row(seq: int, doc: str, text: str) -> IndexRow:
    return IndexRow(seq=seq, paragraph_id=f"{doc}-{seq}", doc_id=doc, idx=seq, kind="body", text=text,
                    paid=False, path=(), role="other", title=f"标题{doc}", doc_kind="其他", org=None,
                    org_type="其他", year=None, half=None, date=None, collection_id=None)


def _rows(start: int, count: int) -> list[IndexRow]:
    return [_row(start + i, f"d{(start + i) // 2}", TEXTS[(start + i) % len(TEXTS)] + f"第{start + i}段")
            for i in range(count)]


def _hits(index: FingerprintIndex, text: str) -> set[str]:
    from sucai.writing.text import codes_of, kgram_hashes

    _, paras = index.lookup(kgram_hashes(codes_of(squeeze(text))))
    return {index.paragraph_id(int(p)) for p in set(paras.tolist())}


def test_catch_up_is_incremental_and_survives_reopen(tmp_path: Path) -> None:
    index = FingerprintIndex.open(tmp_path / "fp")
    assert index.last_seq() == 0 and len(index) == 0
    assert index.catch_up(_rows(1, 3)) == 3
    assert index.catch_up(_rows(1, 5)) == 2  # rows up to last_seq are skipped
    assert index.last_seq() == 5 and len(index) == 5
    rows = {r.paragraph_id: r for r in _rows(1, 5)}
    asked: list[dict[str, int]] = []

    def source(wanted: dict[str, int]) -> dict[str, str]:  # the texts at the seq the index holds
        asked.append(wanted)
        return {p: rows[p].text for p, seq in wanted.items() if rows[p].seq == seq}

    again = FingerprintIndex.open(tmp_path / "fp", source)
    assert again.last_seq() == 5 and len(again) == 5
    assert "d1-2" in _hits(again, TEXTS[2])
    assert again.paragraph_texts([0, 1, 0]) == [squeeze(TEXTS[1] + "第1段"), squeeze(TEXTS[2] + "第2段"),
        squeeze(TEXTS[1] + "第1段")]
    assert again.paragraph_text(1) == squeeze(TEXTS[2] + "第2段") and asked == [{"d0-1": 1, "d1-2": 2}]
    assert not (tmp_path / "fp" / again.segments[0].name / "text.npy").exists()  # no copy of the text
    assert again.catch_up([]) == 0


def test_many_segments_merge_into_one_with_same_answers(tmp_path: Path) -> None:
    index = FingerprintIndex.open(tmp_path / "fp")
    seq = 1
    for _ in range(fp_module.MAX_SEGMENTS + 2):
        index.catch_up(_rows(seq, 2))
        seq += 2
    assert len(index.segments) <= fp_module.MAX_SEGMENTS
    hits = _hits(index, TEXTS[3])
    rebuilt = FingerprintIndex.open(tmp_path / "other")
    rebuilt.rebuild(_rows(1, seq - 1))
    assert hits == _hits(rebuilt, TEXTS[3]) and len(hits) >= 4
    assert sorted(index.doc_ids) == sorted(rebuilt.doc_ids)
    assert np.array_equal(np.sort(index.doc_nfp), np.sort(rebuilt.doc_nfp))


def _arrays(directory: Path) -> dict[str, np.ndarray]:
    (seg,) = json.loads((directory / "manifest.json").read_text())["segments"]
    return {f.stem: np.load(f) for f in sorted((directory / seg).glob("*.npy"))}


def test_spilled_build_and_merge_equal_a_one_pass_build(tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    rows = _rows(1, 36)  # nine catch-ups of four: the ninth merges them
    FingerprintIndex.open(tmp_path / "one").rebuild(rows)
    monkeypatch.setattr(fpbuild, "CHUNK_CHARS", 60)  # a run every two or three paragraphs
    monkeypatch.setattr(fpbuild, "BUCKET_POSTINGS", 7)  # many buckets of the hash space
    FingerprintIndex.open(tmp_path / "runs").rebuild(rows)
    merged = FingerprintIndex.open(tmp_path / "merged")
    for start in range(1, 37, 4):
        merged.catch_up(rows[start - 1:start + 3])
    assert len(merged.segments) == 1
    one = _arrays(tmp_path / "one")
    for other in (_arrays(tmp_path / "runs"), _arrays(tmp_path / "merged")):
        assert one.keys() == other.keys()
        for name, array in one.items():
            assert array.dtype == other[name].dtype and np.array_equal(array, other[name]), name
    assert not list((tmp_path / "runs").glob("tmp-*")) and not list((tmp_path / "merged").glob("tmp-*"))


def test_changed_normaliser_makes_the_index_rebuild(tmp_path: Path) -> None:
    index = FingerprintIndex.open(tmp_path / "fp")
    index.catch_up(_rows(1, 4))
    manifest = tmp_path / "fp" / "manifest.json"
    data = json.loads(manifest.read_text())
    data["normalizer"] = "n0-old"
    manifest.write_text(json.dumps(data))
    stale = FingerprintIndex.open(tmp_path / "fp")
    assert stale.stale and stale.last_seq() == 0 and len(stale) == 0
    assert stale.catch_up(_rows(1, 4)) == 4
    assert not stale.stale and stale.last_seq() == 4 and len(stale) == 4


def test_format_1_index_is_read_and_upgraded_by_merging(tmp_path: Path) -> None:
    index = FingerprintIndex.open(tmp_path / "fp")
    odd = _row(5, "d9", TEXTS[0])._replace(paragraph_id="外来-编号")  # not numbered as the store numbers
    index.catch_up(_rows(1, 4) + [odd])
    expected = [index.paragraph_id(i) for i in range(len(index))]
    assert expected[-1] == "外来-编号" and expected[0] == "d0-1"
    # rewrite it as format 1 wrote it: every paragraph id listed in ids.json, no idx.npy
    seg = tmp_path / "fp" / index.segments[0].name
    ids = json.loads((seg / "ids.json").read_text(encoding="utf-8"))
    (seg / "ids.json").write_text(json.dumps({"paragraphs": expected, "docs": ids["docs"], "titles": ids["titles"]}))
    (seg / "idx.npy").unlink()
    np.save(seg / "text.npy", np.zeros(3, dtype=np.uint16))  # formats 1 and 2 kept a copy of the text: ignored
    manifest = tmp_path / "fp" / "manifest.json"
    manifest.write_text(json.dumps({**json.loads(manifest.read_text()), "format": 1}))
    old = FingerprintIndex.open(tmp_path / "fp")
    assert not old.stale and [old.paragraph_id(i) for i in range(len(old))] == expected
    assert list(old.paragraph_numbers([("外来-编号", "d9", 5), ("d1-3", "d1", 3), ("d7-1", "d7", 1)])) == [2, 4]
    seq = 6
    for _ in range(fp_module.MAX_SEGMENTS):
        old.catch_up(_rows(seq, 1))
        seq += 1
    merged = tmp_path / "fp" / old.segments[0].name
    assert len(old.segments) == 1 and (merged / "idx.npy").exists() and not (merged / "text.npy").exists()
    assert [old.paragraph_id(i) for i in range(len(expected))] == expected
    assert json.loads(manifest.read_text())["format"] == fp_module.FORMAT


def test_crash_leftovers_are_ignored_and_swept(tmp_path: Path) -> None:
    index = FingerprintIndex.open(tmp_path / "fp")
    index.catch_up(_rows(1, 2))
    (tmp_path / "fp" / "seg-999999.tmp-dead").mkdir()  # a segment a crashed writer left half written
    (tmp_path / "fp" / "manifest.json.tmp-dead").write_text("{")
    reopened = FingerprintIndex.open(tmp_path / "fp")
    assert len(reopened) == 2
    reopened.catch_up(_rows(3, 1))
    names = {p.name for p in (tmp_path / "fp").iterdir()}
    assert "seg-999999.tmp-dead" not in names and "manifest.json.tmp-dead" not in names


def test_squeeze_folds_masks_width_and_punctuation() -> None:
    assert squeeze("加强D建工作，ＡＢＣ１２３。") == squeeze("加强党建工作 abc123")
    sq = squeeze_map("一、加强D建。")
    start, end = sq.source_span(0, len(sq.text))
    assert "一、加强D建。"[start:end] == "一、加强D建"


def test_sentences_cut_at_enders_and_lines() -> None:
    text = "一是加强学习。二是“抓落实！”\n三是强化监督；四是"
    parts = [text[s:e] for s, e in sentences(text)]
    assert parts == ["一是加强学习。", "二是“抓落实！”", "三是强化监督；", "四是"]


def test_alignment_measures_edits() -> None:
    a = "全面推行河长制清理河道淤泥两万立方米水质明显改善"
    b = "全面推行湖长制清理河道淤泥三万立方米水质明显改善"
    matched, a0, a1, b0, b1 = best_cluster(a, "无关的开头" + b + "无关的结尾")
    assert matched == len(a) - 2 and (a0, a1) == (0, len(a)) and b1 - b0 == len(b)
    long_a = a * 40
    assert aligned_chars(long_a, long_a) == len(long_a)
    assert similarity(a, b) > 0.9 and similarity(a, "严格落实安全生产责任制排查整改隐患") < 0.3
