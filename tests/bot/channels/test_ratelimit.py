"""Message limits per sender and per address."""

from __future__ import annotations

import pytest

from bot.channels.ratelimit import RateLimiter, TokenBuckets, client_address


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_a_burst_up_to_the_limit_passes_and_the_next_message_is_refused():
    clock = Clock()
    buckets = TokenBuckets(3, clock=clock)
    assert [buckets.take("a") for _ in range(4)] == [True, True, True, False]


def test_the_limit_refills_over_a_minute():
    clock = Clock()
    buckets = TokenBuckets(6, clock=clock)
    for _ in range(6):
        buckets.take("a")
    assert not buckets.take("a")
    clock.now = 10.0  # 6 per minute: one new message every 10 s
    assert buckets.take("a")
    assert not buckets.take("a")


def test_senders_are_counted_apart_and_an_address_limits_them_together():
    clock = Clock()
    limiter = RateLimiter(per_sender=2, per_address=3, clock=clock)
    assert limiter.admit("a", "10.0.0.1") and limiter.admit("a", "10.0.0.1")
    assert not limiter.admit("a", "10.0.0.1"), "sender a is over its limit"
    assert limiter.admit("b", "10.0.0.2")
    assert not limiter.admit("c", "10.0.0.1"), "the address is over its limit"


@pytest.mark.parametrize(
    ("peer", "forwarded", "proxies", "expected"),
    [
        ("10.0.0.9", "203.0.113.7", 0, "10.0.0.9"),  # no proxy trusted: the header is ignored
        ("10.0.0.9", "203.0.113.7", 1, "203.0.113.7"),  # HAProxy appended the client
        ("10.0.0.9", "6.6.6.6, 203.0.113.7", 1, "203.0.113.7"),  # a forged hop is skipped
        ("10.0.0.9", "203.0.113.7, 10.0.0.2", 2, "203.0.113.7"),  # two proxies
        ("10.0.0.9", None, 1, "10.0.0.9"),  # no header: the peer
        ("10.0.0.9", "203.0.113.7", 2, "10.0.0.9"),  # shorter than the proxies: the peer
    ],
)
def test_the_client_address_behind_trusted_proxies(
    peer: str, forwarded: str | None, proxies: int, expected: str
):
    assert client_address(peer, forwarded, proxies) == expected


def test_a_client_cannot_dodge_the_address_limit_with_a_forged_header():
    limiter = RateLimiter(per_sender=100, per_address=2)
    forged = [f"{n}.{n}.{n}.{n}, 203.0.113.7" for n in range(1, 5)]
    admitted = [
        limiter.admit(f"s{n}", client_address("10.0.0.9", f, 1)) for n, f in enumerate(forged)
    ]
    assert admitted == [True, True, False, False]
