"""Issue 11 on the real servers: personal data never stored or logged, old talks purged,
the action server closed, channels apart, floods refused, 112 without the action server."""

from __future__ import annotations

import json
import socket
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
import sqlalchemy as sa
import yaml

from tests.e2e.conftest import ROOT, Servers, free_port, start_servers, stop_servers
from tests.e2e.test_webchat_socket import ChatClient, history

pytestmark = pytest.mark.e2e

FNR, PHONE, EMAIL, NAME = "02087544306", "912 34 567", "kari.berg@example.no", "Kari Berg"
PERSONAL = f"Pasienten {NAME}, fnr {FNR}, tlf {PHONE}, e-post {EMAIL}, er redd samboeren"
PIECES = (FNR, PHONE, "91234567", EMAIL, "Kari", "Berg")
POSTGRES_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"


def texts(replies: list[dict]) -> str:
    return "\n".join(r.get("text", "") for r in replies)


def sqlite_events(servers: Servers) -> list[tuple[str, str]]:
    with sqlite3.connect(servers.var_dir / "tracker.db") as db:
        return db.execute("SELECT sender_id, data FROM events").fetchall()


def leaked(text: str) -> list[str]:
    return [piece for piece in PIECES if piece in text]


def test_personal_data_is_replaced_before_it_is_stored_or_logged(servers: Servers):
    sender = f"e2e-pii-{uuid.uuid4().hex[:6]}"
    replies = servers.say(sender, PERSONAL)
    assert "fjernet" in texts(replies) and "personopplysninger" in texts(replies)
    rows = [json.loads(data) for sender_id, data in sqlite_events(servers) if sender in sender_id]
    stored = json.dumps(rows, ensure_ascii=False)
    [first] = [r["text"] for r in rows if r.get("event") == "user"]
    assert "[fødselsnummer]" in first and "[navn]" in first and "[e-post]" in first
    assert leaked(stored) == []
    assert leaked(servers.log_text()) == []
    again = texts(servers.say(sender, f"{NAME} har også barn"))
    assert "fjernet" not in again, "the note comes once per conversation"


def test_the_database_files_are_private(servers: Servers):
    assert (servers.var_dir.stat().st_mode & 0o777) == 0o700
    assert (servers.var_dir / "tracker.db").stat().st_mode & 0o077 == 0


async def test_web_chat_history_shows_the_redacted_text(servers: Servers):
    client = ChatClient(servers.url)
    await client.connect()
    try:
        session_id = await client.start_session()
        await client.say(PERSONAL)
    finally:
        await client.sio.disconnect()
    shown = json.dumps(history(servers, session_id).json(), ensure_ascii=False)
    assert "[navn]" in shown
    assert leaked(shown) == []


def test_rest_cannot_reach_another_channels_conversation(servers: Servers):
    target = f"slack:U{uuid.uuid4().hex[:8].upper()}"
    servers.say(target, "Hei")
    senders = {sender_id for sender_id, _ in sqlite_events(servers)}
    assert f"rest:{target}" in senders
    assert target not in senders


def test_a_missing_sender_is_refused(servers: Servers):
    answer = requests.post(
        f"{servers.url}/webhooks/rest/webhook", json={"message": "hei"}, timeout=10
    )
    assert answer.status_code == 400


def test_the_action_server_refuses_requests_without_the_secret(servers: Servers):
    base = f"http://127.0.0.1:{servers.action_port}"
    assert requests.get(f"{base}/health", timeout=5).status_code == 200
    body = {"next_action": "action_acute_danger", "tracker": {"sender_id": "x", "events": []}}
    for headers in ({}, {"Authorization": "Bearer wrong"}):
        answer = requests.post(f"{base}/webhook", json=body, headers=headers, timeout=5)
        assert answer.status_code == 401
        assert "events" not in answer.text
    assert requests.get(f"{base}/actions", timeout=5).status_code == 401


def _non_loopback_address() -> str | None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # no packet is sent; picks the outgoing interface
            address = probe.getsockname()[0]
        except OSError:
            return None
    return None if address.startswith("127.") else address


def test_the_action_server_is_not_reachable_on_other_addresses(servers: Servers):
    address = _non_loopback_address()
    if address is None:
        pytest.skip("this machine has no non-loopback IPv4 address")
    with pytest.raises(requests.ConnectionError):
        requests.get(f"http://{address}:{servers.action_port}/health", timeout=3)


def _age(db_url: str, sender: str, days: int) -> None:
    engine = sa.create_engine(db_url)
    with engine.begin() as connection:
        connection.execute(
            sa.text("UPDATE events SET timestamp = timestamp - :s WHERE sender_id = :id"),
            {"s": days * 86_400, "id": sender},
        )
    engine.dispose()


def _purge(env: dict[str, str]) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "bot.cli.purge"], cwd=ROOT, env=env, capture_output=True,
        text=True, timeout=120, check=True,
    )  # fmt: skip
    return result.stdout + result.stderr


def test_purge_deletes_old_conversations_from_sqlite(servers: Servers):
    old, new = f"e2e-old-{uuid.uuid4().hex[:6]}", f"e2e-new-{uuid.uuid4().hex[:6]}"
    servers.say(old, "Hei")
    servers.say(new, "Hei")
    _age(f"sqlite:///{servers.var_dir / 'tracker.db'}", f"rest:{old}", 31)
    _purge(servers.env)
    senders = {sender_id for sender_id, _ in sqlite_events(servers)}
    assert f"rest:{old}" not in senders
    assert f"rest:{new}" in senders
    assert servers.say(new, "takk"), "the kept conversation goes on"


def test_a_flood_gets_429_and_the_conversation_is_intact(tmp_path: Path):
    own = start_servers(tmp_path, {"SG_RATE_PER_SENDER": "4"})
    try:
        sender = "e2e-flood"
        for word in ("Hei", "takk", "Hei", "takk"):
            own.say(sender, word)
        answer = requests.post(
            f"{own.url}/webhooks/rest/webhook",
            json={"sender": sender, "message": "Hei"},
            timeout=10,
        )
        assert answer.status_code == 429
        assert "For mange meldinger" in answer.json()["error"]
        with sqlite3.connect(own.var_dir / "tracker.db") as db:
            rows = db.execute(
                "SELECT data FROM events WHERE sender_id = ? AND type_name = 'user'",
                (f"rest:{sender}",),
            ).fetchall()
        assert [json.loads(d)["text"] for (d,) in rows] == ["Hei", "takk", "Hei", "takk"]
        assert own.say("e2e-other", "Hei"), "other senders are not affected"
    finally:
        stop_servers(own)


def _acute_cases() -> list[str]:
    with (ROOT / "tests" / "eval" / "dev_questions.yml").open(encoding="utf8") as handle:
        cases = yaml.safe_load(handle)["cases"]
    return [c["text"] for c in cases if c.get("topic") == "acute"]


def test_112_and_a_clear_note_without_the_action_server(tmp_path: Path):
    nowhere = f"http://127.0.0.1:{free_port()}/webhook"  # the action server is down
    own = start_servers(tmp_path, {"SG_ACTION_URL": nowhere})
    try:
        cases = _acute_cases()
        assert cases
        for number, text in enumerate(cases):
            replies = own.say(f"e2e-down-{number}", text)
            assert replies and replies[0]["text"].startswith("Ring 112"), text
        ordinary = texts(own.say("e2e-down-q", "Hva er besøksforbud?"))
        assert "utilgjengelige" in ordinary and "112" in ordinary
    finally:
        stop_servers(own)


@pytest.fixture
def postgres_url() -> Iterator[str]:
    name = f"sg_e2e_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(POSTGRES_ADMIN, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    except sa.exc.OperationalError as e:
        pytest.fail(f"PostgreSQL on 127.0.0.1:5432 is needed for this test: {e}")
    try:
        yield f"postgresql://postgres@127.0.0.1:5432/{name}"
    finally:
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def test_postgres_store_gets_no_personal_data_and_is_purged(tmp_path: Path, postgres_url: str):
    own = start_servers(tmp_path, {"SG_TRACKER_DB_URL": postgres_url})
    try:
        own.say("e2e-pg", PERSONAL)
        own.say("e2e-pg-new", "Hei")
        engine = sa.create_engine(postgres_url)
        with engine.connect() as connection:
            rows = connection.execute(sa.text("SELECT sender_id, data FROM events")).fetchall()
        stored = "\n".join(data for _, data in rows)
        assert "rest:e2e-pg" in {sender for sender, _ in rows}
        assert leaked(stored) == []
        assert leaked(own.log_text()) == []
        _age(postgres_url, "rest:e2e-pg", 31)
        _purge(own.env)
        with engine.connect() as connection:
            senders = {r[0] for r in connection.execute(sa.text("SELECT sender_id FROM events"))}
        engine.dispose()
        assert "rest:e2e-pg" not in senders and "rest:e2e-pg-new" in senders
    finally:
        stop_servers(own)
        time.sleep(0.5)


async def test_the_socket_refuses_a_foreign_origin(servers: Servers):
    import socketio

    foreign = socketio.AsyncClient(reconnection=False)
    with pytest.raises(socketio.exceptions.ConnectionError):
        await foreign.connect(
            servers.url,
            transports=["polling"],
            socketio_path="/socket.io",
            headers={"Origin": "https://evil.example"},
        )
    own = socketio.AsyncClient(reconnection=False)
    await own.connect(
        servers.url,
        transports=["polling"],
        socketio_path="/socket.io",
        headers={"Origin": servers.url},
    )
    await own.disconnect()
