"""Socket.IO channel of the web chat widget, plus its page and HTTP routes.

Differences from Rasa 3.6's `SocketIOInput`, whose socket handlers this
channel replaces (its socket.io output and blueprint class are reused):

- `session_request` awaits `enter_room`. Rasa 3.6 calls it without `await`,
  but python-socketio 5.12 made `AsyncServer.enter_room` a coroutine, so the
  socket never joined its session's room and every bot reply was lost.
- Session ids are issued by the server and are bearer secrets (see
  `bot.channels.webchat_history`); a client may resume a session after a
  page reload by sending its id, and a malformed id gets a fresh session.
- Incoming messages are checked with `bot.channels.guard.check_text`; a bad
  message gets an `sg_error` event with a code (the widget shows the
  Norwegian text), never a crash. Message text is never logged.
- The session persists always (a reload keeps the conversation), whatever
  `session_persistence` says in credentials.yml.
"""

from __future__ import annotations

import inspect
import logging
import os
from typing import Any

from rasa.core.channels.channel import UserMessage, decode_bearer_token
from rasa.core.channels.socketio import SocketBlueprint, SocketIOInput, SocketIOOutput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from socketio import AsyncServer

from bot.channels.guard import InputRejected, check_text
from bot.channels.intake import Intake, Named, OnNewMessage
from bot.channels.origins import OriginCheckedServer, allowed_origins
from bot.channels.webchat_history import is_session_id, new_session_id
from bot.channels.webchat_http import add_http_routes

logger = logging.getLogger(__name__)

ERROR_EVENT = "sg_error"
SESSION_KEY = "session_id"


class WebChatInput(Named, SocketIOInput):
    """Socket.IO input channel with working session rooms, input checks and history."""

    channel_name = "webchat"  # its routes are under /webhooks/webchat/

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        """Socket.IO server and handlers, the health route and the web chat's HTTP routes."""
        # Socket.IO checks the Origin of every connection itself (browsers apply
        # no CORS to WebSockets): the page's own origin and SG_CORS_ORIGINS.
        sio = OriginCheckedServer(allowed_origins(os.environ), async_mode="sanic")
        self.sio = sio
        blueprint = SocketBlueprint(sio, self.socketio_path, "webchat_webhook", __name__)
        intake = Intake(self.name())
        intake.attach(blueprint)
        self._intake = intake

        @blueprint.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        add_http_routes(blueprint)

        async def connect(sid: str, environ: dict[str, Any], auth: Any = None) -> bool:
            return self._authorised(auth)

        async def session_request(sid: str, data: Any = None) -> None:
            await self._session_request(sio, sid, data)

        async def user_message(sid: str, data: Any = None) -> None:
            await self._user_message(sio, sid, data, on_new_message)

        sio.on("connect", connect, namespace=self.namespace)
        sio.on("session_request", session_request, namespace=self.namespace)
        sio.on(self.user_message_evt, user_message, namespace=self.namespace)
        return blueprint

    def _authorised(self, auth: Any) -> bool:
        """Without a JWT key every client may connect; with one, only a valid token."""
        if not self.jwt_key:
            return True
        token = auth.get("token") if isinstance(auth, dict) else None
        return bool(token and decode_bearer_token(token, self.jwt_key, self.jwt_algorithm))

    async def _join(self, sio: AsyncServer, sid: str, session_id: str) -> None:
        """Put socket `sid` in the room of `session_id` (and in no other session's room)."""
        try:
            session = await sio.get_session(sid, namespace=self.namespace)
        except KeyError:  # the socket disconnected meanwhile
            return
        current = session.get(SESSION_KEY)
        if current == session_id:
            return
        if current:
            await _maybe_await(sio.leave_room(sid, current, namespace=self.namespace))
        # Awaited: a coroutine since python-socketio 5.12 (Rasa 3.6 forgets to await it).
        await _maybe_await(sio.enter_room(sid, session_id, namespace=self.namespace))
        await sio.save_session(sid, {SESSION_KEY: session_id}, namespace=self.namespace)

    def _client_address(self, sio: AsyncServer, sid: str) -> str | None:
        """The socket's client address (behind SG_PROXIES trusted proxies)."""
        try:
            environ = sio.get_environ(sid, namespace=self.namespace) or {}
        except (KeyError, ValueError):
            return None
        return self._intake.client_address(
            environ.get("REMOTE_ADDR"), environ.get("HTTP_X_FORWARDED_FOR")
        )

    async def _session_request(self, sio: AsyncServer, sid: str, data: Any) -> None:
        """Resume the session the client names, or start a new one; confirm its id."""
        proposed = data.get(SESSION_KEY) if isinstance(data, dict) else None
        session_id = proposed if is_session_id(proposed) else new_session_id()
        await self._join(sio, sid, session_id)
        await sio.emit("session_confirm", session_id, room=sid, namespace=self.namespace)
        resumed = session_id == proposed
        logger.debug("Web chat socket %s %s a session", sid, "resumed" if resumed else "started")

    async def _user_message(
        self, sio: AsyncServer, sid: str, data: Any, on_new_message: OnNewMessage
    ) -> None:
        """Check one user message and hand it to the assistant; errors go back as codes."""
        if not isinstance(data, dict) or not is_session_id(data.get(SESSION_KEY)):
            await self._reject(sio, sid, "no_session")
            return
        try:
            text = check_text(data.get("message"))
        except InputRejected as e:
            await self._reject(sio, sid, "too_long" if e.status == 413 else "not_text")
            return
        session_id: str = data[SESSION_KEY]
        if not self._intake.admit(session_id, self._client_address(sio, sid)):
            await self._reject(sio, sid, "rate_limited")
            return
        await self._join(sio, sid, session_id)
        metadata = data.get(self.metadata_key)
        message = UserMessage(
            text,
            SocketIOOutput(sio, self.bot_message_evt),
            session_id,
            input_channel=self.name(),
            metadata=metadata if isinstance(metadata, dict) else None,
        )
        try:
            await self._intake.deliver(message, on_new_message)
        except Exception:
            logger.exception("Web chat message handling failed")
            await self._reject(sio, sid, "failed")

    async def _reject(self, sio: AsyncServer, sid: str, code: str) -> None:
        logger.info("Web chat message not handled (%s)", code)
        await sio.emit(ERROR_EVENT, {"code": code}, room=sid, namespace=self.namespace)


async def _maybe_await(result: Any) -> None:
    """Await `result` if it is awaitable (room methods differ across python-socketio versions)."""
    if inspect.isawaitable(result):
        await result
