"""The web chat's Socket.IO channel and history endpoint against the real servers."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from typing import Any

import pytest
import requests
import socketio

from bot.channels.guard import MAX_MESSAGE_CHARS
from bot.channels.webchat_history import is_session_id, new_session_id
from tests.e2e.conftest import Servers

pytestmark = pytest.mark.e2e

REPLY_TIMEOUT_S = 60


class ChatClient:
    """A socket.io client that speaks the widget's protocol and collects what it gets."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.sio = socketio.AsyncClient(reconnection=False)
        self.events: asyncio.Queue[tuple[str, Any]] = asyncio.Queue()
        self.session_id = ""
        for name in ("session_confirm", "bot_uttered", "sg_error"):
            self.sio.on(name, self._collector(name))

    def _collector(self, name: str) -> Any:
        async def collect(data: Any = None) -> None:
            await self.events.put((name, data))

        return collect

    async def connect(self) -> None:
        # Long-polling: python-engineio's WebSocket *client* needs aiohttp >= 3.10, which
        # Rasa 3.6 caps below; the browser tests cover the WebSocket transport.
        await self.sio.connect(self.url, transports=["polling"], socketio_path="/socket.io")

    async def next(self, timeout: float = REPLY_TIMEOUT_S) -> tuple[str, Any]:
        return await asyncio.wait_for(self.events.get(), timeout)

    async def start_session(self, session_id: Any = None) -> str:
        await self.sio.emit("session_request", {"session_id": session_id})
        event, data = await self.next()
        assert event == "session_confirm"
        self.session_id = data
        return str(data)

    async def say(self, message: Any) -> list[dict[str, Any]]:
        """Send a message and collect bot messages until none arrives for a moment."""
        await self.sio.emit("user_uttered", {"message": message, "session_id": self.session_id})
        replies = [await self.next()]
        while True:
            try:
                replies.append(await self.next(timeout=1.5))
            except asyncio.TimeoutError:
                return [data for _, data in replies]


@pytest.fixture
async def client(servers: Servers) -> AsyncIterator[ChatClient]:
    chat = ChatClient(servers.url)
    await chat.connect()
    yield chat
    await chat.sio.disconnect()


def history(servers: Servers, session_id: str | None) -> requests.Response:
    headers = {"Authorization": f"Bearer {session_id}"} if session_id else {}
    return requests.get(f"{servers.url}/webhooks/webchat/history", headers=headers, timeout=10)


async def test_bot_replies_reach_the_socket_with_session_persistence(client: ChatClient):
    session_id = await client.start_session()
    assert is_session_id(session_id)
    replies = await client.say("Hei")
    assert "Sikkerhetsguiden" in replies[0]["text"]


async def test_replies_carry_buttons_as_quick_replies(client: ChatClient):
    await client.start_session()
    replies = await client.say("Hva er et krisesenter?")
    buttons = [b for r in replies for b in r.get("quick_replies", [])]
    assert buttons and all(b["title"] and b["payload"].startswith("/") for b in buttons)


async def test_a_reconnecting_client_resumes_its_session_and_history(servers: Servers):
    first = ChatClient(servers.url)
    await first.connect()
    session_id = await first.start_session()
    await first.say("Hei")
    await first.sio.disconnect()

    again = ChatClient(servers.url)
    await again.connect()
    assert await again.start_session(session_id) == session_id
    await again.say("Hva er et krisesenter?")
    await again.sio.disconnect()

    answer = history(servers, session_id)
    assert answer.status_code == 200
    assert answer.headers["Cache-Control"] == "no-store"
    messages = answer.json()["messages"]
    users = [m["text"] for m in messages if m["sender"] == "user"]
    assert users == ["Hei", "Hva er et krisesenter?"]
    assert any(m["buttons"] for m in messages if m["sender"] == "bot")


async def test_sessions_do_not_hear_each_other(servers: Servers):
    one, two = ChatClient(servers.url), ChatClient(servers.url)
    for chat in (one, two):
        await chat.connect()
        await chat.start_session()
    await one.say("Hei")
    assert two.events.empty()
    for chat in (one, two):
        await chat.sio.disconnect()


@pytest.mark.parametrize("proposed", ["default", "e2e-greet", 42, "A" * 42])
async def test_a_malformed_session_id_gets_a_fresh_one(client: ChatClient, proposed: Any):
    session_id = await client.start_session(proposed)
    assert is_session_id(session_id) and session_id != proposed


@pytest.mark.parametrize(
    ("message", "code"),
    [(123, "not_text"), (None, "not_text"), ("vold " * MAX_MESSAGE_CHARS, "too_long")],
)
async def test_bad_messages_get_an_error_event_and_the_chat_goes_on(
    client: ChatClient, message: Any, code: str
):
    await client.start_session()
    replies = await client.say(message)
    assert replies == [{"code": code}]
    assert "Sikkerhetsguiden" in (await client.say("Hei"))[0]["text"]


async def test_a_message_without_a_session_gets_an_error_event(client: ChatClient):
    await client.sio.emit("user_uttered", {"message": "Hei"})
    assert await client.next() == ("sg_error", {"code": "no_session"})
    await client.sio.emit("user_uttered", "Hei")
    assert await client.next() == ("sg_error", {"code": "no_session"})


async def test_socket_message_text_is_not_logged(servers: Servers, client: ChatClient):
    marker = f"hemmeligmarkor{uuid.uuid4().hex}"
    await client.start_session()
    await client.say(f"pasienten heter {marker}")
    assert marker not in servers.log_text()


@pytest.mark.parametrize("session_id", [None, "default", "e2e-greet", "x" * 43])
def test_history_of_malformed_or_unknown_sessions_is_not_found(servers: Servers, session_id):
    servers.say("e2e-greet", "Hei")  # a REST conversation with a guessable id stays private
    answer = history(servers, session_id)
    assert answer.status_code == 404
    assert answer.json() == {"error": "not found"}


def test_history_of_an_unknown_well_formed_session_is_not_found(servers: Servers):
    assert history(servers, new_session_id()).status_code == 404


def test_history_is_not_readable_from_origins_outside_sg_cors_origins(servers: Servers):
    headers = {
        "Origin": "https://elsewhere.example",
        "Access-Control-Request-Method": "GET",
        "Access-Control-Request-Headers": "authorization",
    }
    url = f"{servers.url}/webhooks/webchat/history"
    preflight = requests.options(url, headers=headers, timeout=10)
    assert "Access-Control-Allow-Origin" not in preflight.headers


def test_the_widget_config_and_files_are_served(servers: Servers):
    config = requests.get(f"{servers.url}/webhooks/webchat/config", timeout=10).json()
    assert config["max_chars"] == MAX_MESSAGE_CHARS and config["emergency"]
    for name in ("widget.js", "widget.css", "vendor/socket.io.esm.min.js"):
        answer = requests.get(f"{servers.url}/webhooks/webchat/static/{name}", timeout=10)
        assert answer.status_code == 200, name
