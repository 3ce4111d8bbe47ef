"""Rasa's Redis lock store, built from one URL, that rides out a short Redis outage.

endpoints.yml names `bot.cluster.locks.UrlRedisLockStore` when `SG_REDIS_URL`
is set. Two changes to Rasa's `RedisLockStore`:

- the connection comes from redis-py's `from_url`, so `rediss://` is TLS
  (Rasa's own store takes host/port/password fields, and `use_ssl` from an
  `${...}` placeholder would be the string "false", which is true);
- when Redis cannot be reached as a turn starts, the turn waits up to
  `OUTAGE_WAIT_S` for it, then runs under this replica's own in-memory lock
  instead of failing (a WARNING says so). A conversation's turns can then only
  interleave if two of them reach two replicas during the outage, which a
  person waiting for each reply does not do; failing every turn, including a
  reply to acute danger, would be worse. Once Redis answers again, the shared lock
  is used again.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncGenerator
from contextlib import asynccontextmanager
from typing import Any

import redis
from rasa.core.lock import TicketLock
from rasa.core.lock_store import (
    DEFAULT_REDIS_LOCK_STORE_KEY_PREFIX,
    LOCK_LIFETIME,
    InMemoryLockStore,
    LockError,
    LockStore,
    RedisLockStore,
)
from rasa.utils.endpoints import EndpointConfig

logger = logging.getLogger(__name__)

OUTAGE_WAIT_S = 1.0  # how long a turn waits for Redis before using the replica's own lock
RETRY_EVERY_S = 0.2
SOCKET_TIMEOUT_S = 2.0


def unreachable(error: BaseException) -> bool:
    """True when `error` (or what caused it) says Redis could not be reached."""
    while error is not None:
        if isinstance(error, redis.exceptions.ConnectionError | redis.exceptions.TimeoutError):
            return True
        error = error.__cause__ or error.__context__  # type: ignore[assignment]
    return False


class UrlRedisLockStore(RedisLockStore):
    """Rasa's Redis lock store from a redis-py URL, with a local fallback during outages."""

    def __init__(
        self,
        endpoint_config: EndpointConfig | None = None,
        *,
        url: str | None = None,
        key_prefix: str | None = None,
        outage_wait_s: float = OUTAGE_WAIT_S,
    ) -> None:
        """Connect lazily to `url` (or the endpoint's `url`); nothing is sent yet."""
        kwargs: dict[str, Any] = endpoint_config.kwargs if endpoint_config else {}
        url = url or (endpoint_config.url if endpoint_config else None)
        if not url:
            raise ValueError("the Redis lock store needs a url (SG_REDIS_URL)")
        LockStore.__init__(self)
        self.red = redis.StrictRedis.from_url(
            url, socket_timeout=SOCKET_TIMEOUT_S, socket_connect_timeout=SOCKET_TIMEOUT_S
        )
        self.key_prefix = DEFAULT_REDIS_LOCK_STORE_KEY_PREFIX
        prefix = key_prefix or kwargs.get("key_prefix")
        if prefix:
            self._set_key_prefix(str(prefix))
        self.outage_wait_s = outage_wait_s
        self._local = InMemoryLockStore()
        self._down_since: float | None = None

    @asynccontextmanager
    async def lock(
        self,
        conversation_id: str,
        lock_lifetime: float = LOCK_LIFETIME,
        wait_time_in_seconds: float = 1,
    ) -> AsyncGenerator[TicketLock, None]:
        """The shared lock of `conversation_id`, or this replica's own while Redis is away."""
        ticket = await self._issue_or_wait(conversation_id, lock_lifetime)
        if ticket is None:
            async with self._local.lock(
                conversation_id, lock_lifetime, wait_time_in_seconds
            ) as local:
                yield local
            return
        try:
            yield await self._acquire_lock(conversation_id, ticket, wait_time_in_seconds)
        finally:
            self._cleanup_quietly(conversation_id, ticket)

    async def _issue_or_wait(self, conversation_id: str, lock_lifetime: float) -> int | None:
        """A ticket from Redis, or None once Redis stayed unreachable for the wait."""
        # Already known to be down: try once, do not make every turn wait again.
        wait = 0.0 if self._down_since is not None else self.outage_wait_s
        deadline = time.monotonic() + wait
        while True:
            try:
                ticket = self.issue_ticket(conversation_id, lock_lifetime)
            except LockError as e:
                if not unreachable(e):
                    raise
            else:
                if self._down_since is not None:
                    logger.warning(
                        "Redis lock store reachable again after %.1f s; shared locks in use",
                        time.monotonic() - self._down_since,
                    )
                    self._down_since = None
                return ticket
            if time.monotonic() >= deadline:
                if self._down_since is None:
                    self._down_since = time.monotonic()
                    logger.warning(
                        "Redis lock store unreachable; turns use this replica's own lock "
                        "until it answers again"
                    )
                return None
            await asyncio.sleep(RETRY_EVERY_S)

    def _cleanup_quietly(self, conversation_id: str, ticket: int) -> None:
        """Release the ticket; if Redis went away meanwhile, the lock expires by itself."""
        try:
            self.cleanup(conversation_id, ticket)
        except redis.exceptions.RedisError as e:
            if not unreachable(e):
                raise
            logger.warning("Redis went away before a lock was released; it expires on its own")
