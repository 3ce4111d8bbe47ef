"""The tracker store: retention purge, hidden SQL parameters, and that Rasa can load it."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import sqlalchemy as sa
import yaml
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.utils.common import class_from_module_path

from bot.privacy.store import SECONDS_PER_DAY, PrivateSQLTrackerStore, private_engine, purge

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def store(tmp_path: Path) -> PrivateSQLTrackerStore:
    return PrivateSQLTrackerStore(Domain.empty(), host=f"sqlite:///{tmp_path / 'tracker.db'}")


async def save(store: PrivateSQLTrackerStore, sender: str, text: str, at: float) -> None:
    tracker = DialogueStateTracker.from_events(sender, [UserUttered(text, timestamp=at)])
    await store.save(tracker)


async def test_purge_deletes_idle_conversations_and_keeps_active_ones(store):
    now = time.time()
    await save(store, "rest:old", "gammel samtale", now - 31 * SECONDS_PER_DAY)
    await save(store, "rest:new", "ny samtale", now - 1 * SECONDS_PER_DAY)
    assert store.purge(30, now=now) == 1
    assert (await store.retrieve("rest:old")) is None
    assert (await store.retrieve("rest:new")) is not None
    assert store.purge(30, now=now) == 0


async def test_a_conversation_active_recently_is_kept_whole(store):
    now = time.time()
    events = [
        UserUttered("først", timestamp=now - 40 * SECONDS_PER_DAY),
        UserUttered("nylig", timestamp=now - 2 * SECONDS_PER_DAY),
    ]
    await store.save(DialogueStateTracker.from_events("rest:a", events))
    assert store.purge(30, now=now) == 0
    assert len((await store.retrieve_full_tracker("rest:a")).events) == 2


def test_purge_on_an_empty_database_deletes_nothing(tmp_path: Path):
    assert purge(private_engine(f"sqlite:///{tmp_path / 'empty.db'}"), 30) == 0


def test_sql_errors_do_not_show_the_parameters(store):
    with store.engine.connect() as connection, pytest.raises(sa.exc.StatementError) as raised:
        connection.execute(sa.text("INSERT INTO nowhere VALUES (:x)"), {"x": "Kari Berg er redd"})
    assert "Kari Berg" not in str(raised.value)


def test_sqlite_overwrites_deleted_rows(store):
    with store.engine.connect() as connection:
        assert connection.execute(sa.text("PRAGMA secure_delete")).scalar() == 1


def test_endpoints_name_a_class_rasa_can_load():
    with (ROOT / "endpoints.yml").open(encoding="utf8") as handle:
        kind = yaml.safe_load(handle)["tracker_store"]["type"]
    loaded = class_from_module_path(kind)  # Rasa silently falls back to memory if this fails
    assert issubclass(loaded, SQLTrackerStore)
