"""Faithful stand-ins for Slack's Web API and Microsoft's Bot Framework, on loopback.

Each fake is an aiohttp app served from a background thread, recording what
the assistant sends so tests can assert on it.
"""

from __future__ import annotations

import asyncio
import threading
import time
import uuid
from collections.abc import Callable
from typing import Any

from aiohttp import web

from tests.bot.channels.botframework_keys import ISSUER, SigningKey


class LoopbackServer:
    """Serve an aiohttp app on 127.0.0.1 (a free port) from a thread."""

    def __init__(self) -> None:
        self.app = web.Application()
        self.port = 0
        self._lock = threading.Lock()
        self._loop = asyncio.new_event_loop()
        self._runner: web.AppRunner | None = None
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self._start(), self._loop).result(timeout=10)

    async def _start(self) -> None:
        self._runner = web.AppRunner(self.app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = int(self._runner.addresses[0][1])

    def stop(self) -> None:
        if self._runner is not None:
            asyncio.run_coroutine_threadsafe(self._runner.cleanup(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)

    def wait_for(
        self, found: Callable[[], list[Any]], *, count: int = 1, timeout: float = 60
    ) -> list[Any]:
        """Poll `found()` until it holds `count` items, then let late ones arrive."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                items = found()
            if len(items) >= count:
                time.sleep(1.0)  # the rest of a multi-message answer
                with self._lock:
                    return found()
            time.sleep(0.2)
        raise AssertionError(f"expected {count} item(s) within {timeout}s, got {found()}")


class FakeSlack(LoopbackServer):
    """Slack's Web API: chat.postMessage, recording each call."""

    def __init__(self, token: str) -> None:
        super().__init__()
        self.token = token
        self.posts: list[dict[str, Any]] = []
        self.refused = 0
        self.app.router.add_post("/api/chat.postMessage", self._post_message)

    async def _post_message(self, request: web.Request) -> web.Response:
        if request.headers.get("Authorization") != f"Bearer {self.token}":
            with self._lock:
                self.refused += 1
            return web.json_response({"ok": False, "error": "invalid_auth"})
        if request.content_type == "application/json":
            body = await request.json()
        else:
            body = dict(await request.post())
        ts = f"{time.time():.6f}"
        with self._lock:
            self.posts.append(body)
        message = {"type": "message", "bot_id": "BFAKE", "text": body.get("text"), "ts": ts}
        return web.json_response(
            {"ok": True, "channel": body.get("channel"), "ts": ts, "message": message}
        )

    def posts_to(self, channel: str) -> list[dict[str, Any]]:
        return [post for post in self.posts if post.get("channel") == channel]

    def replies(self, channel: str, *, count: int = 1, timeout: float = 60) -> list[dict[str, Any]]:
        return self.wait_for(lambda: self.posts_to(channel), count=count, timeout=timeout)


class FakeBotFramework(LoopbackServer):
    """OpenID metadata, key set, token endpoint and conversations API of the Bot Framework."""

    def __init__(self, app_id: str, app_password: str) -> None:
        super().__init__()
        self.app_id = app_id
        self.app_password = app_password
        self.key = SigningKey("e2e-key-1")
        self.access_token = f"fake-access-{uuid.uuid4().hex}"
        self.metadata_fetches = 0
        self.token_requests: list[dict[str, str]] = []
        self.activities: list[tuple[str, dict[str, Any]]] = []
        self.refused = 0
        routes = self.app.router
        routes.add_get("/v1/.well-known/openidconfiguration", self._metadata)
        routes.add_get("/v1/.well-known/keys", self._keys)
        routes.add_post("/oauth2/v2.0/token", self._token)
        routes.add_post("/v3/conversations/{conversation}/activities", self._activity)

    @property
    def metadata_url(self) -> str:
        return f"{self.url}/v1/.well-known/openidconfiguration"

    @property
    def token_url(self) -> str:
        return f"{self.url}/oauth2/v2.0/token"

    @property
    def service_url(self) -> str:
        return f"{self.url}/"

    async def _metadata(self, _: web.Request) -> web.Response:
        with self._lock:
            self.metadata_fetches += 1
        return web.json_response(
            {
                "issuer": ISSUER,
                "authorization_endpoint": "https://invalid.botframework.com",
                "jwks_uri": f"{self.url}/v1/.well-known/keys",
                "id_token_signing_alg_values_supported": ["RS256"],
                "token_endpoint_auth_methods_supported": ["private_key_jwt"],
            }
        )

    async def _keys(self, _: web.Request) -> web.Response:
        return web.json_response({"keys": [self.key.jwk()]})

    async def _token(self, request: web.Request) -> web.Response:
        form = {k: str(v) for k, v in (await request.post()).items()}
        with self._lock:
            self.token_requests.append(form)
        if (form.get("client_id"), form.get("client_secret")) != (self.app_id, self.app_password):
            return web.json_response({"error": "invalid_client"}, status=401)
        return web.json_response(
            {
                "token_type": "Bearer",
                "expires_in": 3599,
                "ext_expires_in": 3599,
                "access_token": self.access_token,
            }
        )

    async def _activity(self, request: web.Request) -> web.Response:
        if request.headers.get("Authorization") != f"Bearer {self.access_token}":
            with self._lock:
                self.refused += 1
            return web.json_response({"error": {"code": "Unauthorized"}}, status=401)
        activity = await request.json()
        with self._lock:
            self.activities.append((request.match_info["conversation"], activity))
        return web.json_response({"id": uuid.uuid4().hex}, status=201)

    def sent_to(self, conversation: str) -> list[dict[str, Any]]:
        return [activity for cid, activity in self.activities if cid == conversation]

    def replies(self, conversation: str, *, count: int = 1) -> list[dict[str, Any]]:
        return self.wait_for(lambda: self.sent_to(conversation), count=count)

    def token(self, **overrides: Any) -> str:
        """A token as the Bot Connector would send it with an activity."""
        return self.key.token(
            **{"app_id": self.app_id, "service_url": self.service_url, **overrides}
        )
