"""Help and usage text in Chinese: click writes its own words ("Usage:", "Options", "Show this
message and exit.", "[default: 10]", "INTEGER RANGE") in English, so every command's context
uses this formatter, which says them in Chinese.  Our own help strings are Chinese already.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from typing import Any

import click

HEADINGS = {"Options": "选项", "Commands": "命令", "Arguments": "参数"}
USAGE_WORDS = (("[OPTIONS]", "[选项]"), ("COMMAND", "命令"), ("[ARGS]...", "[参数]..."))
# metavars click derives from types, longest first so "INTEGER RANGE" is not read as "INTEGER"
METAVARS = (("INTEGER RANGE", "整数"), ("FLOAT RANGE", "数"), ("INTEGER", "整数"), ("FLOAT", "数"),
            ("TEXT", "文本"), ("PATH", "路径"), ("FILENAME", "文件"), ("FILE", "文件"), ("BOOLEAN", "是/否"))
# argument names as the usage line shows them
ARGUMENTS = {"QUERY": "检索词", "PATHS": "路径", "DOC_IDS": "文档编号", "DOC_ID": "文档编号", "REFS": "引用",
             "REF": "引用", "TARGET": "备份文件", "SOURCE": "备份文件", "FILE": "文稿", "NAME": "用户名",
             "TEXT": "标题文字", "ITEM_ID": "编号"}
HELP_TEXT = {"Show this message and exit.": "显示此帮助并退出。", "Show the version and exit.": "显示版本并退出。"}
_EXTRA = re.compile(r"\[(default: [^\]]*|required|x[^\]]*|[^\]]*<=x[^\]]*)\]")


def _extra(match: re.Match[str]) -> str:
    inner = match.group(1)
    parts = []
    for piece in inner.split("; "):
        if piece.startswith("default: "):
            parts.append("默认 " + piece[len("default: "):])
        elif piece == "required":
            parts.append("必填")
        else:
            parts.append("范围 " + piece.replace("x", "数值"))
    return "［" + "；".join(parts) + "］"


def translate_help(text: str) -> str:
    text = HELP_TEXT.get(text, text)
    return _EXTRA.sub(_extra, text)


def translate_term(term: str) -> str:
    for english, chinese in METAVARS:
        term = re.sub(rf"(?<![A-Za-z]){english}(?![A-Za-z])", chinese, term)
    return term


def width(text: str) -> int:
    """Columns a terminal gives the text (Han characters and full-width forms take two)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, columns: int) -> str:
    """Text padded with spaces to `columns` display columns (for aligned Chinese tables)."""
    return text + " " * max(0, columns - width(text))


def wrap(text: str, columns: int) -> list[str]:
    """Lines of at most `columns` display columns, broken at spaces in Latin text and anywhere in Chinese."""
    lines, line = [], ""
    for word in re.findall(r"[!-~]+ ?|.", text):
        if line and width(line + word.rstrip()) > columns:
            lines.append(line.rstrip())
            line = ""
        line += word
    if line.strip():
        lines.append(line.rstrip())
    return lines or [""]


class ChineseHelpFormatter(click.HelpFormatter):
    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        for english, chinese in USAGE_WORDS:
            args = args.replace(english, chinese)
        for english, chinese in ARGUMENTS.items():
            args = re.sub(rf"(?<![A-Za-z_]){english}(?![A-Za-z_])", chinese, args)
        self.write(f"{'':>{self.current_indent}}用法：{prog} {translate_term(args)}".rstrip() + "\n")

    def write_heading(self, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{HEADINGS.get(heading, heading)}：\n")

    def write_dl(self, rows: Sequence[tuple[str, str]], col_max: int = 30, col_spacing: int = 2) -> None:
        """Two columns aligned by display width, so Chinese terms line up."""
        rows = [(translate_term(term), translate_help(text)) for term, text in rows]
        first = min(max((width(term) for term, _ in rows), default=0), col_max)
        indent = " " * self.current_indent
        text_columns = max(self.width - self.current_indent - first - col_spacing, 20)
        for term, text in rows:
            self.write(indent + term)
            if not text:
                self.write("\n")
                continue
            if width(term) <= first:
                self.write(" " * (first - width(term) + col_spacing))
            else:
                self.write("\n" + indent + " " * (first + col_spacing))
            lines = wrap(text, text_columns)
            self.write(lines[0] + "\n")
            for line in lines[1:]:
                self.write(indent + " " * (first + col_spacing) + line + "\n")


class ChineseContext(click.Context):
    formatter_class = ChineseHelpFormatter


def _chinese_help(option: click.Option | None) -> click.Option | None:
    if option is not None:
        option.help = HELP_TEXT["Show this message and exit."]
    return option


class ChineseCommand(click.Command):
    context_class = ChineseContext

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        return _chinese_help(super().get_help_option(ctx))


class ChineseGroup(click.Group):
    """A group whose commands and subgroups all write help in Chinese."""

    context_class = ChineseContext
    command_class = ChineseCommand
    group_class = type  # subgroups are of the same class as their parent

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        return _chinese_help(super().get_help_option(ctx))


# click's own error messages, as the patterns its (English) messages follow
_ERRORS = (
    (re.compile(r"^Missing argument '(.+)'\.$"), lambda m: f"缺少{_argument(m.group(1))}。"),
    (re.compile(r"^Missing option '(.+)'\.$"), lambda m: f"缺少选项 {m.group(1)}。"),
    (re.compile(r"^No such option:? '?([^'\s]+?)'?\.?(?:\s+Did you mean '?([^'\s]+?)'?\?)?$"),
     lambda m: f"没有选项 {m.group(1)}" + (f"，是不是 {m.group(2)}？" if m.group(2) else "。")),
    (re.compile(r"^No such command '(.+?)'\.(?:\s+Did you mean '(.+?)'\?)?$"),
     lambda m: f"没有命令 {m.group(1)}" + (f"，是不是 {m.group(2)}？" if m.group(2) else "。")),
    (re.compile(r"^Got unexpected extra arguments? \((.+)\)$"), lambda m: f"多余的参数：{m.group(1)}"),
    (re.compile(r"^Option '(.+)' requires an argument\.$"), lambda m: f"选项 {m.group(1)} 后面须给一个值。"),
    (re.compile(r"^Invalid value for (.+?): (.+)$", re.S), lambda m: f"{_argument(m.group(1))}的值无效：{_value(m.group(2))}"),
)
_VALUES = (
    (re.compile(r"^'(.*)' is not a valid integer( range)?\.$"), lambda m: f"“{m.group(1)}”不是整数。"),
    (re.compile(r"^'(.*)' is not a valid float( range)?\.$"), lambda m: f"“{m.group(1)}”不是数。"),
    (re.compile(r"^(.+) is not in the range (.+)\.$"), lambda m: f"{m.group(1)} 不在范围 {m.group(2).replace('x', '数值')} 内。"),
    (re.compile(r"^'(.*)' is not one of (.+)\.$"), lambda m: f"“{m.group(1)}”须为 {m.group(2)} 之一。"),
    (re.compile(r"^'?(.+?)'?: No such file or directory\.?$"), lambda m: f"{m.group(1)} 不存在。"),
    (re.compile(r"^(?:File|Path|Directory) '(.+)' does not exist\.$"), lambda m: f"{m.group(1)} 不存在。"),
)


def _argument(name: str) -> str:
    """An option as typed (选项 --limit), an argument by its Chinese name (参数“文稿”)."""
    name = name.strip("'")
    return f"选项 {name} " if name.startswith("-") else f"参数“{ARGUMENTS.get(name.upper(), name)}”"


def _said(patterns: tuple, message: str) -> str:
    """The message said by the first pattern that matches it; unknown messages pass unchanged."""
    for pattern, say in patterns:
        m = pattern.match(message.strip())
        if m:
            return say(m)
    return message


def _value(message: str) -> str:
    return _said(_VALUES, message)


def translate_error(message: str) -> str:
    return _said(_ERRORS, message)


class ChineseUsageError(click.UsageError):
    """A usage error from click, told in Chinese with the usage line and where help is."""

    def __init__(self, error: click.UsageError) -> None:
        super().__init__(translate_error(error.format_message()), ctx=error.ctx)
        self.exit_code = error.exit_code

    def format_message(self) -> str:
        return self.message

    def show(self, file: Any = None) -> None:
        if self.ctx is not None:
            click.echo(self.ctx.get_usage(), err=True)
            click.echo(f"用“{self.ctx.command_path} --help”查看帮助。\n", err=True)
        click.echo(f"错误：{self.message}", err=True)
