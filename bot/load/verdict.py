"""Is a reply the one the reference expects? Lost, out of order, wrong or an error.

Before the load, every scripted conversation is played once, one message at a
time, and each turn's reply is recorded as a `Expected`: how many bot messages
it has and a fingerprint of the first one. Replies are deterministic (one
model, no response variations), so under load a turn's reply must match its
own reference entry:

- `LOST`: nothing (or, on Socket.IO, fewer messages than the reference) arrived
  within the reply timeout;
- `OUT_OF_ORDER`: the reply is the reference reply of another turn, this
  conversation's or another's (a late reply, or one delivered to the wrong
  conversation);
- `WRONG`: a reply the reference has never seen, or the right first message
  with a different number of messages;
- `ERROR`: the transport failed (HTTP error, refused connection, `sg_error`).

Standard library only: imported by the locustfile (.venv/load), the reference
recorder and the driver (.venv).
"""

from __future__ import annotations

import ipaddress
import json
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any
from urllib.parse import urlsplit

FINGERPRINT_CHARS = 60
CHANNELS = ("rest", "webchat")


class Verdict(str, Enum):
    """What became of one turn under load."""

    OK = "ok"
    LOST = "lost"
    OUT_OF_ORDER = "out_of_order"
    WRONG = "wrong"
    ERROR = "error"


@dataclass(frozen=True)
class Expected:
    """A turn's reference reply: number of bot messages and the first one's fingerprint."""

    count: int
    fingerprint: str


@dataclass(frozen=True)
class Reply:
    """What arrived for one turn.

    Attributes:
        messages: the bot messages, as the channel delivered them (dicts with "text").
        timed_out: the wait ended at the reply timeout, not because the reply was complete.
        error: a short code when the transport failed ("http_500", "sg_error:failed", …).
    """

    messages: tuple[Mapping[str, Any], ...] = ()
    timed_out: bool = False
    error: str | None = None


def fingerprint(messages: Sequence[Mapping[str, Any]]) -> str:
    """The first message's text, whitespace collapsed, cut to 60 characters ("" for none).

    A message without text (buttons only, an image) is fingerprinted by its keys.
    """
    if not messages:
        return ""
    first = messages[0]
    text = first.get("text")
    if isinstance(text, str) and text.strip():
        return " ".join(text.split())[:FINGERPRINT_CHARS]
    return "<" + ",".join(sorted(str(key) for key in first if key != "recipient_id")) + ">"


def expected_of(messages: Sequence[Mapping[str, Any]]) -> Expected:
    """The reference entry for a reply recorded without load."""
    return Expected(len(messages), fingerprint(messages))


def classify(expected: Expected, reply: Reply, known: Collection[str]) -> Verdict:
    """The verdict on `reply` for a turn whose reference is `expected`.

    Args:
        expected: this turn's reference reply.
        reply: what arrived.
        known: the fingerprints of every turn in the reference (this turn's may be among them).
    """
    if reply.error:
        return Verdict.ERROR
    if not reply.messages:
        return Verdict.OK if expected.count == 0 and not reply.timed_out else Verdict.LOST
    found = fingerprint(reply.messages)
    if found == expected.fingerprint:
        if len(reply.messages) == expected.count:
            return Verdict.OK
        return Verdict.LOST if reply.timed_out else Verdict.WRONG
    if found in known:
        return Verdict.OUT_OF_ORDER
    return Verdict.WRONG


class Reference:
    """The reference replies of one channel: conversation name → one `Expected` per turn."""

    def __init__(self, turns: Mapping[str, Sequence[Expected]]) -> None:
        self.turns = {name: tuple(expected) for name, expected in turns.items()}
        self._known = frozenset(e.fingerprint for entries in self.turns.values() for e in entries)

    def expected(self, conversation: str, turn: int) -> Expected:
        """The reference reply of `conversation`'s turn `turn` (0-based)."""
        return self.turns[conversation][turn]

    def classify(self, conversation: str, turn: int, reply: Reply) -> Verdict:
        """The verdict on `reply` for that turn."""
        return classify(self.expected(conversation, turn), reply, self._known)

    def to_json(self) -> dict[str, list[dict[str, Any]]]:
        """JSON-ready form (see `from_json`)."""
        return {
            name: [{"count": e.count, "fingerprint": e.fingerprint} for e in entries]
            for name, entries in self.turns.items()
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Sequence[Mapping[str, Any]]]) -> Reference:
        """Read what `to_json` wrote."""
        return cls(
            {
                name: [Expected(int(e["count"]), str(e["fingerprint"])) for e in entries]
                for name, entries in data.items()
            }
        )


def dump_references(references: Mapping[str, Reference]) -> str:
    """The references of all channels as JSON text."""
    return json.dumps(
        {channel: ref.to_json() for channel, ref in references.items()},
        ensure_ascii=False,
        indent=1,
    )


def load_references(text: str) -> dict[str, Reference]:
    """Read what `dump_references` wrote."""
    data = json.loads(text)
    return {channel: Reference.from_json(turns) for channel, turns in data.items()}


class NotLoopback(ValueError):
    """The load test was pointed at a host that is not this machine."""


def check_loopback(url: str) -> str:
    """Return `url` (without a trailing slash) when its host is a loopback address.

    The load test only ever talks to servers on this machine: 127.0.0.0/8, ::1 or
    "localhost". Anything else raises `NotLoopback`.
    """
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise NotLoopback(f"not an http(s) URL: {url!r}")
    host = parts.hostname
    if host != "localhost":
        try:
            loopback = ipaddress.ip_address(host).is_loopback
        except ValueError:
            loopback = False
        if not loopback:
            raise NotLoopback(f"the load test only runs against this machine, not {host!r}")
    return url.rstrip("/")
