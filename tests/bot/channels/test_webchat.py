"""The web chat's socket handlers, driven without a network through a recording server."""

from __future__ import annotations

from typing import Any

import pytest
from rasa.core.channels.channel import UserMessage

from bot.channels.guard import MAX_MESSAGE_CHARS
from bot.channels.webchat import ERROR_EVENT, WebChatInput
from bot.channels.webchat_history import is_session_id, new_session_id

SID = "socket-1"


class Recorder:
    """Stands in for the AsyncServer's room, session and emit methods."""

    def __init__(self) -> None:
        self.rooms: dict[str, set[str]] = {}
        self.sessions: dict[str, dict[str, Any]] = {SID: {}}
        self.emitted: list[tuple[str, Any, str]] = []

    # Coroutines, as in python-socketio 5.12: recorded only when awaited.
    async def enter_room(self, sid: str, room: str, namespace: str | None = None) -> None:
        self.rooms.setdefault(sid, set()).add(room)

    async def leave_room(self, sid: str, room: str, namespace: str | None = None) -> None:
        self.rooms.get(sid, set()).discard(room)

    async def get_session(self, sid: str, namespace: str | None = None) -> dict[str, Any]:
        return dict(self.sessions[sid])

    async def save_session(self, sid: str, session: dict, namespace: str | None = None) -> None:
        self.sessions[sid] = session

    async def emit(self, event: str, data: Any = None, room: str = "", **_: Any) -> None:
        self.emitted.append((event, data, room))


class Channel:
    """A WebChatInput blueprint whose socket server records instead of sending."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, *, fail: bool = False) -> None:
        self.received: list[UserMessage] = []
        self.fail = fail
        self.input = WebChatInput.from_credentials({"session_persistence": True})
        self.input.blueprint(self.on_new_message)
        self.sio = self.input.sio
        self.recorder = Recorder()
        for name in ("enter_room", "leave_room", "get_session", "save_session", "emit"):
            monkeypatch.setattr(self.sio, name, getattr(self.recorder, name))

    async def on_new_message(self, message: UserMessage) -> None:
        if self.fail:
            raise RuntimeError("the assistant broke")
        self.received.append(message)

    async def trigger(self, event: str, data: Any) -> None:
        await self.sio.handlers["/"][event](SID, data)

    def errors(self) -> list[str]:
        return [data["code"] for event, data, _ in self.recorder.emitted if event == ERROR_EVENT]


@pytest.fixture
def channel(monkeypatch: pytest.MonkeyPatch) -> Channel:
    return Channel(monkeypatch)


async def test_a_session_request_joins_the_room_and_confirms_a_new_unguessable_id(channel):
    await channel.trigger("session_request", {"session_id": None})
    event, session_id, room = channel.recorder.emitted[-1]
    assert (event, room) == ("session_confirm", SID)
    assert is_session_id(session_id)
    # The bug this channel fixes: enter_room is a coroutine and must be awaited.
    assert channel.recorder.rooms[SID] == {session_id}


async def test_a_reloaded_page_resumes_its_session(channel):
    session_id = new_session_id()
    await channel.trigger("session_request", {"session_id": session_id})
    assert channel.recorder.emitted[-1][1] == session_id
    assert channel.recorder.rooms[SID] == {session_id}


@pytest.mark.parametrize("data", [None, "x", {}, {"session_id": "default"}, {"session_id": 42}])
async def test_a_missing_or_malformed_session_id_gets_a_fresh_session(channel, data):
    await channel.trigger("session_request", data)
    session_id = channel.recorder.emitted[-1][1]
    assert is_session_id(session_id)
    assert not (isinstance(data, dict) and session_id == data.get("session_id"))


async def test_a_new_session_leaves_the_room_of_the_old_one(channel):
    old, new = new_session_id(), new_session_id()
    await channel.trigger("session_request", {"session_id": old})
    await channel.trigger("session_request", {"session_id": new})
    assert channel.recorder.rooms[SID] == {new}


async def test_a_message_reaches_the_assistant_as_the_session_cleaned(channel):
    session_id = new_session_id()
    await channel.trigger("session_request", {"session_id": session_id})
    await channel.trigger(
        "user_uttered", {"session_id": session_id, "message": " Hei\u0000 ", "metadata": {"a": 1}}
    )
    [message] = channel.received
    assert (message.sender_id, message.text, message.input_channel) == (
        f"webchat:{session_id}",
        "Hei",
        "webchat",
    )
    assert message.metadata == {"a": 1}
    assert channel.errors() == []


async def test_a_message_without_session_request_still_joins_its_room(channel):
    session_id = new_session_id()
    await channel.trigger("user_uttered", {"session_id": session_id, "message": "Hei"})
    assert channel.recorder.rooms[SID] == {session_id}
    assert [m.sender_id for m in channel.received] == [f"webchat:{session_id}"]


@pytest.mark.parametrize(
    ("data", "code"),
    [
        ("Hei", "no_session"),
        (["Hei"], "no_session"),
        ({"message": "Hei"}, "no_session"),
        ({"message": "Hei", "session_id": "default"}, "no_session"),
        ({"message": 123, "session_id": "S" * 43}, "not_text"),
        ({"message": None, "session_id": "S" * 43}, "not_text"),
        ({"message": {"text": "Hei"}, "session_id": "S" * 43}, "not_text"),
        ({"message": "x" * (MAX_MESSAGE_CHARS + 1), "session_id": "S" * 43}, "too_long"),
    ],
)
async def test_bad_messages_get_an_error_code_and_never_reach_the_assistant(channel, data, code):
    await channel.trigger("user_uttered", data)
    assert channel.received == []
    assert channel.errors() == [code]
    assert channel.recorder.emitted[-1][2] == SID, "the error goes to the sending socket only"


async def test_odd_metadata_is_dropped(channel):
    await channel.trigger(
        "user_uttered", {"session_id": "S" * 43, "message": "Hei", "metadata": "{"}
    )
    assert channel.received[0].metadata == {}


async def test_a_failing_assistant_gives_an_error_code_not_a_crash(monkeypatch):
    channel = Channel(monkeypatch, fail=True)
    await channel.trigger("user_uttered", {"session_id": "S" * 43, "message": "Hei"})
    assert channel.errors() == ["failed"]


async def test_without_a_jwt_key_anyone_may_connect(channel):
    assert await channel.sio.handlers["/"]["connect"](SID, {}, None) is True


async def test_with_a_jwt_key_a_token_is_required(monkeypatch):
    channel = Channel(monkeypatch)
    channel.input.jwt_key = "secret"
    connect = channel.sio.handlers["/"]["connect"]
    assert await connect(SID, {}, None) is False
    assert await connect(SID, {}, {"token": "not-a-jwt"}) is False
