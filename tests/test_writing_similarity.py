"""text.similarity and its cheap upper bound, on real corpus texts with real kinds of edits."""

from __future__ import annotations

import random

import pytest

from sucai.writing.neardup import _forward_run
from sucai.writing.text import aligned_chars, similarity, squeeze
from tests.conftest import SHARED

EDITS = "岭涧樟橘莺鹭琥珀枫榆"


def _texts(n: int) -> list[str]:
    folder = SHARED / "corpus" / "text"
    if not folder.is_dir():
        pytest.skip(f"../shared is absent: {folder} is needed")
    files = sorted(folder.glob("*.txt"))
    random.Random(7).shuffle(files)
    texts = [squeeze(f.read_text(encoding="utf-8"))[:6000] for f in files[:4 * n]]
    return [t for t in texts if len(t) > 500][:n]


def _edited(text: str, share: float, rng: random.Random) -> str:
    chars = list(text)
    for i in sorted(rng.sample(range(len(chars)), int(len(chars) * share)), reverse=True):
        op = rng.randrange(3)
        if op == 0:
            chars[i] = rng.choice(EDITS)
        elif op == 1:
            chars.insert(i, rng.choice(EDITS))
        else:
            del chars[i]
    return "".join(chars)


def _moved(text: str, rng: random.Random) -> str:
    """The text cut into eight pieces put back in another order."""
    cuts = sorted(rng.sample(range(1, len(text)), 7))
    pieces = [text[a:b] for a, b in zip([0, *cuts], [*cuts, len(text)], strict=True)]
    rng.shuffle(pieces)
    return "".join(pieces)


@pytest.mark.corpus
def test_bound_is_never_below_the_exact_value_and_at_least_keeps_every_verdict() -> None:
    rng = random.Random(11)
    texts = _texts(24)
    pairs = [(t, _edited(t, rng.choice([0.01, 0.05, 0.15, 0.3]), rng)) for t in texts]
    pairs += [(t, _moved(t, rng)) for t in texts[:12]]
    pairs += list(zip(texts[::2], texts[1::2], strict=False))  # different documents
    verdicts = set()
    for a, b in pairs:
        exact = similarity(a, b)
        bound = 2 * aligned_chars(a, b, bound=True) / (len(a) + len(b))
        assert bound >= exact - 1e-12
        for line in (0.5, 0.85):
            quick = similarity(a, b, at_least=line)
            assert (quick >= line) == (exact >= line)
            if exact >= line:
                assert quick == exact
            verdicts.add(exact >= 0.85)
    assert verdicts == {True, False}  # the pairs hold both kinds


def test_forward_run_is_the_longest_non_decreasing_subsequence() -> None:
    rng = random.Random(3)
    for _ in range(200):
        seq = [rng.randrange(8) for _ in range(rng.randrange(12))]
        best = 0
        for mask in range(1 << len(seq)):  # every subsequence, for short ones
            picked = [x for i, x in enumerate(seq) if mask >> i & 1]
            if all(p <= q for p, q in zip(picked, picked[1:], strict=False)):
                best = max(best, len(picked))
        assert _forward_run(seq) == best
