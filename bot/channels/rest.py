"""REST channel with input checks: POST /webhooks/rest/webhook.

Same contract as Rasa's REST channel, except that malformed requests get a
JSON 4xx with a reason instead of an HTML error page or an empty 200, a
sender is required, the caller must send `Authorization: Bearer <SG_REST_TOKEN>`
when that is set, a flood gets 429, and message text is never written to the
logs. Conversations are "rest:<sender>": REST cannot reach another channel's.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels.guard import InputRejected, bearer_matches, check_rest_body
from bot.channels.intake import Intake, Named, OnNewMessage, failure_answer, rate_limited
from bot.settings import Settings

logger = logging.getLogger(__name__)


def _body(request: Request) -> Any:
    try:
        return json.loads(request.body or b"")
    except (ValueError, UnicodeDecodeError) as e:
        raise InputRejected(400, "the body must be valid JSON") from e


class CheckedRestInput(Named, RestInput):
    """Rasa's REST channel with request validation."""

    channel_name = "rest"  # keeps the URL /webhooks/rest/webhook

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        """Health check and webhook routes."""
        settings = Settings.from_env()
        token = settings.rest_token
        intake = Intake(self.name(), settings)
        blueprint = intake.blueprint("checked_rest_webhook")

        @blueprint.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            if token is not None and not bearer_matches(
                request.headers.get("authorization"), str(token)
            ):
                return response.json(
                    {"error": "missing or wrong bearer token (SG_REST_TOKEN)"}, status=401
                )
            try:
                message = check_rest_body(_body(request))
            except InputRejected as e:
                return response.json({"error": e.reason}, status=e.status)
            if not intake.admit(
                message.sender,
                intake.client_address(request.ip, request.headers.get("x-forwarded-for")),
            ):
                return response.json({"error": rate_limited(message.text)}, status=429)
            collector = CollectingOutputChannel()
            user_message = UserMessage(
                message.text,
                collector,
                message.sender,
                input_channel=self.name(),
                metadata=message.metadata,
            )
            failed = await failure_answer(intake.deliver(user_message, on_new_message), "REST")
            return failed or response.json(collector.messages)

        return blueprint
