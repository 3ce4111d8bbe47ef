"""The foundation over HTTP: answers in Norwegian, 112 first, bad input, privacy, shutdown."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import uuid

import pytest
import requests

from bot.cli import loadgen
from bot.cli.bench import load_conversations
from tests.e2e.conftest import ROOT, Servers, free_port, start_servers, stop_servers

pytestmark = pytest.mark.e2e


def texts(replies: list[dict]) -> str:
    return "\n".join(r.get("text", "") for r in replies)


def user_messages_stored(servers: Servers, sender: str) -> list[str]:
    with sqlite3.connect(servers.var_dir / "tracker.db") as db:
        rows = db.execute(
            "SELECT data FROM events WHERE sender_id = ? AND type_name = 'user' ORDER BY id",
            (f"rest:{sender}",),
        ).fetchall()
    return [json.loads(data)["text"] for (data,) in rows]


def test_greeting_is_answered_in_norwegian(servers: Servers):
    reply = texts(servers.say("e2e-greet", "Hei"))
    assert "Sikkerhetsguiden" in reply
    assert "helse- og omsorgspersonell" in reply
    assert "112" in reply


@pytest.mark.parametrize(
    "message",
    ["Han truer henne med kniv nå", "Jeg er redd han dreper henne i natt", "ho er i fare no"],
)
def test_acute_danger_gets_112_in_the_first_reply(servers: Servers, message: str):
    replies = servers.say(f"e2e-acute-{uuid.uuid4().hex[:6]}", message)
    assert replies[0]["text"].startswith("Ring 112")


def test_chat_page_is_served_at_the_root(servers: Servers):
    page = requests.get(servers.url + "/", timeout=10)
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert "Ved akutt fare: ring 112" in page.text
    assert "{{" not in page.text
    script = requests.get(servers.url + "/webhooks/webchat/static/widget.js", timeout=10)
    assert script.status_code == 200
    missing = requests.get(servers.url + "/webhooks/webchat/static/../../x", timeout=10)
    assert missing.status_code == 404


@pytest.mark.parametrize(
    ("body", "status"),
    [
        (b"not json", 400),
        (b"[]", 400),
        (b'{"sender": "e2e-bad"}', 400),
        (b'{"sender": "e2e-bad", "message": 123}', 400),
        (json.dumps({"sender": "e2e-bad", "message": "vold " * 2000}).encode(), 413),
    ],
)
def test_malformed_requests_get_a_json_4xx(servers: Servers, body: bytes, status: int):
    answer = requests.post(f"{servers.url}/webhooks/rest/webhook", data=body, timeout=30)
    assert answer.status_code == status
    assert "error" in answer.json()


@pytest.mark.parametrize("message", ["", "   ", "🙂🙂", "?!"])
def test_messages_without_words_are_asked_again(servers: Servers, message: str):
    reply = texts(servers.say(f"e2e-odd-{uuid.uuid4().hex[:6]}", message))
    assert "forsto jeg ikke" in reply


@pytest.mark.parametrize("message", ["\u0000\u0007\u001b[31m", "<script>alert(1)</script>"])
def test_control_characters_and_markup_are_answered_without_echo(servers: Servers, message: str):
    reply = texts(servers.say(f"e2e-odd-{uuid.uuid4().hex[:6]}", message))
    assert reply
    assert "<script" not in reply and "\u001b" not in reply


def test_bad_input_never_loses_the_conversation(servers: Servers):
    sender = f"e2e-keep-{uuid.uuid4().hex[:6]}"
    servers.say(sender, "Hei")
    requests.post(f"{servers.url}/webhooks/rest/webhook", data=b"{broken", timeout=10)
    requests.post(
        f"{servers.url}/webhooks/rest/webhook",
        json={"sender": sender, "message": "x" * 10_000},
        timeout=10,
    )
    servers.say(sender, "🙂")
    servers.say(sender, "takk")
    assert user_messages_stored(servers, sender) == ["Hei", "🙂", "takk"]


def test_message_text_is_not_logged(servers: Servers):
    marker = f"hemmeligmarkor{uuid.uuid4().hex}"
    servers.say("e2e-privacy", f"pasienten heter {marker}")
    assert marker not in servers.log_text()


def test_a_port_in_use_gives_a_clear_message(servers: Servers):
    env = {**servers.env, "SG_ACTION_PORT": str(free_port())}
    result = subprocess.run(
        [sys.executable, "-m", "bot.cli.serve"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert f"Port {servers.rasa_port}" in result.stderr + result.stdout
    assert "allerede i bruk" in result.stderr + result.stdout


def test_ctrl_c_stops_both_servers(tmp_path):
    own = start_servers(tmp_path)
    assert stop_servers(own) == 0
    for port in (own.rasa_port, own.action_port):
        with pytest.raises(requests.ConnectionError):
            requests.get(f"http://127.0.0.1:{port}/", timeout=2)


def test_fifty_concurrent_conversations_lose_no_turn(servers: Servers):
    """Issue 12: under load every message is answered and stored, in order, in its conversation.

    50 simulated users play the benchmark conversations (consultations, look-ups,
    knowledge questions) at once, each waiting for its reply as a person would.
    """
    conversations = load_conversations()
    prefix = f"e2e-load-{uuid.uuid4().hex[:6]}"
    result = loadgen.run_level(
        f"{servers.url}/webhooks/rest/webhook",
        conversations,
        concurrency=50,
        messages=1000,
        prefix=prefix,
        pids={},
    )
    assert result.messages == 1000
    assert result.lost == 0
    for index in (0, 6, 17, 49, 93):  # a sample of conversations, the consultation among them
        sent = conversations[index % len(conversations)]
        assert user_messages_stored(servers, f"{prefix}-{index}") == list(sent)
