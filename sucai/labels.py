"""Chinese labels for the codes the store keeps, and what a writer types for kinds and unit types.

The store and the JSON keep short codes (H1, full, summary); everything a person reads (pages,
terminal lines) shows them through these tables, so no code leaks into the interface.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

HALF_LABELS = {"H1": "上半年", "H2": "下半年", "full": "全年"}
ROLE_LABELS = {"summary": "成绩总结", "problems": "存在问题", "plan": "计划打算", "other": "其他"}
# the short forms used where space is tight (facet lists, heading library)
ROLE_SHORT = {"summary": "总结", "problems": "问题", "plan": "计划", "other": "其他"}
FILTER_LABELS = {"kind": "类型", "org_type": "单位类型", "org": "单位", "year": "年份", "half": "时期",
                 "role": "段落用途", "headings": "只搜小标题", "collection": "汇编", "doc": "文档"}
PARAGRAPH_KINDS = {"title": "标题", "heading": "小标题", "body": "正文"}

# What writers call a kind or a type of unit, mapped to the labels the library stores.
KIND_ALIASES = {
    "工作总结": ("工作总结", "总结及计划"), "工作计划": ("工作计划", "总结及计划"),
    "总结": ("工作总结", "总结及计划"), "计划": ("工作计划", "总结及计划"), "工作总结及计划": ("总结及计划",),
    "总结和计划": ("总结及计划",), "总结计划": ("总结及计划",), "工作总结和计划": ("总结及计划",),
    "政府报告": ("政府工作报告",), "讲话稿": ("讲话",), "发言": ("讲话",), "致辞": ("讲话",),
    "实施方案": ("方案",), "工作方案": ("方案",), "工作要点": ("要点",), "公报": ("报告",),
    "调研报告": ("报告",), "述职报告": ("报告",), "规定": ("法规",), "办法": ("法规",),
}
ORG_TYPE_ALIASES = {
    "乡": ("乡镇/街道",), "镇": ("乡镇/街道",), "乡镇": ("乡镇/街道",), "街道": ("乡镇/街道",),
    "街道办": ("乡镇/街道",), "开发区": ("开发区/园区",), "园区": ("开发区/园区",), "高新区": ("开发区/园区",),
    "部门": ("部门/局",), "局": ("部门/局",), "委办局": ("部门/局",), "机关": ("部门/局",),
    "县政府": ("政府",), "市政府": ("政府",), "人民政府": ("政府",), "公司": ("企业",), "国企": ("企业",),
    "集团": ("企业",), "学校": ("学校",), "中学": ("学校",), "小学": ("学校",), "大学": ("学校",),
}


def code_of(typed: str, labels: dict[str, str], extra: dict[str, str] | None = None) -> str:
    """The stored code for what a writer typed: the code itself (any case), its label or a short form."""
    typed = typed.strip()
    names = {k.lower(): k for k in labels} | {v: k for k, v in (extra or {}).items()} | {v: k for k, v in labels.items()}
    return names.get(typed) or names.get(typed.lower()) or typed


def half_code(typed: str) -> str:
    return code_of(typed, HALF_LABELS, {"H1": "上半", "H2": "下半", "full": "年度"})


def role_code(typed: str) -> str:
    return code_of(typed, ROLE_LABELS, ROLE_SHORT)


def half_label(half: str | None) -> str:
    return HALF_LABELS.get(half or "", half or "")


def role_label(role: str | None) -> str:
    return ROLE_LABELS.get(role or "", role or "")


def period_label(year: int | None, half: str | None) -> str:
    """「2024年上半年」, 「2023年全年」, 「2024年」 or 「」."""
    if not year:
        return half_label(half)
    return f"{year}年{half_label(half)}"


def filter_value_label(name: str, value: object) -> str:
    """A filter or facet value as a reader names it."""
    if name == "half":
        return half_label(str(value))
    if name == "role":
        return role_label(str(value))
    if name == "year":
        return f"{value}年" if str(value).isdigit() else str(value).replace("-", "—") + "年"
    return str(value)


@dataclass(frozen=True)
class Resolved:
    """What a writer typed and the stored labels it was taken to mean (empty: nothing matched)."""

    typed: str
    labels: tuple[str, ...]

    @property
    def changed(self) -> bool:
        return self.labels != (self.typed,)


def resolve_label(typed: str, known: Iterable[str], aliases: dict[str, tuple[str, ...]]) -> Resolved:
    """Match a typed kind or unit type against the known labels: the exact label, an alias, then
    labels containing what was typed, then labels a part of which it contains (乡镇 → 乡镇/街道,
    审计局 → 部门/局)."""
    typed = typed.strip()
    known = [k for k in dict.fromkeys(known) if k]
    if not typed or typed in known:
        return Resolved(typed, (typed,) if typed else ())
    if typed in aliases:
        return Resolved(typed, tuple(k for k in aliases[typed] if k in known) or aliases[typed][:1])
    parts = [k for k in known if typed in k.split("/") or typed in k]
    if not parts:
        parts = [k for k in known if any(piece and piece in typed for piece in k.split("/"))]
    return Resolved(typed, tuple(parts))
