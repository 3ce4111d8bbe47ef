"""Message limits per sender and per address."""

from __future__ import annotations

from bot.channels.ratelimit import RateLimiter, TokenBuckets


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
