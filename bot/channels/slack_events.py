"""Slack request checks and message shapes, free of Rasa and HTTP so they test alone.

References: request signing (https://api.slack.com/authentication/verifying-requests-from-slack),
Events API envelopes, `block_actions` interaction payloads and Block Kit limits.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs

MAX_AGE_S = 5 * 60
MAX_SECTION_CHARS = 3000
MAX_BUTTONS_PER_BLOCK = 25
MAX_BLOCKS = 50
MAX_BUTTON_TITLE_CHARS = 75
MAX_BUTTON_VALUE_CHARS = 2000
# Subtypes that are still a person writing to us; all others (joins, edits,
# deletions, bot posts) are not messages for the assistant.
USER_SUBTYPES = (None, "thread_broadcast", "file_share")


@dataclass(frozen=True)
class SlackMessage:
    """A user message (typed or a button click) extracted from a Slack request."""

    text: str
    user: str
    channel: str
    reply_thread: str | None  # thread_ts for the replies; None: post top-level
    conversation_thread: str | None  # thread id for the "thread" conversation granularity
    bot_users: tuple[str, ...]  # our own user ids, whose mentions are removed from text
    dedupe_keys: tuple[str, ...]


def sign(secret: str, timestamp: str, body: bytes) -> str:
    """The `X-Slack-Signature` value Slack sends for `body` at `timestamp`."""
    base = b"v0:" + timestamp.encode("ascii") + b":" + body
    return "v0=" + hmac.new(secret.encode("utf8"), base, hashlib.sha256).hexdigest()


def signature_problem(
    secret: str, timestamp: str | None, signature: str | None, body: bytes, *, now: float
) -> str | None:
    """Why a request is not authentically from Slack, or None when it is.

    Args:
        secret: The app's signing secret.
        timestamp: The `X-Slack-Request-Timestamp` header.
        signature: The `X-Slack-Signature` header.
        body: The raw request body, exactly as received.
        now: The current Unix time.

    Returns:
        A short reason (safe to log), or None for a valid, fresh signature.
    """
    if not timestamp or not signature:
        return "unsigned request"
    if not timestamp.isascii() or not timestamp.isdigit():
        return "malformed timestamp"
    if abs(now - int(timestamp)) > MAX_AGE_S:
        return "stale timestamp"
    expected = sign(secret, timestamp, body).encode("ascii")
    if not hmac.compare_digest(expected, signature.encode("utf8", "replace")):
        return "bad signature"
    return None


def json_object(body: bytes) -> dict[str, Any]:
    """Parse a JSON object body; ValueError if it is not one."""
    parsed = json.loads(body or b"")
    if not isinstance(parsed, dict):
        raise ValueError("the body must be a JSON object")
    return parsed


def interaction_payload(body: bytes) -> dict[str, Any]:
    """The JSON object in the `payload=` field of a form-encoded interaction."""
    fields = parse_qs(body.decode("utf8"), strict_parsing=False)
    payload = fields.get("payload")
    if not payload:
        raise ValueError("the form has no 'payload' field")
    return json_object(payload[0].encode("utf8"))


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _bot_users(envelope: Mapping[str, Any]) -> tuple[str, ...]:
    users = [u for u in envelope.get("authed_users") or [] if isinstance(u, str)]
    for authorization in envelope.get("authorizations") or []:
        if isinstance(authorization, dict) and _text(authorization.get("user_id")):
            users.append(authorization["user_id"])
    return tuple(dict.fromkeys(users))


def message_from_event(
    envelope: Mapping[str, Any], *, own_channel: str | None, use_threads: bool
) -> SlackMessage | None:
    """The user message in an `event_callback` envelope, or None if there is none for us.

    Direct messages, mentions of the app and messages in `own_channel` count.
    Replies go to the message's thread; a top-level message in a channel gets
    a new thread (keeps channels tidy), a top-level direct message a
    top-level answer unless `use_threads` is set.
    """
    event = envelope.get("event")
    if not isinstance(event, dict) or event.get("type") not in ("message", "app_mention"):
        return None
    if event.get("bot_id") or event.get("subtype") not in USER_SUBTYPES:
        return None
    text, user = _text(event.get("text")), _text(event.get("user"))
    channel, ts = _text(event.get("channel")), _text(event.get("ts"))
    if text is None or user is None or channel is None or ts is None:
        return None
    direct = event.get("channel_type") == "im"
    if not (direct or event["type"] == "app_mention" or channel == own_channel):
        return None
    thread = _text(event.get("thread_ts"))
    keys = [f"message:{channel}:{ts}"]  # a mention also arrives as a plain message event
    if _text(envelope.get("event_id")):
        keys.append(f"event:{envelope['event_id']}")
    return SlackMessage(
        text=text,
        user=user,
        channel=channel,
        reply_thread=thread or (ts if use_threads or not direct else None),
        conversation_thread=thread or ts,
        bot_users=_bot_users(envelope),
        dedupe_keys=tuple(keys),
    )


def _object(parent: Mapping[str, Any], key: str) -> Mapping[str, Any]:
    value = parent.get(key)
    return value if isinstance(value, dict) else {}


def _action_value(action: Mapping[str, Any]) -> str | None:
    if action.get("type") == "button":
        return _text(action.get("value"))
    selected = action.get("selected_option")
    return _text(selected.get("value")) if isinstance(selected, dict) else None


def message_from_interaction(
    payload: Mapping[str, Any], *, use_threads: bool
) -> SlackMessage | None:
    """The button (or menu) value of a `block_actions` payload as a user message."""
    actions = payload.get("actions")
    if payload.get("type") != "block_actions" or not isinstance(actions, list) or not actions:
        return None
    value = _action_value(actions[0]) if isinstance(actions[0], dict) else None
    user, channel = _object(payload, "user"), _object(payload, "channel")
    message, container = _object(payload, "message"), _object(payload, "container")
    user_id, channel_id = _text(user.get("id")), _text(channel.get("id"))
    if value is None or user_id is None or channel_id is None:
        return None
    thread = _text(message.get("thread_ts")) or _text(container.get("thread_ts"))
    ts = _text(message.get("ts")) or _text(container.get("message_ts"))
    return SlackMessage(
        text=value,
        user=user_id,
        channel=channel_id,
        reply_thread=thread or (ts if use_threads else None),
        conversation_thread=thread or ts,
        bot_users=(),
        dedupe_keys=(),
    )


def escape(text: str) -> str:
    """Escape the three characters Slack's `text` field gives meaning to."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def unescape(text: str) -> str:
    """Undo Slack's escaping of &, < and > in incoming message text."""
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def button_blocks(text: str, buttons: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Block Kit for a text with buttons: section(s), then actions blocks of ≤25 buttons.

    A button's value is its Rasa payload, which a click sends back.
    """
    text = text.strip()
    blocks: list[dict[str, Any]] = [
        {
            "type": "section",
            "text": {"type": "plain_text", "text": text[start : start + MAX_SECTION_CHARS]},
        }
        for start in range(0, len(text), MAX_SECTION_CHARS)
    ]
    elements = [
        {
            "type": "button",
            "text": {
                "type": "plain_text",
                "text": _shorten(str(button["title"]), MAX_BUTTON_TITLE_CHARS),
            },
            "value": button["payload"],
            "action_id": f"button_{index}",
        }
        for index, button in enumerate(buttons)
        if isinstance(button.get("payload"), str)
        and 0 < len(button["payload"]) <= MAX_BUTTON_VALUE_CHARS
        and button.get("title")
    ]
    for start in range(0, len(elements), MAX_BUTTONS_PER_BLOCK):
        blocks.append(
            {"type": "actions", "elements": elements[start : start + MAX_BUTTONS_PER_BLOCK]}
        )
    return blocks[:MAX_BLOCKS]
