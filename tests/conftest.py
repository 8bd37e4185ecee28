"""Shared fixtures: the ../shared folder (seed, corpus) and fresh data homes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEED = SHARED / "seed" / "000_ddc63f42cbc988af.txt"
CORPUS = SHARED / "corpus"


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


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path / "home"


def run_cli(home: Path, *args: str, check: bool = True, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """Run the real `sucai` command in a subprocess against a data home."""
    full_env = {**os.environ, "SUCAI_HOME": str(home), **(env or {})}
    proc = subprocess.run(
        [sys.executable, "-m", "sucai.cli", *args], capture_output=True, text=True, env=full_env, timeout=600
    )
    if check and proc.returncode != 0:
        raise AssertionError(f"sucai {' '.join(args)} exited {proc.returncode}:\n{proc.stderr}")
    return proc


def cli_json(home: Path, *args: str, env: dict[str, str] | None = None):
    return json.loads(run_cli(home, *args, env=env).stdout)
