"""OCR for scanned pages: photos of pages (PNG/JPEG/TIFF) and the image-only pages of a PDF.

The engine is Debian's Tesseract with the chi_sim model, run as a child process per page.
bench/ocr.py measured it against RapidOCR (PP-OCRv4 models inside the rapidocr_onnxruntime wheel)
on rendered official pages: on held-out documents tesseract reached 0.96 character 3-gram recall
(RapidOCR 0.98) at about a quarter of the CPU time (1.7 against 7.4 CPU seconds per A4 page).
A child process also gives a hard per-page time limit and never holds the web server's
interpreter lock, so searches go on while a 50-page scan is read.

Red ink is removed before OCR: the red 版头 (issuing office) and seals are not body text.
Lines above the 版头's red rule on a first page (document number, signer) are dropped too.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import replace

from ..errors import ParseError
from ..models import Block
from .ocr_layout import Line, Page, paragraphs

PAGE_SECONDS = 120  # a page that takes longer than this is reported as unreadable
RENDER_DPI = 200
LANG = "chi_sim"
MAX_PIXELS = 60_000_000  # a page photo larger than this is refused (decompression bombs)

# Per-page progress for whoever runs the import (CLI bar, admin import job): (page, pages).
_PAGE_PROGRESS: ContextVar[Callable[[int, int], None] | None] = ContextVar("ocr_page_progress", default=None)


@contextmanager
def page_progress(callback: Callable[[int, int], None] | None) -> Iterator[None]:
    token = _PAGE_PROGRESS.set(callback)
    try:
        yield
    finally:
        _PAGE_PROGRESS.reset(token)


def report_page(page: int, pages: int) -> None:
    """Tell the current page-progress callback (if any) that a page was read."""
    callback = _PAGE_PROGRESS.get()
    if callback is not None:
        callback(page, pages)


def available() -> str | None:
    """None when OCR can run here, else what is missing (in Chinese, for the person importing)."""
    exe = shutil.which("tesseract")
    if exe is None:
        return "本机没有安装 OCR 引擎 tesseract（Debian 软件包 tesseract-ocr、tesseract-ocr-chi-sim）"
    try:
        langs = subprocess.run([exe, "--list-langs"], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return "OCR 引擎 tesseract 无法运行"
    if LANG not in langs.split():
        return "tesseract 缺少简体中文模型（Debian 软件包 tesseract-ocr-chi-sim）"
    return None


# ---------------------------------------------------------------- images

def _without_red(image):
    """Grey page with red ink (版头, rules, seals) turned white; and the y of a 版头's red rule, or 0."""
    import numpy as np
    from PIL import Image, ImageFilter

    rgb = np.asarray(image.convert("RGB"), dtype=np.int16)
    r, g, b = rgb[..., 0], rgb[..., 1], rgb[..., 2]
    red = (r > 110) & (r - g > 50) & (r - b > 50)
    grey = np.asarray(image.convert("L")).copy()
    # a reddish halo around red strokes (blur, JPEG) would read as grey specks: widen the mask a little
    halo = red | np.roll(red, 1, 0) | np.roll(red, -1, 0) | np.roll(red, 1, 1) | np.roll(red, -1, 1)
    grey[halo & (r - g > 25)] = 255
    height, width = red.shape
    # the 版头's red rule: a band of rows where red spans most of the width (a band, as the page may be skewed)
    band = 32
    rule = [y + band for y in range(0, height // 2, band // 2)
            if red[y:y + band].any(axis=0).sum() > 0.45 * width and red[y:y + band].sum() < 0.2 * band * width]
    # a 3×3 median takes out specks and dust (read as stray punctuation) and keeps 200 dpi strokes
    return Image.fromarray(grey).filter(ImageFilter.MedianFilter(3)), float(max(rule)) if rule else 0.0


def _tesseract_lines(image, page: int, path: str) -> list[Line]:
    """Text lines of one page with their boxes, from tesseract's TSV output."""
    buf = io.BytesIO()
    image.save(buf, format="PNG")
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}  # one thread per page: on a busy machine it is faster
    try:
        done = subprocess.run(
            ["tesseract", "stdin", "stdout", "-l", LANG, "--psm", "6", "--dpi", str(RENDER_DPI),
             "-c", "tessedit_do_invert=0", "tsv"],
            input=buf.getvalue(), capture_output=True, timeout=PAGE_SECONDS, env=env,
        )
    except subprocess.TimeoutExpired as exc:
        raise ParseError(f"第 {page} 页识别超时（超过 {PAGE_SECONDS} 秒），无法读取", path=path) from exc
    except OSError as exc:
        raise ParseError(f"OCR 引擎无法运行：{exc.strerror or exc}", path=path) from exc
    if done.returncode != 0:
        detail = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["未知错误"]
        raise ParseError(f"第 {page} 页无法识别：{detail[0]}", path=path)
    return _parse_tsv(done.stdout.decode("utf-8", "replace"))


def _parse_tsv(tsv: str) -> list[Line]:
    """Lines from tesseract's TSV: the line's rows, but the span of the words kept (a speck
    tesseract put at a line's start would otherwise hide its indent)."""
    rows: dict[tuple[str, ...], tuple[int, int]] = {}
    words: dict[tuple[str, ...], list[tuple[int, int, str]]] = {}
    for row in tsv.splitlines()[1:]:
        cols = row.split("\t")
        if len(cols) < 12:
            continue
        key = tuple(cols[1:5])
        left, top, width, height = (int(c) for c in cols[6:10])
        if cols[0] == "4":
            rows[key] = (top, top + height)
        elif cols[0] == "5" and _kept(cols[11].strip(), float(cols[10])):
            words.setdefault(key, []).append((left, left + width, cols[11].strip()))
    lines = []
    for key, parts in words.items():
        text = _join_words([p[2] for p in parts])
        # specks read as lone punctuation: a line needs a letter, digit or Han character
        if key in rows and any(ch.isalnum() for ch in text):
            top, bottom = rows[key]
            # the line starts at its first letter or Han character: a speck before it is no indent
            solid = [p for p in parts if any(ch.isalnum() for ch in p[2])] or parts
            lines.append(Line(min(p[0] for p in solid), top, max(p[1] for p in parts), bottom, text))
    return lines


_CJK_PUNCT = set("，。、；：？！“”‘’（）《》〈〉【】〔〕…—·％")


def _kept(word: str, conf: float) -> bool:
    """Specks and dirt come out as unsure punctuation-only words (_ - . ' ,); Chinese
    punctuation is kept unless tesseract itself doubts it."""
    if not word:
        return False
    if len(word) == 1 and word.isascii():
        return conf >= 60 and (word.isalnum() or conf >= 80)  # a lone doubtful letter or digit is a speck
    if any(ch.isalnum() for ch in word):
        return True
    if all(ch in _CJK_PUNCT for ch in word):
        return conf >= 30
    return conf >= 80 and "_" not in word


def _join_words(words: list[str]) -> str:
    """Words joined by spaces: ocr_layout.clean_text drops those between Han characters and keeps
    the ones a reader needs (Latin words, 「第一章 总则」)."""
    return " ".join(words)


class Progress:
    """Counts OCR'd pages of one file for the progress callback."""

    def __init__(self, pages: int) -> None:
        self.done, self.pages = 0, pages

    def step(self) -> None:
        self.done += 1
        report_page(self.done, self.pages)


Engine = Callable[..., list[Line]]  # (grey page image, page number, path) -> lines


def ocr_pages(images: Iterator, numbers: list[int], path: str, progress: Progress,
              engine: Engine | None = None) -> list[Page]:
    """OCR each image as the page of that number (1-based); names the page that fails.
    `engine` replaces tesseract (bench/ocr.py measures another engine through the same steps)."""
    if engine is None:
        missing = available()
        if missing:
            raise ParseError(f"这是扫描件或图片，需要 OCR 识别，但{missing}", path=path)
    out = []
    for n, image in zip(numbers, images, strict=False):
        grey, body_top = _without_red(image)
        lines = (engine or _tesseract_lines)(grey, n, path)
        out.append(Page(grey.width, grey.height, lines, body_top=body_top if n == 1 else 0.0))
        progress.step()
    return out


def mark(blocks: list[Block]) -> list[Block]:
    return [replace(b, ocr=True) for b in blocks]


# ---------------------------------------------------------------- readers

def _open_frames(path: str, data: bytes) -> list:
    from PIL import Image, ImageSequence, UnidentifiedImageError

    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    try:
        image = Image.open(io.BytesIO(data))
        # a TIFF holds several pages; each is loaded here so a cut-off file fails now, by name
        frames = [_upright(frame.copy()) for frame in ImageSequence.Iterator(image)]
    except Image.DecompressionBombError as exc:
        raise ParseError("图片尺寸过大，不像一页文件的照片或扫描件", path=path) from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, TypeError) as exc:
        raise ParseError(f"图片已损坏或格式无法识别：{exc}", path=path) from exc
    if not frames:
        raise ParseError("图片中没有页面", path=path)
    return frames


MAX_SIDE = 3600  # a phone photo is scaled down to about A4 at 300 dpi: finer detail only slows OCR


def _upright(image):
    from PIL import Image, ImageOps

    image = ImageOps.exif_transpose(image)
    if image.mode not in ("RGB", "L"):
        # 16-bit greys and palettes go through 8-bit grey; transparency becomes white paper
        if "A" in image.getbands() or image.mode == "P":
            image = image.convert("RGBA")
            paper = Image.new("RGBA", image.size, "white")
            image = Image.alpha_composite(paper, image)
        elif image.mode.startswith("I"):
            image = image.point(lambda v: v / 256).convert("L")
    image = image.convert("RGB")
    if max(image.size) > MAX_SIDE:
        image.thumbnail((MAX_SIDE, MAX_SIDE))
    return image


def read_image(path: str, data: bytes) -> list[Block]:
    """A photo or scan of one or more pages (a multi-page TIFF), read with OCR."""
    frames = _open_frames(path, data)
    numbers = list(range(1, len(frames) + 1))
    pages = ocr_pages(iter(frames), numbers, path, Progress(len(frames)))
    blocks = paragraphs(pages)
    if sum(len(b.text) for b in blocks) < 10:
        raise ParseError("图片中没有识别出文字", path=path)
    return mark(blocks)


def render_pdf_pages(path: str, data: bytes, indices: list[int]) -> Iterator:
    """The given PDF pages (0-based) rendered at the OCR resolution, one at a time."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise ParseError(f"PDF 已损坏，无法渲染页面：{exc}", path=path) from exc
    try:
        for i in indices:
            yield pdf[i].render(scale=RENDER_DPI / 72).to_pil()
    finally:
        pdf.close()


def read_pdf_pages(path: str, data: bytes, texts: list[str], scanned: set[int],
                   text_blocks: Callable[[list[str]], list[Block]]) -> list[Block]:
    """A PDF some or all of whose pages are images: text pages keep their text layer, the others
    are OCR'd; runs of consecutive pages of one kind are read together so paragraphs may cross
    page breaks, and page order is kept."""
    progress = Progress(len(scanned))
    blocks: list[Block] = []
    start = 0
    while start < len(texts):
        kind = start in scanned
        end = start
        while end < len(texts) and (end in scanned) == kind:
            end += 1
        if kind:
            indices = list(range(start, end))
            pages = ocr_pages(render_pdf_pages(path, data, indices), [i + 1 for i in indices], path, progress)
            blocks.extend(mark(paragraphs(pages)))
        else:
            blocks.extend(text_blocks(texts[start:end]))
        start = end
    return blocks
