"""The Slack event ledger: one answer per event, and a retry of an unanswered event is answered."""

from __future__ import annotations

import redis

from bot.cli.background import free_port
from bot.cluster.ledger import EventLedger, RecentKeys


def test_recent_keys_remember_and_forget_the_oldest():
    recent = RecentKeys(capacity=2)
    assert not recent.seen(["a"])
    assert recent.seen(["a"])
    assert not recent.seen(["b", "c"])  # pushes "a" out
    assert not recent.seen(["a"])
    assert recent.seen(["x", "c"])


def test_in_one_process_a_copy_is_dropped_and_a_failed_event_gets_another_chance():
    ledger = EventLedger()
    assert not ledger.shared
    assert ledger.claim(["event:E1", "ts:C1:1.0"])
    assert not ledger.claim(["event:E1", "ts:C1:1.0"])  # Slack's retry
    assert not ledger.claim(["event:E2", "ts:C1:1.0"])  # the same message as a mention
    ledger.failed(["event:E1", "ts:C1:1.0"])
    assert ledger.claim(["event:E1", "ts:C1:1.0"])  # the retry of a failed answer is answered


def test_with_redis_unreachable_the_ledger_still_answers_once():
    """Redis away: de-duplication falls back to this process instead of failing the event."""
    closed = f"redis://127.0.0.1:{free_port()}/0"
    ledger = EventLedger(redis.StrictRedis.from_url(closed, socket_connect_timeout=0.5))
    assert ledger.shared
    assert ledger.claim(["event:E1"])
    assert not ledger.claim(["event:E1"])
    ledger.answered(["event:E1"])  # no exception either
