"""Text pasted from a PDF: page furniture between its lines, and blank lines between all of them.

``readers.read_txt`` re-joins text whose lines a page width broke (``hard_wrapped``) one blank-line
separated run at a time, as the PDF reader does.  Two habits of pasted PDF text defeated that:

* a PDF viewer or a web page that shows the text puts a blank line after every line, so every run was one
  line and nothing was joined: when at least SPACED_SHARE of the lines stand after a blank line, the blank
  lines say nothing and the whole text is one run (the joining still ends paragraphs at a short line that
  ends a sentence, and before a numbered heading);
* page numbers and running footers (「- 3 -」, 「— 3 —」, 「第 2 页 共 12 页」, 「第2页/共12页」, 「3/12」) stand
  between the halves of a sentence broken by the page: they are dropped, as the PDF reader drops page
  numbers, so the sentence is joined again.

Only for text that is hard-wrapped; a text with ordinary paragraphs is left as it is.
"""

from __future__ import annotations

import re

SPACED_SHARE = 0.7
_PAGE_NUMBER = re.compile(
    r"^\s*(?:[-—－–_\s]*\d{1,4}[-—－–_\s]*|第\s*\d{1,4}\s*页\s*[,，/|、]?\s*共\s*\d{1,4}\s*页|共\s*\d{1,4}\s*页\s*[,，/|、]?\s*第"
    r"\s*\d{1,4}\s*页|\d{1,4}\s*/\s*\d{1,4}|[Pp]age\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?)\s*$")


_STARTS = set("0123456789-—－–_第共Pp")


def is_page_number(line: str) -> bool:
    head = line.lstrip()[:1]
    return head in _STARTS and bool(_PAGE_NUMBER.match(line))


def pasted_lines(lines: list[str]) -> list[str]:
    """The lines of a hard-wrapped text without page numbers, and without its blank lines when every line
    stands after one (see module notes)."""
    lines = [ln for ln in lines if not is_page_number(ln)]
    body = [i for i, ln in enumerate(lines) if ln.strip()]
    spaced = sum(1 for i in body[1:] if not lines[i - 1].strip())
    if len(body) > 2 and spaced >= SPACED_SHARE * (len(body) - 1):
        return [lines[i] for i in body]
    return lines


# A Word paragraph mark that a converter wrote as the Cyrillic 「Р」 (U+0420): 「…阶段。Р五、组织机构…」.
# Between characters that are not Cyrillic it is no letter but a line break; a text needs several of them.
_PARA_MARK = re.compile(r"(?<![\u0400-\u04ff])\u0420(?![\u0400-\u04ff])")
PARA_MARKS_MIN = 3


def paragraph_marks(lines: list[str]) -> list[str]:
    """Lines cut at converter paragraph marks (see above), the marks dropped; other texts unchanged."""
    if sum(ln.count("\u0420") for ln in lines) < PARA_MARKS_MIN:
        return lines
    if sum(len(_PARA_MARK.findall(ln)) for ln in lines) < PARA_MARKS_MIN:
        return lines
    return [part for ln in lines for part in _PARA_MARK.split(ln)]
