"""Shared fixtures: the ../shared folder (seed, corpus) and fresh data homes."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("SUCAI_TEST_SHARED") or ROOT.parent / "shared")  # worktrees point here
SEED = SHARED / "seed" / "000_ddc63f42cbc988af.txt"
CORPUS = SHARED / "corpus"


# Parallel runs.  `make test` runs the suite in several processes (pytest-xdist, one per core,
# `--dist loadgroup`), so a test must not depend on running in the same process as another one:
# - write below its own tmp_path / tmp_path_factory, never to a path another test also writes;
# - listen on a free port from the system (web_library.free_port, Server), never a fixed one;
# - on PostgreSQL use the `database_url` fixture (a fresh database per test) or fresh_pg_database();
# - a module- or session-scoped fixture is built once per process: tests that use a module-scoped
#   fixture are kept in one process by pytest_collection_modifyitems below (no mark needed);
#   a costly library shared read-only across processes must be built behind a file lock;
# - mark a test that takes more than a few seconds `slow` (or `corpus`): those start first,
#   so the longest tests do not end up alone at the end of the run.


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Long tests first; the tests of a module that share a module-scoped fixture in one process."""
    def rank(item: pytest.Item) -> int:
        return 0 if item.get_closest_marker("corpus") else 1 if item.get_closest_marker("slow") else 2

    items.sort(key=rank)  # stable: the order within each rank is the collection order
    if not config.pluginmanager.hasplugin("xdist"):
        return
    for item in items:
        info = getattr(item, "_fixtureinfo", None)
        defs = info.name2fixturedefs.values() if info else ()
        if any(d.scope == "module" for chain in defs for d in chain):
            item.add_marker(pytest.mark.xdist_group(item.module.__name__ if item.module else item.nodeid))


def need_shared() -> None:
    if not SEED.exists():
        pytest.skip(f"../shared is absent ({SHARED}): the seed and corpus tests run in CI and on dev machines")


def need_corpus() -> None:
    if not (CORPUS / "text").is_dir():
        pytest.skip(f"../shared/corpus is absent ({CORPUS}): corpus tests run in CI and on dev machines")


@pytest.fixture
def seed_path() -> Path:
    need_shared()
    return SEED


@pytest.fixture
def corpus_dir() -> Path:
    need_corpus()
    return CORPUS


# The whole suite runs once per backend: SUCAI_TEST_BACKEND=postgres points every
# library a test opens (CLI, web, library fixture) at a fresh PostgreSQL database.
BACKEND = os.environ.get("SUCAI_TEST_BACKEND", "sqlite")
PG_ADMIN_URL = os.environ.get("SUCAI_TEST_PG_ADMIN", "postgresql://postgres@127.0.0.1:5432/postgres")


def fresh_pg_database() -> tuple[str, str]:
    import psycopg

    name = "sucai_t_" + uuid.uuid4().hex[:12]
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    base = PG_ADMIN_URL.rsplit("/", 1)[0]
    return name, f"{base}/{name}"


def drop_pg_database(name: str) -> None:
    import psycopg

    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def backend_env() -> dict[str, str]:
    """Settings environment for libraries a test builds itself: the backend of this run."""
    return {"SUCAI_DATABASE_URL": os.environ.get("SUCAI_DATABASE_URL", "")}


@pytest.fixture(autouse=True)
def database_url(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Empty for SQLite; a fresh PostgreSQL database (dropped afterwards) on the postgres run.

    Autouse, so every library a test opens (CLI subprocesses, servers, web apps) uses the
    backend of the run."""
    if BACKEND != "postgres":
        monkeypatch.delenv("SUCAI_DATABASE_URL", raising=False)
        yield ""
        return
    name, url = fresh_pg_database()
    monkeypatch.setenv("SUCAI_DATABASE_URL", url)
    try:
        yield url
    finally:
        drop_pg_database(name)


@pytest.fixture
def home(tmp_path: Path, database_url: str) -> Path:
    return tmp_path / "home"


@pytest.fixture
def settings(home: Path, database_url: str):
    from sucai.config import load_settings

    return load_settings(home=home, database_url=database_url)


@pytest.fixture
def library(settings) -> Iterator:
    from sucai.store.home import open_library

    lib = open_library(settings)
    yield lib
    lib.close()


@pytest.fixture
def web(tmp_path: Path) -> Iterator:
    """A fresh web library (see tests/web_library.py): documents with paid sentinels, users of
    every role."""
    from tests.web_library import build_library

    lib = build_library(tmp_path, free_daily_downloads=3)
    yield lib
    lib.library.close()


def run_cli(home: Path, *args: str, check: bool = True, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """Run the `sucai` command in-process (click's runner) against a data home.

    The same group, options and error path as the console script without a process start-up;
    `run_cli_process` runs the real command where a test needs a separate process."""
    from click.testing import CliRunner

    from sucai.cli import main

    result = CliRunner().invoke(main, list(args), env={"SUCAI_HOME": str(home), **(env or {})})
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    proc = subprocess.CompletedProcess(["sucai", *args], result.exit_code, result.stdout, result.stderr)
    if check and proc.returncode != 0:
        raise AssertionError(f"sucai {' '.join(args)} exited {proc.returncode}:\n{proc.stderr}")
    return proc


def run_cli_process(home: Path, *args: str, check: bool = True,
                    env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """Run the real `python -m sucai.cli` in a subprocess against a data home."""
    full_env = {**os.environ, "SUCAI_HOME": str(home), **(env or {})}
    proc = subprocess.run(
        [sys.executable, "-m", "sucai.cli", *args], capture_output=True, text=True, env=full_env, timeout=600
    )
    if check and proc.returncode != 0:
        raise AssertionError(f"sucai {' '.join(args)} exited {proc.returncode}:\n{proc.stderr}")
    return proc


def cli_json(home: Path, *args: str, env: dict[str, str] | None = None):
    return json.loads(run_cli(home, *args, env=env).stdout)


CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]


@pytest.fixture(scope="session")
def browser() -> Iterator:
    """Debian's chromium under Playwright (never a downloaded browser), one per test process; each
    test opens its own page, and so its own browser context (cookies, storage)."""
    if not CHROMIUM.exists() and not shutil.which("chromium"):
        pytest.skip("chromium is absent: install Debian's package (apt-get install -y chromium) to run browser tests")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install playwright)")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM if CHROMIUM.exists() else shutil.which("chromium")),
                              args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()
