"""Find the articles of a compilation (汇编) and the title of a single document.

The table of contents is a hint, never the truth: publishers' 目录 miss articles
and carry page numbers.  Article titles are found in the body by their shape
(a short line naming a kind of document, standing after blank lines), and every
目录 entry that is found in the body confirms a title.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ..models import Block
from .fanwen import headline_title
from .short_heads import heads_first_section
from .titles import KIND_WORD, headline_restated, page_marked_title, repeated_headline, strip_title_label

_COMPILATION = re.compile(r"汇编|合集|[（(]\s*\d+\s*篇\s*[)）]|\d+篇")
_TOC_HEAD = re.compile(r"^目\s*录$")
_BAR_TAIL = re.compile(r"(.*?[^\s|])[ \t]*\|[\s|]*$")
_TOC_LINE = re.compile(r"[\s\-*#·•]*目\s*录[\s:：]*")
_TOC_PAGE = re.compile(r"[\s.．…·\-—]*\d{1,4}$")
_KIND_WORDS = re.compile(
    r"总结|计划|报告|讲话|致辞|发言|方案|要点|通知|意见|汇报|述职|体会|心得|材料|规划|纲要|公报|决定|办法|"
    r"规定|条例|细则|制度|讲稿|党课|提纲|简报|情况|工作|会议"
)
_SENTENCE_PUNCT = re.compile(r"[。；;！？!?，,：:]$")
_NUMBERED = re.compile(
    r"^(?:[一二三四五六七八九十百]+[、．.]|[（(][一二三四五六七八九十\d]+[)）]|\d+[、.．]|[①-⑳]|第[一二三四五六七八九十百]+[章节条部分])"
)
_SECTION_LEAD = re.compile(r"^(?:下一步|下半年|今后|明年|存在|主要|工作|一|二|三|四)")
_TITLE_MAX = 80


@dataclass(frozen=True)
class Article:
    title: Block | None
    blocks: list[Block]


@dataclass(frozen=True)
class Split:
    collection_title: str | None
    toc: tuple[str, ...]
    articles: list[Article]
    front: list[Block]  # compilation header that belongs to no article


def looks_like_title(text: str) -> bool:
    text = text.strip()
    return (
        2 <= len(text) <= _TITLE_MAX
        and not _SENTENCE_PUNCT.search(text)
        and not _NUMBERED.match(text)
        and "\t" not in text
    )


def _article_title_candidate(block: Block, article_level: int | None, gap: int = 2) -> bool:
    """A title inside a compilation: title-shaped, names a document kind, and set off by blank
    lines (plain text) or at the top heading level used below the compilation's title
    (Word heading styles, Markdown #, HTML <hN>)."""
    text = clean_title(block.text)
    if not looks_like_title(text) or len(text) < 8 or not _KIND_WORDS.search(text):
        return False
    if _SECTION_LEAD.match(text) and not re.search(r"\d{4}", text):
        return False  # 下一步工作计划, 存在问题: section headings, not articles
    styled = block.style_level is not None and block.style_level == article_level
    return block.blank_before >= gap or styled


def _article_gap(blocks: list[Block]) -> int:
    """Blank lines that set an article off: one where paragraphs follow each other without
    blank lines, two where the text is blank-line separated throughout."""
    spaced = sum(1 for b in blocks if b.blank_before >= 1)
    return 1 if spaced < 0.3 * len(blocks) else 2


def _article_level(blocks: list[Block]) -> int | None:
    """The highest heading level (smallest number) used after the compilation's title."""
    levels = [b.style_level for b in blocks[1:] if b.style_level is not None]
    return min(levels) if levels else None


_LEADING_NUMBER = re.compile(r"^(?:篇\s*[0-9一二三四五六七八九十]{1,3}\s*[:：、.．]\s*|第[0-9一二三四五六七八九十]{1,3}篇\s*[:：、.．]\s*|[一二三四五六七八九十]+[、．.]|[（(][一二三四五六七八九十\d]+[)）]|\d+[、.．](?!\d))")


def _toc_key(text: str) -> str:
    """A line reduced to what a 目录 entry and the article's title share: no page number,
    leader dots, list number or spaces."""
    key = _TOC_PAGE.sub("", clean_title(text))
    return re.sub(r"\s+", "", _LEADING_NUMBER.sub("", key.strip()))


def _read_toc(blocks: list[Block]) -> tuple[int, int, list[str]]:
    """Locate a 目录 near the top; returns (start, end, entries) with end exclusive."""
    start, end = toc_span(blocks)
    return start, end, [_toc_key(b.text) for b in blocks[start + 1:end]] if start >= 0 else []


def toc_span(blocks: list[Block]) -> tuple[int, int]:
    """(index of the 目录 line, index after its last entry), or (-1, -1) without a 目录 near the top.

    Entries end at a blank gap (a line without a page number after a blank line, or two blank lines),
    or where a line repeats an entry (the body's first heading).  A source that puts a blank line between
    all its lines has no gaps to go by: there the entries are the short lines up to the first that repeats
    the first entry, when there is one."""
    for i, block in enumerate(blocks[:40]):
        if _TOC_HEAD.match(block.text.replace(" ", "").replace("\u3000", "")):
            return i, max(_toc_end_by_gaps(blocks, i), _toc_end_by_repeat(blocks, i))
    return -1, -1


def _toc_end_by_gaps(blocks: list[Block], i: int) -> int:
    j = i + 1
    seen = set()
    while j < len(blocks):
        b = blocks[j]
        if j > i + 1 and b.blank_before >= 2:
            break
        if not _TOC_PAGE.search(b.text) and j > i + 1 and b.blank_before >= 1:
            break
        key = _toc_key(b.text)
        if key in seen:
            break  # the body starts: its first heading repeats the first entry
        seen.add(key)
        j += 1
    return j


_TOC_ENTRY_MAX = 40
_PROSE_PUNCT = re.compile(r"[。；！？;!?，,]")


def _toc_end_by_repeat(blocks: list[Block], i: int) -> int:
    """End of a 目录 whose short entries run until the body repeats the first one; i + 1 when none does."""
    first = None
    for j in range(i + 1, min(len(blocks), i + 1 + 200)):
        text = blocks[j].text.strip()
        key = _toc_key(text)
        if not key or len(key) > _TOC_ENTRY_MAX or _PROSE_PUNCT.search(text):
            return i + 1
        if first is None:
            first = key
        elif key == first:
            return j if j - i - 1 >= 2 else i + 1
    return i + 1


_SECTION_ENTRY = re.compile(
    r"^\s*(?:第[一二三四五六七八九十百\d]+[章节部分编条]|[一二三四五六七八九十]+[、．.]|[（(][一二三四五六七八九十\d]+[)）]"
    r"|\d+(?:\.\d+)*[、.．\s])"
)


def own_toc(blocks: list[Block]) -> bool:
    """The 目录 lists the document's own sections (第一章…, 一、…, 1.1 …) rather than documents:
    a single document with a table of contents, never to be split at its sections."""
    start, end = toc_span(blocks)
    entries = [b.text for b in blocks[start + 1:end]]
    numbered = sum(1 for e in entries if _SECTION_ENTRY.match(e))
    return bool(entries) and numbered * 2 >= len(entries)


def is_compilation(title: str, blocks: list[Block]) -> bool:
    if _COMPILATION.search(title):
        return True
    start, end = toc_span(blocks)
    return start >= 0 and end - start - 1 >= 2 and not own_toc(blocks)


def split_compilation(blocks: list[Block]) -> Split:
    title = blocks[0].text if blocks else ""
    toc_start, toc_end, entries = _read_toc(blocks)
    toc_keys = {e for e in entries if e and e != _toc_key(title) and not _TOC_HEAD.match(e)}
    body_from = toc_end if toc_end > 0 else 1
    level = _article_level(blocks)
    gap = _article_gap(blocks[body_from:])
    starts: list[int] = []
    base = _collection_base(title)
    for i in range(body_from, len(blocks)):
        block = blocks[i]
        key = _toc_key(block.text)
        in_toc = key in toc_keys and len(key) <= _TITLE_MAX and not _SENTENCE_PUNCT.search(key)
        if in_toc or _article_title_candidate(block, level, gap) or numbered_article(block.text, base):
            starts.append(i)
    if not starts:
        return Split(title, tuple(toc_keys_in_order(entries, toc_keys)), [], blocks)
    articles = []
    for n, s in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else len(blocks)
        articles.append(Article(title=blocks[s], blocks=blocks[s + 1:end]))
    return Split(title, tuple(toc_keys_in_order(entries, toc_keys)), articles, blocks[:starts[0]])


_ARTICLE_NO = re.compile(
    r"^(.{2,60}?)[\s\u3000]*(篇\s*[0-9一二三四五六七八九十]{1,3}|第[0-9一二三四五六七八九十]{1,3}篇"
    r"|[（(][一二三四五六七八九十0-9]{1,3}[)）])$"
)
_COLLECTION_NOTE = re.compile(r"[（(]?\s*(?:精选|优质|推荐|热门)?\s*\d+\s*篇\s*[)）]?|汇编|合集|大全|范文")


def _collection_base(title: str) -> str:
    """「717事故调查报告6篇」 → 717事故调查报告: the name its articles repeat."""
    return re.sub(r"\s+", "", _COLLECTION_NOTE.sub("", title))


_ARTICLE_FIRST = re.compile(r"^(?:篇\s*[0-9一二三四五六七八九十]{1,3}|第[0-9一二三四五六七八九十]{1,3}篇)\s*[:：、.．]\s*(\S.{1,59})$")


def numbered_article(text: str, base: str) -> bool:
    """「717事故调查报告篇1」, 「乡镇创建实施方案篇一」, 「镇目标工作计划（一）」: an article of a 范文
    collection, numbered after the collection's name or a kind of document.  「篇一：甲镇2023年工作总结」
    (the number first) needs only a kind of document."""
    first = _ARTICLE_FIRST.match(text.strip())
    if first:
        return bool(_KIND_WORDS.search(first.group(1))) and not _SENTENCE_PUNCT.search(first.group(1))
    m = _ARTICLE_NO.match(text.strip())
    if not m:
        return False
    name = re.sub(r"\s+", "", clean_title(m.group(1)))
    return bool(_KIND_WORDS.search(name)) and (not base or name[:4] == base[:4] or name.endswith(base[-4:]))


def toc_keys_in_order(entries: list[str], keys: set[str]) -> list[str]:
    return [e for e in entries if e in keys]


_LETTERHEAD = re.compile(r"(文件|办公厅|办公室|人民政府|委员会)$|〔\d{4}〕\d+号$")
_DOC_TITLE = re.compile(r"^关于.{2,}|(通知|意见|决定|报告|方案|办法|规定|批复|函|通报|公告|通告|细则|纲要|规划)$")
_MD_HASHES = re.compile(r"^#{1,6}\s*")


def clean_title(text: str) -> str:
    """A title without Markdown hashes or the list number a compilation gave it (一、甲镇… → 甲镇…)."""
    return _LEADING_NUMBER.sub("", _MD_HASHES.sub("", text.strip()).strip()).strip()


_PHOTO_CREDIT = re.compile(r"(记者|摄影|供图|图片来源).{0,12}摄?$|\s摄$")
_DATED_SUBTITLE = re.compile(r"——\s*(?:\d{4}\s*年|在|（)")
_NOTE_MARK = re.compile(r"\s*[\[［]\d{1,2}[\]］]$")


_LETTER_SPACED = re.compile(r"^(?:[\u4e00-\u9fff][ \u3000\t]+){3,}[\u4e00-\u9fff]$")
_HAN_GAP = re.compile(r"(?<=[\u4e00-\u9fff])[ \u3000\t]+(?=[\u4e00-\u9fff])")
# What 范文 sites add to a title: 「…范文」, 「…2022年范文精选」, 「…范文汇编8篇」, 「…（精选8篇）」, 「…（精选多篇）」, 「….docx」,
# 「… 供借鉴」
_SITE_NOTE = re.compile(
    r"(?:\s*[（(]\s*(?:精选|优质|推荐|热门|通用|优秀)?\s*(?:\d+|多)\s*篇\s*[)）]"
    r"|(?:\d{4}年?)?(?:最新|优秀|精选|热门)?范文(?:精选|大全|模板|汇编)?(?:\d+篇)?"
    r"|\s*[（(](?:范文|模板|范本|例文)[)）]|\.(?:docx?|pdf|wps)(?:VIP)?|VIP免费"
    r"|\s+仅?供(?:借鉴|参考|学习|大家参考))+$"
)
# a 文库 preview's page number in front of a title that opens with its year: 「1 2021年…总结」
_PAGE_BEFORE_YEAR = re.compile(r"^\d{1,2}[ \u3000]+(?=(?:19|20)\d\d\s*年)")


def despace(text: str) -> str:
    """「国 家 粮 食 应 急 预 案」 letter-spaced for layout reads 国家粮食应急预案."""
    return _HAN_GAP.sub("", text) if _LETTER_SPACED.match(text.strip()) else text


def _title_text(text: str) -> str:
    """The title as a reader names it: no note mark [1], no dated subtitle (——2024年3月5日在…), no
    letter spacing, no note a 范文 site added (范文, （精选8篇）)."""
    text = _NOTE_MARK.sub("", clean_title(despace(strip_title_label(_PAGE_BEFORE_YEAR.sub("", text.strip())))))
    text = headline_title(text) or text  # 「最新…总结通用范文3篇 …范文大全」 (fanwen.py)
    m = _DATED_SUBTITLE.search(text)
    if m and m.start() >= 4:
        text = text[: m.start()]
    bare = _SITE_NOTE.sub("", text).strip()
    return (bare if len(bare) >= 4 else text).strip()


# A site's search words before the page (four or more short phrases between commas, no sentence in them)
_KEYWORD_LIST = re.compile(r"[^，,。；;：:！？!?\s]{2,16}(?:[，,][^，,。；;：:！？!?\s]{2,16}){3,}")


def single_title(blocks: list[Block], fallback: str) -> tuple[Block | None, list[Block], str]:
    """The title of a one-document file: its first line when title-shaped, else the file name.

    A letterhead (「某某办公厅 文件」, issuing number 〔2019〕860号) or a photo credit is not
    the title: the first title-shaped line below it is, and the skipped lines follow it as
    body.  A title set on two lines followed by a ——subtitle line keeps both lines.
    """
    if not blocks:
        return None, blocks, fallback
    if len(blocks) > 1 and (_TOC_LINE.fullmatch(blocks[0].text) or _KEYWORD_LIST.fullmatch(blocks[0].text.strip())):
        # 「- 目录」 over a page's first piece, or a site's list of search words (「甲乙,丙丁,…」): no title
        block, rest, title = single_title(blocks[1:], fallback)
        return block, [blocks[0], *rest] if block is not None else blocks, title
    bars = _BAR_TAIL.match(blocks[0].text)  # 「某镇…年度报告 | |||||」: a page's title cell and its empty cells
    if bars and looks_like_title(bars.group(1)):
        return blocks[0], blocks[1:], _title_text(bars.group(1))
    first = blocks[0].text.replace(" ", "")
    if _LETTERHEAD.search(first) or _PHOTO_CREDIT.search(blocks[0].text):
        for i, block in enumerate(blocks[1:7], 1):
            if _LETTERHEAD.search(block.text.replace(" ", "")):
                continue
            n = _title_lines(blocks[i:]) if looks_like_title(block.text) else 1
            text = clean_title("".join(b.text.strip() for b in blocks[i:i + n]))
            if looks_like_title(text) and (_DOC_TITLE.search(text) or _PHOTO_CREDIT.search(blocks[0].text)):
                if i == 1 and _issuer_line(blocks[0], block, text):  # 「南宫市人民政府」+「关于印发…的通知」
                    return replace(blocks[0], text=blocks[0].text.strip() + text), blocks[n + 1:], \
                        _title_text(blocks[0].text.strip() + text)
                return replace(block, text=text), blocks[:i] + blocks[i + n:], _title_text(text)
    if page_marked_title(blocks[0].text):
        return blocks[0], blocks[1:], _title_text(blocks[0].text)
    late = _late_title(blocks) or (headline_restated(blocks, _title_lines) if looks_like_title(first) else None)
    if late:
        lines = _title_lines(blocks[late:])
        joined = replace(blocks[late], text="".join(b.text.strip() for b in blocks[late:late + lines]))
        title = _title_text("".join(despace(b.text.strip()) for b in blocks[late:late + lines]))
        return joined, blocks[:late] + blocks[late + lines:], title
    restated = _restated_title(blocks) or repeated_headline(blocks, looks_like_title)
    if restated:
        return blocks[restated], blocks[:restated] + blocks[restated + 1:], _title_text(blocks[restated].text)
    if looks_like_title(blocks[0].text) and not heads_first_section(blocks, KIND_WORD):
        lines = _title_lines(blocks)
        if lines > 1:
            # one title set on two or three lines (「XX镇…整治提升」+「实施方案」): one title paragraph
            joined = replace(blocks[0], text="".join(b.text.strip() for b in blocks[:lines]))
            title = _title_text("".join(despace(b.text.strip()) for b in blocks[:lines]))
            return joined, blocks[lines:], title or fallback
        title = _title_text(blocks[0].text) or fallback
        if (len(blocks) > 2 and looks_like_title(blocks[1].text) and len(blocks[1].text) <= 40
                and blocks[2].text.lstrip().startswith("——")
                and despace(blocks[1].text.strip()) not in title):  # not 「政 府 工 作 报 告」 restated
            title = f"{title} {clean_title(blocks[1].text)}"
        return blocks[0], blocks[1:], title
    return None, blocks, fallback


_ISSUER = re.compile(r"^[\u4e00-\u9fff]{2,24}(人民政府|办公厅|办公室|委员会)$")


def _issuer_line(first: Block, nxt: Block, title: str) -> bool:
    """A title set on two lines: the issuing body alone on the first (not a 「…文件」 letterhead), then
    「关于…」 right below it (no blank line between)."""
    return bool(_ISSUER.match(first.text.strip())) and title.startswith("关于") and nxt.blank_before == 0


_KIND_END = re.compile(r"(方案|通知|计划|总结|报告|讲话|要点|意见|办法|规定|决定|通报|规划|细则|安排|汇报|发言|"
                       r"材料|提纲|函|批复|通告|公告|预案|请示|条例|规则|纪要)书?》?(的通知)?$")


def _title_lines(blocks: list[Block]) -> int:
    """How many lines the title is set on (1–3): the next line finishes it when the title so far has an
    unclosed 《, or does not yet name its kind of document and the next line (short, title-shaped, no
    subtitle) ends with one.  A title opening with 关于 may run over three lines and a blank line."""
    first = blocks[0].text.strip()
    if len(first) <= _PIECE_MAX and (pieces := _title_pieces(blocks)):
        return pieces
    opens = "关于" in first[:24]  # 「关于…」 or 「某某办公厅关于…」
    text = first
    for n in range(1, min(3, len(blocks))):
        nxt = blocks[n]
        line = nxt.text.strip()
        if (nxt.blank_before > (1 if opens else 0) or not looks_like_title(line)
                or line.startswith(("——", "（", "(")) or _KIND_END.search(text)):
            return n if _KIND_END.search(text) or n == 1 else 1
        line = despace(line)  # 「应 急 预 案」 set letter-spaced on its own line
        if text.count("《") > text.count("》") or (len(line) <= (40 if opens else 12) and _KIND_END.search(line)):
            return n + 1
        if not opens or len(line) > 40:
            return 1
        text += line
    return 1


_PIECE_MAX = 4


def _title_pieces(blocks: list[Block]) -> int:
    """「XX」「镇」「2023」「年政府工作报告」: a PDF's text layer broke the title wherever the script changes.  Up
    to six lines, none after a blank line, each but the last at most _PIECE_MAX characters, join while the whole
    stays title-shaped (≤ 40 characters) and ends in a kind of document; 0 when they do not."""
    text = ""
    for n, block in enumerate(blocks[:6]):
        line = block.text.strip()
        if (n and (block.blank_before or _han(text[-1]) == _han(line[0]))) or not line \
                or _SENTENCE_PUNCT.search(line) or len(text + line) > 40:
            return 0  # each break falls where the script changes (「镇」|「2023」), never between two Han words
        text += line
        if n and _KIND_END.search(text):
            return n + 1
        if len(line) > _PIECE_MAX:
            return 0
    return 0


def _han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def _late_title(blocks: list[Block]) -> int | None:
    """A first line that is no title (a forum thread's 「…通告：今年取消！」) above a document title
    that opens with 关于 or names its kind: the index of that title."""
    if not blocks or looks_like_title(blocks[0].text):
        return None
    # an addressee line (「各县、区人民政府：」) opens a notice printed without its title: the title of what it
    # issues may come after the notice's few lines and its dateline
    reach = 7 if blocks[0].text.strip().endswith(("：", ":")) else 4
    for i, block in enumerate(blocks[1:reach], 1):
        text = block.text.strip()
        lines = _title_lines(blocks[i:]) if looks_like_title(text) else 1
        whole = "".join(despace(b.text.strip()) for b in blocks[i:i + lines])
        if looks_like_title(text) and (text.startswith("关于") or _KIND_END.search(whole)) and len(whole) >= 6:
            return i
    return None


def _restated_title(blocks: list[Block]) -> int | None:
    """A page headline 「习近平：在全国政协新年茶话会上的讲话」 whose document states its own title
    below it (「在全国政协新年茶话会上的讲话」): the index of that line."""
    head = blocks[0].text.strip()
    m = re.match(r"^[^：:]{2,12}[：:]\s*(.{4,})$", head)
    if not m:
        return None
    key = re.sub(r"\s+", "", m.group(1))
    for i, block in enumerate(blocks[1:8], 1):
        if re.sub(r"\s+", "", block.text) == key:
            return i
    return None
