"""Outline templates and the heading library (小标题), read from the outlines the store holds.

Template: the top-level sections of the documents of a kind and organisation type, grouped by
role (summary, problems, plan) and, for other sections, by normalised heading; each with how many
documents have it, where it usually stands, how many subsections it usually has, and examples.

Heading pattern (parallel headings, 排比): headings under one parent are written to one pattern,
e.g. 「紧盯体制机制优化，聚力改革创新取得实效」 and 「紧盯干部作风转变，聚力…取得实效」.  The pattern
of a sibling group is what all of them share, in order: the characters common to every sibling
(found by aligning them one after another) with each differing stretch replaced by 「…」.  A group
has a pattern only when the shared part holds at least two Han characters besides punctuation;
otherwise its headings are listed without one.  Patterns are grouped across documents by their text.
"""

from __future__ import annotations

import difflib
import json
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from typing import Any

from ..models import ROLE_LABELS as MODEL_ROLE_LABELS
from ..normalize import normalize

ROLE_LABELS = {**MODEL_ROLE_LABELS, "summary": "工作总结（成绩）", "problems": "存在问题", "plan": "工作计划（打算）"}
GAP = "…"

_PERIOD = re.compile(
    r"(\d+|[一二三四五六七八九十〇零]{2,4})\s*年度?|上半年|下半年|全年|今年|明年|去年|本年度?|年度|"
    r"[一二三四1-4]季度|前三季度|\d+\s*[-—～~至]\s*\d+\s*月份?|\d+\s*月份?|以来|XX|xx|ＸＸ"
)
_PUNCT = re.compile(r"[\W_]+")
_HAN = re.compile(r"[\u3400-\u9fff]")
_FULL_WIDTH = str.maketrans(",:;!?()", "，：；！？（）")  # the normaliser folded them; show them as written


def heading_key(heading: str, org: str | None = None) -> str:
    """A heading with dates, periods, the organisation's name and punctuation removed."""
    text = heading
    if org:
        text = text.replace(org, "")
    text = normalize(text)
    text = _PERIOD.sub("", text)
    return _PUNCT.sub("", text)


def _documents(library: Any, kind: str | Sequence[str] | None,
               org_type: str | Sequence[str] | None) -> list[dict[str, Any]]:
    """Documents of the kind(s) and unit type(s) asked for (one label or several)."""
    where, params = [], []
    for column, wanted in (("kind", kind), ("org_type", org_type)):
        values = [wanted] if isinstance(wanted, str) else list(wanted or ())
        values = [v for v in values if v]
        if values:
            where.append(f"{column} IN ({', '.join('?' for _ in values)})")  # fixed column names only
            params += values
    sql = "SELECT id, title, kind, org, org_type, outline_json FROM documents"
    if where:
        sql += " WHERE " + " AND ".join(where)
    return library.db.all(sql + " ORDER BY num", params)


def _section_key(node: dict[str, Any], org: str | None) -> tuple[str, str]:
    role = node["role"]
    return (role, "") if role != "other" else (role, heading_key(node["heading"], org))


def outline_template(library: Any, kind: str | Sequence[str] | None = None,
                     org_type: str | Sequence[str] | None = None) -> dict[str, Any]:
    """Typical top-level sections of matching documents, with frequency and example headings."""
    docs = _documents(library, kind, org_type)
    stats: dict[tuple[str, str], dict[str, Any]] = defaultdict(
        lambda: {"docs": set(), "positions": [], "children": [], "headings": Counter(), "examples": {}})
    for doc in docs:
        roots = json.loads(doc["outline_json"])
        for pos, node in enumerate(roots, 1):
            key = _section_key(node, doc["org"])
            s = stats[key]
            s["docs"].add(doc["id"])
            s["positions"].append(pos / max(len(roots), 1))
            s["children"].append(len(node["children"]))
            hk = heading_key(node["heading"], doc["org"]) or node["heading"]
            s["headings"][hk] += 1
            s["examples"].setdefault(hk, []).append(node["marker"] + node["heading"])
    total = len(docs)
    sections = []
    for (role, key), s in stats.items():
        n = len(s["docs"])
        if role == "other" and n < 2 and total > 1:
            continue  # a heading only one document has is that document's, not the kind's
        sections.append({
            "role": role,
            "label": ROLE_LABELS[role] if role != "other" else (key or ROLE_LABELS["other"]),
            "documents": n,
            "share": round(n / total, 3) if total else 0.0,
            "position": round(sum(s["positions"]) / len(s["positions"]), 3),
            "subsections": round(sum(s["children"]) / len(s["children"]), 1),
            "headings": [{"heading": hk, "count": c, "examples": sorted(set(s["examples"][hk]))[:3]}
                         for hk, c in s["headings"].most_common(8)],
        })
    sections.sort(key=lambda x: (x["position"], -x["documents"]))
    return {"kind": kind, "org_type": org_type, "documents": total, "sections": sections}


# ------------------------------------------------------------------ heading library

def sibling_pattern(headings: list[str]) -> str | None:
    """The shared pattern of parallel headings, e.g. 紧盯…，聚力…取得实效; None when they share little."""
    if len(headings) < 2:
        return None
    skeleton: list[str | None] = list(normalize(headings[0]))
    for other in headings[1:]:
        target = list(normalize(other))
        blocks = difflib.SequenceMatcher(None, skeleton, target, autojunk=False).get_matching_blocks()
        out: list[str | None] = []
        pa = pb = 0
        for b in blocks:
            if b.a > pa or b.b > pb:
                out.append(None)
            out.extend(skeleton[b.a:b.a + b.size])
            pa, pb = b.a + b.size, b.b + b.size
        if pa < len(skeleton) or pb < len(target):
            out.append(None)
        skeleton = [c for i, c in enumerate(out) if c is not None or i == 0 or out[i - 1] is not None]
    text = "".join(GAP if c is None else c for c in skeleton).translate(_FULL_WIDTH)
    fixed = "".join(c for c in skeleton if c)
    if len(_HAN.findall(fixed)) < 2:
        return None
    return text


def _walk(nodes: list[dict[str, Any]], level: int = 1):
    pattern = sibling_pattern([n["heading"] for n in nodes])
    for n in nodes:
        yield n, level, pattern
        yield from _walk(n["children"], level + 1)


def heading_library(library: Any, role: str | None = None, kind: str | None = None, query: str | None = None,
                    *, limit: int = 500) -> dict[str, Any]:
    """Headings (小标题) filtered by role, document kind and a text query, with patterns grouped."""
    needle = _PUNCT.sub("", normalize(query)) if query else ""
    headings = []
    groups: dict[str, dict[str, Any]] = {}
    for doc in _documents(library, kind, None):
        for node, level, pattern in _walk(json.loads(doc["outline_json"])):
            if role and node["role"] != role:
                continue
            if needle and needle not in _PUNCT.sub("", normalize(node["heading"])):
                continue
            item = {"heading": node["heading"], "marker": node["marker"], "level": level, "role": node["role"],
                    "pattern": pattern, "doc_id": doc["id"], "title": doc["title"], "kind": doc["kind"],
                    "org_type": doc["org_type"]}
            headings.append(item)
            if pattern:
                g = groups.setdefault(pattern, {"pattern": pattern, "count": 0, "documents": set(), "examples": []})
                g["count"] += 1
                g["documents"].add(doc["id"])
                if len(g["examples"]) < 6:
                    g["examples"].append(node["heading"])
    patterns = sorted(
        ({**g, "documents": len(g["documents"])} for g in groups.values()),
        key=lambda g: (-g["documents"], -g["count"], g["pattern"]),
    )
    return {"role": role, "kind": kind, "query": query, "total": len(headings), "headings": headings[:limit],
            "patterns": patterns}
