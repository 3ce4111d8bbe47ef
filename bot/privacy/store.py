"""The tracker store: Rasa's SQL store that never logs SQL parameters and forgets old talks.

endpoints.yml names `bot.privacy.store.PrivateSQLTrackerStore`. It is Rasa's
SQLTrackerStore (SQLite or PostgreSQL) with three changes:

- the engine is created with `hide_parameters=True`, so an SQL error never
  prints the statement's parameters (the events, with the conversation);
- on SQLite, `secure_delete` overwrites deleted rows instead of leaving them
  in free pages of the file;
- `purge` deletes every conversation whose newest event is older than the
  retention period (SG_RETENTION_DAYS). The running server calls it every
  hour (bot.privacy.retention); `make purge` calls it once;
- on PostgreSQL, a connection the server ended (a restart, a failover,
  `pg_terminate_backend`) is replaced: checked before use (`pool_pre_ping`),
  and a read or save that still hits a dead connection is done again once on a
  fresh one. Rasa wraps every tracker store in a `FailSafeTrackerStore` that,
  on any error, quietly saves to the replica's memory instead: the user saw an
  answer, but the turn never reached PostgreSQL and another replica would not
  know it (found by tests/cluster/test_faults.py).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable, Iterable
from typing import Any, TypeVar

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore, create_engine_kwargs
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy.engine import Engine

logger = logging.getLogger(__name__)

T = TypeVar("T")

SECONDS_PER_DAY = 86_400
_DELETE_CHUNK = 500


def private_engine(url: sa.engine.URL | str) -> Engine:
    """An engine that hides SQL parameters in errors and logs (and deletes securely on SQLite)."""
    kwargs = create_engine_kwargs(url)
    if not str(url).startswith("sqlite"):
        # A pooled connection whose server session was ended (a PostgreSQL restart or
        # failover, pg_terminate_backend) is noticed and replaced before a turn uses it.
        kwargs["pool_pre_ping"] = True
    engine = sa.create_engine(url, hide_parameters=True, **kwargs)
    if engine.dialect.name == "sqlite":

        @sa.event.listens_for(engine, "connect")
        def _secure_delete(connection: Any, _: Any) -> None:
            cursor = connection.cursor()
            cursor.execute("PRAGMA secure_delete = ON")
            cursor.close()

    return engine


class PrivateSQLTrackerStore(SQLTrackerStore):
    """Rasa's SQLTrackerStore with a private engine and a retention purge."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        rasa_engine: Engine = self.engine  # type: ignore[has-type]
        url = rasa_engine.url
        rasa_engine.dispose()
        self.engine = private_engine(url)
        self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)

    def purge(self, retention_days: int, *, now: float | None = None) -> int:
        """Delete conversations idle for more than `retention_days`; how many were deleted."""
        return purge(self.engine, retention_days, now=now)

    async def retrieve(self, sender_id: str) -> DialogueStateTracker | None:
        """The conversation since its last session start (again on a fresh connection)."""
        return await _again_if_disconnected(
            lambda: super(PrivateSQLTrackerStore, self).retrieve(sender_id)
        )

    async def retrieve_full_tracker(self, conversation_id: str) -> DialogueStateTracker | None:
        """The whole conversation (again on a fresh connection)."""
        return await _again_if_disconnected(
            lambda: super(PrivateSQLTrackerStore, self).retrieve_full_tracker(conversation_id)
        )

    async def save(self, tracker: DialogueStateTracker) -> None:
        """Store the turn's new events (again on a fresh connection: the first try rolled back)."""
        await _again_if_disconnected(lambda: super(PrivateSQLTrackerStore, self).save(tracker))

    async def keys(self) -> Iterable[str]:
        """Every conversation id (again on a fresh connection)."""
        return await _again_if_disconnected(lambda: super(PrivateSQLTrackerStore, self).keys())


async def _again_if_disconnected(operation: Callable[[], Awaitable[T]]) -> T:
    """Run `operation`; once more if the database connection turned out to be dead.

    SQLAlchemy marks such an error `connection_invalidated` and drops the whole
    pool's stale connections; the failed transaction was rolled back, so doing it
    again stores nothing twice. Any other error, or a second failure, is raised.
    """
    try:
        return await operation()
    except sa.exc.DBAPIError as e:
        if not e.connection_invalidated:
            raise
        logger.warning("Tracker store: the database connection was lost; trying again")
        return await operation()


def purge(engine: Engine, retention_days: int, *, now: float | None = None) -> int:
    """Delete every conversation whose newest event is older than `retention_days` days."""
    cutoff = (time.time() if now is None else now) - retention_days * SECONDS_PER_DAY
    events = SQLTrackerStore.SQLEvent.__table__
    stale = (
        sa.select(events.c.sender_id)
        .group_by(events.c.sender_id)
        .having(sa.func.max(events.c.timestamp) < cutoff)
    )
    with engine.begin() as connection:
        if not sa.inspect(connection).has_table(events.name):
            return 0
        senders = [row[0] for row in connection.execute(stale)]
        for start in range(0, len(senders), _DELETE_CHUNK):
            chunk = senders[start : start + _DELETE_CHUNK]
            connection.execute(events.delete().where(events.c.sender_id.in_(chunk)))
    if senders:
        logger.info(
            "Retention: deleted %d conversation(s) older than %d days", len(senders), retention_days
        )
    return len(senders)
