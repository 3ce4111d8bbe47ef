"""Checks applied to every incoming message before it reaches the assistant.

Pure functions shared by the channels: bad input gets a clear 4xx (or is
cleaned), never a crash and never a lost conversation.
"""

from __future__ import annotations

import hmac
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

MAX_MESSAGE_CHARS = 4000
MAX_SENDER_CHARS = 128
_SENDER = re.compile(r"^[\w.:@+-]+$")


class InputRejected(ValueError):
    """The request cannot be processed; `status` is the HTTP status to answer with."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


@dataclass(frozen=True)
class CleanMessage:
    """A validated message ready for the assistant."""

    sender: str
    text: str
    metadata: dict[str, Any]


def clean_text(text: str) -> str:
    """Drop control and format characters (keeping newlines and tabs) and trim."""
    kept = (ch for ch in text if ch in "\n\t" or unicodedata.category(ch) not in ("Cc", "Cf", "Cs"))
    return "".join(kept).strip()


def check_sender(sender: Any) -> str:
    """A conversation id: 1–128 characters of letters, digits and ._:@+-."""
    if not isinstance(sender, str) or not sender.strip():
        raise InputRejected(400, "'sender' must be a non-empty string")
    sender = sender.strip()
    if len(sender) > MAX_SENDER_CHARS or not _SENDER.match(sender):
        raise InputRejected(
            400, f"'sender' must be at most {MAX_SENDER_CHARS} letters, digits or ._:@+-"
        )
    return sender


def check_text(text: Any) -> str:
    """The message text, cleaned; rejects non-strings and over-long messages."""
    if not isinstance(text, str):
        raise InputRejected(400, "'message' must be a string")
    if len(text) > MAX_MESSAGE_CHARS:
        raise InputRejected(
            413, f"'message' is longer than {MAX_MESSAGE_CHARS} characters ({len(text)})"
        )
    return clean_text(text)


def check_rest_body(body: Any) -> CleanMessage:
    """Validate a REST request body {"sender": ..., "message": ..., "metadata": {...}}."""
    if not isinstance(body, dict):
        raise InputRejected(400, "the body must be a JSON object")
    if "message" not in body:
        raise InputRejected(400, "'message' is missing")
    if "sender" not in body:
        raise InputRejected(400, "'sender' is missing: name the conversation")
    metadata = body.get("metadata") or {}
    if not isinstance(metadata, dict):
        raise InputRejected(400, "'metadata' must be a JSON object")
    return CleanMessage(
        sender=check_sender(body["sender"]),
        text=check_text(body["message"]),
        metadata=metadata,
    )


def bearer_matches(header: str | None, token: str) -> bool:
    """True when `header` is "Bearer <token>" (any case of "Bearer"; compared in constant time)."""
    scheme, _, given = (header or "").partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(given.strip(), token)
