"""What every channel does with a message before the assistant sees it.

- The conversation id gets the channel's namespace ("rest:alice",
  "slack:U123…"), so no channel can address another channel's conversations.
- Personal data is replaced (bot.privacy.redact): the redacted text is what
  Rasa stores, logs and shows back in the web-chat history.
- Once per conversation, the reply ends with a note that personal data was
  removed and why.
- Client metadata is size-capped.
- A message that got no reply at all (the action server is down) gets a short
  note with the emergency number instead of silence.
"""

from __future__ import annotations

import functools
import json
import logging
from asyncio import CancelledError
from collections.abc import Awaitable, Callable
from typing import Any, ClassVar

from rasa.core.channels.channel import OutputChannel, UserMessage
from rasa.shared.core.events import UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from sanic import Blueprint, Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels.ratelimit import RateLimiter, client_address
from bot.names import (
    METADATA_WRITTEN_STANDARD_ASKED,
    SLOT_WRITTEN_STANDARD,
    SLOT_WRITTEN_STANDARD_ASKED,
)
from bot.nlu import written_standard
from bot.privacy import retention
from bot.privacy.redact import redact, warm_up
from bot.schemas import notice as notice_schema
from bot.schemas.notice import ChannelTexts
from bot.schemas.reading import load_yaml
from bot.settings import PROJECT_ROOT, Settings
from bot.text.standard import DEFAULT, Standard, standard_of

logger = logging.getLogger(__name__)

OnNewMessage = Callable[[UserMessage], Awaitable[Any]]
# Set on the stored user event when personal data was replaced in it.
METADATA_KEY = "personal_data_removed"
MAX_METADATA_BYTES = 4096


class Named:
    """Rasa asks an input channel for its name, also its URL prefix, by a classmethod.

    Put it before Rasa's channel class: `class SlackChannel(Named, SlackInput)`.
    """

    channel_name: ClassVar[str]

    @classmethod
    def name(cls) -> str:
        """The channel's name: /webhooks/<name>/…, and the namespace of its conversations."""
        return cls.channel_name


async def failure_answer(turn: Awaitable[Any], channel: str) -> HTTPResponse | None:
    """Await one turn of a webhook; a JSON 503 (timed out) or 500 (failed), else None."""
    try:
        await turn
    except CancelledError:
        logger.error("%s message handling timed out", channel)
        return response.json({"error": "the assistant timed out"}, status=503)
    except Exception:
        logger.exception("%s message handling failed", channel)
        return response.json({"error": "the assistant failed"}, status=500)
    return None


def conversation_id(channel: str, sender: str) -> str:
    """The conversation id Rasa stores: the channel's namespace, then the channel's own id."""
    return f"{channel}:{sender}"


@functools.lru_cache(maxsize=1)
def _texts() -> ChannelTexts:
    return load_yaml(ChannelTexts, PROJECT_ROOT / notice_schema.PATH)


def notice(kinds: tuple[str, ...], standard: Standard = DEFAULT) -> str:
    """The note telling the user what was removed ("navn og telefonnummer")."""
    texts = _texts()
    words = [texts.kinds[k].to(standard) for k in kinds]
    joined = f"{', '.join(words[:-1])} {texts.and_.to(standard)} {words[-1]}"
    return texts.notice.to(standard).format(removed=words[0] if len(words) == 1 else joined)


def unavailable(standard: Standard = DEFAULT) -> str:
    """The note sent when the assistant gave no reply at all, with the emergency number."""
    from bot.knowledge import knowledge

    return _texts().unavailable.to(standard).format_map(knowledge().numbers())


def capped_metadata(metadata: dict[str, Any] | None) -> dict[str, Any]:
    """The client's metadata, or nothing when it is larger than MAX_METADATA_BYTES."""
    if not metadata:
        return {}
    size = len(json.dumps(metadata, default=str).encode("utf8"))
    if size > MAX_METADATA_BYTES:
        logger.warning("Client metadata of %d bytes dropped (limit %d)", size, MAX_METADATA_BYTES)
        return {}
    return dict(metadata)


class NamespacedOutput(OutputChannel):
    """The channel's own output, addressed with the id the channel knows (namespace removed)."""

    def __init__(self, inner: OutputChannel, channel: str) -> None:
        self.inner = inner
        self._prefix = f"{channel}:"
        self.sent = 0  # replies sent for this message

    def name(self) -> str:
        """The inner channel's name: responses may differ per channel."""
        return self.inner.name()

    def _local(self, recipient_id: str | None) -> str | None:
        if recipient_id and recipient_id.startswith(self._prefix):
            return recipient_id[len(self._prefix) :]
        return recipient_id

    async def send_response(self, recipient_id: str, message: dict[str, Any]) -> None:
        """Every bot message Rasa sends goes through here."""
        self.sent += 1
        await self.inner.send_response(self._local(recipient_id), message)

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        """Plain text (the privacy note)."""
        self.sent += 1
        await self.inner.send_text_message(self._local(recipient_id), text, **kwargs)


def rate_limited(text: str | None = None) -> str:
    """The answer to a sender or address over its limit, in the standard `text` is written in."""
    return _texts().rate_limited.to(written_standard.read(text).standard or DEFAULT)


class Intake:
    """One per channel: namespace, rate limit, redaction and the privacy note."""

    def __init__(self, channel: str, settings: Settings | None = None) -> None:
        self.channel = channel
        self._app: Sanic | None = None
        settings = settings or Settings.from_env()
        self.limiter = RateLimiter(
            settings.sender_messages_per_minute, settings.address_messages_per_minute
        )
        self.proxies = settings.proxies

    def client_address(self, peer: str | None, forwarded_for: str | None) -> str | None:
        """The address a message comes from, behind `SG_PROXIES` trusted proxies."""
        return client_address(peer, forwarded_for, self.proxies)

    def admit(self, sender: str, address: str | None) -> bool:
        """True when this sender (channel id) and client address are within their limits."""
        admitted = self.limiter.admit(conversation_id(self.channel, sender), address)
        if not admitted:
            logger.warning("Rate limit reached on %s (a sender or an address)", self.channel)
        return admitted

    def blueprint(self, name: str) -> Blueprint:
        """A webhook channel's blueprint: attached to this intake, GET / answers health checks.

        (Rasa mounts it under /webhooks/<channel name>/ whatever prefix it is given.)
        """
        blueprint = Blueprint(name, __name__)
        self.attach(blueprint)

        @blueprint.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        return blueprint

    def webhook(self, name: str, on_new_message: OnNewMessage) -> tuple[Blueprint, OnNewMessage]:
        """The blueprint (as `blueprint`) and `on_new_message` with this intake in front."""
        return self.blueprint(name), self.wrap(on_new_message)

    def attach(self, blueprint: Blueprint) -> None:
        """Remember the app, to read a conversation's history from the tracker store."""

        @blueprint.listener("after_server_start")
        async def remember(app: Sanic, _: Any) -> None:
            self._app = app
            # Name lists, word lists and Presidio: ~8 s now, not on a first message. A
            # replica is not healthy (HAProxy sends it nothing) until this is done.
            warm_up()
            retention.start(app)  # once per process, whichever channel starts first

    def wrap(self, on_new_message: OnNewMessage) -> OnNewMessage:
        """`on_new_message` with this intake in front of it."""

        async def handle(message: UserMessage) -> None:
            await self.deliver(message, on_new_message)

        return handle

    async def deliver(self, message: UserMessage, on_new_message: OnNewMessage) -> None:
        """Hand `message` to the assistant, redacted and namespaced."""
        redacted = redact(message.text or "")
        sender = conversation_id(self.channel, message.sender_id or "")
        metadata = capped_metadata(message.metadata)
        if redacted.changed:
            metadata[METADATA_KEY] = list(redacted.kinds)
        asked = await self._asked_standard(sender, redacted.text)
        if asked is not None:
            metadata[METADATA_WRITTEN_STANDARD_ASKED] = asked
        tell = redacted.changed and not await self._told_before(sender)
        output = NamespacedOutput(message.output_channel or OutputChannel(), self.channel)
        await on_new_message(
            UserMessage(
                redacted.text,
                output,
                sender,
                input_channel=message.input_channel,
                message_id=message.message_id,
                metadata=metadata,
            )
        )
        if output.sent == 0 or tell:
            standard = await self._standard(sender)
            if output.sent == 0:
                # No reply at all: the action server is down or failed. Never silence.
                logger.error("The assistant sent no reply (is the action server up?)")
                await output.send_text_message(sender, unavailable(standard))
            if tell:
                await output.send_text_message(sender, notice(redacted.kinds, standard))

    async def _tracker(self, sender: str) -> DialogueStateTracker | None:
        agent = getattr(getattr(self._app, "ctx", None), "agent", None)
        store = getattr(agent, "tracker_store", None)
        return None if store is None else await store.retrieve(sender)

    async def _asked_standard(self, sender: str, text: str) -> Standard | None:
        """The standard this conversation asked for outright, when this message could change it.

        Only a message written in a standard (and not itself a request) could switch
        the conversation away from the one asked for; only then is the tracker read.
        """
        reading = written_standard.read(text)
        if reading.standard is None or reading.asked:
            return None
        try:
            tracker = await self._tracker(sender)
        except Exception:  # the store is down: the message still goes through (Rasa retries)
            logger.warning("Could not read the conversation's written standard", exc_info=True)
            return None
        asked = tracker.get_slot(SLOT_WRITTEN_STANDARD_ASKED) if tracker else None
        return standard_of(asked) if asked else None

    async def _standard(self, sender: str) -> Standard:
        """The conversation's written standard, this message's reading included."""
        tracker = await self._tracker(sender)
        return standard_of(tracker.get_slot(SLOT_WRITTEN_STANDARD) if tracker else None)

    async def _told_before(self, sender: str) -> bool:
        """True when an earlier message of this conversation had personal data removed."""
        tracker = await self._tracker(sender)
        if tracker is None:
            return False
        return any(
            isinstance(event, UserUttered) and METADATA_KEY in (event.metadata or {})
            for event in tracker.events
        )
