"""Command line for accounts and the web server: `sucai user …`, `sucai voucher create`, `sucai serve`.

`register(main)` adds the commands to the main click group (sucai.cli calls it).
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

import click

from . import accounts
from .config import Settings
from .errors import SucaiError


def _settings(ctx: click.Context) -> Settings:
    return ctx.find_root().obj


def _library(ctx: click.Context) -> Any:
    from .home import open_library

    return open_library(_settings(ctx))


def _fail(exc: SucaiError) -> None:
    click.echo(f"错误：{exc}", err=True)
    raise SystemExit(2)


def _parse_date(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError as exc:
        raise click.BadParameter("日期格式应为 YYYY-MM-DD") from exc


@click.group("user")
def user_group() -> None:
    """用户与会员。"""


@user_group.command("add")
@click.argument("name")
@click.option("--password", required=True, help="密码（至少 6 个字符）")
@click.option("--role", type=click.Choice(list(accounts.ROLES)), default=accounts.FREE, show_default=True)
@click.option("--days", type=click.IntRange(1, 36_500), default=None, help="会员有效天数")
@click.option("--expires", default=None, help="会员到期日 YYYY-MM-DD（过去的日期即为已过期会员）")
@click.pass_context
def user_add(ctx: click.Context, name: str, password: str, role: str, days: int | None, expires: str | None) -> None:
    """新建用户。"""
    if days is not None and expires is not None:
        raise click.UsageError("--days 与 --expires 只能给一个")
    until = _parse_date(expires)
    expires_at = accounts.expiry_from(days, until) if role == accounts.MEMBER else None
    library = _library(ctx)
    try:
        accounts.create_user(library.db, name, password, role, expires_at)
    except SucaiError as exc:
        _fail(exc)
    finally:
        library.close()
    tail = f"，到期 {expires_at}" if expires_at else ""
    click.echo(f"已新建用户 {name}（{accounts.ROLE_NAMES[role]}{tail}）")


@user_group.command("list")
@click.option("--json", "as_json", is_flag=True, help="输出 JSON")
@click.pass_context
def user_list(ctx: click.Context, as_json: bool) -> None:
    """列出用户。"""
    library = _library(ctx)
    rows = accounts.list_users(library.db)
    library.close()
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False))
        return
    for r in rows:
        status = "已过期会员" if r["tier"] == "expired" else accounts.ROLE_NAMES[r["role"]]
        click.echo(f"{r['name']:<20} {status:<6} {r['expires_at'] or '-'}")
    click.echo(f"共 {len(rows)} 个用户")


@user_group.command("grant")
@click.argument("name")
@click.option("--days", type=click.IntRange(1, 36_500), required=True, help="延长的会员天数")
@click.pass_context
def user_grant(ctx: click.Context, name: str, days: int) -> None:
    """延长（或开通）会员。"""
    library = _library(ctx)
    try:
        end = accounts.grant_days(library.db, name, days)
    except SucaiError as exc:
        _fail(exc)
    finally:
        library.close()
    click.echo(f"{name} 的会员延至 {end}")


@click.group("voucher")
def voucher_group() -> None:
    """兑换码。"""


@voucher_group.command("create")
@click.option("--days", type=click.IntRange(1, 36_500), default=None, help="兑换的会员天数")
@click.option("--doc", "doc_id", default=None, help="兑换的单篇文档编号")
@click.option("--count", type=click.IntRange(1, 1000), default=1, show_default=True, help="生成个数")
@click.pass_context
def voucher_create(ctx: click.Context, days: int | None, doc_id: str | None, count: int) -> None:
    """生成兑换码（会员天数或单篇文档），每行一个。"""
    if days is None and doc_id is None:
        raise click.UsageError("请给出 --days 或 --doc")
    library = _library(ctx)
    try:
        for _ in range(count):
            click.echo(accounts.create_voucher(library.db, days, doc_id))
    except SucaiError as exc:
        _fail(exc)
    finally:
        library.close()


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.pass_context
def serve(ctx: click.Context, host: str, port: int) -> None:
    """运行网页素材库与 JSON 接口。"""
    import uvicorn

    from .indexing import refresh_indexes
    from .web import create_app

    settings = _settings(ctx)
    library = _library(ctx)
    refresh_indexes(settings, library)  # catch up with anything imported while no server ran
    app = create_app(settings, library)
    click.echo(f"素材库已就绪：http://{host}:{port}/  （按 Ctrl+C 停止）")
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False)


def register(main: click.Group) -> None:
    main.add_command(user_group)
    main.add_command(voucher_group)
    main.add_command(serve)
