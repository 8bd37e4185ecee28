"""Cleaning steps between a reader and the splitter: paid markers, white space, adverts.

All pure functions over Blocks.  Advert rules live in one data file
(`sucai/data/adverts.txt`) that users can extend.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from ..errors import ParseError
from ..models import Block

PAID_BEGIN = "##paidbegin##"
PAID_END = "##paidend##"
_MARKER = re.compile(r"##\s*paid\s*(begin|end)\s*##", re.I)
_ZERO_WIDTH = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_SPACES = re.compile(r"[ \u3000\u00a0\u2002-\u200a\u202f\u205f\r\f\v]+")
# Very long paragraphs (a 10 MB single-line file) are cut at sentence ends so
# that a search hit and its snippet stay readable.
MAX_BLOCK = 3000
_SENTENCE = re.compile(r"[^。！？!?；;]*[。！？!?；;]+[”’」』）)]*|[^。！？!?；;]+$")

# A contact handle (客服：abc123, QQ 12345) or a vendor's 【…】 bracket.
_CONTACT = re.compile(r"[:：]\s*[A-Za-z0-9_-]{3,}|【[^】]{1,16}】|QQ\s*\d{5,}")

DEFAULT_RULES = Path(__file__).resolve().parent.parent / "data" / "adverts.txt"


def apply_paid_markers(blocks: list[Block]) -> tuple[list[Block], list[str]]:
    """Turn ##paidbegin##/##paidend## into paid flags; the markers never survive as text.

    An unclosed begin runs to the end; a stray end is ignored with a warning.
    """
    out: list[Block] = []
    warnings: list[str] = []
    paid = False
    for number, block in enumerate(blocks, 1):
        if "##" not in block.text:
            out.append(replace(block, paid=paid))
            continue
        pos = 0
        blank = block.blank_before
        for m in _MARKER.finditer(block.text):
            piece = block.text[pos:m.start()]
            if piece.strip():
                out.append(replace(block, text=piece, paid=paid, blank_before=blank))
                blank = 0
            if m.group(1).lower() == "begin":
                paid = True
            elif paid:
                paid = False
            else:
                warnings.append(f"第 {number} 段有多余的 {PAID_END}（前面没有 {PAID_BEGIN}），已忽略")
            pos = m.end()
        rest = block.text[pos:]
        if rest.strip():
            out.append(replace(block, text=rest, paid=paid, blank_before=blank))
        elif blank and pos:
            # keep the blank-line signal for the block that follows the marker line
            _carry_blank(out, blank)
    return _merge_carried(out), warnings


def _carry_blank(out: list[Block], blank: int) -> None:
    out.append(Block(text="", blank_before=blank))


def _merge_carried(blocks: list[Block]) -> list[Block]:
    merged: list[Block] = []
    pending = 0
    for b in blocks:
        if not b.text:
            pending += b.blank_before + 1
            continue
        if pending:
            b = replace(b, blank_before=b.blank_before + pending)
            pending = 0
        merged.append(b)
    return merged


def normalise_space(text: str) -> str:
    text = _ZERO_WIDTH.sub("", text)
    text = text.replace("\t", "\x00")
    text = _SPACES.sub(" ", text).strip()
    text = re.sub(r" ?\x00[ \x00]*", "\t", text)
    return text.strip("\t ")


def split_long(text: str, limit: int = MAX_BLOCK) -> list[str]:
    if len(text) <= limit:
        return [text]
    pieces: list[str] = []
    buf = ""
    for m in _SENTENCE.finditer(text):
        sentence = m.group(0)
        while len(sentence) > limit:  # no sentence end at all: hard cut
            if buf:
                pieces.append(buf)
                buf = ""
            pieces.append(sentence[:limit])
            sentence = sentence[limit:]
        if len(buf) + len(sentence) > limit and buf:
            pieces.append(buf)
            buf = ""
        buf += sentence
    if buf:
        pieces.append(buf)
    return pieces


def normalise_blocks(blocks: list[Block]) -> list[Block]:
    out: list[Block] = []
    pending_blank = 0
    for block in blocks:
        text = normalise_space(block.text)
        if not text:
            pending_blank += block.blank_before + 1
            continue
        for i, piece in enumerate(split_long(text)):
            blank = block.blank_before + pending_blank if i == 0 else 0
            out.append(replace(block, text=piece, blank_before=blank))
        pending_blank = 0
    return out


# ---------------------------------------------------------------- adverts

CHROME_MAX = 160  # page furniture is short; official prose that happens to match a chrome rule is not


@dataclass(frozen=True)
class AdvertRules:
    strong: tuple[re.Pattern[str], ...]
    weak: tuple[str, ...]
    vendor: tuple[str, ...]
    chrome: tuple[re.Pattern[str], ...] = ()

    def is_chrome(self, line: str) -> bool:
        return len(line) <= CHROME_MAX and any(p.search(line) for p in self.chrome)

    def score(self, line: str) -> int:
        """2 means advert; 1 means suspicious (removed only right after an advert).

        Ordinary words (会员, 联系, 下载) and even 公众号 occur in official prose, so a
        line needs two vendor words (素材库, 客服, 代笔…), or one with an ordinary word and
        a contact handle or vendor bracket, to count.
        """
        if any(p.search(line) for p in self.strong):
            return 2
        vendor = sum(1 for w in self.vendor if w in line)
        if vendor >= 2:
            return 2
        weak = sum(1 for w in self.weak if w in line)
        if vendor and weak and _CONTACT.search(line):
            return 2
        return 1 if vendor else 0


def load_rules(extra: Path | str | None = None) -> AdvertRules:
    """The built-in rules, plus those of a user's rule file (the `advert_rules` setting) when given.

    A user file extends the built-in rules; it does not replace them.  A missing file or a bad rule
    raises ParseError naming the file and line.
    """
    return _load_rules(Path(extra).expanduser().resolve() if extra else None)


@lru_cache(maxsize=8)
def _load_rules(extra: Path | None) -> AdvertRules:
    found: dict[str, list] = {"strong": [], "weak": [], "vendor": [], "chrome": []}
    for path in (DEFAULT_RULES, extra):
        if path is None:
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise ParseError(f"无法读取广告规则文件：{exc.strerror or exc}", path=str(path)) from exc
        for number, raw in enumerate(text.splitlines(), 1):
            _add_rule(found, raw.strip(), path, number)
    return AdvertRules(tuple(found["strong"]), tuple(found["weak"]), tuple(found["vendor"]), tuple(found["chrome"]))


def _add_rule(found: dict[str, list], line: str, path: Path, number: int) -> None:
    if not line or line.startswith("#"):
        return
    kind, _, value = line.partition(":")
    kind, value = kind.strip(), value.strip()
    if kind not in found:
        raise ParseError(f"第 {number} 行：规则须以 strong:、chrome:、vendor: 或 weak: 开头", path=str(path))
    if kind in ("strong", "chrome"):
        try:
            found[kind].append(re.compile(value))
        except re.error as exc:
            raise ParseError(f"第 {number} 行：规则不是有效的正则表达式：{exc}", path=str(path)) from exc
    else:
        found[kind].append(value)


def strip_adverts(blocks: list[Block], rules: AdvertRules | None = None) -> tuple[list[Block], int]:
    """Remove advert and page-chrome lines; returns the kept blocks and how many were removed.

    A line is an advert when a strong rule matches, or when it holds a vendor
    word and another rule word and is short (promo lines are short, official
    prose is long).  A line right after an advert with a vendor word goes too:
    promo comes in blocks.
    """
    rules = rules or load_rules()
    kept: list[Block] = []
    removed = 0
    after_advert = False
    pending_blank = 0
    for block in blocks:
        if rules.is_chrome(block.text):
            removed += 1
            pending_blank += block.blank_before + 1
            continue  # page furniture: the line after it is judged on its own
        score = rules.score(block.text)
        is_advert = score >= 2 and (len(block.text) <= 200 or any(p.search(block.text) for p in rules.strong))
        if not is_advert and after_advert and score >= 1 and block.blank_before <= 1:
            is_advert = True
        if is_advert:
            removed += 1
            after_advert = True
            pending_blank += block.blank_before + 1
            continue
        after_advert = False
        if pending_blank:
            block = replace(block, blank_before=block.blank_before + pending_blank)
            pending_blank = 0
        kept.append(block)
    return kept, removed


_HEADER_ZONE = 15   # lines at the top where a page repeats its headline
_REPEAT_MAX = 60    # a repeated header is a short line


def drop_repeated_headers(blocks: list[Block]) -> tuple[list[Block], int]:
    """Remove lines that only repeat another: the same short line twice in a row (a page's sub-title
    printed twice), or the first line (the headline) printed again as a page header.  Nothing is lost:
    the text stays in the line it repeats.  A 目录 entry repeated by its section heading is not
    consecutive and stays."""
    if not blocks:
        return blocks, 0
    headline = _key(blocks[0].text)
    kept: list[Block] = [blocks[0]]
    removed = 0
    for i, block in enumerate(blocks[1:], 1):
        key = _key(block.text)
        short = len(key) <= _REPEAT_MAX
        again = key == _key(kept[-1].text) and i < _HEADER_ZONE
        if short and key and (again or key == headline):
            removed += 1
            continue
        kept.append(block)
    return kept, removed


def _key(text: str) -> str:
    return re.sub(r"\s+", "", text)
