"""Browsing by category, id prefixes and Chinese labels: the store and pure helpers behind the pages and CLI."""

from __future__ import annotations

import pytest

from sucai.errors import NotFound
from sucai.ingest.pipeline import parse_blocks
from sucai.ingest.readers import lines_to_blocks
from sucai.store.library import AmbiguousId, Library
from sucai.zh import KIND_ALIASES, ORG_TYPE_ALIASES, filter_value_label, period_label, resolve_label

DOCS = {
    "a.txt": "某某县统计局2024年上半年工作总结\n一、主要工作\n（一）抓党建。一是学习。\n二、存在问题\n人手不足。\n",
    "b.txt": "某某镇2023年工作总结和2024年工作计划\n一、工作回顾\n完成任务。\n二、明年打算\n继续努力。\n",
    "c.txt": "某某县人民政府2024年政府工作报告\n一、过去一年\n经济增长。\n二、今年安排\n稳中求进。\n",
}


def add_all(lib: Library) -> dict[str, str]:
    ids = {}
    for name, text in DOCS.items():
        parsed = parse_blocks(lines_to_blocks(text.splitlines()), name, name)
        ids[name] = lib.add_file(parsed, "h-" + name).documents[0]
    return ids


def test_browse_filters_counts_and_facets(library: Library) -> None:
    ids = add_all(library)
    everything = library.browse()
    assert everything["total"] == 3
    assert [d["id"] for d in everything["documents"]] == [ids["c.txt"], ids["b.txt"], ids["a.txt"]]  # newest first
    assert everything["facets"]["half"] == {"full": 2, "H1": 1}
    assert everything["facets"]["year"][2024] == 2
    plans = library.browse(kind="总结及计划")
    assert plans["total"] == 1 and plans["documents"][0]["id"] == ids["b.txt"]
    assert plans["facets"]["kind"] == {"总结及计划": 1}
    assert library.browse(years=(2024, 2024))["total"] == 2
    assert library.browse(half="H1")["total"] == 1
    assert library.browse(kind="报告'; DROP TABLE documents; --")["total"] == 0  # values are parameters
    assert library.browse(limit=1, offset=1)["documents"][0]["id"] == ids["b.txt"]
    assert library.browse(since="2999-01-01T00:00:00Z")["total"] == 0


def test_unique_id_prefix_of_six_resolves_like_git(library: Library) -> None:
    ids = add_all(library)
    full = ids["a.txt"]
    assert library.resolve_id(full) == full
    assert library.resolve_id(full[:6]) == full
    assert library.resolve_id(full[:8].upper()) == full
    assert library.resolve_ref(full[:7] + "-2") == f"{full}-2"
    assert library.resolve_ref(full[:7] + "#1") == f"{full}#1"
    with pytest.raises(NotFound, match="至少 6 位"):
        library.resolve_id(full[:5])
    with pytest.raises(NotFound, match="开头"):
        library.resolve_id("dfffff")
    with pytest.raises(NotFound):
        library.resolve_id("d")  # shorter than six: never guessed, even when only one id starts so


def test_an_ambiguous_prefix_names_the_candidates(library: Library) -> None:
    ids = add_all(library)
    # force two ids to share a prefix by renaming one document's id in the store
    first = ids["a.txt"]
    twin = first[:7] + ("0" if first[7] != "0" else "1") + first[8:]
    library.db.execute("UPDATE documents SET id = ? WHERE id = ?", (twin, ids["b.txt"]))
    with pytest.raises(AmbiguousId) as info:
        library.resolve_id(first[:7])
    message = info.value.message
    assert "多篇" in message and first in message and twin in message
    assert library.resolve_id(first[:8]) == first


def test_labels_never_show_codes() -> None:
    assert period_label(2024, "H1") == "2024年上半年"
    assert period_label(2023, "full") == "2023年全年"
    assert period_label(2024, None) == "2024年"
    assert filter_value_label("half", "H2") == "下半年"
    assert filter_value_label("role", "summary") == "成绩总结"
    assert filter_value_label("year", "2020-2024") == "2020—2024年"


@pytest.mark.parametrize(("typed", "known", "aliases", "wanted"), [
    ("总结及计划", ["总结及计划", "工作总结"], KIND_ALIASES, ("总结及计划",)),
    ("工作总结及计划", ["总结及计划", "工作总结"], KIND_ALIASES, ("总结及计划",)),
    ("乡镇", ["乡镇/街道", "部门/局"], ORG_TYPE_ALIASES, ("乡镇/街道",)),
    ("街道", ["乡镇/街道", "部门/局"], ORG_TYPE_ALIASES, ("乡镇/街道",)),
    ("审计局", ["乡镇/街道", "部门/局"], ORG_TYPE_ALIASES, ("部门/局",)),
    ("计划", ["总结及计划", "工作计划", "讲话"], KIND_ALIASES, ("工作计划", "总结及计划")),
    ("讲话稿", ["讲话"], KIND_ALIASES, ("讲话",)),
    ("火星文", ["讲话"], KIND_ALIASES, ()),
])
def test_typed_labels_resolve_to_stored_ones(typed, known, aliases, wanted) -> None:
    assert resolve_label(typed, known, aliases).labels == wanted
