"""The README documents every setting and every command, and starts with the two commands."""

from __future__ import annotations

import re
from pathlib import Path

from sucai.cli import main
from sucai.config import SETTINGS

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def test_every_setting_is_documented() -> None:
    for setting in SETTINGS:
        row = re.search(rf"^\| `{setting.name}` \| (.*?) \|", README, re.M)
        assert row, f"setting {setting.name} missing from the README's settings table"
        shown = row.group(1).strip("`")
        assert shown == (setting.default or "(empty)"), (setting.name, shown, setting.default)


def test_every_command_is_documented() -> None:
    for name in main.commands:
        assert f"sucai {name}" in README or f"`{name}`" in README, f"command {name} missing from the README"


def test_readme_starts_with_the_two_commands() -> None:
    block = README.split("```sh", 1)[1].split("```", 1)[0].strip().splitlines()
    assert [line.split()[0:2] for line in block] == [["make", "run"], ["make", "test"]]


def test_cli_reference_is_current() -> None:
    import importlib.util

    root = Path(__file__).resolve().parents[1]
    spec = importlib.util.spec_from_file_location("cli_reference", root / "scripts" / "cli_reference.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    written = (root / "docs" / "cli-reference.md").read_text(encoding="utf-8")
    assert written == module.render(), "docs/cli-reference.md is stale: run python scripts/cli_reference.py"
