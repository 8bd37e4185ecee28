"""The query language, parsed into plain data; user text never reaches any engine as syntax.

- terms separated by spaces must all occur (AND);
- "a quoted phrase" is one term and keeps its spaces;
- -term excludes paragraphs holding term (a lone "-" is an ordinary character);
- A OR B (upper-case OR between two terms) is satisfied by either.

Each term is normalised with the shared normaliser; terms that normalise to nothing are dropped.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from ..errors import QueryError
from ..normalize import normalize


@dataclass(frozen=True)
class Query:
    clauses: tuple[tuple[str, ...], ...]  # AND of ORs of normalised terms
    excluded: tuple[str, ...]

    @property
    def terms(self) -> tuple[str, ...]:
        """Positive terms, each once, in query order (used for highlighting and scoring)."""
        seen: dict[str, None] = {}
        for clause in self.clauses:
            for term in clause:
                seen.setdefault(term, None)
        return tuple(seen)


@dataclass(frozen=True)
class _Token:
    text: str
    quoted: bool
    negative: bool = False


def _fold_syntax(query: str) -> str:
    # Full-width space, quote and minus act as syntax too (Ｄ and the like are left to the normaliser).
    out = []
    for ch in query:
        folded = unicodedata.normalize("NFKC", ch) if ch in "\u3000＂－\u00a0" else ch
        out.append(" " if folded.isspace() else folded)
    return "".join(out)


def _tokens(query: str) -> list[_Token]:
    tokens: list[_Token] = []
    i, n = 0, len(query)
    while i < n:
        if query[i] == " ":
            i += 1
            continue
        negative = query[i] == "-" and i + 1 < n and query[i + 1] != " "
        start = i + 1 if negative else i
        if query[start] == '"':
            end = query.find('"', start + 1)
            end = n if end < 0 else end
            tokens.append(_Token(query[start + 1:end], True, negative))
            i = end + 1
            continue
        end = query.find(" ", start)
        end = n if end < 0 else end
        tokens.append(_Token(query[start:end], False, negative))
        i = end
    return tokens


def parse(query: str) -> Query:
    """Parse a user query; raises QueryError when nothing searchable remains."""
    clauses: list[list[str]] = []
    excluded: list[str] = []
    pending_or = False
    for token in _tokens(_fold_syntax(query)):
        if token.text == "OR" and not token.quoted:
            pending_or = bool(clauses)
            continue
        negative = token.negative
        term = normalize(token.text)
        if not term.strip():
            continue
        if negative:
            excluded.append(term)
            pending_or = False
        elif pending_or:
            clauses[-1].append(term)
            pending_or = False
        else:
            clauses.append([term])
    if not clauses:
        raise QueryError("请输入要搜索的内容（排除词之外至少需要一个词）")
    return Query(tuple(tuple(dict.fromkeys(c)) for c in clauses), tuple(dict.fromkeys(excluded)))
