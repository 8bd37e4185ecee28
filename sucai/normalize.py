"""The one text normaliser: indexing, querying, highlighting and the originality check all use it.

Steps, in this order, each applied character by character so that a substring of the original text
always normalises to a substring of the normalised text:

1. width folding: NFKC of each character (１２３ → 123, ＡＢＣ → ABC, ，→ ,), and every whitespace
   character but "\n" (tab, ideographic space, no-break space) becomes a plain space;
2. publisher masks from ``sucai/data/masks.tsv`` (D建 → 党建, DK → 党课, TD日 → 主题党日, AAA → 微信,
   DP → GDP) where the masked letters stand alone next to a Han character, so 3D, CAD or an English
   "D" are left alone;
3. case folding (``str.casefold``);
4. traditional → simplified with OpenCC's ``t2s`` character table (黨 → 党), one character at a time:
   phrase-level conversion would make a character's result depend on its neighbours and break the
   substring property.

``normalize(text)`` is the fast form used for indexing and queries.  ``normalize_map(text)`` also
returns, for every normalised character, the span of original characters it came from, so a match
found in normalised text can be highlighted on exactly the characters a reader sees.
``fingerprint()`` changes whenever the output of the normaliser may change; indexes store it and
rebuild when it differs.
"""

from __future__ import annotations

import hashlib
import re
import sys
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

# Bump when the normalisation logic changes (table or data changes are covered by fingerprint()).
NORMALIZER_VERSION = 2

MASKS_PATH = Path(__file__).resolve().parent / "data" / "masks.tsv"

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_HAN_RE = re.compile(f"[{_HAN}]")
# Ranges whose characters may change under t2s; all other characters are left to casefold only.
_CJK_RANGES = ((0x2E80, 0x2FDF), (0x3000, 0x303F), (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF),
               (0x20000, 0x3134F))


@dataclass(frozen=True)
class Mask:
    core: str  # the masked Latin letters, e.g. "TD"
    before: str  # Han context required before the core (kept as is)
    after: str  # Han context required after the core (kept as is)
    replacement: str  # what the core stands for, e.g. "主题党"


def _split_context(masked: str, meaning: str) -> Mask:
    """Turn a table row such as TD日 → 主题党日 into core TD → 主题党 with context 日 after."""
    core_start = next((i for i, ch in enumerate(masked) if ch.isascii()), len(masked))
    core_end = len(masked)
    while core_end > core_start and not masked[core_end - 1].isascii():
        core_end -= 1
    before, core, after = masked[:core_start], masked[core_start:core_end], masked[core_end:]
    if not core or not core.isascii() or not core.isalpha():
        raise ValueError(f"masks.tsv: 遮蔽形式必须含英文字母部分：{masked}")
    if not meaning.startswith(before) or not meaning.endswith(after) or len(meaning) < len(before + after):
        raise ValueError(f"masks.tsv: 上下文汉字必须在含义中保留：{masked} → {meaning}")
    return Mask(core, before, after, meaning[len(before):len(meaning) - len(after)])


@lru_cache(maxsize=1)
def load_masks(path: Path = MASKS_PATH) -> tuple[Mask, ...]:
    masks = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        masked, meaning = (part.strip() for part in line.split("\t")[:2])
        masks.append(_split_context(masked, meaning))
    # Longer forms first so DK wins over D.
    return tuple(sorted(masks, key=lambda m: -len(m.core + m.before + m.after)))


@lru_cache(maxsize=1)
def _mask_regex() -> tuple[re.Pattern[str], dict[tuple[str, str, str], str]]:
    parts = []
    lookup = {}
    for mask in load_masks():
        before = f"(?<={re.escape(mask.before)})" if mask.before else ""
        after = f"(?={re.escape(mask.after)})" if mask.after else ""
        parts.append(f"{before}{re.escape(mask.core)}{after}")
        lookup[(mask.core, mask.before, mask.after)] = mask.replacement
    # Letters must stand alone: no Latin letter or digit before (3D), no Latin letter after (CAD).
    pattern = re.compile(f"(?<![A-Za-z0-9])(?:{'|'.join(parts)})(?![A-Za-z])")
    return pattern, lookup


def _mask_replacement(text: str, start: int, end: int) -> str | None:
    """The replacement for a mask candidate text[start:end], or None when it is not next to Han."""
    prev_han = start > 0 and _HAN_RE.match(text, start - 1) is not None
    next_han = end < len(text) and _HAN_RE.match(text, end) is not None
    if not (prev_han or next_han):
        return None
    core = text[start:end]
    for mask in load_masks():
        if mask.core != core:
            continue
        if mask.before and not text.startswith(mask.before, start - len(mask.before)):
            continue
        if mask.after and not text.startswith(mask.after, end):
            continue
        return mask.replacement
    return None


def restore_masks(text: str) -> str:
    """The text as a writer wants to use it: every publisher mask replaced by its meaning
    (「D的二十大」 → 「党的二十大」, 「D建」 → 党建, 「DK」 → 党课); nothing else changes.  The stored text
    keeps the published form."""
    pattern, _ = _mask_regex()
    if not pattern.search(text):
        return text
    out: list[str] = []
    pos = 0
    for m in pattern.finditer(text):
        meaning = _mask_replacement(text, m.start(), m.end())
        if meaning is None:
            continue
        out.append(text[pos:m.start()])
        out.append(meaning)
        pos = m.end()
    out.append(text[pos:])
    return "".join(out)


@lru_cache(maxsize=1)
def _width_table() -> dict[int, str]:
    table = {}
    for cp in range(sys.maxunicode + 1):
        if 0xD800 <= cp <= 0xDFFF:
            continue
        ch = chr(cp)
        if ch.isspace() and ch != "\n":  # "\n" separates paragraphs in indexes; never fold it
            table[cp] = " "
        elif unicodedata.decomposition(ch):
            out = unicodedata.normalize("NFKC", ch)
            if out != ch:
                table[cp] = out
    return table


@lru_cache(maxsize=1)
def _fold_table() -> dict[int, str]:
    """casefold then t2s, per character, iterated to a fixed point so normalisation is idempotent."""
    import opencc

    converter = opencc.OpenCC("t2s")
    cjk = [chr(cp) for lo, hi in _CJK_RANGES for cp in range(lo, hi + 1)]
    converted = converter.convert("\n".join(cjk)).split("\n")
    t2s = {}
    if len(converted) == len(cjk):
        t2s = {src: dst for src, dst in zip(cjk, converted, strict=False) if dst and src != dst}
    else:  # a multi-line mapping would misalign the batch; fall back to one call per character
        for src in cjk:
            dst = converter.convert(src)
            if dst != src:
                t2s[src] = dst

    def once(ch: str) -> str:
        return "".join(t2s.get(c, c) for c in ch.casefold())

    candidates = set(t2s)
    for cp in range(sys.maxunicode + 1):
        ch = chr(cp)
        if ch.casefold() != ch:
            candidates.add(ch)
    table = {}
    for ch in candidates:
        out = once(ch)
        if out == ch:
            continue
        for _ in range(4):
            nxt = "".join(once(c) for c in out)
            if nxt == out:
                break
            out = nxt
        table[ord(ch)] = out
    return table


def _tables() -> tuple[dict[int, str], dict[int, str]]:
    return _width_table(), _fold_table()


@lru_cache(maxsize=2)
def _lut(which: str) -> tuple[np.ndarray, np.ndarray]:
    """A table as a code-point lookup array plus a flag array for characters that expand."""
    table = _width_table() if which == "width" else _fold_table()
    lut = np.arange(sys.maxunicode + 1, dtype=np.uint32)
    expands = np.zeros(sys.maxunicode + 1, dtype=bool)
    for cp, out in table.items():
        if len(out) == 1:
            lut[cp] = ord(out)
        else:
            expands[cp] = True
    return lut, expands


_NUMPY_MIN = 512  # below this, str.translate beats the array round trip


def _translate(text: str, which: str) -> str:
    if len(text) < _NUMPY_MIN:
        return text.translate(_width_table() if which == "width" else _fold_table())
    lut, expands = _lut(which)
    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    if expands[codes].any():
        return text.translate(_width_table() if which == "width" else _fold_table())
    return lut[codes].tobytes().decode("utf-32-le")


@lru_cache(maxsize=1)
def fingerprint() -> str:
    """Identifies the normaliser's behaviour: logic version, mask table, OpenCC data, Unicode version."""
    import opencc

    digest = hashlib.sha256()
    digest.update(f"{NORMALIZER_VERSION}|{unicodedata.unidata_version}|".encode())
    digest.update(getattr(opencc, "__version__", "?").encode())
    digest.update(MASKS_PATH.read_bytes())
    return f"n{NORMALIZER_VERSION}-{digest.hexdigest()[:16]}"


def _apply_masks(text: str) -> str:
    pattern, _ = _mask_regex()

    def repl(m: re.Match[str]) -> str:
        out = _mask_replacement(text, m.start(), m.end())
        return m.group() if out is None else out

    return pattern.sub(repl, text)


def normalize(text: str) -> str:
    """The normalised form of text (fast path: two table translations and one regex pass)."""
    return _translate(_apply_masks(_translate(text, "width")), "fold")


@dataclass(frozen=True)
class Normalized:
    """Normalised text with, per normalised character, the original span [starts[i], ends[i])."""

    source: str
    text: str
    starts: tuple[int, ...] | range
    ends: tuple[int, ...] | range

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """The original span that shows the normalised span [start, end) to a reader."""
        if end <= start:
            pos = self.starts[start] if start < len(self.text) else len(self.source)
            return pos, pos
        return self.starts[start], self.ends[end - 1]


def normalize_map(text: str) -> Normalized:
    """normalize() plus the offset map back to text."""
    width, fold = _tables()
    wide = text.translate(width)
    pattern, _ = _mask_regex()
    folded = wide.translate(fold) if pattern.search(wide) is None else None
    if folded is not None and len(wide) == len(text) and len(folded) == len(text):
        return Normalized(text, folded, range(len(text)), range(1, len(text) + 1))
    # Slow path: track every character through each step.
    w_src: list[int] = []
    for i, ch in enumerate(text):
        w_src.extend([i] * len(width.get(ord(ch), ch)))
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []

    def emit(chars: str, start: int, end: int) -> None:
        for c in chars:
            for o in fold.get(ord(c), c):
                out.append(o)
                starts.append(start)
                ends.append(end)

    pos = 0
    for m in pattern.finditer(wide):
        replacement = _mask_replacement(wide, m.start(), m.end())
        if replacement is None:
            continue
        for j in range(pos, m.start()):
            emit(wide[j], w_src[j], w_src[j] + 1)
        emit(replacement, w_src[m.start()], w_src[m.end() - 1] + 1)
        pos = m.end()
    for j in range(pos, len(wide)):
        emit(wide[j], w_src[j], w_src[j] + 1)
    return Normalized(text, "".join(out), tuple(starts), tuple(ends))
