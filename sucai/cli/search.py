"""Search commands: search, find-title, reindex.

`took_ms` is measured around the engine call only, so it is the engine's time
for the query, not the process start-up.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from ..derived.catchup import open_search
from ..errors import QueryError
from ..export.present import fold_near_duplicates
from ..models import ROLE_LABELS, ROLES
from .base import json_option, library_of, main, settings_of

if TYPE_CHECKING:
    from ..search import Filters, SearchIndex


def _filters(opts: dict[str, Any]) -> Filters:
    from ..search import Filters, parse_year

    def many(value: str | None) -> tuple[str, ...]:
        return tuple(v for v in (value or "").split(",") if v)

    return Filters(
        kind=many(opts.get("kind")), org_type=many(opts.get("org_type")), org=opts.get("org") or None,
        year=parse_year(opts["year"]) if opts.get("year") else None, half=many(opts.get("half")),
        role=many(opts.get("role")), headings=bool(opts.get("headings")),
        collection=opts.get("collection") or None, doc=opts.get("doc") or None,
    )


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


def _print_human(data: dict[str, Any]) -> None:
    click.echo(f"“{data['query']}”：共 {data['total']} 段（{data['took_ms']:.1f} 毫秒）")
    _print_hits(data["hits"])
    if data.get("related"):
        click.echo("相关结果（不含检索词原文，不计入总数）：")
        _print_hits(data["related"])
    for facet, counts in data.get("facets", {}).items():
        if counts:
            click.echo(f"  {facet}: " + "  ".join(f"{k} {v}" for k, v in counts.items()))


def _print_hits(hits: list[dict[str, Any]]) -> None:
    for n, hit in enumerate(hits, 1):
        path = " > ".join(hit["path"])
        badge = ("［会员］" if hit["paid"] else "") + (f"［{hit['match']}］" if hit.get("match") else "")
        click.echo(f"{n:>3}. {badge}{hit['title']}" + (f" · {path}" if path else ""))
        snippet = hit["snippet"]
        marked, last = [], 0
        for s, e in hit["highlights"]:
            marked.append(snippet[last:s] + "【" + snippet[s:e] + "】")
            last = e
        marked.append(snippet[last:])
        click.echo("     " + "".join(marked))
        if hit.get("doc_hits"):
            click.echo(f"     （本文共 {hit['doc_hits']} 段命中）")
        if hit.get("similar_versions"):
            click.echo(f"     （另有 {hit['similar_versions']} 个近似版本）")
        if hit.get("explain"):
            click.echo("     " + json.dumps(hit["explain"], ensure_ascii=False))


@main.command("search")
@click.argument("query", required=False)
@click.option("--queries", type=click.Path(path_type=Path, exists=True), help="每行一个检索式的文件")
@click.option("--limit", default=10, show_default=True, type=click.IntRange(0, 1000))
@click.option("--offset", default=0, type=click.IntRange(0))
@click.option("--kind", help="文档类型，逗号分隔")
@click.option("--org-type", "org_type", help="单位类型，逗号分隔")
@click.option("--org", help="单位名称（包含）")
@click.option("--year", help="YYYY 或 YYYY-YYYY")
@click.option("--half", help="H1、H2 或 full")
@click.option("--role", help="段落用途，逗号分隔：" + "、".join(f"{r}（{ROLE_LABELS[r]}）" for r in ROLES))
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
    index = open_search(settings_of(ctx), library)
    filters = _filters(opts)
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
            click.echo(json.dumps(data, ensure_ascii=False))
        else:
            _print_human(data)


@main.command("find-title")
@click.argument("text")
@click.option("--limit", default=20, show_default=True)
@json_option
@click.pass_context
def find_title_cmd(ctx: click.Context, text: str, limit: int, as_json: bool) -> None:
    """按标题快速查找文档（标题包含该文字）。"""
    index = open_search(settings_of(ctx), library_of(ctx))
    rows = index.find_titles(text, limit=limit)
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False))
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
