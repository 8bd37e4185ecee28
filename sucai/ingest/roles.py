"""Section roles from heading words: what a writer can filter sections by.

Pure functions. A heading's clear keyword (STRONG) gives its role; weak words (WEAK) only title a short
top-level heading. Work summaries have 总结/问题/计划 sections; plans, notices and opinions have
总体要求 (指导思想, 工作目标, 基本原则), 主要任务 and 保障措施 (组织保障, 工作要求); accident
investigation reports have the 事故经过, the 原因与性质, the 责任与处理 (责任认定, 处理建议) and the
整改措施 (防范和整改措施). The keyword found earliest in the heading wins, so 「下一步主要任务」 is a plan
and 「存在问题及原因」 a problem.
"""

from __future__ import annotations

import re

from ..zh import strip_trailing

STRONG = {
    "summary": ("工作总结", "完成情况", "开展情况", "进展情况", "落实情况", "执行情况", "工作回顾",
                "发展回顾"),
    "problems": ("存在问题", "存在的问题", "存在的不足", "问题与不足", "问题和不足", "不足之处",
                 "主要问题", "短板"),
    "plan": ("工作计划", "工作打算", "工作思路", "工作要点", "工作安排", "重点工作", "下一步", "下半年", "明年"),
    "requirements": ("总体要求", "指导思想", "总体思想", "工作目标", "总体目标", "主要目标", "目标任务", "基本原则",
                     "工作原则", "总体思路"),
    "tasks": ("主要任务", "重点任务", "工作任务", "主要内容", "工作内容", "实施步骤", "工作步骤", "方法步骤",
              "实施内容", "主要措施", "重点措施"),
    "safeguards": ("保障措施", "组织保障", "工作保障", "组织领导", "组织实施", "工作要求"),
    "course": ("事故经过", "发生经过", "事故发生经过", "救援情况"),
    "cause": ("事故原因", "发生原因", "直接原因", "间接原因", "原因分析", "原因和性质", "事故性质"),
    "liability": ("责任认定", "处理建议", "处理意见", "责任追究", "责任者", "责任单位", "责任人员"),
    "measures": ("整改措施", "防范措施", "防范和整改", "整改建议", "防范建议"),
}
WEAK = {
    "summary": ("主要工作", "成效", "成绩", "工作情况", "总结", "回顾"),
    "problems": ("不足", "困难", "差距"),
    "plan": ("计划", "打算", "思路", "安排", "展望", "目标", "部署"),
}
# An unnumbered short line is taken for a heading only on a work summary's words: 「组织领导」 or
# 「事故经过情况：」 alone on a line is as often a table-of-contents entry or a lead-in as a heading.
PLAIN_STRONG = {"summary": STRONG["summary"], "problems": STRONG["problems"],
                "plan": STRONG["plan"] + ("工作任务", "目标任务", "主要任务", "重点任务")}


def first_role(text: str, table: dict[str, tuple[str, ...]]) -> str | None:
    """The role of the keyword found earliest in the text; on a tie, of the one first in the table.

    The table's words are searched as one regular expression (ingest speed): its alternatives keep the
    table's order, so at the leftmost position the first word of the table that is there wins."""
    found = _UNIONS.get(id(table))
    if found is None or found[0] is not table:
        found = _UNIONS[id(table)] = (table, *_union(table))
    m = found[1].search(text)
    return found[2][m.lastindex - 1] if m else None


# The tables above are constants: each one's union is compiled once, keyed by the table itself.
_UNIONS: dict[int, tuple[dict[str, tuple[str, ...]], re.Pattern[str], tuple[str, ...]]] = {}


def _union(table: dict[str, tuple[str, ...]]) -> tuple[re.Pattern[str], tuple[str, ...]]:
    roles = tuple(role for role, words in table.items() if words)
    if not roles:
        return re.compile("(?!)"), ()  # no words: nothing is ever found
    return re.compile("|".join("(" + "|".join(map(re.escape, table[r])) + ")" for r in roles)), roles


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
