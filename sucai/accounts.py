"""Accounts: users, roles, membership expiry, orders, vouchers, download quota, sessions, login limits.

Service functions over the store's `Database`; every statement is parameterised.
Times are stored as UTC ISO strings ("YYYY-MM-DDTHH:MM:SSZ"), which sort as text
on SQLite and PostgreSQL alike.  The download day is the calendar day in China
(UTC+8), so a quota resets at midnight where the readers are.
"""

from __future__ import annotations

import functools
import hashlib
import math
import re
import secrets
import time
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from .errors import AuthError, NotFound, QuotaExceeded, SucaiError, TooManyRequests
from .store.db import Database

ANONYMOUS, FREE, MEMBER, ADMIN = "anonymous", "free", "member", "admin"
MAX_DAYS = 36_500  # the longest membership or voucher a librarian may grant: a hundred years
ROLES = (FREE, MEMBER, ADMIN)  # roles a stored user may hold
ROLE_NAMES = {ANONYMOUS: "游客", FREE: "免费用户", MEMBER: "会员", ADMIN: "管理员"}

CHINA = timezone(timedelta(hours=8))
_NAME = re.compile(r"^[\w\u4e00-\u9fff.\-]{2,32}$")
MIN_PASSWORD = 6
MAX_PASSWORD = 256

# Login limits.  Failures of one (name, address) pair beyond LOGIN_FREE_FAILURES within the window
# make that pair wait LOGIN_BACKOFF_SECONDS, doubling with each further failure (at most the window);
# an address gets LOGIN_FAILURES_PER_ADDRESS failures over all names.  The owner signing in from
# elsewhere is never held up by a stranger's guesses.
LOGIN_WINDOW = timedelta(minutes=15)
LOGIN_FREE_FAILURES = 5
LOGIN_BACKOFF_SECONDS = 30
LOGIN_FAILURES_PER_ADDRESS = 30
LOGIN_LOCK = 7_201_010  # PostgreSQL advisory lock that serialises reservations (SQLite: BEGIN IMMEDIATE)

# argon2-cffi's PasswordHasher uses argon2id with its RFC 9106 low-memory profile.
_hasher = PasswordHasher()


def utcnow() -> datetime:
    return datetime.now(UTC)


def stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_stamp(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)


def china_day(moment: datetime | None = None) -> str:
    return (moment or utcnow()).astimezone(CHINA).date().isoformat()


def local_day(text: str | None) -> str:
    """A stored UTC time stamp as the date people here read it (China time), e.g. 2026-12-31."""
    return parse_stamp(text).astimezone(CHINA).date().isoformat() if text else ""


def local_time(text: str | None) -> str:
    """A stored UTC time stamp as local (China) date and minute, e.g. 2026-12-31 08:05."""
    return parse_stamp(text).astimezone(CHINA).strftime("%Y-%m-%d %H:%M") if text else ""


def end_of_china_day(day: date) -> str:
    """Membership that 'expires on' a day lasts to the end of that day in China."""
    return stamp(datetime(day.year, day.month, day.day, 23, 59, 59, tzinfo=CHINA))


# ------------------------------------------------------------------ readers

@dataclass(frozen=True)
class Reader:
    """Who is asking: an anonymous visitor or a signed-in user, with what they may read.

    `orders` holds the documents bought one by one (or granted by voucher), loaded
    once per request so the entitlement check in sucai.access needs no database.
    """

    user_id: int | None = None
    name: str = ""
    role: str = ANONYMOUS
    expires_at: str | None = None
    orders: frozenset[str] = field(default_factory=frozenset)
    csrf: str | None = None

    @property
    def signed_in(self) -> bool:
        return self.user_id is not None

    @property
    def is_admin(self) -> bool:
        return self.role == ADMIN

    @property
    def member_active(self) -> bool:
        """An admin, or a member whose expiry lies in the future (no expiry means no end)."""
        if self.role == ADMIN:
            return True
        if self.role != MEMBER:
            return False
        return self.expires_at is None or self.expires_at > stamp(utcnow())

    @property
    def tier(self) -> str:
        """What the reader is today: anonymous, free, member, expired or admin."""
        if self.role == MEMBER and not self.member_active:
            return "expired"
        return self.role

    @property
    def tier_name(self) -> str:
        return "已过期会员" if self.tier == "expired" else ROLE_NAMES[self.role]


ANONYMOUS_READER = Reader()


def reader_for_user(db: Database, user: dict[str, Any], csrf: str | None = None) -> Reader:
    orders = frozenset(r["doc_id"] for r in db.all("SELECT doc_id FROM orders WHERE user_id = ?", (user["id"],)))
    return Reader(user_id=user["id"], name=user["name"], role=user["role"], expires_at=user["expires_at"],
                  orders=orders, csrf=csrf)


# ------------------------------------------------------------------ passwords and users

def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def check_name(name: str) -> str:
    name = name.strip()
    if not _NAME.match(name):
        raise SucaiError("用户名须为 2–32 个汉字、字母、数字或 ._- 符号")
    return name


def check_password(password: str) -> str:
    if not MIN_PASSWORD <= len(password) <= MAX_PASSWORD:
        raise SucaiError(f"密码长度须在 {MIN_PASSWORD} 到 {MAX_PASSWORD} 个字符之间")
    return password


def expiry_from(days: int | None = None, until: date | None = None) -> str | None:
    if until is not None:
        return end_of_china_day(until)
    if days is not None:
        return stamp(utcnow() + timedelta(days=days))
    return None


def create_user(db: Database, name: str, password: str, role: str = FREE, expires_at: str | None = None) -> int:
    name = check_name(name)
    check_password(password)
    if role not in ROLES:
        raise SucaiError(f"未知角色 {role}（可选 free、member、admin）")
    password_hash = hash_password(password)
    with db.transaction():
        if db.one("SELECT id FROM users WHERE name = ?", (name,)) is not None:
            raise SucaiError(f"用户名 {name} 已被使用")
        return db.insert_id(
            "INSERT INTO users (name, password_hash, role, expires_at, created_at) VALUES (?, ?, ?, ?, ?)",
            (name, password_hash, role, expires_at, stamp(utcnow())),
        )


_USER_COLUMNS = "id, name, role, expires_at, created_at, disabled"


def get_user(db: Database, user_id: int) -> dict[str, Any]:
    row = db.one(f"SELECT {_USER_COLUMNS} FROM users WHERE id = ?", (user_id,))
    if row is None:
        raise NotFound("没有这个用户")
    return row


def user_by_name(db: Database, name: str) -> dict[str, Any]:
    row = db.one(f"SELECT {_USER_COLUMNS} FROM users WHERE name = ?", (name,))
    if row is None:
        raise NotFound(f"没有用户 {name}")
    return row


def list_users(db: Database) -> list[dict[str, Any]]:
    rows = db.all(f"SELECT {_USER_COLUMNS} FROM users ORDER BY id")
    for row in rows:
        row["tier"] = reader_for_user(db, row).tier
    return rows


def set_role(db: Database, name: str, role: str, expires_at: str | None = None) -> None:
    if role not in ROLES:
        raise SucaiError(f"未知角色 {role}")
    user = user_by_name(db, name)
    with db.transaction():
        db.execute("UPDATE users SET role = ?, expires_at = ? WHERE id = ?", (role, expires_at, user["id"]))


def grant_days(db: Database, name: str, days: int) -> str:
    """Extend membership by `days` from its current end (or from now when lapsed); returns the new end."""
    if not 1 <= days <= MAX_DAYS:
        raise SucaiError(f"天数须在 1 到 {MAX_DAYS} 之间")
    user = user_by_name(db, name)
    return _extend(db, user, days)


def _extend(db: Database, user: dict[str, Any], days: int) -> str:
    if user["role"] == ADMIN:
        return user["expires_at"] or ""
    start = utcnow()
    if user["role"] == MEMBER and user["expires_at"] and parse_stamp(user["expires_at"]) > start:
        start = parse_stamp(user["expires_at"])
    new_end = stamp(start + timedelta(days=days))
    with db.transaction():
        db.execute("UPDATE users SET role = ?, expires_at = ? WHERE id = ?", (MEMBER, new_end, user["id"]))
    return new_end


# ------------------------------------------------------------------ orders and vouchers

def grant_document(db: Database, user_id: int, doc_id: str, source: str = "admin") -> None:
    """Record a per-document entitlement (a purchase without a payment provider)."""
    if db.one("SELECT id FROM documents WHERE id = ?", (doc_id,)) is None:
        raise NotFound(f"没有编号为 {doc_id} 的文档")
    with db.transaction():
        if db.one("SELECT id FROM orders WHERE user_id = ? AND doc_id = ?", (user_id, doc_id)) is None:
            db.execute(
                "INSERT INTO orders (user_id, doc_id, source, created_at) VALUES (?, ?, ?, ?)",
                (user_id, doc_id, source, stamp(utcnow())),
            )


def user_orders(db: Database, user_id: int) -> list[dict[str, Any]]:
    return db.all(
        "SELECT o.doc_id, o.source, o.created_at, d.title FROM orders o LEFT JOIN documents d ON d.id = o.doc_id"
        " WHERE o.user_id = ? ORDER BY o.id DESC",
        (user_id,),
    )


def create_voucher(db: Database, days: int | None = None, doc_id: str | None = None) -> str:
    if days is None and doc_id is None:
        raise SucaiError("兑换码须给出天数或文档")
    if days is not None and not 1 <= days <= MAX_DAYS:
        raise SucaiError(f"天数须在 1 到 {MAX_DAYS} 之间")
    if doc_id is not None and db.one("SELECT id FROM documents WHERE id = ?", (doc_id,)) is None:
        raise NotFound(f"没有编号为 {doc_id} 的文档")
    code = "-".join(secrets.token_hex(2).upper() for _ in range(4))
    with db.transaction():
        db.execute("INSERT INTO vouchers (code, days, doc_id, created_at) VALUES (?, ?, ?, ?)",
                   (code, days, doc_id, stamp(utcnow())))
    return code


def redeem_voucher(db: Database, user_id: int, code: str) -> dict[str, Any]:
    """Use a voucher once: membership days, a document, or both."""
    code = code.strip().upper()
    with db.transaction():
        row = db.one("SELECT code, days, doc_id, used_by FROM vouchers WHERE code = ?", (code,))
        if row is None:
            raise NotFound("兑换码无效")
        if row["used_by"] is not None:
            raise SucaiError("兑换码已被使用")
        db.execute("UPDATE vouchers SET used_by = ?, used_at = ? WHERE code = ?",
                   (user_id, stamp(utcnow()), code))
    if row["doc_id"]:
        grant_document(db, user_id, row["doc_id"], source="voucher")
    if row["days"]:
        _extend(db, get_user(db, user_id), int(row["days"]))
    return {"days": row["days"], "doc_id": row["doc_id"]}


def list_vouchers(db: Database, limit: int = 100) -> list[dict[str, Any]]:
    return db.all("SELECT code, days, doc_id, created_at, used_by, used_at FROM vouchers"
                  " ORDER BY created_at DESC LIMIT ?", (limit,))


# ------------------------------------------------------------------ download quota

def daily_quota(reader: Reader, member_daily: int, free_daily: int) -> int | None:
    """Downloads a reader may make today; None means no limit (admins)."""
    if reader.is_admin:
        return None
    if not reader.signed_in:
        return 0
    if reader.member_active:
        return member_daily
    # a reader who bought documents may download them within the member allowance
    return max(free_daily, member_daily if reader.orders else 0)


def downloads_today(db: Database, user_id: int) -> int:
    return int(db.scalar("SELECT COUNT(*) FROM downloads WHERE user_id = ? AND day = ?",
                         (user_id, china_day())) or 0)


def quota_left(db: Database, reader: Reader, member_daily: int, free_daily: int) -> int | None:
    quota = daily_quota(reader, member_daily, free_daily)
    if quota is None or reader.user_id is None:
        return quota
    return max(0, quota - downloads_today(db, reader.user_id))


def count_download(db: Database, reader: Reader, doc_id: str, fmt: str, member_daily: int, free_daily: int) -> None:
    """Record one download, refusing it past the day's quota (checked and written in one transaction)."""
    quota = daily_quota(reader, member_daily, free_daily)
    if reader.user_id is None:
        raise AuthError("请先登录")
    with db.transaction():
        used = downloads_today(db, reader.user_id)
        if quota is not None and used >= quota:
            raise QuotaExceeded(f"今日下载次数已用完（每日 {quota} 次），明天再来")
        db.execute("INSERT INTO downloads (user_id, doc_id, fmt, day, created_at) VALUES (?, ?, ?, ?, ?)",
                   (reader.user_id, doc_id, fmt, china_day(), stamp(utcnow())))


# ------------------------------------------------------------------ sessions

def _token_hash(token: str) -> str:
    # Only a hash of the token is stored, so a copied database cannot sign anyone in.
    return hashlib.sha256(token.encode("ascii", "replace")).hexdigest()


def create_session(db: Database, user_id: int, days: int) -> tuple[str, str]:
    """A new session; returns (token for the cookie, CSRF token for forms)."""
    token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(24)
    now = utcnow()
    with db.transaction():
        db.execute("INSERT INTO sessions (token_hash, user_id, csrf, created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
                   (_token_hash(token), user_id, csrf, stamp(now), stamp(now + timedelta(days=days))))
        db.execute("DELETE FROM sessions WHERE expires_at < ?", (stamp(now),))
    return token, csrf


def session_reader(db: Database, token: str | None) -> Reader | None:
    if not token or len(token) > 200:
        return None
    row = db.one(
        "SELECT s.csrf, s.expires_at AS session_end, u.id, u.name, u.role, u.expires_at, u.disabled"
        " FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ?",
        (_token_hash(token),),
    )
    if row is None or row["disabled"] or row["session_end"] < stamp(utcnow()):
        return None
    return reader_for_user(db, row, csrf=row["csrf"])


def end_session(db: Database, token: str | None) -> None:
    if token:
        with db.transaction():
            db.execute("DELETE FROM sessions WHERE token_hash = ?", (_token_hash(token),))


# ------------------------------------------------------------------ login with rate limiting

def _login_wait(db: Database, key: str, now: float, window: float) -> float:
    """Seconds the pair must still wait before one more try (0: it may try now)."""
    row = db.one("SELECT COUNT(*) AS n, MAX(at) AS last FROM login_tries WHERE key = ? AND at > ?",
                 (key, now - window)) or {}
    n = int(row.get("n") or 0)
    if n < LOGIN_FREE_FAILURES:
        return 0.0
    backoff = min(LOGIN_BACKOFF_SECONDS * 2 ** (n - LOGIN_FREE_FAILURES), window)
    return max(0.0, float(row["last"]) + backoff - now)


def _reserve_login(db: Database, pair: str, addr: str | None) -> list[int]:
    """Count this try before the password is checked, atomically, or refuse it with 429.

    Reservation and check happen under one lock, so N parallel tries can never all see
    "under the limit": at most the allowance gets through."""
    window = LOGIN_WINDOW.total_seconds()
    with db.transaction(lock_key=LOGIN_LOCK):
        now = time.time()
        db.execute("DELETE FROM login_tries WHERE at < ?", (now - window,))
        wait = _login_wait(db, pair, now, window)
        if addr is not None:
            row = db.one("SELECT COUNT(*) AS n, MIN(at) AS first FROM login_tries WHERE key = ? AND at > ?",
                         (addr, now - window)) or {}
            if int(row.get("n") or 0) >= LOGIN_FAILURES_PER_ADDRESS:
                wait = max(wait, float(row["first"]) + window - now)
        if wait > 0:
            raise TooManyRequests(f"登录失败次数过多，请 {_wait_text(wait)}后再试", retry_after=math.ceil(wait))
        return [db.insert_id("INSERT INTO login_tries (key, at) VALUES (?, ?)", (key, now))
                for key in (pair, addr) if key is not None]


def _wait_text(seconds: float) -> str:
    return f"{math.ceil(seconds)} 秒" if seconds < 90 else f"{math.ceil(seconds / 60)} 分钟"


def authenticate(db: Database, name: str, password: str, address: str = "") -> dict[str, Any]:
    """The user for a name and password, or AuthError; too many failures give 429 for a while."""
    name = name.strip()
    pair = f"pair:{name[:64]}|{address[:64]}"
    reserved = _reserve_login(db, pair, "addr:" + address[:64] if address else None)
    row = db.one("SELECT id, name, password_hash, role, expires_at, disabled FROM users WHERE name = ?", (name,))
    # verify against a dummy hash for unknown names so timing does not reveal which names exist
    ok = verify_password(row["password_hash"] if row else _dummy_hash(), password[:MAX_PASSWORD])
    if row is None or not ok or row["disabled"]:
        raise AuthError("用户名或密码不正确")  # the reserved tries stay: they were failures
    with db.transaction():
        db.execute("DELETE FROM login_tries WHERE key = ?", (pair,))
        marks = ", ".join("?" for _ in reserved)
        db.execute(f"DELETE FROM login_tries WHERE id IN ({marks})", reserved)
    row.pop("password_hash")
    return row


@functools.cache
def _dummy_hash() -> str:
    """Made on the first sign-in with an unknown name, not at import: hashing takes about 0.3 s,
    which every command-line run would otherwise pay."""
    return _hasher.hash(secrets.token_hex(8))


# ------------------------------------------------------------------ usage figures

def usage_figures(db: Database) -> dict[str, Any]:
    today = china_day()
    week_ago = china_day(utcnow() - timedelta(days=6))
    roles = {r["role"]: int(r["n"]) for r in db.all("SELECT role, COUNT(*) AS n FROM users GROUP BY role")}
    return {
        "users": sum(roles.values()),
        "by_role": roles,
        "downloads_today": int(db.scalar("SELECT COUNT(*) FROM downloads WHERE day = ?", (today,)) or 0),
        "downloads_week": int(db.scalar("SELECT COUNT(*) FROM downloads WHERE day >= ?", (week_ago,)) or 0),
        "searches_today": int(db.scalar("SELECT COUNT(*) FROM searches WHERE day = ?", (today,)) or 0),
        "searches_week": int(db.scalar("SELECT COUNT(*) FROM searches WHERE day >= ?", (week_ago,)) or 0),
        "orders": int(db.scalar("SELECT COUNT(*) FROM orders") or 0),
        "sessions": int(db.scalar("SELECT COUNT(*) FROM sessions WHERE expires_at > ?", (stamp(utcnow()),)) or 0),
    }
