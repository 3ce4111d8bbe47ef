"""One simulated person talking to the assistant, over REST or the web chat's Socket.IO.

Blocking clients (requests, python-socketio's `Client` over websocket-client):
under Locust, gevent makes them cooperative; the reference recorder uses them
as they are. Each conversation gets a fresh id (REST: a new sender; web chat:
a new server-issued session on the same socket, as the widget's restart
button does). Message text is never logged.
"""

from __future__ import annotations

import queue
import time
import uuid
from typing import Any

import requests
import socketio

from bot.load.verdict import Reply

REST_PATH = "/webhooks/rest/webhook"
SOCKETIO_PATH = "socket.io"


class ClientFailed(RuntimeError):
    """The connection or the session could not be set up."""


class RestClient:
    """`POST /webhooks/rest/webhook` with `{"sender", "message"}`; the reply is a JSON list."""

    channel = "rest"

    def __init__(self, host: str, timeout: float) -> None:
        self._url = host.rstrip("/") + REST_PATH
        self._timeout = timeout
        self._http = requests.Session()

    def new_conversation(self) -> str:
        """A sender id nobody has used."""
        return f"load-{uuid.uuid4().hex}"

    def send(self, conversation: str, text: str, expected: int = 0) -> Reply:
        """Send one message and wait for the whole reply (`expected` is not needed here)."""
        try:
            answer = self._http.post(
                self._url, json={"sender": conversation, "message": text}, timeout=self._timeout
            )
        except requests.Timeout:
            return Reply(timed_out=True)
        except requests.RequestException as e:
            return Reply(error=type(e).__name__)
        if answer.status_code != 200:
            return Reply(error=f"http_{answer.status_code}")
        try:
            body = answer.json()
        except ValueError:
            return Reply(error="not_json")
        if not isinstance(body, list):
            return Reply(error="not_a_list")
        return Reply(messages=tuple(m for m in body if isinstance(m, dict)))

    def close(self) -> None:
        """Close the HTTP connections."""
        self._http.close()


class SocketClient:
    """The web chat widget's protocol over Socket.IO.

    `session_request` → `session_confirm` (the session id), then `user_uttered` →
    `bot_uttered` events, or `sg_error` for a rejected message.
    """

    channel = "webchat"

    def __init__(self, host: str, timeout: float) -> None:
        self._host = host.rstrip("/")
        self._timeout = timeout
        self._events: queue.Queue[tuple[str, Any]] = queue.Queue()
        self._sio = socketio.Client(reconnection=False, request_timeout=timeout)
        for event in ("session_confirm", "bot_uttered", "sg_error"):
            self._sio.on(event, self._collector(event))
        self._sio.on("disconnect", lambda *_: self._events.put(("disconnect", None)))

    def _collector(self, event: str) -> Any:
        def collect(data: Any = None) -> None:
            self._events.put((event, data))

        return collect

    def connect(self) -> None:
        """Open the websocket.

        websocket-client sends the server's own origin (http://host:port) as the
        Origin header, as a browser on the chat page does; the server accepts it.
        """
        if self._sio.connected:
            return
        try:
            self._sio.connect(
                self._host,
                transports=["websocket"],
                socketio_path=SOCKETIO_PATH,
                wait_timeout=self._timeout,
            )
        except socketio.exceptions.ConnectionError as e:
            raise ClientFailed(f"Socket.IO connection failed: {e}") from e

    def new_conversation(self) -> str:
        """A new server-issued session on this socket; earlier sessions' events are dropped."""
        self.connect()
        try:
            self._sio.emit("session_request", {})
        except socketio.exceptions.SocketIOError as e:
            raise ClientFailed("the socket closed") from e
        deadline = time.monotonic() + self._timeout
        while True:
            event, data = self._next(deadline)
            if event == "session_confirm":
                session = data if isinstance(data, str) else (data or {}).get("session_id")
                if isinstance(session, str) and session:
                    return session
                raise ClientFailed("session_confirm without a session id")
            if event in ("timeout", "disconnect"):
                raise ClientFailed(f"no session_confirm ({event})")

    def send(self, conversation: str, text: str, expected: int, grace: float = 0.0) -> Reply:
        """Send one message; collect `bot_uttered` events until `expected` have come.

        Args:
            conversation: the session id.
            text: the message.
            expected: how many bot messages make the reply complete.
            grace: then take more until none has come for this long (the reference
                recorder uses it).
        """
        try:
            self._sio.emit("user_uttered", {"message": text, "session_id": conversation})
        except socketio.exceptions.SocketIOError:
            return Reply(error="disconnected")
        deadline = time.monotonic() + self._timeout
        messages: list[dict[str, Any]] = []
        while len(messages) < expected:
            event, data = self._next(deadline)
            if event == "timeout":
                return Reply(messages=tuple(messages), timed_out=True)
            if event == "disconnect":
                return Reply(messages=tuple(messages), error="disconnected")
            if event == "sg_error":
                code = data.get("code") if isinstance(data, dict) else None
                return Reply(messages=tuple(messages), error=f"sg_error:{code}")
            if event == "bot_uttered" and isinstance(data, dict):
                messages.append(data)
        while grace:  # until no message has come for `grace` seconds
            extra, data = self._next(time.monotonic() + grace)
            if extra != "bot_uttered":
                break
            if isinstance(data, dict):
                messages.append(data)
        return Reply(messages=tuple(messages))

    def _next(self, deadline: float) -> tuple[str, Any]:
        try:
            return self._events.get(timeout=max(0.0, deadline - time.monotonic()))
        except queue.Empty:
            return ("timeout", None)

    def close(self) -> None:
        """Close the websocket."""
        if self._sio.connected:
            self._sio.disconnect()
