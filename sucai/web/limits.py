"""Request limits for the web: who the client is, and how often it may search and check.

The client's address is the socket's peer.  `X-Forwarded-For` is believed only when the peer is
one of the `trusted_proxies` (addresses or networks), and then only up to the first hop that is
not itself a trusted proxy, so a client cannot pick its own address by sending the header.

Searches and checks (查重) are limited per client address and per account with token buckets
(a burst of one minute's allowance, refilled evenly): defence in depth behind the paywall's rule,
so guessing games cost time.  Active members get the generous allowance.  A refusal is a 429
whose Retry-After says when one more request is allowed.
"""

from __future__ import annotations

import ipaddress
import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from fastapi import Request

from ..accounts import Reader
from ..config import Settings
from ..errors import TooManyRequests
from .common import get_reader

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
IDLE_SECONDS = 600  # buckets untouched this long are full again: forget them
PRUNE_AT = 10_000


def parse_networks(text: str) -> tuple[Network, ...]:
    """'10.0.0.1, 192.168.0.0/16' → networks; a bad entry is a clear error at start-up."""
    out = []
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        try:
            out.append(ipaddress.ip_network(part, strict=False))
        except ValueError as exc:
            raise ValueError(f"trusted_proxies 中的地址无效：{part}") from exc
    return tuple(out)


def _trusted(address: str, networks: tuple[Network, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in net for net in networks)


def client_address(request: Request) -> str:
    """The address of the client, from the socket unless a trusted proxy forwarded the request."""
    peer = request.client.host if request.client else ""
    networks: tuple[Network, ...] = getattr(request.app.state, "trusted_proxies", ())
    if not networks or not _trusted(peer, networks):
        return peer
    hops = [h.strip() for h in ",".join(request.headers.getlist("x-forwarded-for")).split(",") if h.strip()]
    for hop in reversed(hops):  # the rightmost hops were added by our own proxies
        if not _trusted(hop, networks):
            return hop
    return hops[0] if hops else peer


@dataclass
class _Bucket:
    tokens: float
    at: float


class RateLimiter:
    """Token buckets per (kind, tier, client address) and (kind, account)."""

    def __init__(self, rules: dict[str, tuple[int, int]], clock: Callable[[], float] = time.monotonic) -> None:
        self.rules = rules  # kind → (per minute for others, per minute for active members); 0: unlimited
        self.clock = clock
        self._buckets: dict[tuple[str, ...], _Bucket] = {}
        self._lock = threading.Lock()

    def hit(self, kind: str, address: str, reader: Reader) -> None:
        """Count one request, or raise TooManyRequests when the client or account is over its allowance."""
        free, member = self.rules[kind]
        tier = "member" if reader.member_active else "other"
        per_minute = member if reader.member_active else free
        if per_minute <= 0:
            return
        keys = [(kind, tier, "addr", address)]
        if reader.user_id is not None:
            keys.append((kind, "user", str(reader.user_id)))
        with self._lock:
            now = self.clock()
            buckets = [self._bucket(k, per_minute, now) for k in keys]
            short = [b for b in buckets if b.tokens < 1]
            if short:
                wait = max((1 - b.tokens) * 60 / per_minute for b in short)
                raise TooManyRequests("请求过于频繁，请稍后再试", retry_after=max(1, math.ceil(wait)))
            for b in buckets:
                b.tokens -= 1
            if len(self._buckets) > PRUNE_AT:
                self._prune(now)

    def _bucket(self, key: tuple[str, ...], per_minute: int, now: float) -> _Bucket:
        bucket = self._buckets.get(key)
        if bucket is None:
            bucket = self._buckets[key] = _Bucket(float(per_minute), now)
        bucket.tokens = min(float(per_minute), bucket.tokens + (now - bucket.at) * per_minute / 60)
        bucket.at = now
        return bucket

    def _prune(self, now: float) -> None:
        for key in [k for k, b in self._buckets.items() if now - b.at > IDLE_SECONDS]:
            del self._buckets[key]


def limiter_for(settings: Settings) -> RateLimiter:
    return RateLimiter({
        "search": (settings.search_per_minute, settings.member_search_per_minute),
        "check": (settings.check_per_minute, settings.member_check_per_minute),
    })


def limit(kind: str) -> Callable[[Request], None]:
    """A route dependency that counts the request against the `kind` allowance."""

    def dependency(request: Request) -> None:
        request.app.state.limiter.hit(kind, client_address(request), get_reader(request))

    return dependency
