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
from ..zh import CLOSE_QUOTES, SENTENCE_END
from .chrome_model import model_chrome
from .fanwen import collection_headline, preamble_lines
from .furniture import furniture_lines
from .kinds import without_pinyin
from .linerules import LineRules
from .repeats import headline_copy, previews
from .restated import crumb_title_start, lone_counted_header, navigation_run, restated_caption
from .tags import tag_lines
from .titles import KIND_WORD
from .watermarks import strip_watermarks

PAID_BEGIN = "##paidbegin##"
PAID_END = "##paidend##"
_MARKER = re.compile(r"##\s*paid\s*(begin|end)\s*##", re.I)
_ZERO_WIDTH = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_SPACES = re.compile(r"[ \u3000\u00a0\u2002-\u200a\u202f\u205f\r\f\v]+")
# every character normalise_space changes or removes
_UNUSUAL = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad \u3000\u00a0\u2002-\u200a\u202f\u205f\r\f\v\t\x00]")
# Very long paragraphs (a 10 MB single-line file) are cut at sentence ends so
# that a search hit and its snippet stay readable.
MAX_BLOCK = 3000
_SENTENCE = re.compile(rf"[^{SENTENCE_END}]*[{SENTENCE_END}]+[{CLOSE_QUOTES}]*|[^{SENTENCE_END}]+$")

# A contact handle (客服：abc123, QQ 12345) or a vendor's 【…】 bracket.
_CONTACT = re.compile(r"[:：]\s*[A-Za-z0-9_-]{3,}|【[^】]{1,16}】|QQ\s*\d{5,}")

DEFAULT_RULES = Path(__file__).resolve().parent.parent / "data" / "adverts.txt"
PAGE_RULES = DEFAULT_RULES.with_name("chrome.txt")  # more built-in chrome rules, same format


def apply_paid_markers(blocks: list[Block]) -> tuple[list[Block], list[str]]:
    """Turn ##paidbegin##/##paidend## into paid flags; the markers never survive as text.

    An unclosed begin runs to the end; a stray end is ignored with a warning.
    """
    out: list[Block] = []
    warnings: list[str] = []
    paid = False
    for number, block in enumerate(blocks, 1):
        if "##" not in block.text:
            out.append(block if block.paid == paid else replace(block, paid=paid))
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
    return text if plain_spacing(text) else _normalise_space(text)


def plain_spacing(text: str) -> bool:
    """Nothing to normalise (most lines): no unusual character, no white space at either end."""
    return not _UNUSUAL.search(text) and not (text[:1].isspace() or text[-1:].isspace())


def _normalise_space(text: str) -> str:
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


_EMPTY_CELLS = re.compile(r"(?<=\S)\s*(?:\|\s*){20,}$")


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
            same = piece == block.text and blank == block.blank_before
            out.append(block if same else replace(block, text=piece, blank_before=blank))
        pending_blank = 0
    return out


# ---------------------------------------------------------------- adverts

_BULLETS = "•·|｜▪◆■●"  # put before a page's field lines
CHROME_MAX = 160  # page furniture is short; official prose that happens to match a chrome rule is not


@dataclass(frozen=True)
class AdvertRules:
    strong: tuple[re.Pattern[str], ...]
    weak: tuple[str, ...]
    vendor: tuple[str, ...]
    chrome: tuple[re.Pattern[str], ...] = ()
    furniture: tuple[str, ...] = ()  # site-furniture words for the shape test (furniture.py)
    fields: tuple[str, ...] = ()  # labels of a disclosure table's fields (索引号, 发布机构; furniture.py)
    related: tuple[str, ...] = ()  # headings of a page's related-links list (扩展阅读; furniture.py)

    def __post_init__(self) -> None:
        # Ingest throughput: the ~50 chrome rules and the strong rules are each tried as a few unions
        # (linerules.py); most lines hold no vendor word at all.
        object.__setattr__(self, "_chrome", LineRules(self.chrome))
        object.__setattr__(self, "_strong", LineRules(self.strong))
        object.__setattr__(self, "_vendor", re.compile("|".join(map(re.escape, self.vendor))) if self.vendor else None)

    def is_chrome(self, line: str) -> bool:
        """A chrome rule matches the line, or the line behind the bullet or bar a page put in front of it
        (「• 信息来源:某村村委会」, 「|来源:某某网」)."""
        if "||" in line:  # a web table's long row of empty cells after the line (「日期 | ||||||…」) holds nothing
            line = _EMPTY_CELLS.sub("", line)
        if len(line) > CHROME_MAX or not line:
            return False
        if line[0] in _BULLETS:
            bare = line.lstrip(_BULLETS + " \t\u3000")
            if bare and self._chrome.matches(bare):
                return True
        return self._chrome.matches(line)

    def score(self, line: str) -> int:
        """2 means advert; 1 means suspicious (removed only right after an advert).

        Ordinary words (会员, 联系, 下载) and even 公众号 occur in official prose, so a
        line needs two vendor words (素材库, 客服, 代笔…), or one with an ordinary word and
        a contact handle or vendor bracket, to count.
        """
        if self._strong.matches(line):
            return 2
        if self._vendor is None or not self._vendor.search(line):
            return 0
        vendor = sum(1 for w in self.vendor if w in line)
        if vendor >= 2:
            return 2
        weak = sum(1 for w in self.weak if w in line)
        if weak and _CONTACT.search(line):
            return 2
        return 1


def load_rules(extra: Path | str | None = None) -> AdvertRules:
    """The built-in rules, plus those of a user's rule file (the `advert_rules` setting) when given.

    A user file extends the built-in rules; it does not replace them.  A missing file or a bad rule
    raises ParseError naming the file and line.
    """
    return _load_rules(Path(extra).expanduser().resolve() if extra else None)


@lru_cache(maxsize=8)
def _load_rules(extra: Path | None) -> AdvertRules:
    found: dict[str, list] = {"strong": [], "weak": [], "vendor": [], "chrome": [], "furniture": [], "field": [],
                            "related": []}
    for path in (DEFAULT_RULES, PAGE_RULES, extra):
        if path is None:
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise ParseError(f"无法读取广告规则文件：{exc.strerror or exc}", path=str(path)) from exc
        for number, raw in enumerate(text.splitlines(), 1):
            _add_rule(found, raw.strip(), path, number)
    return AdvertRules(tuple(found["strong"]), tuple(found["weak"]), tuple(found["vendor"]), tuple(found["chrome"]),
                       tuple(found["furniture"]), tuple(found["field"]), tuple(found["related"]))


def _add_rule(found: dict[str, list], line: str, path: Path, number: int) -> None:
    if not line or line.startswith("#"):
        return
    kind, _, value = line.partition(":")
    kind, value = kind.strip(), value.strip()
    if kind not in found:
        raise ParseError(f"第 {number} 行：规则须以 strong:、chrome:、furniture:、field:、related:、vendor: 或 weak: 开头", path=str(path))
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
    title = _file_name_title(blocks, rules)
    headline = collection_headline(blocks)  # a 范文 collection page's headline is its title line (fanwen.py)
    lists: list[int] = []  # where a related-links heading stood, as positions in the kept lines
    gone: list[int] = []  # where a chrome or advert line stood, likewise
    cells: list[int] = []  # where a lone field label (「• 索引号:」) stood, likewise
    blocks = _split_glued_notes(strip_watermarks(blocks), rules)  # site notices inside a line: watermarks.py
    texts = [b.text for b in blocks]
    for i, block in enumerate(blocks):
        if _related_heading(block.text, rules):
            lists.append(len(kept))
        if block is not title and block is not headline and is_chrome_line(texts, i, rules):
            removed += 1
            pending_blank += block.blank_before + 1
            gone.append(len(kept))
            if _lone_label(block.text, rules):
                cells.append(len(kept))  # its value may stand on the next line (furniture.py)
            continue  # page furniture: the line after it is judged on its own
        score = rules.score(block.text)
        is_advert = score >= 2 and (len(block.text) <= 200 or any(p.search(block.text) for p in rules.strong))
        if not is_advert and after_advert and score >= 1 and block.blank_before <= 1:
            is_advert = True
        if is_advert:
            removed += 1
            after_advert = True
            pending_blank += block.blank_before + 1
            gone.append(len(kept))
            continue
        after_advert = False
        if pending_blank:
            block = replace(block, blank_before=block.blank_before + pending_blank)
            pending_blank = 0
        kept.append(block)
    kept, removed = _drop_furniture(kept, rules, removed, tuple(lists), tuple(gone), tuple(cells))
    # a page's tag words, one a line, above the text (tags.py); a compilation's blurb on its genre (fanwen.py)
    tags = set(tag_lines(kept)) | preamble_lines([b.text for b in kept])
    if tags:
        kept = _merge_carried([replace(b, text="") if i in tags else b for i, b in enumerate(kept)])
    return kept, removed + len(tags)


def is_chrome_line(texts: list[str], i: int, rules: AdvertRules) -> bool:
    """A chrome rule names line i, read without a site's pinyin (「时(shí)间:…」) too (but an article header with no
    title below stays), or its neighbours show it is chrome (restated.py)."""
    text = texts[i]
    if rules.is_chrome(text) or (("(" in text or "（" in text) and rules.is_chrome(without_pinyin([text])[0])):
        return i >= _HEADER_ZONE * 4 or not lone_counted_header(texts, i)
    if i >= _HEADER_ZONE * 4 or not text:
        return False
    return text[0] == "图" and restated_caption(texts, i) or "篇" in text and navigation_run(text)


def _lone_label(text: str, rules: AdvertRules) -> bool:
    """A disclosure-table field label alone on its line (「• 索引号:」), its value in the next cell."""
    return len(text) <= 16 and "".join(text.strip(_BULLETS + " \t\u3000:：").split()) in rules.fields


def _related_heading(text: str, rules: AdvertRules) -> bool:
    return bool(rules.related) and len(text) <= 16 and text.strip(" \t\u3000•·-:：>》【】[]") in rules.related


_FILE_NAME = re.compile(r"^(\S.{3,60}?)\s*\.(?:docx?|pdf|wps|txt)$", re.IGNORECASE)


def _file_name_title(blocks: list[Block], rules: AdvertRules) -> Block | None:
    """A 文库 page opens with the document's file name (「2022年x镇政府工作报告.docx」): the first line that is
    not chrome is kept when it is a file name, as the title line (the title drops the extension), unless a
    line below starts with the same title."""
    for block in blocks[:_HEADER_ZONE]:
        if not block.text or rules.is_chrome(block.text) and not _FILE_NAME.match(block.text):
            continue
        m = _FILE_NAME.match(block.text)
        if m is None:
            return None
        after = blocks[blocks.index(block) + 1:_HEADER_ZONE]
        # the text below restates the title: the file name is only page chrome
        restated = any(b.text.startswith(m.group(1)) and not rules.is_chrome(b.text) for b in after)
        return None if restated else block
    return None


_FIRST_SENTENCE = re.compile(rf"^[^。！？!?]{{8,{CHROME_MAX}}}[。！？!?]")


def _split_glued_notes(blocks: list[Block], rules: AdvertRules) -> list[Block]:
    """A site note glued to the first sentence of the text (「下面是小编为大家整理的…，供大家参考。同志们：…」),
    a page's field row glued to it behind its font-size widget, a breadcrumb glued to the title or a bracketed
    title glued to the first sentence (「【…工作计划】随着…」) becomes a line of its own, so the chrome rules
    judge it alone; only in the first lines of a page."""
    out: list[Block] = []
    for i, block in enumerate(blocks):
        parts = _titled_row(block.text, rules) if i < _HEADER_ZONE and ("日期" in block.text or "时间" in block.text) \
            else None
        if parts:
            out.extend(replace(block, text=p, blank_before=block.blank_before if not k else 0,
                               style_level=block.style_level if not k else None) for k, p in enumerate(parts))
            continue
        cut = crumb_title_start(block.text) if i < _HEADER_ZONE else None
        if cut is not None and not rules.is_chrome(block.text):
            cut = None
        if cut is None and i < 3 and block.text.startswith("【"):
            cut = _bracketed_title_end(block.text)
        if cut is not None:  # a breadcrumb with the title glued to it (restated.py)
            out.append(replace(block, text=block.text[:cut].rstrip()))
            out.append(replace(block, text=block.text[cut:], blank_before=0, style_level=None))
            continue
        m = _FIRST_SENTENCE.match(block.text) if i < _HEADER_ZONE and len(block.text) > CHROME_MAX else None
        end = m.end() if m and rules.is_chrome(m.group(0)) else None
        if end is None and i < _HEADER_ZONE:
            end = _widget_end(block.text, rules)
        if end is not None:
            out.append(replace(block, text=block.text[:end]))
            out.append(replace(block, text=block.text[end:].lstrip(), blank_before=0, style_level=None))
        else:
            out.append(block)
    return out


_BRACKETED_TITLE = re.compile(r"^【[^【】]{4,40}】")


def _bracketed_title_end(text: str) -> int | None:
    """Where a bracketed title glued to the first sentence ends (「【关于社区年度工作计划】随着新一年的到来，…」)."""
    m = _BRACKETED_TITLE.match(text)
    if m is None or not _TITLE_BEFORE.search(text[1:m.end() - 1]):
        return None
    rest = text[m.end():]
    return m.end() if len(rest) >= 20 and _PROSE_AFTER.search(rest) else None


_ROW_START = re.compile(r"(?:发布|更新|发表|成文|发文|印发)(?:日期|时间)\s*[:：]\s*(?:19|20)\d\d")
_TITLE_BEFORE = re.compile(KIND_WORD.pattern + r"$")
_TITLE_STOP = re.compile(r"[，。；！？,;!?]")
_ADDRESSEE = re.compile(r"(?:[:：\]】)）]|\s)\s*((?:[\u4e00-\u9fff]{1,8}[、，,]){1,8}[\u4e00-\u9fff]{1,8}[:：])$")


def _titled_row(text: str, rules: AdvertRules) -> list[str] | None:
    """A page's title, its field row and the document's addressee run together on one line (a PDF printed from a
    government page: 「…整改情况的报告发布日期:2023-01-06 11:16信息来源:某局浏览次数: 字号:主任、副主任、各位委员:」): the
    pieces, so the row goes as chrome and the title and addressee stay; None when the line is not one."""
    m = _ROW_START.search(text, 0, CHROME_MAX)
    if m is None or m.start() < 6:
        return None
    title = text[:m.start()].rstrip()
    if _TITLE_STOP.search(title) or not _TITLE_BEFORE.search(title):
        return None
    row, addressee = text[m.start():], None
    if (a := _ADDRESSEE.search(row)) is not None:
        row, addressee = row[:a.start(1)].rstrip(), a.group(1)
    if not rules.is_chrome(row):
        return None
    return [title, row] + ([addressee] if addressee else [])


# The last item of a page's field row: its font-size or print widget (「字体:【大 中 小】」, 「【打印】」), or only the
# widget's label when its buttons were images (「字体:【」).
_WIDGET = re.compile(r"(?:字体|字号)(?:大小)?\s*[:：]\s*[【\[]?\s*(?:大\s*中\s*小\s*[】\]]?)?|[【\[]\s*(?:打印|关闭)\s*[】\]]")
_PROSE_AFTER = re.compile(r"[，。；,;]")


def _widget_end(text: str, rules: AdvertRules) -> int | None:
    """Where a page's field row glued to the first sentence of the text ends (「发布时间:2024-03-28 来源: 某局
    字体:【各县市区教育局,…现将…印发给你们。」): after its widget, when the row is chrome and prose follows."""
    head = text[:CHROME_MAX]
    if ("字体" not in head and "字号" not in head and "打印" not in head and "关闭" not in head) or len(text) < 28:
        return None
    ends = [m.end() for m in _WIDGET.finditer(text, 0, CHROME_MAX)]
    if not ends:
        return None
    end = ends[-1]
    rest = text[end:]
    if len(rest) < 20 or not _PROSE_AFTER.search(rest) or not rules.is_chrome(text[:end]):
        return None
    return end


def _drop_furniture(blocks: list[Block], rules: AdvertRules, removed: int, lists: tuple[int, ...] = (),
                    gone: tuple[int, ...] = (), cells: tuple[int, ...] = ()) -> tuple[list[Block], int]:
    """Head and tail lines that are site furniture by shape (furniture.py) or by the learned line model
    (chrome_model.py), for sites no rule names."""
    texts = [b.text for b in blocks]
    found = furniture_lines(texts, rules.furniture, rules.fields, lists, gone, cells) \
        if rules.furniture or rules.fields else set()
    # what no rule names but has the shape of chrome, by the learned line model (chrome_model.py)
    found |= model_chrome(texts, rules.furniture, rules.fields, found)
    if not found:
        return blocks, removed
    # a removed line leaves its blank-line count to the next line, as a removed chrome line does
    return _merge_carried([replace(b, text="") if i in found else b for i, b in enumerate(blocks)]), removed + len(found)


_HEADER_ZONE = 15   # lines at the top where a page repeats its headline
_REPEAT_MAX = 60    # a repeated header is a short line


def drop_repeated_headers(blocks: list[Block]) -> tuple[list[Block], int]:
    """Remove lines that only repeat another: the same short line twice in a row (a page's sub-title
    printed twice), the first line (the headline) printed again as a page header or printed in full below
    (a page's <title> cut short), or a preview near the top that the next line repeats in full.  Nothing is lost:
    the text stays in the line it repeats.  A 目录 entry repeated by its section heading is not
    consecutive and stays."""
    if not blocks:
        return blocks, 0
    headline = _key(blocks[0].text)
    if _completed(headline, [_key(b.text) for b in blocks[1:_HEADER_ZONE]]) or \
            _SENTENCE_MARK.search(headline) and previews(headline, [b.text for b in blocks[1:13]]):
        rest, removed = drop_repeated_headers(blocks[1:])
        return rest, removed + 1
    kept: list[Block] = [blocks[0]]
    kept_key: str | None = headline  # the key of kept[-1], None until needed
    removed = 0
    for i, block in enumerate(blocks[1:], 1):
        if len(block.text) > 2 * _REPEAT_MAX:
            kept.append(block)
            kept_key = None
            continue
        key = _key(block.text)
        short = len(key) <= _REPEAT_MAX
        again = i < _HEADER_ZONE and key == (_key(kept[-1].text) if kept_key is None else kept_key)
        if i < _HEADER_ZONE and (headline_copy(key, headline) or previews(key, [b.text for b in blocks[i + 1:i + 13]])):
            again = short = True  # a 范文 copy of the headline, a 文库 preview of the text below (repeats.py)
        if short and key and (again or key == headline or _byline(kept, key, blocks[i + 1:i + 2], headline)):
            removed += 1
            continue
        kept.append(block)
        kept_key = key
    return kept, removed


_COUNTED = re.compile(r"[（(]?(?:通用|精选|优秀)?\d{1,3}篇[)）]?$")
# a poster's name alone on a line: 「thought1688」, 「| 福萍」
# (a bare word such as 「目录」 is no name: a Chinese name needs the bar)
_POSTER = re.compile(r"[|｜]?[A-Za-z][A-Za-z0-9_.-]{2,19}|[|｜][\u4e00-\u9fff]{2,4}")


def _byline(kept: list[Block], key: str, after: list[Block], headline: str) -> bool:
    """A poster's name right under the headline, the headline (or an entry restating it) printed again below it."""
    if len(kept) != 1 or not after or not _POSTER.fullmatch(key):
        return False
    below = _key(after[0].text)
    stem = _COUNTED.sub("", headline)  # 「…心得体会10篇」 over its entry 「…心得体会(篇1)」
    return below == headline or headline_copy(below, headline) or (
        stem != headline and len(stem) >= 6 and below.startswith(stem))


def _completed(headline: str, below: list[str]) -> bool:
    """A page's <title> cut short (「某街道2023年工作总结」) that a title line below prints in full."""
    return 6 <= len(headline) <= _REPEAT_MAX and any(
        len(headline) < len(k) <= _REPEAT_MAX and k.startswith(headline) and not _TITLE_PUNCT.search(k)
        and KIND_WORD.search(k, len(headline)) for k in below)


_SENTENCE_MARK = re.compile(r"[。！？!?]")  # a first line previewing the text runs into its first sentence; a title never
_TITLE_PUNCT = re.compile(r"[，。；！？,;!?：:]")


def _key(text: str) -> str:
    return "".join(text.split())
