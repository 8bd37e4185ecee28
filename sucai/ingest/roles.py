"""Roles of outline headings (summary, problems, plan, other) from their keywords."""

from __future__ import annotations

import re

from ..zh import strip_trailing

# Clear keywords decide a heading's role; weak ones only at the top level (see heading_role).
STRONG = {
    "summary": ("工作总结", "完成情况", "开展情况", "进展情况", "落实情况", "执行情况", "工作回顾",
                "发展回顾"),
    "problems": ("存在问题", "存在的问题", "存在的不足", "问题与不足", "问题和不足", "不足之处",
                 "主要问题", "短板"),
    "plan": ("工作计划", "工作打算", "工作思路", "工作要点", "工作安排", "工作任务", "目标任务", "主要任务",
             "重点工作", "重点任务", "下一步", "下半年", "明年"),
}
WEAK = {
    "summary": ("主要工作", "成效", "成绩", "工作情况", "总结", "回顾"),
    "problems": ("不足", "困难", "差距"),
    "plan": ("计划", "打算", "思路", "安排", "展望", "目标", "部署"),
}


def first_role(text: str, table: dict[str, tuple[str, ...]]) -> str | None:
    best: tuple[int, str] | None = None
    for role, words in table.items():
        for word in words:
            pos = text.find(word)
            if pos >= 0 and (best is None or pos < best[0]):
                best = (pos, role)
    return best[1] if best else None


def heading_role(heading: str, parent_role: str | None) -> str:
    """Role of a heading: its own clear keyword, else its parent's role (weak words count at the top only)."""
    role = first_role(heading, STRONG)
    if role and role != parent_role and parent_role not in (None, "other"):
        # Inside a section a keyword only re-roles a heading that is about it (「存在的问题」),
        # not one that mentions it in passing (「打好三大攻坚战，重点任务取得积极进展」 in a review).
        word = next(w for w in STRONG[role] if w in heading)
        if len(heading) > 12 and not strip_trailing(heading).endswith(word):
            role = None
    if role:
        return role
    if parent_role is None:
        # Weak words only title a short heading, close it or sit in a short first clause
        # (主要成效, 2005年工作总体部署, 充分肯定成绩，…).
        role = first_role(heading, WEAK)
        first = re.split(r"[，,]", heading, maxsplit=1)[0]
        if role and (len(heading) <= 12 or any(heading.endswith(w) for w in WEAK[role])
                     or (len(first) <= 8 and first_role(first, WEAK) == role)):
            return role
        return "other"
    return parent_role
