"""Microsoft Teams channel (Azure Bot Service / Bot Framework): POST /webhooks/botframework/webhook.

Rasa's `BotFrameworkInput`, changed where it falls short:

- Its constructor downloads Microsoft's OpenID metadata and keys, so without
  internet the whole server failed to start once the channel was enabled.
  Here the keys are fetched on the first request and cached
  (`bot.channels.teams_auth`); if they cannot be fetched the request gets 503
  and the log says why, and the server keeps running.
- The token check is complete: Rasa checked signature and audience only (and
  took the algorithm from the token itself); this also checks the issuer,
  requires an expiry, allows only RS256, and binds the token to the
  activity's serviceUrl and channel (see `teams_auth`).
- Button clicks carry the button payload in `activity.value` (messageBack,
  Adaptive Card Action.Submit); it becomes the text Rasa processes. Rasa
  used `text` only, so clicks arrived as empty messages.
- Mentions of the bot (`<at>…</at>` in channels) are removed from the text.
- Metadata and token URLs are configurable (`BOTFRAMEWORK_OPENID_METADATA_URL`,
  `BOTFRAMEWORK_TOKEN_URL`); malformed activities get 400, failures 500,
  not a silent 200; message text never reaches the logs.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Mapping
from typing import Any

from rasa.core.channels.botframework import BotFrameworkInput
from rasa.core.channels.channel import InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels.guard import MAX_MESSAGE_CHARS, clean_text
from bot.channels.intake import Intake, Named, OnNewMessage, failure_answer
from bot.channels.options import (
    BOTFRAMEWORK_OPENID_METADATA_URL,
    BOTFRAMEWORK_TOKEN_URL,
    DEFAULT_BOTFRAMEWORK_OPENID_METADATA_URL,
    DEFAULT_BOTFRAMEWORK_TOKEN_URL,
    check_url,
    env_url,
)
from bot.channels.teams_auth import (
    AuthError,
    KeysUnavailable,
    SigningKeys,
    bearer_token,
    check_activity,
    key_id,
    verify_token,
)
from bot.channels.teams_replies import BotTokens, TeamsReplies
from bot.settings import Secret

logger = logging.getLogger(__name__)

MAX_ID_CHARS = 255  # Rasa's SQL tracker store keeps sender ids in a 255-character column


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def activity_text(activity: Mapping[str, Any]) -> str:
    """The text Rasa should process: a clicked button's payload, else the typed text."""
    value = activity.get("value")
    payload = _text(value.get("payload") if isinstance(value, dict) else value)
    if payload is not None:
        return clean_text(payload)[:MAX_MESSAGE_CHARS]
    text = _text(activity.get("text")) or ""
    recipient = activity.get("recipient")
    bot_id = recipient.get("id") if isinstance(recipient, dict) else None
    for entity in activity.get("entities") or []:
        if not isinstance(entity, dict) or entity.get("type") != "mention":
            continue
        mentioned = entity.get("mentioned")
        if isinstance(mentioned, dict) and mentioned.get("id") == bot_id:
            text = text.replace(str(entity.get("text") or "\0"), " ")
    return clean_text(text)[:MAX_MESSAGE_CHARS]


def _activity(body: bytes) -> dict[str, Any]:
    try:
        parsed = json.loads(body or b"")
    except (ValueError, UnicodeDecodeError) as e:
        raise ValueError("the body must be JSON") from e
    if not isinstance(parsed, dict):
        raise ValueError("the body must be a JSON object")
    return parsed


def _required_id(activity: Mapping[str, Any], field: str) -> dict[str, Any]:
    value = activity.get(field)
    if not isinstance(value, dict) or not _text(value.get("id")) or len(value["id"]) > MAX_ID_CHARS:
        raise ValueError(f"the activity needs '{field}.id'")
    return value


class TeamsInput(Named, BotFrameworkInput):
    """Bot Framework input for Teams with lazy key fetching and complete token checks."""

    channel_name = "botframework"  # keeps the URL /webhooks/botframework/webhook

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        """Create the channel from credentials.yml; endpoint URLs from the environment."""
        settings = credentials or {}
        if not settings.get("app_id") or not settings.get("app_password"):
            cls.raise_missing_credentials_exception()
        return cls(
            str(settings["app_id"]),
            Secret(str(settings["app_password"])),
            metadata_url=env_url(
                os.environ,
                BOTFRAMEWORK_OPENID_METADATA_URL,
                DEFAULT_BOTFRAMEWORK_OPENID_METADATA_URL,
            ),
            token_url=env_url(os.environ, BOTFRAMEWORK_TOKEN_URL, DEFAULT_BOTFRAMEWORK_TOKEN_URL),
        )

    def __init__(
        self,
        app_id: str,
        app_password: Secret,
        *,
        metadata_url: str = DEFAULT_BOTFRAMEWORK_OPENID_METADATA_URL,
        token_url: str = DEFAULT_BOTFRAMEWORK_TOKEN_URL,
    ) -> None:
        """Create the channel; nothing is fetched until the first request.

        Args:
            app_id: The bot's Microsoft App ID (the audience of inbound tokens).
            app_password: Its client secret, for the tokens replies are sent with.
            metadata_url: OpenID metadata naming the Bot Connector's key set.
            token_url: OAuth2 token endpoint for outgoing replies.
        """
        # Rasa's constructor fetches the keys here; deliberately not called.
        self.app_id = app_id
        self.keys = SigningKeys(check_url(metadata_url, name="metadata_url"))
        self.tokens = BotTokens(check_url(token_url, name="token_url"), app_id, app_password)

    async def authenticate(
        self, authorization: str | None
    ) -> tuple[dict[str, Any], dict[str, Any]]:
        """Verify the request's token; return its claims and the key that signed it.

        Raises:
            AuthError: The token is missing or invalid (401).
            KeysUnavailable: The signing keys could not be fetched (503).
        """
        token = bearer_token(authorization)
        jwk = await self.keys.get(key_id(token))
        if jwk is None:
            raise AuthError(401, "token signed with an unknown key")
        return verify_token(token, jwk, app_id=self.app_id), jwk

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        """Health check and the webhook the Azure Bot's messaging endpoint points to."""
        # Conversations "teams:<id>", redacted.
        blueprint, on_new_message = Intake("teams").webhook(
            "sg_botframework_webhook", on_new_message
        )

        @blueprint.route("/webhook", methods=["POST"])
        async def webhook(request: Request) -> HTTPResponse:
            try:
                claims, jwk = await self.authenticate(request.headers.get("Authorization"))
                activity = _activity(request.body)
                check_activity(claims, jwk, activity)
            except AuthError as e:
                logger.warning("Bot Framework request rejected: %s", e.reason)
                return response.json({"error": "unauthorized"}, status=e.status)
            except KeysUnavailable:
                return response.json(
                    {"error": "cannot verify requests right now"},
                    status=503,
                    headers={"Retry-After": "30"},
                )
            except ValueError as e:
                return response.json({"error": str(e)}, status=400)
            if activity.get("type") != "message":
                return response.text("")
            try:
                message = self._user_message(activity)
            except ValueError as e:
                return response.json({"error": str(e)}, status=400)
            failed = await failure_answer(on_new_message(message), "Teams")
            return failed or response.text("")

        return blueprint

    def _user_message(self, activity: dict[str, Any]) -> UserMessage:
        sender = _required_id(activity, "from")
        conversation = _required_id(activity, "conversation")
        bot = _required_id(activity, "recipient")
        replies = TeamsReplies(
            app_id=self.app_id,
            tokens=self.tokens,
            conversation=conversation,
            bot=bot,
            service_url=activity["serviceUrl"],  # checked against the token's claim
            reply_to_id=_text(activity.get("id")),
        )
        return UserMessage(
            activity_text(activity),
            replies,
            sender["id"],
            input_channel=self.name(),
            metadata=self.add_attachments_to_metadata(activity, None),
        )
