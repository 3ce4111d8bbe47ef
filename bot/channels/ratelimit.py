"""Per-sender and per-address message limits (token buckets), in this process.

A flood gets a clear "too many messages" answer (429 over HTTP, an error code
in the widget) before anything reaches the assistant, so what is already
stored is never touched. Each replica counts for itself; behind a load
balancer the limit is per replica, and the load balancer holds the address
limit for the whole cluster (bot/cluster/haproxy.cfg, docs/deployment.md).
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

MAX_KEYS = 100_000  # least recently seen keys are forgotten beyond this


@dataclass
class _Bucket:
    tokens: float
    updated: float


class TokenBuckets:
    """`per_minute` messages per key, with bursts up to the same number."""

    def __init__(self, per_minute: int, *, clock: Callable[[], float] = time.monotonic) -> None:
        self.capacity = float(per_minute)
        self.rate = per_minute / 60.0
        self._clock = clock
        self._buckets: OrderedDict[str, _Bucket] = OrderedDict()

    def take(self, key: str) -> bool:
        """Spend one token of `key`; False when it has none left."""
        now = self._clock()
        bucket = self._buckets.pop(key, None) or _Bucket(self.capacity, now)
        bucket.tokens = min(self.capacity, bucket.tokens + (now - bucket.updated) * self.rate)
        bucket.updated = now
        self._buckets[key] = bucket
        if len(self._buckets) > MAX_KEYS:
            self._buckets.popitem(last=False)
        if bucket.tokens < 1:
            return False
        bucket.tokens -= 1
        return True


class RateLimiter:
    """One limit per conversation and one per client address."""

    def __init__(
        self, per_sender: int, per_address: int, *, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._senders = TokenBuckets(per_sender, clock=clock)
        self._addresses = TokenBuckets(per_address, clock=clock)

    def admit(self, sender: str, address: str | None) -> bool:
        """True when both the sender and the address may send one more message."""
        address_ok = self._addresses.take(address) if address else True
        return address_ok and self._senders.take(sender)


def client_address(peer: str | None, forwarded_for: str | None, proxies: int) -> str | None:
    """The client's address, given `proxies` trusted proxies in front (SG_PROXIES).

    Each proxy appends the address it saw to X-Forwarded-For, so with n trusted
    proxies the client is the n-th entry from the right; anything left of it was
    written by the client and is ignored (it could dodge the limit with it).
    With no proxies, or a header shorter than expected, the socket's peer counts.
    """
    if proxies < 1 or not forwarded_for:
        return peer
    hops = [hop.strip() for hop in forwarded_for.split(",") if hop.strip()]
    return hops[-proxies] if len(hops) >= proxies else peer
