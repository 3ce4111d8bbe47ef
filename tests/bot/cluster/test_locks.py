"""The Redis lock store from a URL: a turn is not failed by a short Redis outage."""

from __future__ import annotations

import asyncio
import time

import pytest

from bot.cli.background import free_port
from bot.cluster.locks import UrlRedisLockStore, unreachable


def _closed_url() -> str:
    return f"redis://127.0.0.1:{free_port()}/0"


def test_a_turn_runs_under_the_replicas_own_lock_when_redis_is_unreachable():
    store = UrlRedisLockStore(url=_closed_url(), outage_wait_s=0.3)

    async def turn() -> float:
        started = time.monotonic()
        async with store.lock("rest:c1") as lock:
            assert lock.conversation_id == "rest:c1"
        return time.monotonic() - started

    first = asyncio.run(turn())
    assert 0.3 <= first < 2.0  # waited for Redis, then went on
    assert asyncio.run(turn()) < 0.3  # known to be down: no second wait


def test_the_local_lock_still_serialises_one_conversation():
    store = UrlRedisLockStore(url=_closed_url(), outage_wait_s=0.0)
    order: list[str] = []

    async def turn(name: str) -> None:
        async with store.lock("rest:c1", wait_time_in_seconds=0.01):
            order.append(f"{name} in")
            await asyncio.sleep(0.05)
            order.append(f"{name} out")

    async def both() -> None:
        await asyncio.gather(turn("a"), turn("b"))

    asyncio.run(both())
    assert order in (["a in", "a out", "b in", "b out"], ["b in", "b out", "a in", "a out"])


def test_only_connection_errors_count_as_an_outage():
    import redis

    try:
        try:
            raise redis.exceptions.ConnectionError("refused")
        except redis.exceptions.ConnectionError as e:
            raise RuntimeError("wrapped") from e
    except RuntimeError as wrapped:
        assert unreachable(wrapped)
    assert not unreachable(redis.exceptions.ResponseError("WRONGTYPE"))


def test_a_url_is_required():
    with pytest.raises(ValueError, match="SG_REDIS_URL"):
        UrlRedisLockStore()
