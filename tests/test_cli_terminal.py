"""The terminal as a new writer meets it (issue 14): ids to go on with, Chinese labels instead of
codes, forgiving kinds and unit types, Chinese help, local dates, the index stage after an
import, and id prefixes like git's."""

from __future__ import annotations

import json
import re
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from sucai.cli import main
from sucai.samples import sample_dir
from sucai.store.home import open_library

from .conftest import cli_json, run_cli

CODES = re.compile(r"(?<![A-Za-z])(full|H1|H2|summary|problems|plan|kind|org_type|half|role)(?![A-Za-z])")


@pytest.fixture
def demo_home(home: Path) -> Path:
    run_cli(home, "demo")
    return home


def documents(home: Path) -> list[dict]:
    return cli_json(home, "list", "--json")


def test_search_shows_ids_and_chinese_filter_lines_with_years_in_order(demo_home: Path) -> None:
    heads = run_cli(demo_home, "search", "工作", "--headings", "--limit", "3").stdout
    ids = re.findall(r"文档 (d[0-9a-f]{12}) · 段落 (d[0-9a-f]{12}-\d+)", heads)
    assert len(ids) == 3 and all(p.startswith(d + "-") for d, p in ids)
    doc_id, paragraph_id = ids[-1]
    assert run_cli(demo_home, "show", doc_id).returncode == 0  # the ids lead on: read, export the section
    assert run_cli(demo_home, "export", paragraph_id, "-o", str(demo_home.parent / "s.md")).returncode == 0
    out = run_cli(demo_home, "search", "工作", "--limit", "3").stdout
    assert len(re.findall(r"文档 d[0-9a-f]{12} · 段落 d[0-9a-f]{12}-\d+", out)) == 3
    filters = out[out.index("筛选："):].splitlines()[1:]
    labels = [line.strip().split("：", 1)[0] for line in filters if "：" in line]
    assert {"类型", "单位类型", "年份", "时期", "段落用途"} <= set(labels)
    assert not any(CODES.search(line) for line in filters), filters
    year_line = next(line for line in filters if line.strip().startswith("年份："))
    years = [int(y) for y in re.findall(r"(\d{4})年", year_line)]
    assert len(years) >= 2 and years == sorted(years, reverse=True)
    half = run_cli(demo_home, "search", "工作", "--half", "上半年", "--role", "计划", "--json")
    data = json.loads(half.stdout)
    assert data["total"] > 0 and set(data["facets"]["half"]) == {"H1"} and set(data["facets"]["role"]) == {"plan"}


def test_show_prints_every_paragraph_and_no_codes(demo_home: Path) -> None:
    rows = documents(demo_home)
    doc = next(r for r in rows if r["half"] == "H1")
    data = cli_json(demo_home, "show", doc["id"], "--json")
    out = run_cli(demo_home, "show", doc["id"][:6]).stdout
    at = out.index("正文（")
    for p in data["paragraphs"]:  # every paragraph, in order, with its number
        number = p["id"].rsplit("-", 1)[1]
        found = out.find(p["text"], at)
        assert found >= 0, p["text"][:30]
        line = out[out.rfind("\n", 0, found) + 1:found]
        assert line.strip().startswith(number)
        at = found
    assert "时期 " + f"{doc['year']}年上半年" in out
    assert not CODES.search(out.replace(doc["title"], "")), re.findall(CODES, out)
    assert "[summary]" not in out and ("（成绩总结）" in out or "（计划打算）" in out)
    listing = run_cli(demo_home, "list").stdout
    assert not re.search(r"\d{4}(full|H1|H2)", listing)
    assert "年上半年" in listing and "年全年" in listing


def test_template_reads_what_a_writer_types_and_hints_when_nothing_matches(demo_home: Path) -> None:
    exact = cli_json(demo_home, "template", "--kind", "总结及计划", "--org-type", "乡镇/街道", "--json")
    assert exact["documents"] > 0
    out = run_cli(demo_home, "template", "--kind", "工作总结", "--org-type", "乡镇").stdout
    assert "类型“工作总结”按“总结及计划”查找" in out
    assert "单位类型“乡镇”按“乡镇/街道”查找" in out
    assert f"共 {exact['documents']} 篇" in out
    typed = cli_json(demo_home, "template", "--kind", "工作总结", "--org-type", "乡镇", "--json")
    assert typed["sections"] == exact["sections"]
    none = run_cli(demo_home, "template", "--kind", "讲话", "--org-type", "学校").stdout
    assert "共 0 篇" in none and "提示" in none and "总结及计划" in none and "乡镇/街道" in none
    unknown = run_cli(demo_home, "template", "--kind", "火星文").stdout
    assert "素材库中没有类型“火星文”" in unknown


def _commands(command: click.Command, path: list[str]):
    yield path, command
    if isinstance(command, click.Group):
        for name, sub in command.commands.items():
            yield from _commands(sub, path + [name])


def test_help_is_chinese_and_every_option_says_what_it_does() -> None:
    runner = CliRunner()
    english = re.compile(r"Show this message|Usage:|Options:|Commands:|\[default|\[required|INTEGER|TEXT\b|PATH\b"
                         r"|\[OPTIONS\]")
    for path, command in _commands(main, []):
        result = runner.invoke(main, [*path, "--help"], terminal_width=100)
        assert result.exit_code == 0, result.output
        assert result.output.startswith("用法："), result.output
        assert not english.search(result.output), (path, english.findall(result.output))
        assert "显示此帮助并退出。" in result.output
        for param in command.params:
            if isinstance(param, click.Option):
                assert param.help, f"sucai {' '.join(path)} {param.opts[0]} has no help text"
    search = runner.invoke(main, ["search", "--help"]).output
    for option in ("--limit", "--offset", "--json"):
        line = next(line for line in search.splitlines() if line.strip().startswith(option))
        assert re.search(r"[\u4e00-\u9fff]", line), line


def test_user_add_shows_a_local_date(home: Path) -> None:
    out = run_cli(home, "user", "add", "张三", "--password", "good-pass-1", "--role", "member",
                  "--expires", "2031-12-31").stdout
    assert "到期 2031-12-31" in out and "T" not in out.split("到期", 1)[1]
    out = run_cli(home, "user", "add", "李四", "--password", "good-pass-1", "--role", "member", "--days", "30").stdout
    assert re.search(r"到期 \d{4}-\d{2}-\d{2}）", out), out
    listing = run_cli(home, "user", "list").stdout
    assert "2031-12-31" in listing and "Z" not in listing


def test_ingest_shows_the_index_stage(home: Path) -> None:
    run = run_cli(home, "ingest", str(sample_dir()))
    assert "正在建立检索索引和查重指纹" in run.stderr
    assert re.search(r"索引已更新（\d+\.\d 秒）", run.stderr)
    assert run.stderr.index("正在建立") < run.stderr.index("索引已更新")
    assert "正在建立" not in run_cli(home, "ingest", str(sample_dir()), "--json").stderr  # JSON stays clean
    history = run_cli(home, "imports").stdout
    assert re.search(r"#1 \d{4}-\d{2}-\d{2} \d{2}:\d{2} ", history) and "Z" not in history  # local time


def test_unique_id_prefixes_work_everywhere_and_ambiguous_ones_say_so(demo_home: Path, settings) -> None:
    rows = documents(demo_home)
    doc = next(r for r in rows if r["kind"] == "总结及计划")
    prefix = doc["id"][:6]
    assert cli_json(demo_home, "show", prefix, "--json")["id"] == doc["id"]
    out_file = demo_home.parent / "p.txt"
    run_cli(demo_home, "export", prefix + "-2", "-o", str(out_file))
    assert out_file.read_text(encoding="utf-8").strip()
    assert isinstance(cli_json(demo_home, "figures", prefix, "--json"), list)
    assert isinstance(cli_json(demo_home, "similar", prefix, "--json"), list)
    run_cli(demo_home, "compile", prefix, doc["id"][:8], "-o", str(demo_home.parent / "c.md"))
    assert run_cli(demo_home, "voucher", "create", "--doc", prefix).stdout.strip()

    short = run_cli(demo_home, "show", doc["id"][:5], check=False)
    assert short.returncode == 2 and "至少 6 位" in short.stderr
    # two documents sharing a 7-character prefix: the prefix is refused and both are named
    other = next(r for r in rows if r["id"] != doc["id"])
    twin = doc["id"][:7] + ("0" if doc["id"][7] != "0" else "1") + doc["id"][8:]
    library = open_library(settings)
    with library.db.transaction():
        library.db.execute("UPDATE documents SET id = ? WHERE id = ?", (twin, other["id"]))
    library.close()
    both = run_cli(demo_home, "show", doc["id"][:7], check=False)
    assert both.returncode == 2
    assert "多篇" in both.stderr and doc["id"] in both.stderr and twin in both.stderr
    assert cli_json(demo_home, "show", doc["id"][:8], "--json")["id"] == doc["id"]


@pytest.mark.parametrize(("args", "said"), [
    (["show"], "缺少参数“文档编号”。"),
    (["search", "x", "--limit", "abc"], "选项 --limit 的值无效：“abc”不是整数。"),
    (["search", "x", "--lmit", "3"], "没有选项 --lmit，是不是 --limit？"),
    (["nosuch"], "没有命令 nosuch"),
    (["user", "add", "bob"], "缺少选项 --password。"),
])
def test_usage_errors_are_chinese_too(args: list[str], said: str) -> None:
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2
    assert result.stderr.startswith("用法：") and "查看帮助" in result.stderr
    assert f"错误：{said}" in result.stderr, result.stderr
    assert not re.search(r"Error|Usage|Try '", result.stderr)
