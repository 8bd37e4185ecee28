"""Attachments printed after a notice, and a legal database's header block.

Pure functions over blocks; nothing is dropped, lines are only regrouped. Decisions:

* An attachment (「附件1」, 「附件2：某县教育扶贫实施方案」, 「附件：」) whose own title follows and whose
  numbering restarts at 一、 (or 第一章/第一条) is a document of its own: it is not folded into the notice's
  八、 and gets its own outline, kind and roles. The marker line and the attachment's title make its title
  paragraph. A list of attachments at a notice's end (「附件：1.…」 followed by 「2.…」) is no attachment.
* A legal database export opens with a header block (【法宝引证码】【发布部门】【发文字号】【发布日期】
  【实施日期】【时效性】…). It is metadata, never the title: the title is chosen below it, the header lines
  follow the title as paragraphs, and the issuing body and date are read from them (``header_meta``).
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..models import Block

_MARKER = re.compile(r"^附\s*件\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})?\s*[：:]?\s*(.*)$")
_RESTART = re.compile(r"^(?:一\s*[、．.]|第一[章条部]|1\s*[.．、]?\s*总\s*则)")
_TITLE_SHAPE = re.compile(r"^[^。；;！？!?，,]{4,60}$")


def _attachment_at(blocks: list[Block], i: int) -> int | None:
    """Lines the attachment's title takes (marker included) when an attachment starts at i, else None."""
    m = _MARKER.match(blocks[i].text.strip())
    if not m or len(blocks[i].text.strip()) > 64:
        return None
    own = m.group(1).strip()
    n = 1 if own else 2  # 「附件2：标题」 on one line, or 「附件1」 above its title
    if own and not _TITLE_SHAPE.match(own):
        return None
    if not own and (i + 1 >= len(blocks) or not _TITLE_SHAPE.match(blocks[i + 1].text.strip())):
        return None
    after = [b.text.strip() for b in blocks[i + n:i + n + 4]]
    return n if any(_RESTART.match(t) for t in after) else None


def split_attachments(blocks: list[Block]) -> list[tuple[Block, list[Block]]]:
    """(title block, blocks) of each attachment found in a document's blocks; the blocks before the first
    attachment are returned first with a None-free placeholder title: the caller keeps its own title."""
    parts: list[tuple[Block, list[Block]]] = []
    start, title = 0, Block("")
    i = 1
    while i < len(blocks):
        n = _attachment_at(blocks, i)
        if n is None:
            i += 1
            continue
        parts.append((title, blocks[start:i]))
        joined = " ".join(b.text.strip() for b in blocks[i:i + n])
        title, start = replace(blocks[i], text=joined), i + n
        i += n
    parts.append((title, blocks[start:]))
    return parts


def attachment_title(text: str) -> str:
    """The attachment's own title from its title paragraph (「附件1 某县产业扶贫实施方案」 → 某县产业扶贫实施方案)."""
    m = _MARKER.match(text.strip())
    return (m.group(1).strip() if m else text.strip()) or text.strip()


_FIELD = re.compile(r"【\s*(法宝引证码|发布部门|发文字号|发布日期|实施日期|时效性|效力级别|法规类别|批准部门|"
                    r"批准日期|失效日期|颁布日期|原文链接|标题)\s*】\s*([^【]*)")


def is_header_line(text: str) -> bool:
    return bool(_FIELD.match(text.strip()))


def take_header(blocks: list[Block]) -> tuple[list[Block], list[Block]]:
    """(header lines, the rest) when the text opens with a legal database's header block."""
    n = 0
    while n < len(blocks) and is_header_line(blocks[n].text):
        n += 1
    return blocks[:n], blocks[n:]


def header_fields(texts: list[str]) -> dict[str, str]:
    fields: dict[str, str] = {}
    for text in texts[:20]:
        for name, value in _FIELD.findall(text):
            fields.setdefault(name, value.strip())
    return fields


_DAY = re.compile(r"((?:19|20)\d\d)\s*[.\-/年]\s*(\d{1,2})\s*[.\-/月]\s*(\d{1,2})")


def header_meta(texts: list[str]) -> tuple[str | None, str | None]:
    """(issuing body, YYYY-MM-DD) from a legal database's header block, when there is one."""
    fields = header_fields(texts)
    org = fields.get("发布部门") or None
    m = _DAY.search(fields.get("发布日期", ""))
    date = f"{int(m.group(1)):04d}-{int(m.group(2)):02d}-{int(m.group(3)):02d}" if m else None
    return org, date
