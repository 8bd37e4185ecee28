"""Library commands: ingest, list, show, dump, stats, collections, imports, export, compile,
backup, restore and demo."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from ..accounts import local_time
from ..errors import SucaiError
from ..export.present import document_json, list_item
from ..zh import period_label, role_label
from .base import EXIT_REJECTED, emit_json, json_option, library_of, main, settings_of
from .chinese import pad

# ------------------------------------------------------------------ ingest

def _progress_bar(total_hint: bool) -> tuple[Callable[..., None] | None, Callable[..., None] | None,
                                             Callable[[], None]]:
    """Callbacks for a file bar and for the pages of a scan being OCR'd, and a close function."""
    if not total_hint:
        return None, None, lambda: None
    from tqdm import tqdm

    bar: dict[str, Any] = {}

    def step(n: int, total: int, result: Any) -> None:
        if "bar" not in bar:
            bar["bar"] = tqdm(total=total, unit="文件", file=sys.stderr, dynamic_ncols=True)
        bar["bar"].update(1)
        bar["bar"].set_postfix_str(Path(result.path).name[:30])

    def pages(path: Path, page: int, count: int) -> None:
        if "bar" in bar:
            bar["bar"].set_postfix_str(f"{path.name[:24]} OCR 第 {page}/{count} 页")

    def close() -> None:
        if "bar" in bar:
            bar["bar"].close()

    return step, pages, close


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@json_option
@click.pass_context
def ingest(ctx: click.Context, paths: tuple[Path, ...], as_json: bool) -> None:
    """导入文件或文件夹（txt、docx、pdf、md、html；扫描的 PDF 和 png、jpg、tiff 图片经 OCR 识别）。"""
    from ..derived.catchup import settle_import
    from ..ingest.batch import import_paths

    library = library_of(ctx)
    step, pages, close = _progress_bar(sys.stderr.isatty() and not as_json)
    try:
        report = import_paths(library, list(paths), progress=step, pages=pages,
                              advert_rules=settings_of(ctx).advert_rules or None)
    finally:
        close()
    # building the search index and the 查重 fingerprints takes a while on a big import: say so
    started = time.perf_counter()
    if not as_json:
        click.echo(f"正在建立检索索引和查重指纹（{report.counts()['documents']} 篇新文档）……", err=True)
    report.near_duplicates = settle_import(settings_of(ctx), library, report.new_documents)
    if not as_json:
        click.echo(f"索引已更新（{time.perf_counter() - started:.1f} 秒）。", err=True)
    data = report.to_json()
    if as_json:
        emit_json(data)
    else:
        for r in data["rejected"]:
            click.echo(f"拒绝  {r['path']}：{r['error']}", err=True)
        c = report.counts()
        click.echo(
            f"共 {c['files']} 个文件：导入 {c['imported']}（{c['documents']} 篇文档），"
            f"重复 {c['duplicates']}，拒绝 {c['rejected']}，近似重复 {len(report.near_duplicates)}。"
        )
    if report.rejected:
        ctx.exit(EXIT_REJECTED)


# ------------------------------------------------------------------ reading

@main.command("list")
@json_option
@click.pass_context
def list_cmd(ctx: click.Context, as_json: bool) -> None:
    """列出全部文档。"""
    library = library_of(ctx)
    rows = [list_item(r) for r in library.list_documents()]
    if as_json:
        emit_json(rows)
    else:
        for r in rows:
            period = period_label(r["year"], r["half"]) or "-"
            click.echo(f"{r['id']}  {pad(r['kind'], 12)} {pad(period, 12)} {r['chars']:>7}字  {r['title']}")
        click.echo(f"共 {len(rows)} 篇")


@main.command()
@click.argument("doc_id")
@json_option
@click.pass_context
def show(ctx: click.Context, doc_id: str, as_json: bool) -> None:
    """显示一篇文档：元数据、提纲、段落、数据（编号可只写前 6 位）。"""
    library = library_of(ctx)
    data = document_json(library.get_document(library.resolve_id(doc_id)))
    if as_json:
        emit_json(data)
        return
    for line in show_lines(data):
        click.echo(line)


def show_lines(data: dict[str, Any]) -> list[str]:
    """A document as a writer reads it in a terminal: metadata, outline, every paragraph with its
    number (段落编号 = 文档编号-序号, for export), figures."""
    lines = [data["title"], f"编号 {data['id']}",
             f"类型 {data['kind']}  单位 {data['org'] or '-'}（{data['org_type']}）  "
             f"时期 {period_label(data['year'], data['half']) or '-'}  日期 {data['date'] or '-'}  "
             f"{data['chars']} 字" + ("  含会员内容" if data["paid"] else "")]
    if data["outline"]:
        lines.append("提纲：")
        lines += _outline_lines(data["outline"], 1)
    lines.append("正文（左侧为段落序号，段落编号为“文档编号-序号”）：")
    for p in data["paragraphs"]:
        number = p["id"].rsplit("-", 1)[1]
        mark = "［会员］" if p["paid"] else ""
        text = p["text"] if p["text"] is not None else "（会员内容）"
        if p["kind"] == "heading":
            text = f"【{text}】"
        lines.append(f"{number:>4}  {mark}{text}")
    if data["figures"]:
        lines.append("数据：")
        for f in data["figures"]:
            lines.append(f"  {f['subject']}：{f['value'] or ''}{f['unit'] or ''} {f['change'] or ''}".rstrip())
    return lines


def _outline_lines(nodes: list[dict[str, Any]], depth: int) -> list[str]:
    out = []
    for n in nodes:
        role = f"（{role_label(n['role'])}）" if n["role"] and n["role"] != "other" else ""
        out.append(f"{'  ' * depth}{n['marker']}{n['heading']}{role}")
        out += _outline_lines(n["children"], depth + 1)
    return out


@main.command()
@click.option("--jsonl", is_flag=True, help="每行一个 JSON 段落记录")
@click.pass_context
def dump(ctx: click.Context, jsonl: bool) -> None:
    """输出素材库的全部段落。"""
    library = library_of(ctx)
    for row in library.paragraph_rows():
        if jsonl:
            emit_json({"doc_id": row.doc_id, "paragraph_id": row.paragraph_id, "kind": row.kind,
                       "text": row.text, "paid": row.paid})
        else:
            click.echo(f"{row.paragraph_id}\t{row.kind}\t{'付费' if row.paid else '免费'}\t{row.text}")


@main.command()
@json_option
@click.pass_context
def stats(ctx: click.Context, as_json: bool) -> None:
    """素材库统计。"""
    library = library_of(ctx)
    data = library.stats()
    if as_json:
        emit_json(data)
        return
    click.echo(f"文档 {data['documents']} 篇，段落 {data['paragraphs']} 个，{data['characters']} 字，"
               f"汇编 {data['collections']} 个")
    for k, v in data["by_kind"].items():
        click.echo(f"  {k}：{v}")


@main.command()
@json_option
@click.pass_context
def collections(ctx: click.Context, as_json: bool) -> None:
    """列出汇编。"""
    library = library_of(ctx)
    rows = library.collections()
    if as_json:
        emit_json([{**r, "documents": library.collection(r["id"])["documents"]} for r in rows])
        return
    for r in rows:
        click.echo(f"{r['id']}  {r['documents']} 篇  {r['title']}")


@main.command()
@json_option
@click.pass_context
def imports(ctx: click.Context, as_json: bool) -> None:
    """导入历史。"""
    library = library_of(ctx)
    rows = library.import_runs()
    if as_json:
        emit_json(rows)
        return
    for r in rows:
        click.echo(f"#{r['id']} {local_time(r['started_at'])} 文件 {r['files']} 导入 {r['imported']} 重复 {r['duplicates']} "
                   f"拒绝 {r['rejected']}")


# ------------------------------------------------------------------ exports

# Exports restore the publisher's masks (党的二十大, not D的二十大); this flag keeps the text as published.
PUBLISHED_HELP = "按原发布形式导出（保留 D的二十大 等发布方遮字），默认还原为 党的二十大"

@main.command("export")
@click.argument("ref")
@click.option("--format", "fmt", type=click.Choice(["docx", "md", "txt"]), default=None,
              help="docx、md 或 txt（默认按输出文件扩展名，否则 docx）")
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None, help="输出文件（默认按标题命名）")
@click.option("--published", is_flag=True, help=PUBLISHED_HELP)
@click.pass_context
def export_cmd(ctx: click.Context, ref: str, fmt: str | None, output: Path | None, published: bool) -> None:
    """导出一篇文档或一个小节（ID、标题段落 ID 或 ID#小节序号；编号可只写前 6 位）。"""
    from ..export.compile import export_refs

    fmt = _output_format(fmt, output)
    library = library_of(ctx)
    result = export_refs(library, [library.resolve_ref(ref)], fmt, published=published)
    target = output or Path(result.filename)
    target.write_bytes(result.data)
    click.echo(f"已导出 {target}（{len(result.data)} 字节）")


def _output_format(fmt: str | None, output: Path | None) -> str:
    """The format asked for, else the output file's extension, else docx; a clash is an error."""
    suffix = output.suffix.lower().lstrip(".") if output else ""
    if fmt and suffix in ("docx", "md", "txt") and suffix != fmt:
        raise SucaiError(f"输出文件扩展名 .{suffix} 与格式 {fmt} 不一致")
    return fmt or (suffix if suffix in ("docx", "md", "txt") else "docx")


@main.command("compile")
@click.argument("refs", nargs=-1, required=True)
@click.option("--title", default="材料汇编", show_default=True, help="汇编标题")
@click.option("--format", "fmt", type=click.Choice(["docx", "md", "txt"]), default=None,
              help="docx、md 或 txt（默认按输出文件扩展名，否则 docx）")
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True, help="输出文件")
@click.option("--published", is_flag=True, help=PUBLISHED_HELP)
@click.pass_context
def compile_cmd(ctx: click.Context, refs: tuple[str, ...], title: str, fmt: str | None, output: Path,
                published: bool) -> None:
    """把多篇文档或小节按顺序汇编成一个文件，带目录。"""
    from ..export.compile import export_refs

    fmt = _output_format(fmt, output)
    library = library_of(ctx)
    result = export_refs(library, [library.resolve_ref(r) for r in refs], fmt, title=title, published=published)
    output.write_bytes(result.data)
    click.echo(f"已汇编 {len(refs)} 篇到 {output}（{len(result.data)} 字节）")


# ------------------------------------------------------------------ backup

@main.command("backup")
@click.argument("target", type=click.Path(path_type=Path))
@click.pass_context
def backup_cmd(ctx: click.Context, target: Path) -> None:
    """在线备份 SQLite 素材库到一个文件。"""
    from ..store.backup import backup

    size = backup(settings_of(ctx), target)
    click.echo(f"已备份到 {target}（{size} 字节）")


@main.command("restore")
@click.argument("source", type=click.Path(path_type=Path))
@click.pass_context
def restore_cmd(ctx: click.Context, source: Path) -> None:
    """用备份文件替换当前素材库（索引随后自动重建）。"""
    from ..derived.catchup import refresh_indexes
    from ..store.backup import restore

    restore(settings_of(ctx), source)
    library = library_of(ctx)
    refresh_indexes(settings_of(ctx), library)
    click.echo(f"已从 {source} 恢复：{library.stats()['documents']} 篇文档")


@main.command()
@click.pass_context
def demo(ctx: click.Context) -> None:
    """导入内置示例素材并显示素材库内容。"""
    from ..derived.catchup import settle_import
    from ..ingest.batch import import_paths
    from ..samples import sample_dir

    library = library_of(ctx)
    report = import_paths(library, [sample_dir()], origin="demo")
    report.near_duplicates = settle_import(settings_of(ctx), library, report.new_documents)
    c = report.counts()
    click.echo(f"示例素材：{c['files']} 个文件，新导入 {c['documents']} 篇，已有 {c['duplicates']} 个。")
    for r in library.list_documents():
        click.echo(f"  {r['id']}  {r['kind']:<6} {r['title']}")
    s = library.stats()
    click.echo(f"素材库（{settings_of(ctx).home}）：{s['documents']} 篇，{s['characters']} 字。")
