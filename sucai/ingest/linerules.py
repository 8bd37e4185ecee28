"""Many regular expressions tried on every line of every file, fast (ingest throughput).

`LineRules(patterns).matches(line)` is `any(p.search(line) for p in patterns)`.  Each pattern is cut into
its top-level alternatives.  A ^-anchored alternative is tried only at the start of a line whose first
character can start it; any other only in lines that hold a character every match of it needs (the
rarest-looking one), as one union per such character, compiled the first time a line holds it.  A
pattern that cannot be cut safely (flags, back references, named groups) is searched as it is.
The rules are the advert and page-chrome rules of clean.py, built-in and the user's.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

try:  # private modules of the standard library: without them every pattern is searched as it is
    from re import _constants as _c
    from re import _parser as _p
except ImportError:  # pragma: no cover
    _c = _p = None


# Named groups, back references, conditionals and inline flags ((?i:…) changes what a character can match).
_UNCUT = re.compile(r"\(\?P|\\\d|\(\?\(|\(\?[aiLmsux-]")


class LineRules:
    """`matches(line)`: whether any of the patterns is found in the line (see the module notes)."""

    def __init__(self, patterns: Iterable[re.Pattern[str]]) -> None:
        self.heads: list[tuple[set[str] | None, str]] = []   # ^-anchored: the characters it can start with
        self.inner: list[tuple[set[str] | None, str]] = []   # elsewhere: the characters it needs one of
        self.whole: list[re.Pattern[str]] = []
        self.patterns = tuple(patterns)
        for rx in self.patterns:
            if _c is None or rx.flags != re.UNICODE or _UNCUT.search(rx.pattern):
                self.whole.append(rx)
                continue
            for alt in _alternatives(rx.pattern):
                if alt.startswith("^"):
                    self.heads.append((_first_chars([alt[1:]]), alt[1:]))
                else:
                    self.inner.append((_needed_chars([alt]), alt))
        needed = set().union(*(n for n, _ in self.inner if n is not None))
        self.needed = _char_class(needed) if needed else None
        self.always = _union([alt for need, alt in self.inner if need is None])
        self._by_first: dict[str, re.Pattern[str] | None] = {}
        self._by_char: dict[str, re.Pattern[str] | None] = {}
        self._unions: dict[tuple[str, ...], re.Pattern[str] | None] = {}

    def matches(self, line: str) -> bool:
        if not line:
            return any(rx.search(line) for rx in self.patterns)
        head = self._by_first.get(line[0], False)
        if head is False:
            head = self._by_first[line[0]] = self._union(
                alt for starts, alt in self.heads if _holds(starts, line[0]))
        if head is not None and head.match(line):
            return True
        if self.always is not None and self.always.search(line):
            return True
        for ch in set(self.needed.findall(line)) if self.needed is not None else ():
            inner = self._by_char.get(ch, False)
            if inner is False:  # the alternatives that need this character: one union per character
                inner = self._by_char[ch] = self._union(
                    alt for need, alt in self.inner if need is not None and _holds(need, ch))
            if inner is not None and inner.search(line):
                return True
        return any(rx.search(line) for rx in self.whole)

    def _union(self, alts: Iterable[str]) -> re.Pattern[str] | None:
        key = tuple(alts)
        if key not in self._unions:
            self._unions[key] = _union(list(key))
        return self._unions[key]


def _holds(chars: set[str] | None, ch: str) -> bool:
    """Whether a line holding this character may match an alternative that starts with or needs one of chars."""
    return chars is None or ch in chars or "DIGIT" in chars and ch.isdecimal()


def _alternatives(pattern: str) -> list[str]:
    """The top-level alternatives of a regular expression (split at | outside brackets)."""
    parts, depth, start, i = [], 0, 0, 0
    in_class = False
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            parts.append(pattern[start:i])
            start = i + 1
        i += 1
    parts.append(pattern[start:])
    return parts


def _first_chars(patterns: list[str]) -> set[str] | None:
    """Every character a match of one of the patterns can start with ("DIGIT" for \\d), or None when
    some pattern may start with anything."""
    return _over(patterns, _first_of)


def _over(patterns: list[str], chars_of: Callable[[list], set[str] | None]) -> set[str] | None:
    """The union of what chars_of finds in each pattern's parsed items; None when it finds nothing in one."""
    if _p is None:  # pragma: no cover
        return None
    out: set[str] = set()
    for pattern in patterns:
        found = chars_of(list(_p.parse(pattern)))
        if found is None:
            return None
        out |= found
    return out


def _first_of(items: list) -> set[str] | None:  # noqa: C901 - a walk over regex opcodes
    c = _c
    out: set[str] = set()
    for op, av in items:
        if op is c.AT:
            continue
        if op is c.LITERAL:
            return out | {chr(av)}
        if op is c.IN:
            for sub_op, a in av:
                if sub_op is c.LITERAL:
                    out.add(chr(a))
                elif sub_op is c.RANGE and a[1] - a[0] <= 256:
                    out.update(chr(n) for n in range(a[0], a[1] + 1))
                elif sub_op is c.CATEGORY and a is c.CATEGORY_DIGIT:
                    out.add("DIGIT")
                else:
                    return None
            return out
        if op is c.CATEGORY and av is c.CATEGORY_DIGIT:
            return out | {"DIGIT"}
        branches = [list(av[3])] if op is c.SUBPATTERN else list(av[1]) if op is c.BRANCH else None
        if op in (c.MAX_REPEAT, c.MIN_REPEAT):
            branches = [list(av[2])]
        if branches is None:
            return None
        for branch in branches:
            found = _first_of(branch)
            if found is None:
                return None
            out |= found
        if op in (c.MAX_REPEAT, c.MIN_REPEAT) and av[0] == 0:
            continue  # optional: what follows may start the match too
        return out
    return None


def _needed_chars(patterns: list[str]) -> set[str] | None:
    """Characters of which every match of one of the patterns holds at least one: for each pattern the
    rarest-looking mandatory element (punctuation beats Han characters, fewer beats more); a group of
    alternatives (「(范文网|免费下载|…)」) may give the rarest-looking character of each alternative."""
    return _over(patterns, _needed_of)


def _needed_of(items: list) -> set[str] | None:
    options = []
    for item in items:
        if not _mandatory(item):
            continue
        options += [found for found in (_first_of([item]), _needed_within(item)) if found is not None]
    return min(options, key=lambda chars: (sum(1 for ch in chars if ch in _COMMON), len(chars))) if options else None


def _needed_within(item: tuple) -> set[str] | None:
    """For a group or a set of alternatives: the union of what each alternative needs."""
    op, av = item
    if op is _c.SUBPATTERN:
        return _needed_of(list(av[3]))
    if op is not _c.BRANCH:
        return None
    out: set[str] = set()
    for branch in av[1]:
        found = _needed_of(list(branch))
        if found is None:
            return None
        out |= found
    return out


# Han characters (and ASCII letters) that occur in almost every line of official prose: a poor filter.
_COMMON = set("的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说"
              "产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点"
              "从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原"
              "又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革"
              "位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别手角期根论运农指几九区强放"
              "决西被干做必战先回则任取据处理府研工作年度全面推进加强建设发展服务管理"
              ".")  # the decimal point of every figure: a poor filter too


def _mandatory(item: tuple) -> bool:
    op, av = item
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT):
        return av[0] > 0
    return op in (_c.LITERAL, _c.IN, _c.SUBPATTERN, _c.BRANCH)


def _char_class(chars: set[str]) -> re.Pattern[str]:
    literal = "".join(re.escape(ch) for ch in sorted(chars - {"DIGIT"}))
    return re.compile("[" + literal + ("\\d" if "DIGIT" in chars else "") + "]")


def _union(patterns: list[str]) -> re.Pattern[str] | None:
    return re.compile("|".join(f"(?:{p})" for p in patterns)) if patterns else None
