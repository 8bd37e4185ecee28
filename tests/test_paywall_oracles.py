"""The paywall answers no questions about paid text: both oracle attacks of issue 10, replayed.

Against a real `sucai serve` process over the seed compilation (its body is paid), as anonymous,
free and expired readers, an attacker who knows the start of a paid passage tries to extend it
one character at a time:

- search: batched `P+c1 OR P+c2 OR …` queries, bisecting every batch with total > 0;
- 查重: drafts of many guessed sentences `P+c`, keeping the guess whose match is the most similar.

Each attack is bounded to 3,000 requests per role.  A recovered character counts only when the
window it completes occurs in paid text and nowhere in text the reader may read (titles, outline
headings, public paragraphs).  Readers not entitled recover nothing; the same probes as a member
recover whole passages, so the attack itself works.  Request limits are switched off here: what
is proved is the rule (sucai.access), not the rate limiter.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import httpx
import pytest

from sucai import accounts
from sucai.access import document_for
from sucai.config import load_settings
from sucai.derived.catchup import refresh_indexes
from sucai.ingest.batch import import_paths
from sucai.normalize import normalize
from sucai.store.home import open_library
from tests.conftest import backend_env, need_shared
from tests.web_library import PASSWORD, Server

pytestmark = pytest.mark.slow

BUDGET = 3000
PREFIX = 3  # characters of the sliding window the search attack extends
CHECK_PREFIX = 11  # the 查重 attack guesses sentences of CHECK_PREFIX + 1 characters
MAX_QUERY = 200
FILLER = "这句话是攻击者新写的无关内容。"
FREE_DRAFT = 500  # characters a free reader may check at once
SAMPLE = 150  # paid-only strings searched over HTTP per role
USERS = {"free": ("free1", None), "expired": ("expired1", "2020"), "member": ("member1", 30)}
UNLIMITED = {"SUCAI_SEARCH_PER_MINUTE": "0", "SUCAI_MEMBER_SEARCH_PER_MINUTE": "0",
             "SUCAI_CHECK_PER_MINUTE": "0", "SUCAI_MEMBER_CHECK_PER_MINUTE": "0"}


@dataclass
class Seed:
    url: str
    public: str  # everything a reader not entitled may read, normalised, one blob
    paid: list[str]  # paid body paragraphs, normalised
    alphabet: list[str]  # the attacker's candidate characters: every letter, digit and Han of the seed


@pytest.fixture(scope="module")
def seed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Seed]:
    need_shared()
    from tests.conftest import SEED

    home = tmp_path_factory.mktemp("oracle") / "home"
    settings = load_settings(env=backend_env(), home=home)
    library = open_library(settings)
    try:
        report = import_paths(library, [SEED])
        assert not report.rejected, report.to_json()
        refresh_indexes(settings, library)
        for role, (name, days) in USERS.items():
            expiry = None if days is None else (
                accounts.expiry_from(until=accounts.utcnow().date().replace(year=2020)) if days == "2020"
                else accounts.expiry_from(days=days))
            accounts.create_user(library.db, name, PASSWORD, accounts.FREE if role == "free" else accounts.MEMBER,
                                 expiry)
        public, paid = [], []
        for row in library.list_documents(limit=100):
            stored = library.get_document(row["id"])
            public.append(_strings(document_for(accounts.ANONYMOUS_READER, stored)))
            paid += [normalize(p.text) for p in stored.document.paragraphs if p.paid and p.kind == "body"]
        text = "".join(paid)
        # the attacker's dictionary, most frequent first (generous: the seed's own characters)
        alphabet = [ch for ch, _ in Counter(ch for ch in text if ch.isalnum()).most_common()]
    finally:
        library.close()
    assert sum(len(p) for p in paid) > 5000, "the seed's body should be paid text"
    with Server(home, env=UNLIMITED) as server:
        yield Seed(server.url, normalize("\n".join(public)), paid, alphabet)


def _strings(value: object) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        return "\n".join(_strings(v) for v in value.values())
    if isinstance(value, list):
        return "\n".join(_strings(v) for v in value)
    return ""


@contextmanager
def _client(seed: Seed, role: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=seed.url, timeout=60) as client:
        if role != "anonymous":
            r = client.post("/api/login", json={"username": USERS[role][0], "password": PASSWORD})
            assert r.status_code == 200, r.text
        yield client


def _targets(seed: Seed, length: int, count: int) -> list[str]:
    """Runs of letters, digits and Han characters of paid paragraphs that public text does not hold."""
    runs = [m.group(0) for p in seed.paid for m in re.finditer(r"[^\W_]{" + str(length) + ",}", p)]
    fresh = [r for r in runs if r[:length] not in seed.public]
    return fresh[:count]


def _secret(seed: Seed, window: str) -> bool:
    """A window that occurs in paid text and nowhere a reader not entitled may read."""
    return window not in seed.public and any(window in p for p in seed.paid)


# ------------------------------------------------------------------ the search attack

class Budget:
    def __init__(self, limit: int) -> None:
        self.left = limit

    def spend(self) -> None:
        if self.left <= 0:
            raise Exhausted
        self.left -= 1


class Exhausted(Exception):
    pass


def _search_total(client: httpx.Client, terms: list[str], budget: Budget) -> int:
    budget.spend()
    r = client.get("/api/search", params={"q": " OR ".join(terms), "limit": 1})
    assert r.status_code == 200, r.text
    data = r.json()
    # every channel of the answer is an oracle: total, hits, facets
    return max(data["total"], len(data["hits"]), sum(sum(f.values()) for f in data["facets"].values()))


def _next_by_search(client: httpx.Client, prefix: str, alphabet: list[str], budget: Budget) -> str | None:
    per_query = max(1, (MAX_QUERY + 4) // (len(prefix) + 1 + 4))
    for start in range(0, len(alphabet), per_query):
        batch = alphabet[start:start + per_query]
        if not _search_total(client, [prefix + c for c in batch], budget):
            continue
        while len(batch) > 1:  # bisection down to one character
            half = batch[: len(batch) // 2]
            batch = half if _search_total(client, [prefix + c for c in half], budget) else batch[len(half):]
        return batch[0]
    return None


def _attack(seed: Seed, role: str, targets: list[str], prefix_len: int,
            step: Callable[[httpx.Client, str, Budget], str | None], enough: int | None = None) -> list[str]:
    """Extend each target's known start as far as the answers allow; returns the secret windows won
    (at most `enough` of them: once that many are won the attack has shown that it works)."""
    won: list[str] = []
    budget = Budget(BUDGET)
    with _client(seed, role) as client:
        try:
            for target in targets:
                known = target[:prefix_len]
                for _ in range(len(target) - prefix_len):
                    found = step(client, known[-prefix_len:], budget)
                    if found is None:
                        break
                    window = known[-prefix_len:] + found
                    if _secret(seed, window):
                        won.append(window)
                        if enough is not None and len(won) >= enough:
                            return won
                    known += found
        except Exhausted:
            pass
    return won


@pytest.mark.parametrize("role", ["anonymous", "free", "expired", "member"])
def test_the_search_oracle_recovers_nothing_without_entitlement(seed: Seed, role: str) -> None:
    targets = _targets(seed, 16, 6)
    assert targets
    won = _attack(seed, role, targets, PREFIX,
                  lambda client, prefix, budget: _next_by_search(client, prefix, seed.alphabet, budget),
                  enough=20 if role == "member" else None)
    if role == "member":
        assert len(won) >= 20, won  # the probes work: a member extends paid passages character by character
    else:
        assert won == [], f"{role} recovered paid text: {won}"


# ------------------------------------------------------------------ the 查重 attack

def _next_by_check(client: httpx.Client, prefix: str, alphabet: list[str], budget: Budget) -> str | None:
    """Guess sentences prefix+c, as many per draft as a free reader may check, most likely first;
    stop at the first match that is the whole sentence (similarity 1), as the attacker would."""
    per_draft = max(1, FREE_DRAFT // (len(prefix) + 2 + len(FILLER)))
    best: tuple[float, str] | None = None
    for start in range(0, len(alphabet), per_draft):
        batch = alphabet[start:start + per_draft]
        # a fresh sentence between guesses keeps the report from merging them into one passage
        draft = "".join(prefix + c + "。" + FILLER for c in batch)
        budget.spend()
        r = client.post("/api/check", json={"text": draft})
        if r.status_code == 401:
            return None  # anonymous: the check needs an account
        assert r.status_code == 200, r.text
        for m in r.json()["matches"]:
            sentence = draft[m["start"]:m["end"]].rstrip("。")
            if len(sentence) == len(prefix) + 1 and (best is None or m["similarity"] > best[0]):
                best = (m["similarity"], sentence[-1])
        if best and best[0] >= 0.99:
            return best[1]
    return None


@pytest.mark.parametrize("role", ["anonymous", "free", "expired", "member"])
def test_the_check_oracle_recovers_nothing_without_entitlement(seed: Seed, role: str) -> None:
    targets = _targets(seed, CHECK_PREFIX + 8, 2)
    assert targets
    won = _attack(seed, role, targets, CHECK_PREFIX,
                  lambda client, prefix, budget: _next_by_check(client, prefix, seed.alphabet, budget),
                  enough=10 if role == "member" else None)
    if role == "member":
        assert len(won) >= 10, won
    else:
        assert won == [], f"{role} recovered paid text: {won}"


# ------------------------------------------------------------------ every paid-only string

def test_paid_only_strings_are_not_found_or_matched(seed: Seed) -> None:
    strings = sorted({p[i:i + n] for p in seed.paid for n in (2, 4, 8) for i in range(0, len(p) - n, 7)})
    paid_only = [s for s in strings if s.strip() and s not in seed.public and re.fullmatch(r"[^\W_]+", s)]
    assert len(paid_only) > SAMPLE
    paid_only = paid_only[:: len(paid_only) // SAMPLE][:SAMPLE]  # spread over the whole seed
    sentences = [s for p in seed.paid for s in re.split(r"[。；]", p) if len(s) >= 15][::5][:10]
    for role in ("anonymous", "free", "expired"):
        with _client(seed, role) as client:
            for text in paid_only:
                data = client.get("/api/search", params={"q": text}).json()
                assert data["total"] == 0 and data["hits"] == [], (role, text, data)
                assert not any(data["facets"].values()), (role, text, data["facets"])
            if role == "anonymous":
                continue
            for sentence in sentences:
                report = client.post("/api/check", json={"text": sentence[:500]}).json()
                assert report["matches"] == [] and report["copy_ratio"] == 0, (role, sentence, report)
    with _client(seed, "member") as member:  # not vacuous: the member finds and matches them
        assert all(member.get("/api/search", params={"q": t}).json()["total"] > 0 for t in paid_only[:50])
        assert all(member.post("/api/check", json={"text": s}).json()["copy_ratio"] > 0.5 for s in sentences)

