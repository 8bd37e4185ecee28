"""Write docs/cli-reference.md from the commands' own --help texts (a test checks it is current).

    python scripts/cli_reference.py
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
TARGET = ROOT / "docs" / "cli-reference.md"


def _help(command: click.Command, path: list[str], parent: click.Context | None) -> list[tuple[str, str]]:
    ctx = command.context_class(command, info_name=path[-1], parent=parent, terminal_width=100, max_content_width=100)
    out = [(" ".join(path), command.get_help(ctx))]
    if isinstance(command, click.Group):
        for name in sorted(command.commands):
            out += _help(command.commands[name], path + [name], ctx)
    return out


def render() -> str:
    from sucai.cli import main

    parts = ["# sucai 命令行参考 / CLI reference", "",
             "由 `python scripts/cli_reference.py` 从各命令的 `--help` 生成 / generated from each command's `--help`.", ""]
    for name, text in _help(main, ["sucai"], None):
        parts += [f"## `{name}`", "", "```text", text.rstrip(), "```", ""]
    return "\n".join(parts)


if __name__ == "__main__":
    TARGET.write_text(render(), encoding="utf-8")
    print(f"wrote {TARGET}")
