"""Site watermarks glued into the text: a 范文/文库 site's notice inside a sentence, not on a line of its own.

Sites stamp their name into the text they serve, often in the middle of a paragraph, where the line rules
(chrome:) cannot take it out without the sentence around it:

    …全面完成了各项任务。（本文来源于某某范文网 www.example.com）下一步，我们将…
    …推进乡村振兴。本文由某某文库整理发布，转载请注明出处。二是…
    …稳步提高。更多精彩范文请访问某某范文网。

Only notices that name a site kind (范文网, 文库, 文档网, 公文网, 写作网…) or carry a web address inside
brackets are cut out, and only when at least MIN_CHARS long: an official text that cites a web site
(「请登录www.gov.cn查询」, 「数据来源于国家统计局网站」) says neither.  Everything else of the line stays.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..models import Block

MIN_CHARS = 12
_SITE = r"[\u4e00-\u9fffA-Za-z0-9]{0,16}?(?:范文网|范文大全|文库|文档网|公文网|写作网|材料网|范文吧|学习网|资料网|秘书网|文秘网)"
_URL = r"(?:https?://)?(?:www\.)?[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.(?:com|cn|net|org|cc|top)(?:/[\w./-]*)?"
_WATERMARK = re.compile(
    rf"[（(【\[]\s*(?:本文|此文|文章|内容)?(?:来源|来自|出自|转载自|摘自)?(?:于|[:：])?\s*{_SITE}?\s*{_URL}\s*[)）】\]]"
    rf"|[（(【\[]?\s*(?:本文|此文|文章|本文档|该文档)(?:由|来自|来源于|出自|转载自|首发于)\s*{_SITE}(?:\s*{_URL})?"
    r"(?:整理|收集|提供|发布|原创|编辑|首发)?(?:发布|整理)?(?:[，,]\s*(?:转载请注明出处|仅供参考|请勿转载|版权归原作者所有))?"
    r"\s*[。.]?\s*[)）】\]]?"
    rf"|(?:更多|更多精彩|更多相关)(?:内容|范文|文章|资料)?(?:请|敬请)?(?:访问|关注|登录|搜索)\s*{_SITE}(?:\s*{_URL})?\s*[。.!！]?")
_CHEAP = re.compile(r"范文|文库|文档网|公文网|写作网|材料网|学习网|资料网|秘书网|文秘网|www\.|\.com|\.cn")


def strip_watermarks(blocks: list[Block]) -> list[Block]:
    """Blocks with the site notices inside their text cut out (see module notes); a block that held nothing
    else is left for the line rules to judge whole."""
    out: list[Block] = []
    for block in blocks:
        text = block.text
        if _CHEAP.search(text):
            cut = _WATERMARK.sub(lambda m: "" if len(m.group(0)) >= MIN_CHARS else m.group(0), text)
            if cut != text and cut.strip():
                block = replace(block, text=cut.strip())
        out.append(block)
    return out
