"""Which Slack events are being answered or were answered, shared by every replica through Redis.

Slack delivers an event again when it did not get its 200 within 3 seconds (a
retry, `X-Slack-Retry-Num`), and a mention can also arrive as a plain message
event. Behind a load balancer the copies can reach different replicas, so a
per-process memory would answer twice. Each event's keys (event id, and
channel+timestamp) are claimed in Redis with `SET NX`:

- the first delivery claims them for `PROCESSING_TTL_S` and is answered;
- a copy arriving while they are claimed is acknowledged and dropped;
- once the answer is sent the claim is kept for `DONE_TTL_S` (Slack retries
  for about 5 minutes; a day is generous);
- if the replica that claimed an event died before answering, the claim
  expires, and Slack's next retry *is* answered; if answering failed, the
  claim is released at once for the same reason.

Without Redis (one replica), or while Redis cannot be reached, a bounded
in-memory memory of recent keys does the same job for this process.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from collections.abc import Sequence

import redis

logger = logging.getLogger(__name__)

PROCESSING_TTL_S = 60
DONE_TTL_S = 86_400
KEY_PREFIX = "sikkerhetsguiden:slack:"
LOCAL_CAPACITY = 1000


class RecentKeys:
    """The last `capacity` keys seen, in this process."""

    def __init__(self, capacity: int = LOCAL_CAPACITY) -> None:
        self._capacity = capacity
        self._keys: OrderedDict[str, None] = OrderedDict()

    def seen(self, keys: Sequence[str]) -> bool:
        """Record `keys`; True when any of them was recorded before."""
        before = any(key in self._keys for key in keys)
        for key in keys:
            self._keys[key] = None
            self._keys.move_to_end(key)
        while len(self._keys) > self._capacity:
            self._keys.popitem(last=False)
        return before

    def forget(self, keys: Sequence[str]) -> None:
        """Drop `keys`, so that a later copy is answered."""
        for key in keys:
            self._keys.pop(key, None)


class EventLedger:
    """Claims Slack events for answering, across replicas when a Redis client is given."""

    def __init__(self, client: redis.Redis | None = None) -> None:
        self._client = client
        self._local = RecentKeys()

    @classmethod
    def from_url(cls, url: str | None) -> EventLedger:
        """A ledger in the Redis at `url` (SG_REDIS_URL), or this process's memory without one."""
        if not url:
            return cls()
        return cls(redis.StrictRedis.from_url(url, socket_timeout=2, socket_connect_timeout=2))

    @property
    def shared(self) -> bool:
        """True when the claims are shared with other replicas."""
        return self._client is not None

    def claim(self, keys: Sequence[str]) -> bool:
        """True when this delivery should be answered: none of its keys is claimed yet."""
        seen_here = self._local.seen(keys)
        if self._client is None or not keys:
            return not seen_here
        try:
            with self._client.pipeline(transaction=False) as pipe:
                for key in keys:
                    pipe.set(KEY_PREFIX + key, "processing", nx=True, ex=PROCESSING_TTL_S)
                claimed = pipe.execute()
        except redis.exceptions.RedisError:
            logger.warning("Slack event ledger: Redis unreachable; de-duplicating in this process")
            return not seen_here
        return all(claimed)

    def answered(self, keys: Sequence[str]) -> None:
        """Keep the claim for a day: the event has its answer."""
        self._update(keys, done=True)

    def failed(self, keys: Sequence[str]) -> None:
        """Release the claim so that Slack's retry is answered."""
        self._local.forget(keys)
        self._update(keys, done=False)

    def _update(self, keys: Sequence[str], *, done: bool) -> None:
        if self._client is None or not keys:
            return
        try:
            with self._client.pipeline(transaction=False) as pipe:
                for key in keys:
                    if done:
                        pipe.set(KEY_PREFIX + key, "done", xx=True, ex=DONE_TTL_S)
                    else:
                        pipe.delete(KEY_PREFIX + key)
                pipe.execute()
        except redis.exceptions.RedisError:
            logger.warning("Slack event ledger: Redis unreachable; claim left to expire")
