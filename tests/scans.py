"""Render real texts to scanned-looking A4 pages (200 dpi) with their source text as truth.

Used by the OCR tests and bench/ocr.py; nothing here is committed as an image.  Each seed
varies the layout (font size, margins, line spacing, indent, heading font, header line, page
number style, a red 版头 and a stamp or not) and the damage (skew, blur, specks, JPEG), so the
reader is never tuned to one page.
"""

from __future__ import annotations

import io
import random
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont

DPI = 200
A4 = (1654, 2339)  # 210 × 297 mm at 200 dpi
FONT_DIR = Path("/usr/share/fonts/opentype/noto")
SERIF = FONT_DIR / "NotoSerifCJK-Regular.ttc"
SERIF_BOLD = FONT_DIR / "NotoSerifCJK-Bold.ttc"
SANS_BOLD = FONT_DIR / "NotoSansCJK-Bold.ttc"
SC = 2  # index of the Simplified Chinese face in the Noto CJK collections (JP, KR, SC, TC, HK)
_NO_LINE_START = set("，。、；：？！”’」』）》〉%)")
_CHAPTER = re.compile(r"^第[一二三四五六七八九十百]+[编章节](?:\s|$)")
_HEADING = re.compile(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|第[一二三四五六七八九十百]+[章节])")


def fonts_available() -> bool:
    return SERIF.exists() and SANS_BOLD.exists()


@dataclass
class Scan:
    """Pages of one rendered document and the lines of source text printed on them."""

    name: str
    pages: list[Image.Image]
    truth: list[str]
    layout: dict = field(default_factory=dict)

    def pdf_bytes(self) -> bytes:
        buf = io.BytesIO()
        rgb = [p.convert("RGB") for p in self.pages]
        rgb[0].save(buf, format="PDF", save_all=True, append_images=rgb[1:], resolution=DPI)
        return buf.getvalue()

    def png_bytes(self, page: int = 0) -> bytes:
        buf = io.BytesIO()
        self.pages[page].save(buf, format="PNG")
        return buf.getvalue()


def _font(path: Path, px: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(path), px, index=SC)


def _layout(rng: random.Random) -> dict:
    pt = rng.choice([14, 15, 16, 16])
    size = round(pt * DPI / 72)
    return {
        "size": size,
        "leading": rng.uniform(1.45, 1.85),
        "left": rng.randint(190, 235),
        "right": rng.randint(180, 225),
        "top": rng.randint(250, 300),
        "bottom": rng.randint(240, 290),
        "heading_font": rng.choice(["sans", "serif_bold"]),
        "header": rng.random() < 0.4,
        "page_number": rng.choice(["dash", "dash", "plain", "of"]),
        "banner": rng.random() < 0.6,
        "stamp": rng.random() < 0.6,
        "skew": rng.uniform(-0.7, 0.7),
        "blur": rng.uniform(0.4, 0.9),
        "specks": rng.randint(80, 400),
        "jpeg": rng.random() < 0.5,
    }


def _wrap(text: str, font: ImageFont.FreeTypeFont, width: int, indent: float) -> list[tuple[str, float]]:
    """Break `text` into (line, x offset) pairs no wider than `width`; no line starts with closing punctuation."""
    lines: list[tuple[str, float]] = []
    line, x0 = "", indent
    for ch in text:
        if line and font.getlength(line + ch) > width - x0 and ch not in _NO_LINE_START:
            lines.append((line, x0))
            line, x0 = "", 0.0
        line += ch
    if line:
        lines.append((line, x0))
    return lines


class _Pager:
    """Lays lines onto pages top to bottom and starts a new page when the text area is full."""

    def __init__(self, lay: dict, header: str) -> None:
        self.lay, self.header = lay, header
        self.pages: list[Image.Image] = []
        self.y = 0.0
        self._new_page()

    def _new_page(self) -> None:
        page = Image.new("RGB", A4, "white")
        self.pages.append(page)
        self.draw = ImageDraw.Draw(page)
        self.y = self.lay["top"]
        if self.lay["header"] and len(self.pages) > 1:
            small = _font(SERIF, round(self.lay["size"] * 0.7))
            self.draw.text((self.lay["left"], self.lay["top"] - 110), self.header, font=small, fill=(70, 70, 70))
            self.draw.line((self.lay["left"], self.lay["top"] - 70, A4[0] - self.lay["right"],
                            self.lay["top"] - 70), fill=(90, 90, 90), width=2)

    def room(self, height: float) -> bool:
        return self.y + height <= A4[1] - self.lay["bottom"]

    def line(self, text: str, font: ImageFont.FreeTypeFont, x: float, step: float, fill=(0, 0, 0)) -> bool:
        """Draw one line; False when it starts a new page first."""
        turned = not self.room(step)
        if turned:
            self._new_page()
        self.draw.text((x, self.y), text, font=font, fill=fill)
        self.y += step
        return turned


def _banner(pager: _Pager, rng: random.Random) -> None:
    """A red 版头 (issuing office in large red type over a red rule) and a document number."""
    red = (200 + rng.randint(0, 40), rng.randint(0, 40), rng.randint(0, 40))
    office = rng.choice(["岚川县人民政府文件", "岚川县农业农村局", "中共岚川县委办公室", "云溪镇人民政府文件"])
    big = _font(SERIF_BOLD, 112)
    width = big.getlength(office)
    pager.draw.text(((A4[0] - width) / 2, pager.y), office, font=big, fill=red)
    pager.y += 190
    number = _font(SERIF, pager.lay["size"])
    no = f"岚政发〔2024〕{rng.randint(1, 60)}号"
    pager.draw.text(((A4[0] - number.getlength(no)) / 2, pager.y), no, font=number, fill=(0, 0, 0))
    pager.y += pager.lay["size"] * 1.6
    pager.draw.line((pager.lay["left"] - 20, pager.y, A4[0] - pager.lay["right"] + 20, pager.y), fill=red, width=5)
    pager.y += pager.lay["size"] * 1.5


def _stamp(page: Image.Image, x: float, y: float, rng: random.Random) -> None:
    """A red seal over whatever text is under it; ink multiplies, so black print stays black."""
    seal = Image.new("RGB", (380, 380), "white")
    draw = ImageDraw.Draw(seal)
    red = (225, 40, 50)
    draw.ellipse((10, 10, 370, 370), outline=red, width=12)
    star = _font(SANS_BOLD, 110)
    draw.text((130, 120), "★", font=star, fill=red)
    label = _font(SANS_BOLD, 44)
    draw.text((70, 270), rng.choice(["岚川县人民政府", "岚川县农业农村局", "云溪镇人民政府"]), font=label, fill=red)
    box = (int(x), int(y), int(x) + 380, int(y) + 380)
    page.paste(ImageChops.multiply(page.crop(box), seal), box)


def _page_numbers(pages: list[Image.Image], lay: dict) -> None:
    font = _font(SERIF, round(lay["size"] * 0.85))
    for n, page in enumerate(pages, 1):
        label = {"dash": f"— {n} —", "plain": str(n), "of": f"第 {n} 页 共 {len(pages)} 页"}[lay["page_number"]]
        width = font.getlength(label)
        x = (A4[0] - width) / 2 if lay["page_number"] != "dash" else (
            A4[0] - lay["right"] - width if n % 2 else lay["left"])
        ImageDraw.Draw(page).text((x, A4[1] - lay["bottom"] + 90), label, font=font, fill=(0, 0, 0))


def _damage(page: Image.Image, lay: dict, rng: random.Random) -> Image.Image:
    draw = ImageDraw.Draw(page)
    for _ in range(lay["specks"]):
        x, y, r = rng.randint(0, A4[0]), rng.randint(0, A4[1]), rng.choice([1, 1, 2, 3])
        shade = rng.randint(0, 120)
        draw.ellipse((x, y, x + r, y + r), fill=(shade, shade, shade))
    page = page.rotate(lay["skew"], resample=Image.BICUBIC, fillcolor="white")
    page = page.filter(ImageFilter.GaussianBlur(lay["blur"]))
    if lay["jpeg"]:
        buf = io.BytesIO()
        page.save(buf, format="JPEG", quality=rng.randint(60, 85))
        page = Image.open(io.BytesIO(buf.getvalue())).convert("RGB")
    return page


def render(name: str, text: str, seed: int, max_pages: int = 3) -> Scan:
    """Render the text (first line its title) on at most `max_pages` pages, whole paragraphs only."""
    rng = random.Random(seed)
    lay = _layout(rng)
    body = _font(SERIF, lay["size"])
    heading = _font(SANS_BOLD if lay["heading_font"] == "sans" else SERIF_BOLD, lay["size"])
    title_font = _font(SERIF_BOLD, round(lay["size"] * 1.35))
    width = A4[0] - lay["left"] - lay["right"]
    paras = [ln.strip() for ln in text.splitlines() if ln.strip()]
    pager = _Pager(lay, paras[0][:24])
    if lay["banner"]:
        _banner(pager, rng)
    truth: list[str] = []
    for i, para in enumerate(paras):
        if i == 0:
            font, indent = title_font, None
        elif _CHAPTER.match(para) and len(para) < 30:
            font, indent = heading, None  # a law's 第一章 总则 is centred
        elif _HEADING.match(para) and len(para) < 40:
            font, indent = heading, 2 * lay["size"]
        else:
            font, indent = body, 2 * lay["size"]
        step = font.size * lay["leading"]
        wrapped = _wrap(para, font, width, indent or 0)
        if len(pager.pages) == max_pages and not pager.room(step * len(wrapped)):
            break
        for line, x in wrapped:
            left = (A4[0] - font.getlength(line)) / 2 if indent is None else lay["left"] + x
            turned = pager.line(line, font, left, step)
            if turned and len(pager.pages) > max_pages:
                pager.pages.pop()
                break
        else:
            truth.append(para)
            if i == 0:
                pager.y += step * 0.5
            continue
        break
    if lay["stamp"]:
        _stamp(pager.pages[-1], A4[0] - lay["right"] - 420, max(lay["top"], pager.y - 260), rng)
    _page_numbers(pager.pages, lay)
    pages = [_damage(p, lay, rng) for p in pager.pages]
    return Scan(name=name, pages=pages, truth=truth, layout=lay)


# ---------------------------------------------------------------- measures

_SKIP = re.compile(r"\s+")


def trigrams(text: str) -> Counter[str]:
    """Character 3-grams of a text as search sees it: widths folded (９．１％ is 9.1%), no spaces."""
    text = _SKIP.sub("", unicodedata.normalize("NFKC", text))
    return Counter(text[i:i + 3] for i in range(len(text) - 2))


def trigram_recall(truth: str, read: str) -> float:
    """Share of the truth's character 3-grams (with repeats) that the OCR text also has."""
    want, got = trigrams(truth), trigrams(read)
    total = sum(want.values())
    return sum(min(n, got[g]) for g, n in want.items()) / total if total else 1.0


def headings(doc, depth: int = 2) -> list[tuple[int, str]]:
    return [(n.level, n.marker + n.heading) for n in doc.nodes if n.level <= depth]


def outline_f1(truth: list[tuple[int, str]], read: list[tuple[int, str]]) -> float:
    """F1 of level-1/2 headings; a heading matches one at the same level whose text is at least
    80% alike (OCR may misread a character of it)."""
    if not truth and not read:
        return 1.0
    unused = list(read)
    hits = 0
    for level, text in truth:
        for j, (lv, other) in enumerate(unused):
            if lv == level and SequenceMatcher(None, text, other).ratio() >= 0.8:
                hits += 1
                del unused[j]
                break
    if not hits:
        return 0.0
    precision, recall = hits / len(read), hits / len(truth)
    return 2 * precision * recall / (precision + recall)


# ---------------------------------------------------------------- documents

SAMPLES = Path(__file__).resolve().parent.parent / "sucai" / "samples" / "library"
CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "text"  # as tests/conftest.py
# The texts the OCR layout rules were looked at against while they were written; every other
# document is held out and only measured.
TUNED = ("岚川县农业农村局2024年工作要点.txt", "岚川县医疗保障局2023年工作总结和2024年工作计划.txt",
         "gov-2026-prov-01.txt", "gov-2004-national.txt", "law-0002.txt")


def corpus_root() -> Path:
    import os

    return Path(os.environ.get("SUCAI_CORPUS", CORPUS))


def held_out(count: int) -> list[Path]:
    """Documents never looked at while tuning: the other samples, then an even spread of corpus
    reports and laws."""
    samples = [p for p in sorted(SAMPLES.glob("*.txt")) if p.name not in TUNED and "汇编" not in p.name]
    root = corpus_root()
    corpus = [p for p in sorted(root.glob("*.txt")) if p.name not in TUNED] if root.is_dir() else []
    reports = [p for p in corpus if p.name.startswith(("gov-", "statbulletin"))]
    laws = [p for p in corpus if p.name.startswith("law-")]
    picked = samples[:count // 2] + reports[::max(1, len(reports) // 4)][:count // 4]
    picked += laws[::max(1, len(laws) // 8)]
    return picked[:count]


def tuned() -> list[Path]:
    root = corpus_root()
    return [p for p in (SAMPLES / n if (SAMPLES / n).exists() else root / n for n in TUNED) if p.exists()]


def source_text(path: Path) -> str:
    """The document's text, its title first (corpus files carry a source line or two after it)."""
    from sucai.ingest.readers import decode_text

    lines = [ln.strip() for ln in decode_text(path.read_bytes(), str(path)).splitlines() if ln.strip()]
    lines = [re.sub(r"^#+\s*", "", ln) for ln in lines]  # corpus laws mark headings in Markdown; print does not
    return "\n".join(ln for ln in lines if not re.match(r"^(来源|时间|发布时间|作者)[:：]", ln))
