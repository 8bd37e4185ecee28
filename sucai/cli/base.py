"""The `sucai` group and what every command shares: one error path, the options, the library.

Each command opens the library (once, closed when the command ends), calls one library or
service function and reports.  A SucaiError becomes click's own exception: a one-line
message on stderr and exit code 2 (1 for a server-side error); `--json` prints
machine-readable output, otherwise text for people.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import IO, Any

import click

from ..config import Settings, load_settings
from ..errors import SucaiError
from ..store.home import open_library
from ..store.library import Library
from .chinese import ChineseGroup, ChineseUsageError

EXIT_REJECTED = 3
_LIBRARY = "sucai.library"

json_option = click.option("--json", "as_json", is_flag=True, help="输出 JSON（供程序读取）")
home_option = click.option("--home", type=click.Path(path_type=Path), default=None, envvar="SUCAI_HOME",
                           help="数据目录（默认 ./sucai-data，也可用环境变量 SUCAI_HOME 指定）")


class CommandError(click.ClickException):
    """A SucaiError as click reports it, in the product's language."""

    def __init__(self, message: str, exit_code: int) -> None:
        super().__init__(message)
        self.exit_code = exit_code

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(f"错误：{self.format_message()}", err=True)


class SucaiGroup(ChineseGroup):
    """The root group: the one place a command's SucaiError turns into a message and exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except SucaiError as exc:
            raise CommandError(str(exc), 2 if exc.status < 500 else 1) from exc
        except click.UsageError as exc:  # a subcommand's arguments: say it in Chinese
            raise exc if isinstance(exc, ChineseUsageError) else ChineseUsageError(exc) from exc

    def make_context(self, info_name: str | None, args: list[str], parent: click.Context | None = None,
                     **extra: Any) -> click.Context:
        try:
            return super().make_context(info_name, args, parent, **extra)
        except click.UsageError as exc:  # the group's own options
            raise ChineseUsageError(exc) from exc


@click.group(cls=SucaiGroup)
@home_option
@click.pass_context
def main(ctx: click.Context, home: Path | None) -> None:
    """sucai 公文素材库：导入、检索、阅读、下载公文素材。"""
    ctx.obj = load_settings(home=home)


def settings_of(ctx: click.Context) -> Settings:
    return ctx.find_root().obj


def library_of(ctx: click.Context) -> Library:
    """The data home's library, opened once per command and closed when the command ends."""
    root = ctx.find_root()
    if _LIBRARY not in root.meta:
        root.meta[_LIBRARY] = root.with_resource(open_library(settings_of(ctx)))
    return root.meta[_LIBRARY]


def emit_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False))
