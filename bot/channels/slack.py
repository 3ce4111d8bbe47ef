"""Slack channel: Rasa's Slack connector with its gaps closed.

POST /webhooks/slack/webhook takes both Events API requests (JSON) and
interactivity requests (form-encoded `payload=`), as Rasa's does. What this
subclass changes, and why:

- Every request must carry a valid, fresh `X-Slack-Signature`; anything else
  gets 401 before its body is looked at (Rasa: 400, checked after parsing).
- `url_verification` is answered with the bare challenge as text/plain, as
  Slack documents it (Rasa answers a JSON string literal).
- Every delivery, first or retry (`X-Slack-Retry-Num`), is de-duplicated by
  `event_id` and by channel+ts in the event ledger (bot/cluster/ledger.py): in
  Redis when `SG_REDIS_URL` is set, so a retry reaching another replica is not
  answered twice, else in this process. A retry whose first delivery was never
  answered (lost, or its replica died) *is* answered. (Rasa skips only
  `http_timeout` retries and answers the others twice.) A mention that also
  arrives as a plain message event is answered once.
- Replies go to the thread the message came from; top-level channel messages
  get a thread, top-level direct messages a top-level answer.
- Buttons are Block Kit actions blocks of up to 25 buttons each (Rasa drops
  all buttons when there are more than 5); clicks arrive as the button payload.
- The Web API base URL comes from `SLACK_API_URL` (tests point it at a fake);
  the legacy `as_user` argument is no longer sent.
- Join/leave and other non-user message subtypes are ignored; Slack's
  &amp;/&lt;/&gt; escaping is undone; malformed bodies get a 4xx, not a 500.
- Message text never reaches the logs; failed Web API calls log Slack's error code.
"""

from __future__ import annotations

import asyncio
import logging
import os
import time
from typing import Any

from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from rasa.core.channels.slack import SlackInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels.guard import MAX_MESSAGE_CHARS, clean_text
from bot.channels.intake import Intake, Named, OnNewMessage
from bot.channels.options import DEFAULT_SLACK_API_URL, SLACK_API_URL, env_url
from bot.channels.slack_events import (
    SlackMessage,
    interaction_payload,
    json_object,
    message_from_event,
    message_from_interaction,
    signature_problem,
    unescape,
)
from bot.channels.slack_replies import SlackReplies
from bot.cluster.ledger import EventLedger

logger = logging.getLogger(__name__)

SIGNATURE_HEADER = "X-Slack-Signature"
TIMESTAMP_HEADER = "X-Slack-Request-Timestamp"
RETRY_NUM_HEADER = "X-Slack-Retry-Num"
RETRY_REASON_HEADER = "X-Slack-Retry-Reason"


class SlackChannel(Named, SlackInput):
    """Rasa's Slack input channel with signature, retry, thread and button fixes."""

    channel_name = "slack"  # keeps the URL /webhooks/slack/webhook

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        """Create the channel from credentials.yml; optional settings from the environment."""
        settings = credentials or {}
        if not settings.get("slack_token"):
            cls.raise_missing_credentials_exception()
        return cls(
            settings["slack_token"],
            settings.get("slack_signing_secret") or "",
            api_url=env_url(os.environ, SLACK_API_URL, DEFAULT_SLACK_API_URL, trailing_slash=True),
            slack_channel=settings.get("slack_channel"),
            proxy=settings.get("proxy"),
            use_threads=bool(settings.get("use_threads", False)),
            conversation_granularity=settings.get("conversation_granularity", "sender"),
        )

    def __init__(
        self,
        slack_token: str,
        slack_signing_secret: str,
        *,
        api_url: str = DEFAULT_SLACK_API_URL,
        slack_channel: str | None = None,
        proxy: str | None = None,
        use_threads: bool = False,
        conversation_granularity: str = "sender",
        ledger: EventLedger | None = None,
    ) -> None:
        """Create the channel.

        Args:
            slack_token: Bot token (xoxb-…) for chat.postMessage.
            slack_signing_secret: The app's signing secret; requests must be signed with it.
            api_url: Base URL of the Slack Web API, ending in `/`.
            slack_channel: A channel id where every message is answered (not only mentions).
            proxy: Proxy for calls to the Web API.
            use_threads: Also answer top-level direct messages in a thread.
            conversation_granularity: `sender`, `channel` or `thread` (as in Rasa).
            ledger: Where deliveries are claimed (default: Redis at SG_REDIS_URL, or memory).
        """
        super().__init__(
            slack_token,
            slack_channel,
            proxy,
            use_threads=use_threads,
            slack_signing_secret=slack_signing_secret,
            conversation_granularity=conversation_granularity,
        )
        self.api_url = api_url
        self._ledger = ledger or EventLedger.from_url(os.environ.get("SG_REDIS_URL"))

    def get_output_channel(
        self, channel: str | None = None, thread_id: str | None = None
    ) -> OutputChannel:
        """Replies to `channel` (default: the configured one), in thread `thread_id`."""
        return SlackReplies(
            self.slack_token,
            api_url=self.api_url,
            slack_channel=channel or self.slack_channel,
            thread_id=thread_id,
            proxy=self.proxy,
        )

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        """Health check and the webhook for events and interactions."""
        # Conversations "slack:<id>", redacted.
        blueprint, on_new_message = Intake("slack").webhook("sg_slack_webhook", on_new_message)

        @blueprint.route("/webhook", methods=["POST"])
        async def webhook(request: Request) -> HTTPResponse:
            body = request.body or b""
            problem = signature_problem(
                self.slack_signing_secret,
                request.headers.get(TIMESTAMP_HEADER),
                request.headers.get(SIGNATURE_HEADER),
                body,
                now=time.time(),
            )
            if problem:
                logger.warning("Slack request rejected: %s", problem)
                return response.json({"error": "invalid Slack request signature"}, status=401)
            media_type = (request.headers.get("content-type") or "").split(";")[0].strip()
            try:
                if media_type.lower() == "application/json":
                    return self._on_event(json_object(body), request, on_new_message)
                if media_type.lower() == "application/x-www-form-urlencoded":
                    return self._on_interaction(interaction_payload(body), on_new_message)
            except (ValueError, UnicodeDecodeError):
                return response.json({"error": "malformed Slack request body"}, status=400)
            return response.json({"error": "unsupported content type"}, status=415)

        return blueprint

    def _on_event(
        self, envelope: dict[str, Any], request: Request, on_new_message: OnNewMessage
    ) -> HTTPResponse:
        if envelope.get("type") == "url_verification":
            challenge = envelope.get("challenge")
            if not isinstance(challenge, str):
                raise ValueError("url_verification without a challenge")
            return response.text(challenge)
        if envelope.get("type") != "event_callback":
            return response.text("")
        message = message_from_event(
            envelope, own_channel=self.slack_channel, use_threads=bool(self.use_threads)
        )
        if message is None:
            logger.debug("Slack event without a user message for the assistant; skipped")
            return response.text("")
        retry = request.headers.get(RETRY_NUM_HEADER)
        if not self._ledger.claim(message.dedupe_keys):
            logger.info(
                "Slack delivered an event again (retry %s, %s); not answered twice",
                (retry or "none")[:8],
                (request.headers.get(RETRY_REASON_HEADER) or "no reason")[:40],
            )
            return response.text("")
        if retry:
            logger.info("Slack retry #%s of an event not answered yet; answering it", retry[:8])
        self._dispatch(message, on_new_message)
        return response.text("")

    def _on_interaction(
        self, payload: dict[str, Any], on_new_message: OnNewMessage
    ) -> HTTPResponse:
        message = message_from_interaction(payload, use_threads=bool(self.use_threads))
        if message is None:
            # Link buttons and unsupported components: acknowledge, nothing to answer.
            logger.debug("Slack interaction without a value for the assistant; skipped")
            return response.text("")
        self._dispatch(message, on_new_message)
        return response.text("")

    def _dispatch(self, message: SlackMessage, on_new_message: OnNewMessage) -> None:
        """Hand the message to Rasa in the background: Slack wants its 200 within 3 s."""
        text = unescape(self._sanitize_user_message(message.text, list(message.bot_users)))
        user_message = UserMessage(
            clean_text(text)[:MAX_MESSAGE_CHARS],
            self.get_output_channel(message.channel, message.reply_thread),
            self._get_conversation_id(message.user, message.channel, message.conversation_thread),
            input_channel=self.name(),
            metadata={
                "out_channel": message.channel,
                "thread_id": message.reply_thread,
                "users": list(message.bot_users),
            },
        )
        task = asyncio.create_task(
            _handle(user_message, on_new_message, self._ledger, message.dedupe_keys)
        )
        self._background_tasks.add(task)
        task.add_done_callback(self._background_tasks.discard)


async def _handle(
    message: UserMessage,
    on_new_message: OnNewMessage,
    ledger: EventLedger,
    keys: tuple[str, ...],
) -> None:
    try:
        await on_new_message(message)
    except Exception:
        ledger.failed(keys)  # Slack's retry gets another chance
        logger.exception("Slack message handling failed")
    else:
        ledger.answered(keys)
