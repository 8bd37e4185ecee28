"""A small learned test for the page chrome no rule names: a logistic regression over line features.

The chrome rules (sucai/data/adverts.txt, chrome.txt) and the furniture shapes (furniture.py) name the chrome
of sites seen before.  What a new site adds (「• 发文机构:…」, 「[ 索引号 ] | … | [ 发文字号 ] | …」, 「|来源:某某网」,
「• 【字体:」) still has the shape of chrome: a short line in the head of the page, above its first sentence of
prose, made of a field label and its value, bullets, brackets and separators, digits, a site name or a
furniture word.  This module scores those head lines (after the rules have run) with weights learned from the
labelled sample pages (tests/samples/real/labels.jsonl; `python bench/train_chrome.py` retrains them, and
`--loro` estimates how well they carry over to a round of pages not trained on) and removes a line only when
the score is high.  The text from the first line of prose on (20 characters or more with sentence
punctuation) is never scored: a document's closing lines (联系人：…, 抄送：…) have the shape of page fields too.

The weights live in sucai/data/chrome_model.json, one per named feature, so each decision can be read off:
`explain(texts, i)` lists the features of a line with their contributions.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .titles import KIND_WORD

DATA = Path(__file__).resolve().parents[1] / "data" / "chrome_model.json"
LINE_MAX = 80  # chrome is short; a longer line is never scored

_HAN = re.compile(r"[\u4e00-\u9fff]")
_DIGIT = re.compile(r"\d")
_LATIN = re.compile(r"[A-Za-z]")
_PROSE = re.compile(r"[。，；！？,;!?]")
_SENTENCE_END = re.compile(r"[。！？；;!?]$")
_SEPARATOR = re.compile(r"[|｜丨│┃>＞»›→]")
_FIELD = re.compile(r"^[\W_]{0,3}[\u4e00-\u9fff][\u4e00-\u9fff \u3000]{1,6}[\]】］]?\s*[:：|｜]")
_COLON = re.compile(r"[:：]")
_SITE = re.compile(r"(?:网|文库|图书馆|网站|百科|之家|频道|论坛|(?:文学|范文|文档|作文|资料)吧)(?:[,，\s]|$)")
_SITE_OPENS = re.compile(r"^[\u4e00-\u9fffA-Za-z0-9]{1,12}?(?:网|文库|图书馆|网站|百科|之家|频道|论坛)(?:[,，\s|｜_\-]|$)")
_KIND_END = re.compile(KIND_WORD.pattern + "$")
_DATE = re.compile(r"\d{4}\s*[-/.年]\s*\d{1,2}")
_URL = re.compile(r"https?:|www\.|\.(?:com|cn|net|org)\b", re.IGNORECASE)
_OPENER = re.compile(r"^[•·\-*\[【［|｜<《(（]")
_MARKER = re.compile(r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[)）]|\d{1,2}[、.．](?!\d)|第[一二三四五六七八九十]+[章条节部分])")
_DOC_NUMBER = re.compile(r"[〔\[［(（]\d{4}[〕\]］)）]\s*\d+\s*号")
_SPREAD = re.compile(r"[\u4e00-\u9fff][ \u3000]+(?=[\u4e00-\u9fff])")
_ORG_END = re.compile(r"(?:政府|委员会|办公室|办公厅|局|办事处|街道|镇|乡|村|公司|学校|中心|党委|支部)$")
_ENDS_COLON = re.compile(r"[:：][^\w\u4e00-\u9fff]{0,2}$")
# whom a document addresses (「各位代表：」, 「尊敬的各位领导、同志们:」): a colon that is no page field's
_ADDRESSEE = re.compile(r"(?:同志|代表|委员|领导|来宾|朋友|老师|同学|家长|各位|尊敬|亲爱|女士|先生|们)[们]?[:：]\s*$")
_COUNT = re.compile(r"\d{3,5}\s*字|\d+\s*篇|篇[一二三四五六七八九十]|第[一二三四五六七八九十\d]+篇")

FEATURES = (
    "bias", "near_prose", "first_line", "log_length", "short", "han", "digits", "latin", "separator",
    "field_label", "colons", "field_word", "furniture_word", "site_name", "sentence_end", "comma", "kind_end",
    "date", "url", "opener", "marker", "doc_number", "spread", "org_end", "counted", "repeated", "ends_colon", "enumeration",
    "site_opens", "addressee",
)


def is_prose(text: str) -> bool:
    return len(text) >= 20 and _PROSE.search(text) is not None


@dataclass(frozen=True)
class Page:
    """What the features of one line need to know of its page: the lines above its first line of prose."""
    texts: list[str]
    first: int  # the first line of prose
    top: int  # the first line that is not empty
    counts: Counter[str]  # the head lines, stripped
    words: tuple[str, ...]  # furniture words (furniture: entries), two characters or more
    fields: tuple[str, ...]  # disclosure-table field labels (field: entries)

    @classmethod
    def of(cls, texts: list[str], words: tuple[str, ...] = (), fields: tuple[str, ...] = ()) -> Page | None:
        first = next((i for i, t in enumerate(texts) if len(t) >= 20 and is_prose(t)), None)
        if not first:
            return None  # no head, or no prose to tell a head from
        top = next((i for i in range(first) if texts[i].strip()), first)
        return cls(texts, first, top, Counter(t.strip() for t in texts[:first]), _long_words(words), fields)


@lru_cache(maxsize=8)
def _long_words(words: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(w for w in words if len(w) >= 2)


@lru_cache(maxsize=16)
def _any_of(words: tuple[str, ...]) -> re.Pattern[str]:
    """One pattern finding any of the words (one that never matches for none)."""
    return re.compile("|".join(map(re.escape, sorted(words, key=len, reverse=True))) or r"(?!x)x")


_EDGE = r"\s|｜>»›·•:：\[\]【】()（）"


@lru_cache(maxsize=16)
def _edge_of(words: tuple[str, ...]) -> re.Pattern[str]:
    """One pattern finding any of the words opening or closing a piece of the line: 「收起」 is a button, not the
    inside of 「秋收起义」."""
    alts = "|".join(map(re.escape, sorted(words, key=len, reverse=True)))
    if not alts:
        return re.compile(r"(?!x)x")
    return re.compile(rf"(?:^|(?<=[{_EDGE}]))(?:{alts})|(?:{alts})(?=$|[{_EDGE}])")


def line_features(page: Page, i: int) -> list[float]:
    """The named features (FEATURES, in order) of line i of the page."""
    text = page.texts[i].strip()
    n = max(len(text), 1)
    squeezed = re.sub(r"\s+", "", text)
    distance = page.first - i
    return [
        1.0, 1.0 / max(distance, 1), float(i == page.top),
        math.log1p(len(text)), float(len(squeezed) <= 6),
        len(_HAN.findall(text)) / n, len(_DIGIT.findall(text)) / n, len(_LATIN.findall(text)) / n,
        float(bool(_SEPARATOR.search(text))), float(bool(_FIELD.match(text))), min(len(_COLON.findall(text)), 3) / 3,
        float(_any_of(page.fields).search(squeezed) is not None), float(_any_of(page.words).search(text) is not None and _edge_of(page.words).search(text) is not None),
        float(bool(_SITE.search(text))), float(bool(_SENTENCE_END.search(text))), float("，" in text or "," in text),
        float(bool(_KIND_END.search(squeezed))), float(bool(_DATE.search(text))), float(bool(_URL.search(text))),
        float(bool(_OPENER.match(text))), float(bool(_MARKER.match(text))), float(bool(_DOC_NUMBER.search(text))),
        float(len(_SPREAD.findall(text)) >= 2), float(bool(_ORG_END.search(squeezed))),
        float(bool(_COUNT.search(text))), float(page.counts[text] > 1),
        float(bool(_ENDS_COLON.search(text))), float("、" in text), float(bool(_SITE_OPENS.match(text))),
        float(bool(_ADDRESSEE.search(text))),
    ]


# Some mark of a page's machinery: a field label or colon, a separator, a bullet or bracket, a furniture or
# field word, a site name, an address, a count.  A line without any (a title, 「各位代表：」 aside) is never scored.
_EVIDENCE = ("field_label", "colons", "separator", "field_word", "furniture_word", "site_name", "url", "opener",
             "counted", "site_opens")
_EVIDENT = tuple(i for i, name in enumerate(FEATURES) if name in _EVIDENCE)


_MARKDOWN = re.compile(r"#|\[[^\]]*\]\([^)]*\)$")  # a heading or a link its author wrote in Markdown


def candidates(page: Page) -> list[tuple[int, list[float]]]:
    """The head lines that are scored, with their features: not empty, not too long, not a Markdown heading or
    link, some mark of a page's machinery on them.  The tail is left to the rules: a document's own closing lines
    (联系人：…, 抄送：…, 责任单位：…) have the shape of page fields."""
    out = []
    for i in range(page.first):
        text = page.texts[i].strip()
        if not text or len(text) > LINE_MAX or _MARKDOWN.match(text):
            continue
        features = line_features(page, i)
        if any(features[k] for k in _EVIDENT):
            out.append((i, features))
    return out


@lru_cache(maxsize=4)
def load_model(path: Path = DATA) -> tuple[tuple[float, ...], float]:
    """The weights in FEATURES order and the decision threshold."""
    data = json.loads(path.read_text(encoding="utf-8"))
    weights = data["weights"]
    return tuple(float(weights[name]) for name in FEATURES), float(data["threshold"])


def score(features: list[float], weights: tuple[float, ...]) -> float:
    z = sum(w * x for w, x in zip(weights, features, strict=True))
    return 1.0 / (1.0 + math.exp(-max(min(z, 30.0), -30.0)))


def model_chrome(texts: list[str], words: tuple[str, ...], fields: tuple[str, ...],
                 skip: set[int] | frozenset[int] = frozenset()) -> set[int]:
    """Indices of the head lines the model calls chrome; lines in `skip` (already removed) count as empty."""
    if skip:
        texts = [t if i not in skip else "" for i, t in enumerate(texts[:max(skip) + 1])] + texts[max(skip) + 1:]
    page = Page.of(texts, words, fields)
    if page is None:
        return set()
    weights, threshold = load_model(DATA)
    return {i for i, features in candidates(page) if score(features, weights) >= threshold}


def explain(texts: list[str], i: int, words: tuple[str, ...] = (), fields: tuple[str, ...] = ()) -> list[tuple[str, float]]:
    """Each feature's contribution to the score of line i (a head or tail line), largest first."""
    page = Page.of(texts, words, fields)
    if page is None:
        return []
    weights, _ = load_model(DATA)
    pairs = zip(FEATURES, weights, line_features(page, i), strict=True)
    return sorted(((name, w * x) for name, w, x in pairs if w * x), key=lambda p: -abs(p[1]))
