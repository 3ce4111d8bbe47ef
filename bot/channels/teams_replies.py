"""Replies to Teams: an access token from the token endpoint, activities to serviceUrl.

Changes from Rasa's `BotFramework` output channel: the token endpoint is
configurable (`BOTFRAMEWORK_TOKEN_URL`, e.g. for single-tenant bots) and is
called without blocking the event loop; the conversation id is URL-encoded
in the path; replies carry `replyToId`; and buttons are real Bot Framework
card actions (`messageBack`, the payload in `value` and `text`) instead of
Rasa's button dicts, whose clicks Teams delivered as empty messages.
Neither the app password nor any token is ever logged.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Callable, Sequence
from typing import Any
from urllib.parse import quote, urlsplit

import aiohttp
from rasa.core.channels.botframework import BotFramework

from bot.settings import Secret

logger = logging.getLogger(__name__)

SCOPE = "https://api.botframework.com/.default"
HTTP_TIMEOUT_S = 15.0
MAX_CARD_BUTTONS = 6  # what Teams shows on one hero card
TOKEN_EARLY_RENEWAL_S = 5 * 60


class BotTokens:
    """Access tokens for the Bot Connector (OAuth2 client credentials), cached until near expiry."""

    def __init__(
        self,
        token_url: str,
        app_id: str,
        app_password: Secret,
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.token_url = token_url
        self._form = {"grant_type": "client_credentials", "client_id": app_id, "scope": SCOPE}
        self._password = app_password
        self._clock = clock
        self._token: Secret | None = None
        self._renew_at = 0.0
        self._lock: asyncio.Lock | None = None

    async def get(self) -> str | None:
        """A valid access token, or None (logged) when the token endpoint refuses one."""
        if self._token is None or self._clock() >= self._renew_at:
            self._lock = self._lock or asyncio.Lock()
            async with self._lock:
                if self._token is None or self._clock() >= self._renew_at:
                    await self._renew()
        return None if self._token is None else self._token.value

    def forget(self) -> None:
        """Drop the cached token (the Bot Connector did not accept it)."""
        self._token = None

    async def _renew(self) -> None:
        form = {**self._form, "client_secret": self._password.value}
        timeout = aiohttp.ClientTimeout(total=HTTP_TIMEOUT_S)
        try:
            async with (
                aiohttp.ClientSession(timeout=timeout, trust_env=True) as session,
                session.post(self.token_url, data=form) as answer,
            ):
                status, raw = answer.status, await answer.read()
        except (aiohttp.ClientError, asyncio.TimeoutError) as e:
            logger.error(
                "Could not reach the Bot Framework token endpoint %s (%s)",
                self.token_url,
                type(e).__name__,
            )
            return
        body = _json_object(raw)
        token = body.get("access_token")
        if status != 200 or not isinstance(token, str) or not token:
            error = body.get("error")
            logger.error(
                "The Bot Framework token endpoint %s gave no token (HTTP %s, %s); "
                "check MICROSOFT_APP_ID, MICROSOFT_APP_PASSWORD and BOTFRAMEWORK_TOKEN_URL",
                self.token_url,
                status,
                error if isinstance(error, str) else "no error code",
            )
            return
        try:
            lifetime = float(body.get("expires_in", 3600))
        except (TypeError, ValueError):
            lifetime = 3600.0
        self._token = Secret(token)
        self._renew_at = self._clock() + max(60.0, lifetime - TOKEN_EARLY_RENEWAL_S)


def _json_object(raw: bytes) -> dict[str, Any]:
    try:
        parsed = json.loads(raw)
    except ValueError:
        return {}
    return parsed if isinstance(parsed, dict) else {}


def card_action(button: dict[str, Any]) -> dict[str, Any]:
    """A Rasa button as a `messageBack` card action: shows the title, sends the payload."""
    title, payload = str(button.get("title", "")), str(button.get("payload", ""))
    return {
        "type": "messageBack",
        "title": title,
        "displayText": title,
        "text": payload,
        "value": {"payload": payload},
    }


def hero_cards(buttons: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Hero cards holding the buttons, at most six to a card."""
    actions = [card_action(b) for b in buttons if b.get("title") and b.get("payload")]
    return [
        {
            "contentType": "application/vnd.microsoft.card.hero",
            "content": {"buttons": actions[start : start + MAX_CARD_BUTTONS]},
        }
        for start in range(0, len(actions), MAX_CARD_BUTTONS)
    ]


class TeamsReplies(BotFramework):
    """Sends Rasa's responses as activities to the conversation the message came from."""

    def __init__(
        self,
        *,
        app_id: str,
        tokens: BotTokens,
        conversation: dict[str, Any],
        bot: dict[str, Any],
        service_url: str,
        reply_to_id: str | None = None,
    ) -> None:
        super().__init__(app_id, "", conversation, bot, service_url)  # password: in `tokens`
        self._tokens = tokens
        self._reply_to_id = reply_to_id
        self._host = urlsplit(service_url).netloc

    async def _get_headers(self) -> dict[str, Any] | None:
        token = await self._tokens.get()
        if token is None:
            return None
        return {"content-type": "application/json", "Authorization": f"Bearer {token}"}

    async def send(self, message_data: dict[str, Any]) -> None:
        """POST one activity to {serviceUrl}/v3/conversations/{id}/activities."""
        headers = await self._get_headers()
        if headers is None:
            logger.error("Teams reply not sent: no Bot Framework access token")
            return
        if self._reply_to_id:
            message_data.setdefault("replyToId", self._reply_to_id)
        conversation = quote(str(self.conversation["id"]), safe="")
        url = f"{self.global_uri}conversations/{conversation}/activities"
        timeout = aiohttp.ClientTimeout(total=HTTP_TIMEOUT_S)
        try:
            async with (
                aiohttp.ClientSession(timeout=timeout, trust_env=True) as session,
                session.post(url, json=message_data, headers=headers) as answer,
            ):
                status = answer.status
        except (aiohttp.ClientError, asyncio.TimeoutError) as e:
            logger.error(
                "Could not reach the Bot Connector at %s (%s)", self._host, type(e).__name__
            )
            return
        if status == 401:
            self._tokens.forget()
        if status >= 300:
            logger.error(
                "The Bot Connector at %s refused a Teams reply (HTTP %s)", self._host, status
            )

    async def send_text_with_buttons(
        self, recipient_id: str, text: str, buttons: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        """The text as the message, the buttons on hero cards under it."""
        message = {"text": text, "attachments": hero_cards(buttons), "attachmentLayout": "list"}
        await self.send(self.prepare_message(recipient_id, message))
