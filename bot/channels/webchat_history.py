"""Web chat session ids and the read-only conversation history of a session.

A web chat session id is a bearer secret: whoever holds it can read the
conversation and write to it. The server issues it (256 random bits,
URL-safe base64), the browser keeps it for the tab, and it is only ever sent
in a socket message body or an `Authorization` header, never in a URL, so it
does not end up in access logs, proxies or the browser history.

Pure functions over event dicts, so they are tested without a tracker store.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterable, Mapping
from typing import Any, Literal, TypedDict, TypeGuard

SESSION_ID_BYTES = 32
# secrets.token_urlsafe(32) gives 43 characters of [A-Za-z0-9_-].
_SESSION_ID = re.compile(r"^[A-Za-z0-9_-]{43}$")
MAX_HISTORY_MESSAGES = 200


class Button(TypedDict):
    """A reply button: the title is shown, the payload is sent."""

    title: str
    payload: str


class HistoryMessage(TypedDict):
    """One bubble of the web chat, as the widget draws it."""

    sender: Literal["user", "bot"]
    text: str
    buttons: list[Button]


def new_session_id() -> str:
    """A fresh, unguessable session id."""
    return secrets.token_urlsafe(SESSION_ID_BYTES)


def is_session_id(value: Any) -> TypeGuard[str]:
    """True for a string of the exact shape `new_session_id` produces."""
    return isinstance(value, str) and _SESSION_ID.fullmatch(value) is not None


def bearer_session_id(authorization: str | None) -> str | None:
    """The session id of an `Authorization: Bearer <id>` header, if well-formed."""
    if not authorization:
        return None
    scheme, _, token = authorization.partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not is_session_id(token):
        return None
    return token


def clean_buttons(raw: Any) -> list[Button]:
    """Buttons with a string title and payload; anything else is dropped."""
    if not isinstance(raw, list):
        return []
    return [
        Button(title=b["title"], payload=b["payload"])
        for b in raw
        if isinstance(b, Mapping)
        and isinstance(b.get("title"), str)
        and isinstance(b.get("payload"), str)
    ]


def split_bot_text(text: str, buttons: list[Button]) -> list[HistoryMessage]:
    """Bubbles the way Rasa's socket.io output sends them.

    The text is split at blank lines and the buttons go with the last part,
    so a reloaded conversation looks like the live one.
    """
    parts = [part for part in text.strip().split("\n\n") if part] or [""]
    messages = [HistoryMessage(sender="bot", text=part, buttons=[]) for part in parts]
    messages[-1]["buttons"] = buttons
    return messages


def history_messages(events: Iterable[Mapping[str, Any]]) -> list[HistoryMessage]:
    """The user and bot messages of a conversation, oldest first, at most the last 200."""
    messages: list[HistoryMessage] = []
    titles: dict[str, str] = {}  # payload → title of every button offered so far
    for event in events:
        kind = event.get("event")
        text = event.get("text")
        if kind == "user" and isinstance(text, str):
            # A clicked button is stored as its payload; show the title the user clicked.
            shown = titles.get(text, text)
            messages.append(HistoryMessage(sender="user", text=shown, buttons=[]))
        elif kind == "bot":
            data = event.get("data")
            buttons = clean_buttons(data.get("buttons") if isinstance(data, Mapping) else None)
            if isinstance(text, str) and text.strip():
                messages.extend(split_bot_text(text, buttons))
            elif buttons:
                messages.append(HistoryMessage(sender="bot", text="", buttons=buttons))
            titles.update((b["payload"], b["title"]) for b in buttons)
    return messages[-MAX_HISTORY_MESSAGES:]
