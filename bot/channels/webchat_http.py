"""HTTP side of the web chat: the page, its static files, widget config and history.

Rasa registers its own `GET /` (a plain "hello" text), so a channel blueprint
cannot take that path. Instead an app-level request middleware, added when
the server starts, answers `GET /` (and `/chat`) with the chat page; every
other request passes through untouched. Everything else lives under the
channel's prefix, `/webhooks/webchat/`:

- `static/<path>`: widget.js, widget.css, the page's CSS and vendor/ files;
- `config`: what the widget needs: the emergency number (from the knowledge
  base), the message limit, and every text of the page and widget in Bokmål
  and Nynorsk (bot/channels/widget_texts.yml);
- `history`: the messages of one session, for the session id in
  `Authorization: Bearer <id>` (see `bot.channels.webchat_history`).

A page on another origin can embed the widget (widget.js and widget.css load
without CORS), but its fetches and the socket.io module import are allowed only
from the origins in SG_CORS_ORIGINS, through Rasa's own CORS handling.
"""

from __future__ import annotations

import functools
import html
import logging
import re
from pathlib import Path
from typing import Any

from sanic import Blueprint, Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels.guard import MAX_MESSAGE_CHARS
from bot.channels.intake import conversation_id
from bot.channels.webchat_history import bearer_session_id, history_messages
from bot.knowledge import knowledge
from bot.schemas import widget
from bot.schemas.reading import load_yaml
from bot.schemas.widget import WidgetTexts
from bot.settings import PROJECT_ROOT
from bot.text.standard import BOKMAL, STANDARDS, Standard

logger = logging.getLogger(__name__)

STATIC_DIR = Path(__file__).resolve().with_name("static")
STATIC_TYPES = {".js", ".css", ".png", ".svg"}
PAGE_PATHS = ("/", "/chat")
EMERGENCY_CONTACT = "police_emergency"
WEBCHAT = "webchat"  # the channel's name: its conversations are "webchat:<session id>"
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
# Cross-origin use (the widget on intranet pages) is allowed only to the origins in
# SG_CORS_ORIGINS, by Rasa's own CORS handling, which also answers preflights;
# headers set here would be doubled by it.
PRIVATE = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"}


# An element of index.html that shows a text: `<tag … data-sg-text="key" …></tag>`, empty.
_TEXT_ELEMENT = re.compile(r'(<(\w+)\b[^>]*\bdata-sg-text="(\w+)"[^>]*>)(</\2>)')
_LANG = re.compile(r'<html lang="\w+">')


@functools.lru_cache(maxsize=1)
def widget_texts() -> WidgetTexts:
    """The page's and widget's texts (bot/channels/widget_texts.yml), read once per process."""
    return load_yaml(WidgetTexts, PROJECT_ROOT / widget.PATH)


def render_page(standard: Standard = BOKMAL) -> str:
    """The chat page, its `data-sg-text` elements filled with the texts in `standard`.

    Numbers in the texts ({police_emergency}) come from the knowledge base; all
    is escaped. The widget switches these elements when the user changes standard.
    """
    texts = widget_texts().to(standard)
    numbers = knowledge().numbers()

    def fill(match: re.Match[str]) -> str:
        shown = str(texts[match[3]]).format_map(numbers)
        return match[1] + html.escape(shown) + match[4]

    page = (STATIC_DIR / "index.html").read_text(encoding="utf8")
    page = _LANG.sub(f'<html lang="{standard}">', page, count=1)
    return _TEXT_ELEMENT.sub(fill, page)


def widget_config() -> dict[str, Any]:
    """Settings the widget reads at start: numbers come from data/knowledge, not from JS.

    `texts` holds every text the widget shows, in both standards:
    `{"nb": {key: text, …, "errors": {code: text, …}}, "nn": {…}}`.
    """
    texts = widget_texts()
    return {
        "emergency": knowledge().numbers()[EMERGENCY_CONTACT],
        "max_chars": MAX_MESSAGE_CHARS,
        "texts": {standard: texts.to(standard) for standard in STANDARDS},
    }


def static_file(relative: str) -> Path | None:
    """The file under STATIC_DIR that `relative` names, or None (outside, missing, other type)."""
    root = STATIC_DIR
    path = (root / relative).resolve()
    if not path.is_relative_to(root) or not path.is_file() or path.suffix not in STATIC_TYPES:
        return None
    return path


def add_http_routes(blueprint: Blueprint) -> None:
    """Add the page middleware, static files, config and history routes to `blueprint`."""

    @blueprint.route("/static/<relative:path>", methods=["GET"])
    async def static(_: Request, relative: str) -> HTTPResponse:
        path = static_file(relative)
        if path is None:
            return response.json({"error": "not found"}, status=404)
        return await response.file(path, headers=SECURITY_HEADERS)

    @blueprint.route("/config", methods=["GET"])
    async def config(_: Request) -> HTTPResponse:
        return response.json(widget_config(), headers={"Cache-Control": "no-cache"})

    @blueprint.route("/history", methods=["GET"])
    async def history(request: Request) -> HTTPResponse:
        session_id = bearer_session_id(request.headers.get("authorization"))
        tracker = None
        if session_id is not None:
            tracker = await request.app.ctx.agent.tracker_store.retrieve(
                conversation_id(WEBCHAT, session_id)
            )
        messages = history_messages(e.as_dict() for e in tracker.events) if tracker else []
        if not messages:
            # Malformed, unknown and empty sessions look the same from outside.
            return response.json({"error": "not found"}, status=404, headers=PRIVATE)
        return response.json({"messages": messages}, headers=PRIVATE)

    @blueprint.listener("before_server_start")
    async def serve_page(app: Sanic, _: Any) -> None:
        page = render_page()

        async def page_middleware(request: Request) -> HTTPResponse | None:
            if request.method in ("GET", "HEAD") and request.path in PAGE_PATHS:
                return response.html(page, headers=SECURITY_HEADERS)
            return None

        app.register_middleware(page_middleware, "request")
        logger.info("Chat page served at %s (web chat channel)", ", ".join(PAGE_PATHS))
