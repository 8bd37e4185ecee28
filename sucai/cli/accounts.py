"""Command line for accounts and the web server: `sucai user …`, `sucai voucher create`, `sucai serve`."""

from __future__ import annotations

from datetime import date, datetime

import click

from .. import accounts
from .base import emit_json, json_option, library_of, main, settings_of
from .chinese import pad


def _parse_date(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError as exc:
        raise click.BadParameter("日期格式应为 YYYY-MM-DD") from exc


@main.group("user")
def user_group() -> None:
    """用户与会员。"""


@user_group.command("add")
@click.argument("name")
@click.option("--password", required=True, help="密码（至少 6 个字符）")
@click.option("--role", type=click.Choice(list(accounts.ROLES)), default=accounts.FREE, show_default=True,
              help="角色：free 免费用户、member 会员、admin 管理员")
@click.option("--days", type=click.IntRange(1, accounts.MAX_DAYS), default=None, help="会员有效天数")
@click.option("--expires", default=None, help="会员到期日 YYYY-MM-DD（过去的日期即为已过期会员）")
@click.pass_context
def user_add(ctx: click.Context, name: str, password: str, role: str, days: int | None, expires: str | None) -> None:
    """新建用户。"""
    if days is not None and expires is not None:
        raise click.UsageError("--days 与 --expires 只能给一个")
    until = _parse_date(expires)
    expires_at = accounts.expiry_from(days, until) if role == accounts.MEMBER else None
    accounts.create_user(library_of(ctx).db, name, password, role, expires_at)
    tail = f"，到期 {accounts.local_day(expires_at)}" if expires_at else ""
    click.echo(f"已新建用户 {name}（{accounts.ROLE_NAMES[role]}{tail}）")


@user_group.command("list")
@json_option
@click.pass_context
def user_list(ctx: click.Context, as_json: bool) -> None:
    """列出用户。"""
    rows = accounts.list_users(library_of(ctx).db)
    if as_json:
        emit_json(rows)
        return
    for r in rows:
        status = "已过期会员" if r["tier"] == "expired" else accounts.ROLE_NAMES[r["role"]]
        click.echo(f"{pad(r['name'], 20)} {pad(status, 10)} {accounts.local_day(r['expires_at']) or '-'}")
    click.echo(f"共 {len(rows)} 个用户")


@user_group.command("grant")
@click.argument("name")
@click.option("--days", type=click.IntRange(1, accounts.MAX_DAYS), required=True, help="延长的会员天数")
@click.pass_context
def user_grant(ctx: click.Context, name: str, days: int) -> None:
    """延长（或开通）会员。"""
    end = accounts.grant_days(library_of(ctx).db, name, days)
    click.echo(f"{name} 的会员延至 {accounts.local_day(end)}")


@main.group("voucher")
def voucher_group() -> None:
    """兑换码。"""


@voucher_group.command("create")
@click.option("--days", type=click.IntRange(1, accounts.MAX_DAYS), default=None, help="兑换的会员天数")
@click.option("--doc", "doc_id", default=None, help="兑换的单篇文档编号（可只写前 6 位）")
@click.option("--count", type=click.IntRange(1, 1000), default=1, show_default=True, help="生成个数")
@click.pass_context
def voucher_create(ctx: click.Context, days: int | None, doc_id: str | None, count: int) -> None:
    """生成兑换码（会员天数或单篇文档），每行一个。"""
    if days is None and doc_id is None:
        raise click.UsageError("请给出 --days 或 --doc")
    library = library_of(ctx)
    if doc_id is not None:
        doc_id = library.resolve_id(doc_id)
    for _ in range(count):
        click.echo(accounts.create_voucher(library.db, days, doc_id))


@main.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="监听地址")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True, help="端口")
@click.pass_context
def serve(ctx: click.Context, host: str, port: int) -> None:
    """运行网页素材库与 JSON 接口。"""
    import uvicorn

    from ..derived.catchup import refresh_indexes
    from ..web import create_app

    settings = settings_of(ctx)
    library = library_of(ctx)
    refresh_indexes(settings, library)  # catch up with anything imported while no server ran
    app = create_app(settings, library)
    click.echo(f"素材库已就绪：http://{host}:{port}/  （按 Ctrl+C 停止）")
    # proxy_headers off: the app itself decides whose X-Forwarded-For to believe (trusted_proxies)
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False, proxy_headers=False)
