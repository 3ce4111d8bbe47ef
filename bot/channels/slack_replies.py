"""Replies to Slack: chat.postMessage on a configurable Web API, in the right thread.

Changes from Rasa's `SlackBot`: the Web API base URL is configurable; the
legacy `as_user` and the invalid `type` arguments are not sent; text is
escaped for Slack; buttons are Block Kit (no longer dropped above five);
API errors are logged with Slack's error code only, never the message text.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import aiohttp
from rasa.core.channels.slack import SlackBot
from slack_sdk.errors import SlackClientError
from slack_sdk.web.async_client import AsyncWebClient

from bot.channels.slack_events import button_blocks, escape

logger = logging.getLogger(__name__)


class SlackReplies(SlackBot):
    """Posts replies with chat.postMessage to a configurable Web API, in the right thread."""

    def __init__(
        self,
        token: str,
        *,
        api_url: str,
        slack_channel: str | None = None,
        thread_id: str | None = None,
        proxy: str | None = None,
    ) -> None:
        super().__init__(token, slack_channel, thread_id, proxy)
        self.client = AsyncWebClient(token, base_url=api_url, proxy=proxy)

    async def _post_message(self, channel: str, **kwargs: Any) -> None:
        kwargs.pop("as_user", None)  # legacy; modern bot tokens always post as the app
        kwargs.pop("type", None)  # not a chat.postMessage argument
        if self.thread_id:
            kwargs["thread_ts"] = self.thread_id
        try:
            await self.client.chat_postMessage(channel=channel, **kwargs)
        except SlackClientError as e:
            answer = getattr(e, "response", None)
            code = answer.get("error") if answer is not None else type(e).__name__
            logger.error("Slack did not accept a reply (chat.postMessage: %s)", code)
        except (aiohttp.ClientError, asyncio.TimeoutError) as e:
            logger.error("Could not reach the Slack Web API (%s)", type(e).__name__)

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        """Send each paragraph as its own message, as Rasa does."""
        for part in text.strip().split("\n\n"):
            await self._post_message(self.slack_channel or recipient_id, text=escape(part))

    async def send_text_with_buttons(
        self, recipient_id: str, text: str, buttons: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        """Send the text as Block Kit with its buttons; `text` stays as the notification."""
        await self._post_message(
            self.slack_channel or recipient_id,
            text=escape(text),
            blocks=button_blocks(text, buttons),
        )
