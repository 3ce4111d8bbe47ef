"""The tracker store: Rasa's SQL store that never logs SQL parameters and forgets old talks.

endpoints.yml names `bot.privacy.store.PrivateSQLTrackerStore`. It is Rasa's
SQLTrackerStore (SQLite or PostgreSQL) with three changes:

- the engine is created with `hide_parameters=True`, so an SQL error never
  prints the statement's parameters (the events, with the conversation);
- on SQLite, `secure_delete` overwrites deleted rows instead of leaving them
  in free pages of the file;
- `purge` deletes every conversation whose newest event is older than the
  retention period (SG_RETENTION_DAYS). The running server calls it every
  hour (bot.privacy.retention); `make purge` calls it once.
"""

from __future__ import annotations

import logging
import time
from typing import Any

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore, create_engine_kwargs
from sqlalchemy.engine import Engine

logger = logging.getLogger(__name__)

SECONDS_PER_DAY = 86_400
_DELETE_CHUNK = 500


def private_engine(url: sa.engine.URL | str) -> Engine:
    """An engine that hides SQL parameters in errors and logs (and deletes securely on SQLite)."""
    engine = sa.create_engine(url, hide_parameters=True, **create_engine_kwargs(url))
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
