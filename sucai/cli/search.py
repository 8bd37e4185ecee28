"""Search commands: search, find-title, reindex.

`took_ms` is measured around the engine call only, so it is the engine's time
for the query, not the process start-up.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from ..derived.catchup import open_search
from ..errors import QueryError
from ..export.present import fold_near_duplicates
from ..models import ROLE_LABELS, ROLES
from ..store.library import Library
from ..zh import (
    FILTER_LABELS,
    KIND_ALIASES,
    ORG_TYPE_ALIASES,
    filter_value_label,
    half_code,
    resolve_label,
    role_code,
)
from .base import emit_json, json_option, library_of, main, settings_of

if TYPE_CHECKING:
    from ..search import Filters, SearchIndex


def _filters(opts: dict[str, Any]) -> Filters:
    from ..search import Filters, parse_year

    def many(value: str | None, code: Callable[[str], str] = str) -> tuple[str, ...]:
        return tuple(code(v) for v in (value or "").replace("，", ",").split(",") if v.strip())

    return Filters(
        kind=many(opts.get("kind")), org_type=many(opts.get("org_type")), org=opts.get("org") or None,
        year=parse_year(opts["year"]) if opts.get("year") else None, half=many(opts.get("half"), half_code),
        role=many(opts.get("role"), role_code), headings=bool(opts.get("headings")),
        collection=opts.get("collection") or None, doc=opts.get("doc") or None,
    )


def resolve_typed(library: Library, opts: dict[str, Any]) -> list[str]:
    """Kinds and unit types as a writer types them (工作总结, 乡镇) turned into the stored labels, in
    place in opts; returns a line for each one read as something else, to say so."""
    stats = library.stats()
    notes = []
    for name, known, aliases in (("kind", stats["by_kind"], KIND_ALIASES),
                                 ("org_type", stats["by_org_type"], ORG_TYPE_ALIASES)):
        if not opts.get(name):
            continue
        labels: list[str] = []
        for typed in opts[name].replace("，", ",").split(","):
            found = resolve_label(typed, known, aliases)
            labels += found.labels or [typed.strip()]
            what = FILTER_LABELS[name]
            if not found.labels:
                notes.append(f"素材库中没有{what}“{typed.strip()}”（现有：{'、'.join(k for k in known if k)}）")
            elif found.changed:
                notes.append(f"{what}“{typed.strip()}”按“{'”“'.join(found.labels)}”查找")
        opts[name] = ",".join(dict.fromkeys(labels))
    return notes


def run_query(index: SearchIndex, query: str, opts: dict[str, Any], filters: Filters,
              canonical: dict[str, str] | None = None) -> dict[str, Any]:
    start = time.perf_counter()
    result = index.search(query, limit=opts["limit"], offset=opts["offset"], filters=filters,
                          group=opts["group"], explain=opts["explain"], fold=opts.get("fold", True))
    took = (time.perf_counter() - start) * 1000
    data = result.to_dict()
    data["took_ms"] = round(took, 3)
    if canonical:
        data["hits"] = fold_near_duplicates(data["hits"], canonical)
    return data


def _marked(snippet: str, highlights: list[list[int]]) -> str:
    marked, last = [], 0
    for start, end in highlights:
        marked.append(snippet[last:start] + "【" + snippet[start:end] + "】")
        last = end
    return "".join(marked) + snippet[last:]


def _print_human(data: dict[str, Any], offset: int) -> None:
    hits = data["hits"]
    shown = f"，以下第 {offset + 1}–{offset + len(hits)} 段" if hits and (offset or len(hits) < data["total"]) else ""
    click.echo(f"“{data['query']}”：共 {data['total']} 段{shown}（{data['took_ms']:.1f} 毫秒）")
    _print_hits(hits, offset + 1)
    if not hits and data["total"] == 0:
        click.echo("没有找到。可以少用几个词，或去掉筛选条件再试。")
    if data.get("related"):
        click.echo("相关结果（不含检索词原文，不计入总数）：")
        _print_hits(data["related"], 1)
    lines = facet_lines(data.get("facets", {}))
    if lines:
        click.echo("筛选：")
        for line in lines:
            click.echo("  " + line)
    if hits or data.get("related"):
        click.echo("用 sucai show 文档编号 阅读全文，sucai export 段落编号 导出该小节（编号可只写前 6 位）。")


def _print_hits(hits: list[dict[str, Any]], first: int) -> None:
    for n, hit in enumerate(hits, first):
        badge = ("［会员］" if hit["paid"] else "") + (f"［{hit['match']}］" if hit.get("match") else "")
        click.echo(f"{n:>3}. {badge}{hit['title']}")
        if hit["path"]:
            click.echo("     提纲：" + " › ".join(hit["path"]))
        click.echo("     " + _marked(hit["snippet"], hit["highlights"]))
        click.echo(f"     文档 {hit['doc_id']} · 段落 {hit['paragraph_id']}")
        if hit.get("doc_hits"):
            click.echo(f"     （本文共 {hit['doc_hits']} 段命中）")
        if hit.get("similar_versions"):
            click.echo(f"     （另有 {hit['similar_versions']} 个近似版本）")
        if hit.get("explain"):
            click.echo("     " + json.dumps(hit["explain"], ensure_ascii=False))


def facet_lines(facets: dict[str, dict[Any, int]]) -> list[str]:
    """One line per facet in Chinese, years newest first, other values by count."""
    lines = []
    for name, counts in facets.items():
        if not counts:
            continue
        items = sorted(counts.items(), key=lambda kv: -kv[1])
        if name == "year":
            items.sort(key=lambda kv: str(kv[0]), reverse=True)
        values = "  ".join(f"{filter_value_label(name, k)} {v}" for k, v in items)
        lines.append(f"{FILTER_LABELS.get(name, name)}：{values}")
    return lines


@main.command("search")
@click.argument("query", required=False)
@click.option("--queries", type=click.Path(path_type=Path, exists=True), help="每行一个检索式的文件")
@click.option("--limit", default=10, show_default=True, type=click.IntRange(0, 1000), help="最多列出多少段")
@click.option("--offset", default=0, type=click.IntRange(0), help="跳过前面多少段（翻页用，如 --offset 10 看第二页）")
@click.option("--kind", help="文档类型，逗号分隔；可写简称，如 工作总结、讲话稿")
@click.option("--org-type", "org_type", help="单位类型，逗号分隔；可写简称，如 乡镇、部门")
@click.option("--org", help="单位名称（包含）")
@click.option("--year", help="YYYY 或 YYYY-YYYY")
@click.option("--half", help="时期：上半年、下半年、全年（或 H1、H2、full）")
@click.option("--role", help="段落用途，逗号分隔，可写中文：" + "、".join(f"{ROLE_LABELS[r]}（{r}）" for r in ROLES))
@click.option("--headings", is_flag=True, help="只搜小标题")
@click.option("--collection", help="汇编编号")
@click.option("--doc", help="在一篇文档内搜索")
@click.option("--group", is_flag=True, help="按文档归并")
@click.option("--explain", is_flag=True, help="显示得分构成")
@click.option("--fold/--no-fold", default=True, show_default=True, help="近似重复的命中合并为一条")
@json_option
@click.pass_context
def search_cmd(ctx: click.Context, query: str | None, queries: Path | None, as_json: bool, **opts: Any) -> None:
    """精准搜索：列出包含检索词的每一个段落。"""
    if (query is None or not query.strip()) and not queries:
        raise QueryError("请给出检索词，或用 --queries 指定检索式文件")
    library = library_of(ctx)
    notes = resolve_typed(library, opts)
    if opts.get("doc"):
        opts["doc"] = library.resolve_id(opts["doc"])
    index = open_search(settings_of(ctx), library)
    filters = _filters(opts)
    if not as_json:
        for note in notes:
            click.echo(note)
    canonical = None
    if opts["group"]:  # one hit per document, near-duplicate versions folded into one
        from ..writing import near_duplicate_groups

        canonical = near_duplicate_groups(library)
    lines = [query] if query else queries.read_text(encoding="utf-8").splitlines()  # type: ignore[union-attr]
    for line in lines:
        if not line.strip():
            continue
        try:
            data = run_query(index, line, opts, filters, canonical)
        except QueryError as exc:
            if not queries:
                raise
            data = {"query": line, "error": exc.message}
        if as_json:
            emit_json(data)
        else:
            _print_human(data, opts["offset"])


@main.command("find-title")
@click.argument("text")
@click.option("--limit", default=20, show_default=True, help="最多列出多少篇")
@json_option
@click.pass_context
def find_title_cmd(ctx: click.Context, text: str, limit: int, as_json: bool) -> None:
    """按标题快速查找文档（标题包含该文字）。"""
    index = open_search(settings_of(ctx), library_of(ctx))
    rows = index.find_titles(text, limit=limit)
    if as_json:
        emit_json(rows)
        return
    for r in rows:
        click.echo(f"{r.get('doc_id') or r.get('id')}  {r['title']}")
    click.echo(f"共 {len(rows)} 篇")


@main.command("reindex")
@click.pass_context
def reindex_cmd(ctx: click.Context) -> None:
    """从素材库重建检索索引（及查重指纹）。"""
    from ..derived.catchup import rebuild_indexes

    start = time.perf_counter()
    counts = rebuild_indexes(settings_of(ctx), library_of(ctx))
    took = time.perf_counter() - start
    click.echo("已重建：" + "，".join(f"{k} {v} 段" for k, v in counts.items()) + f"（{took:.1f} 秒）")
