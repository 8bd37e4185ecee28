"""Settings: one declarative table (name, default, help), read once into a frozen Settings.

Each setting comes from the environment variable SUCAI_<NAME>; the CLI may
override `home`.  A test checks that every setting is documented in the README.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Setting:
    name: str
    default: str
    help: str


def _setting(default: str, help: str) -> Any:
    """A field of Settings: its default as the environment would give it, and its help text."""
    return field(metadata={"default": default, "help": help})


@dataclass(frozen=True)
class Settings:
    """Every setting, declared once: name, type, default (as text, like the environment) and help."""

    home: Path = _setting("./sucai-data", "数据目录：一个素材库的全部文件 / data home holding one library")
    database_url: str = _setting("", "PostgreSQL 连接串；为空时使用数据目录中的 SQLite / PostgreSQL URL, SQLite when empty")
    database_read_url: str = _setting(
        "", "PostgreSQL 只读副本连接串（可选，页面读取走副本） / read replica URL for page reads")
    advert_rules: str = _setting("", "广告规则文件；为空时用内置规则 / advert rule file, built-in when empty")
    member_daily_downloads: int = _setting("50", "会员每日下载次数 / member downloads per day")
    free_daily_downloads: int = _setting("0", "免费用户每日下载次数 / free-user downloads per day")
    session_days: int = _setting("14", "登录有效天数 / session lifetime in days")
    secure_cookies: bool = _setting("0", "HTTPS 部署时设为 1 / set 1 behind HTTPS")
    max_upload_mb: int = _setting("200", "上传文件大小上限（MB） / upload size limit")
    search_per_minute: int = _setting(
        "60", "非会员每个客户端地址或账户每分钟检索次数，0 为不限 / searches per minute per client or account (non-members)")
    member_search_per_minute: int = _setting("600", "会员每分钟检索次数 / searches per minute for members")
    check_per_minute: int = _setting("10", "非会员每分钟查重次数 / originality checks per minute (non-members)")
    member_check_per_minute: int = _setting("120", "会员每分钟查重次数 / originality checks per minute for members")
    trusted_proxies: str = _setting(
        "", "可信反向代理的地址或网段（逗号分隔）；只有来自它们的 X-Forwarded-For 才被采信 / "
        "reverse proxies (addresses or networks, comma-separated) whose X-Forwarded-For is believed")
    parse_seconds: int = _setting("30", "解析一个上传文件的时限（秒） / time limit for parsing one uploaded file")

    @property
    def sqlite_path(self) -> Path:
        return self.home / "library.sqlite3"

    @property
    def index_dir(self) -> Path:
        return self.home / "index"


SETTINGS: tuple[Setting, ...] = tuple(
    Setting(f.name, f.metadata["default"], f.metadata["help"]) for f in fields(Settings))


def load_settings(env: dict[str, str] | None = None, **overrides: object) -> Settings:
    env = dict(os.environ if env is None else env)
    raw: dict[str, object] = {}
    for s in SETTINGS:
        raw[s.name] = env.get("SUCAI_" + s.name.upper(), s.default)
    raw.update({k: v for k, v in overrides.items() if v is not None})
    types = {f.name: f.type for f in fields(Settings)}
    values: dict[str, object] = {}
    for name, value in raw.items():
        kind = types[name]
        if kind == "Path":
            values[name] = Path(str(value)).expanduser()
        elif kind == "int":
            values[name] = int(str(value))
        elif kind == "bool":
            values[name] = str(value).lower() in ("1", "true", "yes", "on")
        else:
            values[name] = str(value)
    return Settings(**values)  # type: ignore[arg-type]
