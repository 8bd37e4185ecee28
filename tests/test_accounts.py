"""Accounts: argon2id hashes, roles and expiry, vouchers, quota, sessions, login limits, CLI."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from click.testing import CliRunner

from sucai import accounts
from sucai.access import can_read_paid
from sucai.cli import main
from sucai.config import load_settings
from sucai.errors import AuthError, QuotaExceeded, SucaiError, TooManyRequests
from sucai.store.home import open_library

from .conftest import backend_env


@pytest.fixture
def db(tmp_path: Path):
    library = open_library(load_settings(env=backend_env(), home=tmp_path / "home"))
    yield library.db
    library.close()


def test_passwords_are_argon2id_and_verify(db) -> None:
    uid = accounts.create_user(db, "张三", "secret-pass", accounts.FREE)
    stored = db.scalar("SELECT password_hash FROM users WHERE id = ?", (uid,))
    assert stored.startswith("$argon2id$") and "secret-pass" not in stored
    assert accounts.authenticate(db, "张三", "secret-pass")["id"] == uid
    with pytest.raises(AuthError):
        accounts.authenticate(db, "张三", "wrong-pass")


def test_names_and_passwords_are_checked(db) -> None:
    with pytest.raises(SucaiError):
        accounts.create_user(db, "a b", "secret-pass")
    with pytest.raises(SucaiError):
        accounts.create_user(db, "lisi", "123")
    accounts.create_user(db, "lisi", "secret-pass")
    with pytest.raises(SucaiError, match="已被使用"):
        accounts.create_user(db, "lisi", "secret-pass")


def test_membership_expiry_and_grant(db) -> None:
    from datetime import date

    accounts.create_user(db, "old", "secret-pass", accounts.MEMBER, accounts.expiry_from(until=date(2020, 1, 1)))
    old = accounts.reader_for_user(db, accounts.user_by_name(db, "old"))
    assert old.tier == "expired" and not old.member_active and not can_read_paid(old, "d1")
    accounts.grant_days(db, "old", 10)
    renewed = accounts.reader_for_user(db, accounts.user_by_name(db, "old"))
    assert renewed.member_active and can_read_paid(renewed, "d1")
    first_end = renewed.expires_at
    accounts.grant_days(db, "old", 10)  # extends from the current end, not from today
    assert accounts.user_by_name(db, "old")["expires_at"] > first_end


def test_vouchers_grant_days_or_one_document_once(db) -> None:
    uid = accounts.create_user(db, "wang", "secret-pass")
    code = accounts.create_voucher(db, days=7)
    accounts.redeem_voucher(db, uid, code.lower())
    assert accounts.reader_for_user(db, accounts.get_user(db, uid)).member_active
    with pytest.raises(SucaiError, match="已被使用"):
        accounts.redeem_voucher(db, uid, code)
    with pytest.raises(SucaiError):
        accounts.create_voucher(db, doc_id="d-missing")


def test_download_quota_per_day(db) -> None:
    uid = accounts.create_user(db, "zhao", "secret-pass", accounts.MEMBER, accounts.expiry_from(days=3))
    reader = accounts.reader_for_user(db, accounts.get_user(db, uid))
    for _ in range(2):
        accounts.count_download(db, reader, "d1", "txt", member_daily=2, free_daily=0)
    assert accounts.quota_left(db, reader, 2, 0) == 0
    with pytest.raises(QuotaExceeded):
        accounts.count_download(db, reader, "d1", "txt", member_daily=2, free_daily=0)
    assert accounts.daily_quota(accounts.ANONYMOUS_READER, 2, 0) == 0


def test_sessions_resolve_and_end(db) -> None:
    uid = accounts.create_user(db, "qian", "secret-pass")
    token, csrf = accounts.create_session(db, uid, days=1)
    reader = accounts.session_reader(db, token)
    assert reader is not None and reader.name == "qian" and reader.csrf == csrf
    assert db.one("SELECT * FROM sessions WHERE token_hash = ?", (token,)) is None  # only a hash is stored
    accounts.end_session(db, token)
    assert accounts.session_reader(db, token) is None
    assert accounts.session_reader(db, "forged") is None


def test_login_failures_back_off_the_pair_not_the_owner(db) -> None:
    accounts.create_user(db, "sun", "secret-pass")
    for _ in range(accounts.LOGIN_FREE_FAILURES):
        with pytest.raises(AuthError):
            accounts.authenticate(db, "sun", "bad-guess", "10.0.0.1")
    with pytest.raises(TooManyRequests) as refused:
        accounts.authenticate(db, "sun", "secret-pass", "10.0.0.1")  # even the right password waits here
    assert 0 < refused.value.retry_after <= accounts.LOGIN_BACKOFF_SECONDS
    # the owner, from their own address, is not locked out by the stranger's guesses
    assert accounts.authenticate(db, "sun", "secret-pass", "10.0.0.2")["name"] == "sun"


def test_login_backoff_doubles_and_expires(db) -> None:
    accounts.create_user(db, "zhou", "secret-pass")
    pair = "pair:zhou|10.0.0.9"
    past = time.time() - 3600  # failures outside the window no longer count
    for _ in range(20):
        db.execute("INSERT INTO login_tries (key, at) VALUES (?, ?)", (pair, past))
    assert accounts.authenticate(db, "zhou", "secret-pass", "10.0.0.9")["name"] == "zhou"
    now = time.time()
    for _ in range(accounts.LOGIN_FREE_FAILURES + 2):
        db.execute("INSERT INTO login_tries (key, at) VALUES (?, ?)", (pair, now))
    with pytest.raises(TooManyRequests) as refused:
        accounts.authenticate(db, "zhou", "secret-pass", "10.0.0.9")
    assert refused.value.retry_after > 2 * accounts.LOGIN_BACKOFF_SECONDS  # 7 failures: 4x the base


def test_parallel_login_attempts_allow_at_most_the_limit(tmp_path: Path) -> None:
    """40 wrong passwords at once, each on its own connection: at most the allowance is checked."""
    from sucai.store.home import open_library

    settings = load_settings(env=backend_env(), home=tmp_path / "home")
    library = open_library(settings)
    try:
        accounts.create_user(library.db, "wu", "secret-pass")

        def attempt(_: int) -> str:
            try:
                accounts.authenticate(library.db, "wu", "wrong-pass", "10.0.0.3")
            except TooManyRequests:
                return "refused"
            except AuthError:
                return "checked"
            return "accepted"

        with ThreadPoolExecutor(max_workers=40) as pool:
            results = list(pool.map(attempt, range(40)))
        assert results.count("checked") == accounts.LOGIN_FREE_FAILURES, results
        assert results.count("refused") == 40 - accounts.LOGIN_FREE_FAILURES
    finally:
        library.close()


def cli(tmp_path: Path, *args: str):
    return CliRunner().invoke(main, ["--home", str(tmp_path / "home"), *args], catch_exceptions=False)


def test_cli_user_commands(tmp_path: Path) -> None:
    assert cli(tmp_path, "user", "add", "li", "--password", "secret-pass", "--role", "member", "--days", "5").exit_code == 0
    assert cli(tmp_path, "user", "add", "gone", "--password", "secret-pass", "--role", "member",
               "--expires", "2021-06-30").exit_code == 0
    r = cli(tmp_path, "user", "list", "--json")
    import json

    tiers = {u["name"]: u["tier"] for u in json.loads(r.output)}
    assert tiers == {"li": "member", "gone": "expired"}
    assert cli(tmp_path, "user", "grant", "gone", "--days", "3").exit_code == 0
    assert {u["name"]: u["tier"] for u in json.loads(cli(tmp_path, "user", "list", "--json").output)}["gone"] == "member"
    code = cli(tmp_path, "voucher", "create", "--days", "30").output.strip()
    assert len(code) == 19 and code.count("-") == 3
    bad = cli(tmp_path, "user", "add", "li", "--password", "secret-pass")
    assert bad.exit_code == 2 and "已被使用" in bad.output
