"""CLI commands of the writing aids: check, template, figures, similar.

The command line runs on the owner's own data home, so it reads every document in full
(paid text included).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from ..errors import SucaiError
from ..writing import check_draft, figure_table, open_fingerprints, outline_template, similar, to_csv, to_xlsx
from .base import emit_json, json_option, library_of, main, settings_of
from .search import resolve_typed


def _everything(_doc_id: str) -> bool:
    return True


def _print_check(report: dict[str, Any]) -> None:
    click.echo(f"全文 {report['chars']} 字，与素材库重复 {report['copied_chars']} 字，"
               f"复制比 {report['copy_ratio'] * 100:.1f}%。")
    for m in report["matches"]:
        click.echo(f"\n[{m['start']}–{m['end']}] 相似度 {m['similarity'] * 100:.0f}%  来源：{m['title']}"
                   f"（{m['paragraph_id']}）")
        click.echo(f"  原稿：{m['text']}")
        click.echo(f"  来源：{m['source_text'] if m['source_text'] is not None else '（付费内容，未显示）'}")


def _names(value: Any, everything: str) -> str:
    if not value:
        return everything
    return "、".join(value) if isinstance(value, list | tuple) else str(value)


def _print_template(data: dict[str, Any]) -> None:
    click.echo(f"{_names(data['kind'], '全部类型')} / {_names(data['org_type'], '全部单位')}：共 {data['documents']} 篇")
    for s in data["sections"]:
        click.echo(f"- {s['label']}：{s['documents']} 篇（{s['share'] * 100:.0f}%），"
                   f"平均 {s['subsections']} 个小节")
        for h in s["headings"][:3]:
            click.echo(f"    {h['heading']} ×{h['count']}  例：{'；'.join(h['examples'][:2])}")


@main.command("check")
@click.argument("file", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@json_option
@click.pass_context
def check_cmd(ctx: click.Context, file: Path, as_json: bool) -> None:
    """查重：检查文稿（txt、docx、md）与素材库的重复情况。"""
    from ..ingest.readers import read_file

    text = "\n".join(b.text for b in read_file(file))
    library = library_of(ctx)
    report = check_draft(text, open_fingerprints(settings_of(ctx), library), library, entitled=_everything)
    emit_json(report) if as_json else _print_check(report)


@main.command("template")
@click.option("--kind", default=None, help="文档类型，如 总结及计划；可写简称，如 工作总结、讲话稿")
@click.option("--org-type", default=None, help="单位类型，如 乡镇/街道；可写简称，如 乡镇、部门")
@json_option
@click.pass_context
def template_cmd(ctx: click.Context, kind: str | None, org_type: str | None, as_json: bool) -> None:
    """提纲模板：某类文档常见的一级标题及其频次、示例。"""
    library = library_of(ctx)
    opts = {"kind": kind, "org_type": org_type}
    notes = resolve_typed(library, opts)
    kinds, types = (tuple(v.split(",")) if v else None for v in (opts["kind"], opts["org_type"]))
    data = outline_template(library, kind=kinds, org_type=types)
    if as_json:
        emit_json(data | {"notes": notes})
        return
    for note in notes:
        click.echo(note)
    _print_template(data)
    if not data["documents"]:
        stats = library.stats()
        click.echo("提示：没有符合条件的文档。现有类型：" + "、".join(k for k in stats["by_kind"] if k)
                   + "；单位类型：" + "、".join(k for k in stats["by_org_type"] if k)
                   + "。可以少给一个条件，或换一种写法。")


@main.command("figures")
@click.argument("doc_ids", nargs=-1, required=True)
@click.option("--csv", "csv_path", type=click.Path(path_type=Path, dir_okay=False), help="写入 CSV 文件")
@click.option("--xlsx", "xlsx_path", type=click.Path(path_type=Path, dir_okay=False), help="写入 XLSX 文件")
@json_option
@click.pass_context
def figures_cmd(ctx: click.Context, doc_ids: tuple[str, ...], csv_path: Path | None, xlsx_path: Path | None,
                as_json: bool) -> None:
    """数据表：列出文档中的数据（单位、时期、指标、数值、增减）。"""
    library = library_of(ctx)
    doc_ids = tuple(library.resolve_id(d) for d in doc_ids)  # NotFound names a wrong id
    rows = figure_table(library, doc_ids, entitled=_everything)
    if csv_path:
        csv_path.write_text("\ufeff" + to_csv(rows), encoding="utf-8")  # BOM so Excel reads UTF-8
    if xlsx_path:
        xlsx_path.write_bytes(to_xlsx(rows))
    if as_json:
        emit_json(rows)
    elif not (csv_path or xlsx_path):
        for r in rows:
            click.echo(f"{r['org'] or '-'}\t{r['period']}\t{r['subject']}\t{r['value'] or ''}{r['unit'] or ''}"
                       f"\t{r['change'] or ''}")
    if csv_path or xlsx_path:
        click.echo(f"共 {len(rows)} 条数据已写入。", err=as_json)


@main.command("similar")
@click.argument("item_id")
@click.option("--limit", default=10, show_default=True, help="最多列出多少篇")
@json_option
@click.pass_context
def similar_cmd(ctx: click.Context, item_id: str, limit: int, as_json: bool) -> None:
    """相似素材：与某篇文档（或某个段落，编号含“-”）最相似的素材。"""
    library = library_of(ctx)
    try:
        index = open_fingerprints(settings_of(ctx), library)
        item_id = library.resolve_ref(item_id)
        if "-" in item_id:
            library.paragraph(item_id)
            rows = similar(library, index, paragraph_id=item_id, limit=limit)
        else:
            rows = similar(library, index, doc_id=item_id, limit=limit)
    except ValueError as exc:
        raise SucaiError(str(exc)) from exc
    if as_json:
        emit_json(rows)
        return
    for r in rows:
        click.echo(f"{r['score']:.3f}  {r.get('paragraph_id') or r['doc_id']}  {r['title']}")
    if not rows:
        click.echo("没有找到相似素材。")
