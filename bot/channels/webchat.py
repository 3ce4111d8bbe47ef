"""Socket.IO channel that also serves the chat page at `/`.

Rasa registers its own `GET /` (a plain "hello" text), so a channel blueprint
cannot take that path. Instead this channel adds an app-level request
middleware when the server starts, which answers `GET /` (and `/chat`) with
the chat page; every other request passes through untouched.
Static files are served from the channel's own prefix, `/webhooks/webchat/`.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.socketio import SocketIOInput
from sanic import Blueprint, Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.knowledge import knowledge

logger = logging.getLogger(__name__)

STATIC_DIR = Path(__file__).with_name("static")
PAGE_PATHS = ("/", "/chat")
SECURITY_HEADERS = {
    # The page loads nothing from elsewhere; inline script and style are not allowed.
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self' ws: wss:; frame-ancestors *; base-uri 'none'; form-action 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-cache",
}


class WebChatInput(SocketIOInput):
    """Socket.IO input channel plus the chat page and its static files."""

    @classmethod
    def name(cls) -> str:
        """Channel name; also the URL prefix of its static files."""
        return "webchat"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        """Socket.IO blueprint with the page middleware and static routes added."""
        blueprint = super().blueprint(on_new_message)

        @blueprint.route("/static/<filename:str>", methods=["GET"])
        async def static(_: Request, filename: str) -> HTTPResponse:
            path = (STATIC_DIR / filename).resolve()
            if path.parent != STATIC_DIR.resolve() or not path.is_file():
                return response.json({"error": "not found"}, status=404)
            return await response.file(path, headers=SECURITY_HEADERS)

        @blueprint.listener("before_server_start")
        async def serve_page(app: Sanic, _: Any) -> None:
            page = render_page()

            async def page_middleware(request: Request) -> HTTPResponse | None:
                if request.method in ("GET", "HEAD") and request.path in PAGE_PATHS:
                    return response.html(page, headers=SECURITY_HEADERS)
                return None

            app.register_middleware(page_middleware, "request")
            logger.info("Chat page served at %s (web chat channel)", ", ".join(PAGE_PATHS))

        return blueprint


def render_page() -> str:
    """The chat page with `{{contact_id}}` filled in from the knowledge base (escaped)."""
    page = (STATIC_DIR / "index.html").read_text(encoding="utf8")
    for contact_id, number in knowledge().numbers().items():
        page = page.replace("{{" + contact_id + "}}", html.escape(number))
    return page
